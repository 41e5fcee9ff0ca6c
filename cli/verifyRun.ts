import { extname } from "node:path";
import { createCredential, secretsOf } from "../azure/credential";
import { defaultScope, resolveEndpoints } from "../azure/endpoints";
import { renderReport, ReportFormat } from "../pec/format";
import { escapeTerminal } from "../pec/format/cells";
import { exitStatusFor } from "../pec/report";
import { graphExportSource } from "../pec/sources/graph";
import { createUsageHttp } from "../pec/sources/http";
import { partnerCenterV1Notice, PartnerCenterV1Options, partnerCenterV1Source } from "../pec/sources/partnerCenterV1";
import { withDefaults } from "../azure/retryClock";
import { fileSource, UsageSource, verifyUsage } from "../pec/verify";
import {
    CredentialFlags,
    credentialSpecFrom,
    endpointsFrom,
    refuseSecretFlag,
    timeoutMsFrom,
} from "./credentialOptions";
import { UsageError } from "../core/errors";
import { CliDeps, CliIo } from "./io";
import { readExpectFile } from "./options";
import { writeOutputFiles } from "./outputFiles";
import { progressReporter } from "./progress";

/** Parsed `verify` flags (see `registerVerify` in cli/verify.ts for their meaning). */
export interface VerifyFlags extends CredentialFlags {
    /** Files or directories of usage data (repeatable). */
    input?: string[];
    /** The API to read instead of files. */
    source?: "graph" | "partner-center-v1";
    /** Unbilled billing period, with `source`. */
    period: "current" | "last";
    /** Billed usage of this invoice, with `source`. */
    invoice?: string;
    /** Currency of unbilled usage, with `source`. */
    currency: string;
    /** File of the subscriptions that must earn PEC. */
    expect?: string;
    /** Output format; default table on a terminal, else json (an `out` file's extension chooses its own). */
    format?: ReportFormat;
    /** Files to write the report to instead of stdout (repeatable), each in the format of its extension. */
    out?: string[];
    /** Replace existing `out` files. */
    force?: boolean;
}

const FORMAT_OF_EXTENSION: Record<string, ReportFormat> = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".csv": "csv",
    ".json": "json",
};

/**
 * Runs `lighthouse-pec verify` with parsed flags.
 * @param flags the parsed flags
 * @param io output streams and terminal facts
 * @param deps injected agent and clock (tests)
 * @returns the exit status (see `exitStatusFor`)
 * @throws a UserFacingError (core/errors) for bad input, an unreadable source or a failed sign-in: cli/main.ts prints
 *   it, redacted, with its exit status
 */
export async function runVerify(flags: VerifyFlags, io: CliIo, deps: CliDeps): Promise<number> {
    refuseSecretFlag(flags);
    const inputs = flags.input ?? [];
    if (inputs.length === 0 && !flags.source)
        throw new UsageError("verify needs --input PATH or --source graph|partner-center-v1");
    if (inputs.length > 0 && flags.source) throw new UsageError("use either --input or --source, not both");
    const expected = flags.expect ? readExpectFile(flags.expect) : [];
    const sources: UsageSource[] = inputs.length > 0 ? [fileSource(inputs)] : [remoteSource(flags, io, deps)];
    const progress = io.stderrIsTTY ? progressReporter(io) : undefined;
    let result;
    try {
        result = await verifyUsage({ sources, expected, expectedSource: flags.expect, onProgress: progress?.update });
    } finally {
        progress?.done();
    }
    for (const warning of result.warnings) io.err(`warning: ${escapeTerminal(warning)}\n`);
    if (result.report.currency.includes(",")) {
        io.err(
            `warning: the data mixes billing currencies (${result.report.currency}); totals add them up as they are\n`,
        );
    }
    const outs = flags.out ?? [];
    if (outs.length === 0) {
        io.out(renderReport(result, flags.format ?? (io.stdoutIsTTY ? "table" : "json")));
    } else {
        const files = outs.map((path) => ({
            path,
            text: renderReport(result, FORMAT_OF_EXTENSION[extname(path).toLowerCase()] ?? flags.format ?? "json"),
            flag: "--out",
        }));
        for (const written of writeOutputFiles(files, { force: flags.force }))
            io.err(`wrote ${escapeTerminal(written)}\n`);
    }
    return exitStatusFor(result.report);
}

function remoteSource(flags: VerifyFlags, io: CliIo, deps: CliDeps): UsageSource {
    const endpoints = resolveEndpoints(endpointsFrom(flags));
    const timeoutMs = timeoutMsFrom(flags);
    const spec = credentialSpecFrom(flags, io.env);
    const secrets = secretsOf(spec);
    const credential = () => createCredential(spec, endpoints, { agent: deps.agent, timeoutMs });
    const common = {
        credential,
        agent: deps.agent,
        retry: { clock: deps.clock },
        timeoutMs,
        secrets,
        signIn: { kind: spec.kind, authorityHost: endpoints.authorityHost },
    };
    const currencyCode = flags.currency.toUpperCase();
    if (!/^[A-Z]{3}$/.test(currencyCode))
        throw new UsageError(`--currency must be an ISO code such as USD, got ${JSON.stringify(flags.currency)}`);
    if (flags.source === "graph") {
        const http = createUsageHttp({ ...common, scope: defaultScope(endpoints.graph) });
        return graphExportSource({
            http,
            graphEndpoint: endpoints.graph,
            clock: deps.clock,
            scope: flags.invoice
                ? { kind: "billed", invoiceId: flags.invoice }
                : { kind: "unbilled", period: flags.period, currencyCode },
        });
    }
    const http = createUsageHttp({ ...common, scope: defaultScope(endpoints.partnerCenter) });
    const scope: PartnerCenterV1Options["scope"] = flags.invoice
        ? { kind: "billed", invoiceId: flags.invoice, currencyCode }
        : { kind: "unbilled", period: flags.period, currencyCode };
    // Once, before the read: v1 may answer with nothing at all for the periods it no longer serves.
    const notice = partnerCenterV1Notice(scope, withDefaults(deps.clock).now());
    if (notice) io.err(`warning: --source partner-center-v1: ${notice}\n`);
    return partnerCenterV1Source({ http, endpoint: endpoints.partnerCenter, scope });
}
