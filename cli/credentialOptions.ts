import { Command, Option } from "commander";
import type { CredentialSpec } from "../azure/credential";
import type { AzureEndpoints } from "../azure/endpoints";
import { UsageError } from "../core/errors";

/** The values of `--auth`. */
export const AUTH_KINDS = ["client-secret", "azure-cli", "default"] as const;

/** Parsed values of {@link addCredentialOptions}. */
export interface CredentialFlags {
    /** How to sign in. */
    auth: (typeof AUTH_KINDS)[number];
    /** Partner (managing) tenant ID; default AZURE_TENANT_ID. */
    tenantId?: string;
    /** Application (client) ID for client-secret sign-in; default AZURE_CLIENT_ID. */
    clientId?: string;
    /** Name of the environment variable holding the client secret. */
    clientSecretEnv: string;
    /** Entra ID authority host override. */
    authorityHost?: string;
    /** Microsoft Graph base URL override. */
    graphEndpoint?: string;
    /** Partner Center API base URL override. */
    partnerCenterEndpoint?: string;
    /** Refused: a secret on the command line would land in shell history and process lists. */
    clientSecret?: string;
    /** Idle timeout of each network request, in seconds (commander gives a string). */
    timeout?: string | number;
}

/** Default of `--timeout`, seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/**
 * Adds the credential and endpoint flags shared by `verify` and `doctor`. The client secret is
 * read from an environment variable (never a flag: flags end up in shell history and `ps`).
 * @param command the command to extend
 */
export function addCredentialOptions(command: Command): Command {
    return command
        .addOption(
            new Option(
                "--auth <kind>",
                "how to sign in: client-secret (the partner-linked app), azure-cli, default (DefaultAzureCredential)",
            )
                .choices(AUTH_KINDS)
                .default("default"),
        )
        .option(
            "--tenant-id <id>",
            "the tenant to sign in to, usually your partner (managing) tenant (env AZURE_TENANT_ID)",
        )
        .option("--client-id <id>", "application (client) ID for --auth client-secret (env AZURE_CLIENT_ID)")
        .option("--client-secret-env <name>", "environment variable holding the client secret", "AZURE_CLIENT_SECRET")
        .option("--authority-host <url>", "Entra ID authority host (sovereign clouds)")
        .option("--graph-endpoint <url>", "Microsoft Graph base URL (sovereign clouds)")
        .option("--partner-center-endpoint <url>", "Partner Center API base URL")
        .option(
            "--timeout <seconds>",
            "give up on a request that sends nothing for this long; an operation's retries stop after four of them",
            String(DEFAULT_TIMEOUT_SECONDS),
        )
        .addOption(new Option("--client-secret <value>").hideHelp());
}

/**
 * `--timeout` in milliseconds.
 * @param flags parsed flags
 */
export function timeoutMsFrom(flags: Pick<CredentialFlags, "timeout">): number {
    const seconds = Number(flags.timeout ?? DEFAULT_TIMEOUT_SECONDS);
    if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 3600) {
        throw new UsageError(
            `--timeout must be a number of seconds from 0.1 to 3600, got ${JSON.stringify(flags.timeout)}; the default is ${DEFAULT_TIMEOUT_SECONDS}`,
        );
    }
    return Math.round(seconds * 1000);
}

/**
 * Whether a value given for an environment variable *name* can be shown in a message: only when it
 * reads as a conventional name (letters, digits and underscores, and not a mix of cases and digits
 * that looks like a generated secret).
 */
function showableEnvName(name: string): boolean {
    return /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) && (/^[A-Z0-9_]+$/.test(name) || !/\d/.test(name));
}

/**
 * Refuses `--client-secret` (whatever else the command does), without echoing its value.
 * @param flags parsed flags
 */
export function refuseSecretFlag(flags: Pick<CredentialFlags, "clientSecret">): void {
    if (flags.clientSecret !== undefined) {
        throw new UsageError(
            "--client-secret is not accepted: a secret on the command line ends up in shell history and process lists. Put it in an environment variable and name it with --client-secret-env (default AZURE_CLIENT_SECRET).",
        );
    }
}

/**
 * The secret values a run may hold, for the CLI's one redaction (`reportFailure`): the value of the environment
 * variable `--client-secret-env` names, of the one `watch --log-client-secret-env` names (the log reader's), of
 * `AZURE_CLIENT_SECRET` (which DefaultAzureCredential reads), and of a refused `--client-secret`.
 * @param flags parsed flags (of any command; those without credential flags hold none)
 * @param env environment
 */
export function secretsOfRun(
    flags: Partial<Pick<CredentialFlags, "clientSecretEnv" | "clientSecret">> & { logClientSecretEnv?: unknown },
    env: NodeJS.ProcessEnv,
): string[] {
    const names = [
        "AZURE_CLIENT_SECRET",
        ...[flags.clientSecretEnv, flags.logClientSecretEnv].filter((name): name is string => typeof name === "string"),
    ];
    return [...names.map((name) => env[name]), flags.clientSecret].filter((v): v is string => typeof v === "string");
}

/**
 * The credential spec the flags describe.
 * @param flags parsed flags
 * @param env environment (AZURE_TENANT_ID, AZURE_CLIENT_ID, the secret variable)
 */
export function credentialSpecFrom(flags: CredentialFlags, env: NodeJS.ProcessEnv): CredentialSpec {
    refuseSecretFlag(flags);
    const tenantId = flags.tenantId ?? env.AZURE_TENANT_ID;
    // What @azure/identity accepts as a tenant (it would throw its own "Invalid tenant id provided" at sign-in).
    if (tenantId !== undefined && !/^[0-9a-zA-Z.-]+$/.test(tenantId))
        throw new UsageError(
            `${flags.tenantId !== undefined ? "--tenant-id" : "AZURE_TENANT_ID"} ${JSON.stringify(tenantId)} is not a tenant: give your tenant's ID (a GUID, e.g. az account show --query tenantId) or one of its verified domains (contoso.onmicrosoft.com)`,
        );
    if (flags.auth === "azure-cli") return { kind: "azureCli", tenantId };
    if (flags.auth === "default") return { kind: "default", tenantId };
    const clientId = flags.clientId ?? env.AZURE_CLIENT_ID;
    const clientSecret = env[flags.clientSecretEnv];
    if (!tenantId)
        throw new UsageError("--auth client-secret needs --tenant-id (or AZURE_TENANT_ID): the partner tenant ID");
    if (!clientId)
        throw new UsageError(
            "--auth client-secret needs --client-id (or AZURE_CLIENT_ID): the partner-linked app's client ID",
        );
    if (!clientSecret) {
        if (!showableEnvName(flags.clientSecretEnv)) {
            throw new UsageError(
                "--client-secret-env takes the NAME of an environment variable holding the secret; the value given is not an environment variable name (not shown: it may be the secret itself). Example: export AZURE_CLIENT_SECRET=... and --client-secret-env AZURE_CLIENT_SECRET",
            );
        }
        throw new UsageError(
            `--auth client-secret needs the secret in the environment variable ${flags.clientSecretEnv}, which is not set or empty`,
        );
    }
    return { kind: "clientSecret", tenantId, clientId, clientSecret };
}

/**
 * The endpoint overrides the flags give (public cloud for the rest).
 * @param flags parsed flags
 */
export function endpointsFrom(flags: CredentialFlags): AzureEndpoints {
    for (const [flag, value] of [
        ["--authority-host", flags.authorityHost],
        ["--graph-endpoint", flags.graphEndpoint],
        ["--partner-center-endpoint", flags.partnerCenterEndpoint],
    ]) {
        if (value !== undefined && !/^https:\/\/[^/]+/i.test(value))
            throw new UsageError(`${flag} must be an https:// URL, got ${JSON.stringify(value)}`);
    }
    return {
        authorityHost: flags.authorityHost,
        graph: flags.graphEndpoint,
        partnerCenter: flags.partnerCenterEndpoint,
    };
}

/**
 * The `credential.*` wording of the shared sign-in errors, in the CLI's flag names.
 * @param message an error message of `azure/credential`
 */
export function inFlagTerms(message: string): string {
    return message
        .replace(/credential\.tenantId/g, "--tenant-id")
        .replace(/credential\.clientId/g, "--client-id")
        .replace(/that clientSecret is/g, "that the secret in --client-secret-env is")
        .replace(/endpoints\.authorityHost/g, "--authority-host")
        .replace(/or use a client secret/g, "or use --auth client-secret")
        .replace(
            /; if the app or secret was just created, raise propagationTimeoutSeconds/g,
            "; a new app or secret can take a few minutes to replicate",
        );
}
