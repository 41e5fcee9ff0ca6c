import { Command, Option } from "commander";
import { promises as fs } from "node:fs";
import { createCredential } from "../azure/credential";
import { defaultScope, resolveEndpoints } from "../azure/endpoints";
import { parseExpected } from "../pec/expect";
import { renderReport, REPORT_FORMATS, ReportFormat } from "../pec/format";
import { exitStatusFor } from "../pec/report";
import { graphExportSource } from "../pec/sources/graph";
import { createUsageHttp } from "../pec/sources/http";
import { partnerCenterV1Source } from "../pec/sources/partnerCenterV1";
import { fileSource, UsageSource, verifyUsage } from "../pec/verify";
import { addCredentialOptions, CredentialFlags, credentialSpecFrom, endpointsFrom } from "./credentialOptions";
import { CliDeps, CliIo, UsageError } from "./io";
import { progressReporter } from "./progress";

/** Parsed `verify` flags. */
interface VerifyFlags extends CredentialFlags {
  input?: string[];
  source?: "graph" | "partner-center-v1";
  period: "current" | "last";
  invoice?: string;
  currency: string;
  expect?: string;
  format?: ReportFormat;
}

/**
 * Adds `lighthouse-pec verify`: reads usage data, reports PEC coverage per Azure subscription.
 * @param program the root command
 * @param io output streams and terminal facts
 * @param deps injected agent and clock (tests)
 * @param setExit receives the exit status
 */
export function registerVerify(program: Command, io: CliIo, deps: CliDeps, setExit: (code: number) => void): void {
  const command = program
    .command("verify")
    .description("prove partner earned credit (PEC) from Microsoft's usage data, per customer subscription and day")
    .option("--input <path>", "reconciliation CSV, JSON Lines, .json.gz Graph blob, or a directory of them (repeatable)", collect)
    .addOption(new Option("--source <name>", "read from an API instead of files").choices(["graph", "partner-center-v1"]))
    .addOption(new Option("--period <period>", "unbilled billing period (--source)").choices(["current", "last"]).default("current"))
    .option("--invoice <id>", "billed usage of this invoice (--source), instead of unbilled --period")
    .option("--currency <code>", "currency of unbilled usage (--source)", "USD")
    .option("--expect <file>", "subscriptions that must earn PEC: one ID per line, or JSON with subscriptionId fields (e.g. stack outputs)")
    .addOption(new Option("--format <format>", "output format (default: table on a terminal, else json)").choices([...REPORT_FORMATS]))
    .addHelpText("after", [
      "",
      "Exit status: 0 every subscription fully covered, 1 problems found, 2 bad input or the source could not be read.",
      "Examples:",
      "  lighthouse-pec verify --input DailyRatedUsage_202610.csv --expect subscriptions.txt",
      "  lighthouse-pec verify --source graph --auth client-secret --tenant-id <partner tenant> --client-id <app> --format markdown",
    ].join("\n"));
  addCredentialOptions(command);
  command.action(async (flags: VerifyFlags) => {
    setExit(await runVerify(flags, io, deps));
  });
}

async function runVerify(flags: VerifyFlags, io: CliIo, deps: CliDeps): Promise<number> {
  const inputs = flags.input ?? [];
  if (inputs.length === 0 && !flags.source) throw new UsageError("verify needs --input PATH or --source graph|partner-center-v1");
  if (inputs.length > 0 && flags.source) throw new UsageError("use either --input or --source, not both");
  const expected = flags.expect ? parseExpected(await readExpectFile(flags.expect), flags.expect) : [];
  const sources: UsageSource[] = inputs.length > 0 ? [fileSource(inputs)] : [remoteSource(flags, io, deps)];
  const progress = io.stderrIsTTY ? progressReporter(io) : undefined;
  let result;
  try {
    result = await verifyUsage({ sources, expected, expectedSource: flags.expect, onProgress: progress?.update });
  } finally {
    progress?.done();
  }
  if (result.report.currency.includes(",")) {
    io.err(`warning: the data mixes billing currencies (${result.report.currency}); totals add them up as they are\n`);
  }
  const format = flags.format ?? (io.stdoutIsTTY ? "table" : "json");
  io.out(renderReport(result, format));
  return exitStatusFor(result.report);
}

function remoteSource(flags: VerifyFlags, io: CliIo, deps: CliDeps): UsageSource {
  const endpoints = resolveEndpoints(endpointsFrom(flags));
  const spec = credentialSpecFrom(flags, io.env);
  const credential = createCredential(spec, endpoints, { agent: deps.agent });
  const currencyCode = flags.currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(currencyCode)) throw new UsageError(`--currency must be an ISO code such as USD, got ${JSON.stringify(flags.currency)}`);
  if (flags.source === "graph") {
    const http = createUsageHttp({ credential, scope: defaultScope(endpoints.graph), agent: deps.agent, retry: { clock: deps.clock } });
    return graphExportSource({
      http, graphEndpoint: endpoints.graph, clock: deps.clock,
      scope: flags.invoice ? { kind: "billed", invoiceId: flags.invoice } : { kind: "unbilled", period: flags.period, currencyCode },
    });
  }
  const http = createUsageHttp({ credential, scope: defaultScope(endpoints.partnerCenter), agent: deps.agent, retry: { clock: deps.clock } });
  return partnerCenterV1Source({
    http, endpoint: endpoints.partnerCenter,
    scope: flags.invoice ? { kind: "billed", invoiceId: flags.invoice, currencyCode } : { kind: "unbilled", period: flags.period, currencyCode },
  });
}

async function readExpectFile(path: string): Promise<string> {
  try {
    return await fs.readFile(path, "utf8");
  } catch (e) {
    throw new UsageError(`--expect ${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
