import { Command, Option } from "commander";
import { REPORT_FORMATS } from "../pec/format/formats";
import { addCredentialOptions } from "./credentialOptions";
import { CliDeps, CliIo } from "./io";
import { withHelpFooter } from "./helpText";
import { collectRepeatable } from "./options";
import type { VerifyFlags } from "./verifyRun";

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
        .option(
            "--input <path>",
            "reconciliation CSV, JSON Lines, .json.gz Graph blob, or a directory of them (repeatable)",
            collectRepeatable,
        )
        .addOption(
            new Option(
                "--source <name>",
                "read from an API instead of files: graph (recommended: Microsoft Graph billing export, the v2 reconciliation API) or partner-center-v1 (legacy: invoices of billing periods before September 2022)",
            ).choices(["graph", "partner-center-v1"]),
        )
        .addOption(
            new Option("--period <period>", "unbilled billing period (--source)")
                .choices(["current", "last"])
                .default("current"),
        )
        .option("--invoice <id>", "billed usage of this invoice (--source), instead of unbilled --period")
        .option("--currency <code>", "currency of unbilled usage (--source)", "USD")
        .option(
            "--expect <file>",
            "subscriptions that must earn PEC: one ID per line, or JSON with subscriptionId fields (e.g. stack outputs)",
        )
        .addOption(
            new Option("--format <format>", "output format (default: table on a terminal, else json)").choices([
                ...REPORT_FORMATS,
            ]),
        )
        .option(
            "--out <file>",
            "write the report to this file instead of stdout, in the format of its extension (.html, .md, .csv, .json; else --format); repeatable: one read, several reports",
            collectRepeatable,
        )
        .option("--force", "replace an existing --out file (a symbolic link is refused even then)");
    withHelpFooter(
        command,
        {
            ok: "every subscription fully covered",
            problems: "problems found (a subscription or day without PEC, an expected subscription missing)",
            badInput: "bad input or the source could not be read",
        },
        "lighthouse-pec verify --input DailyRatedUsage_202610.csv --expect subscriptions.txt --out pec-report.html",
    );
    addCredentialOptions(command);
    command.action(async (flags: VerifyFlags) => {
        // Loaded on use: the readers and Azure clients are most of the CLI's start-up time (e.g. for --help).
        const { runVerify } = await import("./verifyRun");
        setExit(await runVerify(flags, io, deps));
    });
}
