import { Command, Option } from "commander";
import { WATCH_FORMATS } from "../pec/watch/formats";
import { addCredentialOptions } from "./credentialOptions";
import { withHelpFooter } from "./helpText";
import { CliDeps, CliIo } from "./io";
import { collectRepeatable } from "./options";
import type { WatchFlags } from "./watchRun";

/**
 * Adds `lighthouse-pec watch`: delegation changes across every customer, from the managing tenant's activity log,
 * and what each expected delegation grants now.
 * @param program the root command
 * @param io output streams and terminal facts
 * @param deps injected agent and clock (tests)
 * @param setExit receives the exit status
 */
export function registerWatch(program: Command, io: CliIo, deps: CliDeps, setExit: (code: number) => void): void {
    const command = program
        .command("watch")
        .summary("delegation changes that put PEC at risk, across every customer")
        .description(
            "Reads the managing tenant's activity log for delegations customers added, changed or removed, and checks " +
                "what each expected delegation grants the partner-linked identity now.",
        )
        .option(
            "--since <when>",
            "start of the activity log window: a duration (7d, 24h, P7D) or a date (2026-11-01, 2026-11-01T06:00:00Z), at most 90 days back; default: where the --state file's last run ended, else 24h",
        )
        .option(
            "--expect <file>",
            "the delegations the stacks deployed: the customer stacks' outputs (pulumi stack output --json), or one subscription ID per line",
        )
        .option(
            "--state <file>",
            "remembers what earlier runs reported, so a scheduled run reports each change once (created if missing)",
        )
        .option(
            "--automation-principal-id <objectId>",
            "the partner-linked identity whose roles are checked (default: the identity watch signs in as)",
        )
        .option(
            "--member-of <groupObjectId>",
            "a security group the partner-linked identity belongs to (repeatable); authorizations naming it count",
            collectRepeatable,
        )
        .option("--no-activity-log", "do not read the activity log (only check the --expect delegations)")
        .option(
            "--log-client-id <appId>",
            "read the activity log as this app instead (Microsoft recommends a dedicated service principal with Monitoring Reader at root and no customer access); --auth client-secret reads its secret from --log-client-secret-env, --auth default uses the workload or managed identity of this client ID",
        )
        .option(
            "--log-client-secret-env <name>",
            "environment variable holding --log-client-id's client secret",
            "AZURE_LOG_CLIENT_SECRET",
        )
        .option("--resource-manager <url>", "Azure Resource Manager endpoint (sovereign clouds)")
        .addOption(new Option("--format <format>", "output format").choices([...WATCH_FORMATS]).default("table"))
        .option(
            "--out <file>",
            "write the report to this file instead of stdout, in the format of its extension (.md, .json; else --format); repeatable",
            collectRepeatable,
        )
        .option("--force", "replace an existing --out file (a symbolic link is refused even then)")
        .addHelpText(
            "after",
            "\nThe activity log needs the Monitoring Reader role at root scope (/) of the managing tenant (docs/watch.md).",
        );
    addCredentialOptions(command);
    withHelpFooter(
        command,
        {
            ok: "nothing new at risk",
            problems: "something new at risk",
            badInput: "bad input, sign-in or Azure failure",
        },
        "lighthouse-pec watch --expect stacks.json --state watch-state.json --format markdown",
    );
    command.action(async (flags: WatchFlags) => {
        // Loaded on use: the Azure clients and role tables are a large part of the CLI's start-up time.
        const { runWatch } = await import("./watchRun");
        setExit(await runWatch(flags, io, deps));
    });
}
