import { Command, Option } from "commander";
import type { CredentialSpec } from "../azure/credential";
import type { AzureEndpoints } from "../azure/endpoints";
import { UsageError } from "./io";

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
}

/**
 * Adds the credential and endpoint flags shared by `verify` and `doctor`. The client secret is
 * read from an environment variable (never a flag: flags end up in shell history and `ps`).
 * @param command the command to extend
 */
export function addCredentialOptions(command: Command): Command {
    return command
        .addOption(new Option("--auth <kind>", "how to sign in: client-secret (the partner-linked app), azure-cli, default (DefaultAzureCredential)")
            .choices(AUTH_KINDS).default("default"))
        .option("--tenant-id <id>", "partner (managing) tenant ID (env AZURE_TENANT_ID)")
        .option("--client-id <id>", "application (client) ID for --auth client-secret (env AZURE_CLIENT_ID)")
        .option("--client-secret-env <name>", "environment variable holding the client secret", "AZURE_CLIENT_SECRET")
        .option("--authority-host <url>", "Entra ID authority host (sovereign clouds)")
        .option("--graph-endpoint <url>", "Microsoft Graph base URL (sovereign clouds)")
        .option("--partner-center-endpoint <url>", "Partner Center API base URL");
}

/**
 * The credential spec the flags describe.
 * @param flags parsed flags
 * @param env environment (AZURE_TENANT_ID, AZURE_CLIENT_ID, the secret variable)
 */
export function credentialSpecFrom(flags: CredentialFlags, env: NodeJS.ProcessEnv): CredentialSpec {
    const tenantId = flags.tenantId ?? env.AZURE_TENANT_ID;
    if (flags.auth === "azure-cli") return { kind: "azureCli", tenantId };
    if (flags.auth === "default") return { kind: "default", tenantId };
    const clientId = flags.clientId ?? env.AZURE_CLIENT_ID;
    const clientSecret = env[flags.clientSecretEnv];
    if (!tenantId) throw new UsageError("--auth client-secret needs --tenant-id (or AZURE_TENANT_ID): the partner tenant ID");
    if (!clientId) throw new UsageError("--auth client-secret needs --client-id (or AZURE_CLIENT_ID): the partner-linked app's client ID");
    if (!clientSecret) throw new UsageError(`--auth client-secret needs the secret in the environment variable ${flags.clientSecretEnv}`);
    return { kind: "clientSecret", tenantId, clientId, clientSecret };
}

/**
 * The endpoint overrides the flags give (public cloud for the rest).
 * @param flags parsed flags
 */
export function endpointsFrom(flags: CredentialFlags): AzureEndpoints {
    for (const [flag, value] of [["--authority-host", flags.authorityHost], ["--graph-endpoint", flags.graphEndpoint], ["--partner-center-endpoint", flags.partnerCenterEndpoint]]) {
        if (value !== undefined && !/^https:\/\/[^/]+/i.test(value)) throw new UsageError(`${flag} must be an https:// URL, got ${JSON.stringify(value)}`);
    }
    return { authorityHost: flags.authorityHost, graph: flags.graphEndpoint, partnerCenter: flags.partnerCenterEndpoint };
}
