import { Command } from "commander";
import { endpointProblems } from "../azure/endpoints";
import { DOCTOR_FORMATS, DoctorFormat, renderDoctorJson, renderDoctorTable } from "../doctor/format";
import { UsageError } from "../core/errors";
import {
    addCredentialOptions,
    AUTH_KINDS,
    CredentialFlags,
    credentialSpecFrom,
    endpointsFrom,
    secretsOfRun,
    timeoutMsFrom,
} from "./credentialOptions";
import { FormerFlag, withHelpFooter } from "./helpText";
import { reportFailure } from "./failure";
import { CliDeps, CliIo, EXIT, processIo } from "./io";
import { collectRepeatable, readExpectFile } from "./options";
import { isGuid, isPartnerId } from "../core/validation/formats";
import { ACTIVITY_LOG_RETENTION_DAYS } from "../pec/watch/since";

/** The command-line options of `doctor`, as commander parses them (credential flags shared with `verify`). */
export interface DoctorOptions extends CredentialFlags {
    /** Azure Resource Manager endpoint. */
    resourceManager?: string;
    /** The partner ID the link should point to. */
    partnerId?: string;
    /** Groups the identity belongs to (object IDs). */
    memberOf?: string[];
    /** File listing the subscriptions that should earn PEC. */
    expect?: string;
    /** The partner's managing tenant, when signed in to a CSP customer's tenant (admin-on-behalf-of). */
    managedByTenantId?: string;
    /** `table` or `json`. */
    format: string;
    /** False with `--no-activity-log`: do not read the tenant activity log (default: read it when a subscription has a problem). */
    activityLog?: boolean;
}

/** Checks the doctor-specific flags (the shared credential flags are checked by `credentialSpecFrom`). */
function checkFlags(o: DoctorOptions): void {
    if (o.clientSecret !== undefined) {
        throw new UsageError(
            "--client-secret is not accepted: a secret on the command line ends up in shell history and process lists. Put it in an environment variable and name it with --client-secret-env (default AZURE_CLIENT_SECRET).",
        );
    }
    // Commander checks the choices, but runDoctor is also called directly.
    if (!(AUTH_KINDS as readonly string[]).includes(o.auth))
        throw new UsageError(`--auth ${JSON.stringify(o.auth)} is not known: use ${AUTH_KINDS.join(", ")}.`);
    if (!(DOCTOR_FORMATS as readonly string[]).includes(o.format))
        throw new UsageError(`--format ${JSON.stringify(o.format)} is not known: use ${DOCTOR_FORMATS.join(" or ")}.`);
    // The value is not shown: a swapped --client-id / secret would print the secret.
    if (o.clientId !== undefined && !isGuid(o.clientId))
        throw new UsageError(
            `--client-id is not an application (client) ID (the ${o.clientId.length}-character value is not shown): give the GUID of the partner-linked app registration.`,
        );
    if (o.partnerId !== undefined && !isPartnerId(o.partnerId))
        throw new UsageError(
            `--partner-id ${JSON.stringify(o.partnerId)} is not a partner ID: give your Associated Partner ID (digits).`,
        );
    if (o.managedByTenantId !== undefined && !isGuid(o.managedByTenantId))
        throw new UsageError(
            `--managed-by-tenant-id ${JSON.stringify(o.managedByTenantId)} is not a tenant ID: give your (partner) managing tenant's GUID.`,
        );
    for (const g of o.memberOf ?? [])
        if (!isGuid(g))
            throw new UsageError(
                `--member-of ${JSON.stringify(g)} is not an object ID: give the security group's object ID (a GUID).`,
            );
    const rm = endpointProblems({ resourceManager: o.resourceManager }).map((p) =>
        p.replace("endpoints.resourceManager", "--resource-manager"),
    );
    if (rm.length) throw new UsageError(rm.join(" "));
}

/**
 * Runs `lighthouse-pec doctor`: validates the options, signs in, reads the facts, prints the report.
 * Never throws; errors go to stderr as one clear message without a stack trace or a secret (`reportFailure`).
 * @param o - the parsed options
 * @param io - output and environment (the client secret is read from it)
 * @param deps - transport for tests (HTTPS agent, clock)
 * @returns the exit status: 0 no problem, 1 problems found, 2 bad input or a sign-in / Azure failure
 */
export async function runDoctor(o: DoctorOptions, io: CliIo, deps: CliDeps = {}): Promise<number> {
    try {
        checkFlags(o);
        const timeoutMs = timeoutMsFrom(o);
        const credential = credentialSpecFrom(o, io.env);
        const endpoints = { ...endpointsFrom(o), resourceManager: o.resourceManager };
        const expected = o.expect === undefined ? null : readExpectFile(o.expect);
        // Loaded on use: the Azure clients and role tables are a large part of the CLI's start-up time.
        const [{ collectDoctorFacts }, { diagnose }] = await Promise.all([
            import("../doctor/collect"),
            import("../doctor/verdict"),
        ]);
        const facts = await collectDoctorFacts({
            credential,
            endpoints,
            agent: deps.agent,
            clock: deps.clock,
            timeoutMs,
        });
        let report = diagnose({
            ...facts,
            memberOf: o.memberOf ?? [],
            expectedPartnerId: o.partnerId ?? null,
            expected,
            managingTenantId: o.managedByTenantId?.toLowerCase() ?? null,
        });
        // When a subscription has a problem, the tenant activity log may say when its delegation changed (watch's facts).
        if (o.activityLog !== false && report.problems.some((p) => p.subscriptionId !== null)) {
            const [{ readRecentDelegationEvents }, { withDelegationHistory }] = await Promise.all([
                import("../pec/watch/collect"),
                import("../doctor/history"),
            ]);
            const now = (deps.clock?.now ?? Date.now)();
            const log = await readRecentDelegationEvents(
                { credential, endpoints, agent: deps.agent, clock: deps.clock, timeoutMs },
                now,
                ACTIVITY_LOG_RETENTION_DAYS,
            );
            report = withDelegationHistory(report, log);
        }
        io.out((o.format as DoctorFormat) === "json" ? renderDoctorJson(report) : renderDoctorTable(report));
        return report.problems.length > 0 ? EXIT.problems : EXIT.ok;
    } catch (e) {
        return reportFailure(e, "lighthouse-pec doctor", io, secretsOfRun(o, io.env));
    }
}

/**
 * Adds the `doctor` subcommand to a commander program (the `lighthouse-pec` CLI). The action sets
 * `process.exitCode` (or calls `exit` when given).
 * @param program - the root command
 * @param io - output and environment (default: the process's)
 * @param deps - transport for tests
 * @param exit - receives the exit status (default: sets `process.exitCode`)
 */
export function registerDoctor(
    program: Command,
    io: CliIo = processIo(),
    deps: CliDeps = {},
    exit: (code: number) => void = (c) => {
        process.exitCode = c;
    },
): Command {
    const command = program
        .command("doctor")
        .summary("why a customer subscription earns no PEC: PAL link, delegation, roles")
        .description(
            "Signs in as the partner-linked identity and checks its Partner Admin Link, every subscription it sees, " +
                "and per subscription the Lighthouse delegation and whether the identity holds a permanent PEC-eligible role there.",
        );
    addCredentialOptions(command);
    withHelpFooter(
        command,
        {
            ok: "no problem",
            problems: "problems found (each with its fix)",
            badInput: "bad input, sign-in failure or an Azure call that failed",
        },
        "lighthouse-pec doctor --auth azure-cli --tenant-id <managing tenant ID> --partner-id <Associated Partner ID>",
    );
    return command
        .option("--resource-manager <url>", "Azure Resource Manager endpoint (sovereign clouds)")
        .option("--partner-id <id>", "the Associated Partner ID the identity should be linked to")
        .option(
            "--member-of <groupObjectId>",
            "a security group the identity belongs to (repeatable); authorizations naming it count",
            collectRepeatable,
        )
        .option(
            "--managed-by-tenant-id <guid>",
            "your managing (partner) tenant, when --tenant-id signs in to a CSP customer's tenant to check admin-on-behalf-of",
        )
        .addOption(new FormerFlag("--managing-tenant-id <guid>", "--managed-by-tenant-id"))
        .option("--expect <file>", "subscriptions that should earn PEC: one ID per line, or the customer stacks' JSON")
        .option(
            "--no-activity-log",
            "do not read the tenant activity log (read by default when a subscription has a problem, to say when its delegation changed)",
        )
        .option(
            "--format <format>",
            `output format: ${DOCTOR_FORMATS.join(" or ")} (json is a stable contract)`,
            "table",
        )
        .action(async (opts: DoctorOptions) => exit(await runDoctor(opts, io, deps)));
}
