import * as fs from "node:fs";
import { extname } from "node:path";
import { CredentialSpec } from "../azure/credential";
import { endpointProblems } from "../azure/endpoints";
import { withDefaults } from "../azure/retryClock";
import { isGuid } from "../core/validation/formats";
import { AzureCallError, UsageError } from "../core/errors";
import { EXPECT_FILE_MAX_BYTES, readUserFileSync } from "../io/userFile";
import { openWatchSession, readDelegationEvents, readDelegations } from "../pec/watch/collect";
import { parseExpectedDelegations } from "../pec/watch/expected";
import { renderWatch } from "../pec/watch/format";
import type { WatchFormat } from "../pec/watch/formats";
import { buildWatchReport } from "../pec/watch/report";
import { parseSince, windowStart } from "../pec/watch/since";
import { checkStateTenant, parseState, renderState, WatchState } from "../pec/watch/state";
import {
    CredentialFlags,
    credentialSpecFrom,
    endpointsFrom,
    inFlagTerms,
    refuseSecretFlag,
    timeoutMsFrom,
} from "./credentialOptions";
import { CliDeps, CliIo, EXIT } from "./io";
import { writeOutputFiles } from "./outputFiles";

/** Parsed `watch` flags (see `registerWatch` in cli/watch.ts for their meaning). */
export interface WatchFlags extends CredentialFlags {
    /** Start of the activity log window (a duration or a date). */
    since?: string;
    /** File of the delegations the stacks deployed. */
    expect?: string;
    /** The state file. */
    state?: string;
    /** The partner-linked identity whose roles are checked (default: the signed-in identity). */
    automationPrincipalId?: string;
    /** Groups the partner-linked identity belongs to. */
    memberOf?: string[];
    /** False with `--no-activity-log`. */
    activityLog: boolean;
    /** The app that reads the activity log, when it is not the identity that checks the delegations. */
    logClientId?: string;
    /** Environment variable holding `logClientId`'s client secret (with `--auth client-secret`). */
    logClientSecretEnv: string;
    /** Azure Resource Manager endpoint. */
    resourceManager?: string;
    /** Output format (an `out` file's extension chooses its own). */
    format: WatchFormat;
    /** Files to write the report to instead of stdout. */
    out?: string[];
    /** Replace existing `out` files. */
    force?: boolean;
}

/** Most bytes read from a state file (a state file remembers at most 200,000 events, ~20 MB). */
const STATE_FILE_MAX_BYTES = 64 * 1024 * 1024;

const FORMAT_OF_EXTENSION: Record<string, WatchFormat> = { ".md": "markdown", ".json": "json", ".txt": "table" };

function checkFlags(flags: WatchFlags): void {
    refuseSecretFlag(flags);
    if (!flags.activityLog && flags.expect === undefined)
        throw new UsageError(
            "--no-activity-log leaves nothing to do without --expect: give --expect <file> (the customer stacks' outputs) to check the delegations, or read the activity log.",
        );
    if (flags.automationPrincipalId !== undefined && !isGuid(flags.automationPrincipalId))
        throw new UsageError(
            `--automation-principal-id ${JSON.stringify(flags.automationPrincipalId)} is not an object ID: give the partner-linked identity's object ID (a GUID).`,
        );
    for (const g of flags.memberOf ?? [])
        if (!isGuid(g))
            throw new UsageError(
                `--member-of ${JSON.stringify(g)} is not an object ID: give the security group's object ID (a GUID).`,
            );
    // The value is not shown: a swapped --client-id / secret would print the secret.
    for (const [flag, value] of [
        ["--client-id", flags.clientId],
        ["--log-client-id", flags.logClientId],
    ] as const)
        if (value !== undefined && !isGuid(value))
            throw new UsageError(
                `${flag} is not an application (client) ID (the ${value.length}-character value is not shown): give the GUID of the app registration.`,
            );
    if (flags.logClientId !== undefined && !flags.activityLog)
        throw new UsageError(
            "--log-client-id names the app that reads the activity log: it makes no sense with --no-activity-log.",
        );
    const rm = endpointProblems({ resourceManager: flags.resourceManager }).map((p) =>
        p.replace("endpoints.resourceManager", "--resource-manager"),
    );
    if (rm.length) throw new UsageError(rm.join(" "));
}

/**
 * How the activity log reader signs in with `--log-client-id`: the same `--auth` kind and tenant as the other
 * identity, as the app named.
 */
function logCredentialFrom(flags: WatchFlags, env: NodeJS.ProcessEnv, tenantId: string | undefined): CredentialSpec {
    const clientId = flags.logClientId!;
    if (flags.auth === "azure-cli")
        throw new UsageError(
            "--log-client-id needs --auth client-secret or --auth default: the Azure CLI signs in as one identity only. Run watch twice instead (once with --no-activity-log), or sign the CLI in as the log reader.",
        );
    if (flags.auth === "default") return { kind: "default", tenantId, clientId };
    if (!tenantId)
        throw new UsageError("--auth client-secret needs --tenant-id (or AZURE_TENANT_ID): the partner tenant ID");
    const name = flags.logClientSecretEnv;
    const clientSecret = env[name];
    if (!clientSecret)
        throw new UsageError(
            /^[A-Z_][A-Z0-9_]{0,63}$/.test(name)
                ? `--log-client-id with --auth client-secret needs the log reader's secret in the environment variable ${name}, which is not set or empty`
                : "--log-client-secret-env takes the NAME of an environment variable holding the secret; the value given is not an environment variable name (not shown: it may be the secret itself)",
        );
    return { kind: "clientSecret", tenantId, clientId, clientSecret };
}

/** The state file's content, or null when it does not exist yet (a first run). */
function readStateFile(path: string): WatchState | null {
    try {
        fs.lstatSync(path);
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    }
    return parseState(readUserFileSync(path, { flag: "--state", maxBytes: STATE_FILE_MAX_BYTES }), `--state ${path}`);
}

/**
 * Runs `lighthouse-pec watch`: checks the flags and files, signs in, reads the activity log and the expected
 * delegations, writes the report, then the state file (only once the report is out, so a failed run reports again).
 * @param flags the parsed flags
 * @param io output streams, terminal facts, environment (the client secret is read from it)
 * @param deps injected agent and clock (tests)
 * @returns 0 nothing new at risk, 1 something new at risk
 * @throws UsageError, InputError or AzureCallError (exit status 2; cli/main.ts prints them): never a secret
 */
export async function runWatch(flags: WatchFlags, io: CliIo, deps: CliDeps): Promise<number> {
    try {
        checkFlags(flags);
        const now = withDefaults(deps.clock).now();
        const timeoutMs = timeoutMsFrom(flags);
        const credential = credentialSpecFrom(flags, io.env);
        const logCredential =
            flags.logClientId === undefined
                ? credential
                : logCredentialFrom(flags, io.env, flags.tenantId ?? io.env.AZURE_TENANT_ID);
        // Everything the user gave is checked before anything is sent.
        if (flags.since !== undefined) parseSince(flags.since, now);
        const expected =
            flags.expect === undefined
                ? null
                : parseExpectedDelegations(
                      readUserFileSync(flags.expect, { flag: "--expect", maxBytes: EXPECT_FILE_MAX_BYTES }),
                      flags.expect,
                  );
        const state = flags.state === undefined ? null : readStateFile(flags.state);

        const connection = {
            endpoints: { ...endpointsFrom(flags), resourceManager: flags.resourceManager },
            agent: deps.agent,
            clock: deps.clock,
            timeoutMs,
        };
        // One identity reads both, unless --log-client-id names a dedicated log reader (then the other identity is
        // needed only to check --expect delegations).
        const logSession =
            flags.activityLog && flags.logClientId !== undefined
                ? await openWatchSession({ ...connection, credential: logCredential })
                : undefined;
        if (logSession && logSession.identity.clientId !== flags.logClientId!.toLowerCase())
            throw new UsageError(
                `--log-client-id ${flags.logClientId!.toLowerCase()}: the sign-in gave a token of ${logSession.identity.clientId === null ? "a user" : `app ${logSession.identity.clientId}`} instead (with --auth default, AZURE_CLIENT_SECRET in the environment signs in as AZURE_CLIENT_ID first). Unset it, or use --auth client-secret.`,
            );
        const session =
            logSession === undefined || expected !== null
                ? await openWatchSession({ ...connection, credential })
                : logSession;
        const managingTenantId = session.identity.tenantId;
        if (logSession && logSession.identity.tenantId !== managingTenantId)
            throw new UsageError(
                `--log-client-id signed in to tenant ${logSession.identity.tenantId}, the other identity to tenant ${managingTenantId}: both must be in the managing tenant.`,
            );
        if (state !== null && flags.state !== undefined)
            checkStateTenant(state, `--state ${flags.state}`, managingTenantId);
        const principalIds = [
            ...new Set([
                (flags.automationPrincipalId ?? session.identity.objectId).toLowerCase(),
                ...(flags.memberOf ?? []).map((g) => g.toLowerCase()),
            ]),
        ];

        let log = null;
        if (flags.activityLog) {
            const readUntil = state?.readUntil ? Date.parse(state.readUntil) : null;
            const { start, warning } = windowStart(flags.since, readUntil, now);
            if (warning) io.err(`warning: ${warning}\n`);
            const { events } = await readDelegationEvents(logSession ?? session, start);
            log = { since: start, until: now, events };
        }
        const checks = expected === null ? null : { expected, readings: await readDelegations(session, expected) };
        const { report, state: next } = buildWatchReport({ now, managingTenantId, principalIds, log, checks, state });

        const outs = flags.out ?? [];
        if (outs.length === 0) io.out(renderWatch(report, flags.format));
        else {
            const files = outs.map((path) => ({
                path,
                text: renderWatch(report, FORMAT_OF_EXTENSION[extname(path).toLowerCase()] ?? flags.format),
                flag: "--out",
            }));
            for (const written of writeOutputFiles(files, { force: flags.force })) io.err(`wrote ${written}\n`);
        }
        if (flags.state !== undefined)
            writeOutputFiles([{ path: flags.state, text: renderState(next), flag: "--state" }], { force: true });
        return report.summary.newAtRisk > 0 ? EXIT.problems : EXIT.ok;
    } catch (e) {
        // Azure's words for what went wrong, in this command's flags; cli/main.ts redacts every secret of the run
        // (secretsOfRun: the log reader's secret included) when it prints the failure.
        if (e instanceof AzureCallError) e.message = inFlagTerms(e.message);
        throw e;
    }
}
