import type { AccessToken, TokenCredential } from "@azure/identity";
import type { PipelineRequest, SendRequest } from "@azure/core-rest-pipeline";
import type { Agent } from "node:http";
import { AzureEndpoints, PUBLIC_CLOUD, resolveEndpoints } from "./endpoints";
import { AzureCallError } from "../core/errors";
import { classifyTokenError, redact } from "./errors";
import { withRetries } from "./retry";
import { RetryClock, withDefaults } from "./retryClock";

/** How to authenticate. `clientSecret` is a secret: never log or persist it unwrapped. */
export type CredentialSpec =
    | { kind: "clientSecret"; tenantId: string; clientId: string; clientSecret: string }
    | { kind: "azureCli"; tenantId?: string }
    /** `clientId`: the app of a workload or managed identity, when the environment holds more than one (e.g. `watch --log-client-id`). */
    | { kind: "default"; tenantId?: string; clientId?: string };

/** Transport options for the credential's HTTP calls. */
export interface TransportOptions {
    /** HTTP(S) agent, e.g. one that trusts a test CA. */
    agent?: Agent;
    /** Timeout of each token-endpoint request (ms, default 30 000; literal here, as in `./armClient`: these are serialized into `__provider`). */
    timeoutMs?: number;
}

/** The secret values of a spec, for {@link redact} (none for `azureCli` / `default`). */
export function secretsOf(spec: CredentialSpec): string[] {
    return spec.kind === "clientSecret" ? [spec.clientSecret] : [];
}

/**
 * Builds an `@azure/identity` credential for the spec. A non-public `authorityHost` also disables
 * instance discovery (MSAL would otherwise ask the public cloud to validate the authority).
 * Retries inside the identity pipeline are off: {@link acquireToken} retries with an injectable clock.
 * Every token-endpoint request gets `transport.timeoutMs` (the identity pipeline has none by default,
 * and `getToken`'s own timeout options do not reach MSAL's requests).
 * For an authority host without built-in endpoints in MSAL (not Microsoft's public or national clouds), MSAL
 * fetches the tenant's OpenID configuration first; Entra's "invalid tenant" answer there (AADSTS90002
 * `invalid_tenant`) makes it fail with a bare `endpoints_resolution_error`, indistinguishable from a network
 * failure. The answer is remembered on the way through, and `getToken` then fails with it (final, never retried).
 * `@azure/identity` is required here, not at module load, so serialized closures stay small.
 */
export function createCredential(
    spec: CredentialSpec,
    endpoints?: AzureEndpoints,
    transport: TransportOptions = {},
): TokenCredential {
    const identity = require("@azure/identity") as typeof import("@azure/identity");
    const { authorityHost } = resolveEndpoints(endpoints);
    let refused: { status: number; body: string } | undefined;
    const common = {
        authorityHost,
        disableInstanceDiscovery: authorityHost !== PUBLIC_CLOUD.authorityHost,
        retryOptions: { maxRetries: 0 },
        additionalPolicies: [
            {
                position: "perCall" as const,
                policy: {
                    name: "timeout",
                    sendRequest: (r: { timeout: number }, next: (r: never) => Promise<never>) => (
                        (r.timeout ||= transport.timeoutMs ?? 30_000),
                        next(r as never)
                    ),
                },
            },
            {
                position: "perCall" as const,
                policy: {
                    name: "tenantDiscovery",
                    sendRequest: async (r: PipelineRequest, next: SendRequest) => {
                        const response = await next(r);
                        const body = response.bodyAsText ?? "";
                        if (
                            /\/\.well-known\/openid-configuration/.test(r.url) &&
                            response.status >= 400 &&
                            response.status < 500 &&
                            /invalid_tenant|AADSTS(90002|900023)\b/.test(body)
                        )
                            refused = { status: response.status, body };
                        return response;
                    },
                },
            },
        ],
        ...(transport.agent ? { agent: transport.agent } : {}),
    };
    const discoveryChecked = (credential: TokenCredential): TokenCredential => ({
        getToken: (scopes, options) =>
            credential.getToken(scopes, options).catch((e: unknown) => {
                if (!refused) throw e;
                let answer: { error_description?: unknown; error_codes?: unknown } = {};
                try {
                    answer = JSON.parse(refused.body) as typeof answer;
                } catch {
                    // not JSON: the code in the text still classifies it
                }
                const text = typeof answer.error_description === "string" ? answer.error_description : refused.body;
                throw Object.assign(new Error(`invalid_tenant: ${text.slice(0, 500)}`), {
                    name: "AuthenticationError",
                    statusCode: refused.status,
                    errorResponse: {
                        errorCodes: Array.isArray(answer.error_codes) ? answer.error_codes : undefined,
                    },
                });
            }),
    });
    if (spec.kind === "clientSecret")
        return discoveryChecked(
            new identity.ClientSecretCredential(spec.tenantId, spec.clientId, spec.clientSecret, common),
        );
    if (spec.kind === "azureCli") return new identity.AzureCliCredential({ tenantId: spec.tenantId });
    if (spec.kind === "default")
        return discoveryChecked(
            new identity.DefaultAzureCredential({
                ...common,
                tenantId: spec.tenantId,
                ...(spec.clientId
                    ? { workloadIdentityClientId: spec.clientId, managedIdentityClientId: spec.clientId }
                    : {}),
            }),
        );
    throw new Error(
        `credential.kind must be "clientSecret", "azureCli" or "default", got ${JSON.stringify((spec as { kind?: unknown }).kind)}.`,
    );
}

/** Options of {@link acquireToken}. */
export interface TokenAcquisitionOptions {
    /** How long replication errors (AADSTS700016 / 7000215) are retried, in ms. 0 = not retried. */
    propagationTimeoutMs: number;
    /** Most retries of transient failures (5xx, 429, dropped connection). Default 5. */
    maxTransientRetries?: number;
    /** Clock (inject in tests). */
    clock?: Partial<RetryClock>;
    /** Secrets to scrub from error messages. */
    secrets?: ReadonlyArray<string | undefined>;
    /** The credential kind, for advice that fits it (default: generic advice). */
    kind?: CredentialSpec["kind"];
    /** The authority host, named in messages (not for `azureCli`: az signs in on its own). */
    authorityHost?: string;
    /** Transient failures are not retried after this long (ms; default 120 000, `operationDeadlineMs` of the default timeout). */
    deadlineMs?: number;
}

/** A token plus how it was obtained. */
export interface TokenResult {
    /** The access token. */
    token: AccessToken;
    /** Token requests made (1 = first try). */
    attempts: number;
    /** Total time waited between attempts (ms). */
    waitedMs: number;
}

/**
 * Gets a token for `scope`, retrying Entra ID replication errors (a new app or secret not yet
 * visible) until `propagationTimeoutMs`, and transient failures (at least a minute's worth, at most
 * `maxTransientRetries`), with the backoff of `./backoff`. Everything else fails at once with an
 * actionable `AzureCallError` (see `./errors`) that contains no secret, names the authority host,
 * gives advice for the credential kind and quotes the error's first line without MSAL's
 * "Not Available" filler (or its "[object Object]" for a 5xx), plus the HTTP status.
 *
 * Pass a factory to get a fresh credential per attempt: MSAL remembers a 429 per client instance
 * and would refuse the retry on its own real-time schedule.
 */
export async function acquireToken(
    credential: TokenCredential | (() => TokenCredential),
    scope: string,
    options: TokenAcquisitionOptions,
): Promise<TokenResult> {
    const clock = withDefaults(options.clock);
    const start = clock.now();
    const out = await withRetries(
        async () => (typeof credential === "function" ? credential() : credential).getToken(scope),
        (token, err) => (err === undefined ? undefined : classifyTokenError(err)),
        {
            clock,
            replicationBudgetMs: options.propagationTimeoutMs,
            maxTransientRetries: options.maxTransientRetries,
            transientBudgetMs: Math.max(options.propagationTimeoutMs, 60_000),
            deadlineMs: options.deadlineMs ?? 120_000,
        },
    );
    if (out.value) return { token: out.value, attempts: out.attempts, waitedMs: out.waitedMs };
    const { kind, code } =
        out.error === undefined ? { kind: "fatal" as const, code: undefined } : classifyTokenError(out.error);
    const firstLine = String((out.error as Error)?.message ?? "").split("\n")[0];
    const cred = options.kind;
    const check = "credential.tenantId, credential.clientId and that clientSecret is the secret's value (not its ID)";
    const advice =
        {
            replication: `Entra ID still rejects this ${code === 700016 ? "client ID in this tenant" : "client secret"}: check ${check}; if the app or secret was just created, raise propagationTimeoutSeconds.`,
            expiredSecret:
                "The client secret has expired: create a new one (ProviderAutomationAccount: change secretRotation) and run `pulumi up` again.",
            unavailable:
                cred === "default"
                    ? "No credential was found: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, use a managed or workload identity, sign in with `az login`, or use a client secret."
                    : /could not be found|not found|not recognized|ENOENT/i.test(firstLine)
                      ? "Azure CLI (az) is not installed or not on PATH: install it (https://aka.ms/azure-cli) and run `az login --tenant <tenant>`, or use a client secret."
                      : "The Azure CLI is not signed in here: run `az login --tenant <tenant>`.",
            invalidTenant:
                "Entra ID does not know this tenant, which no retry changes. Check credential.tenantId: your tenant's ID (a GUID, e.g. `az account show --query tenantId`) or one of its verified domains (contoso.onmicrosoft.com), in the cloud of endpoints.authorityHost.",
            fatal: `Check ${cred === "clientSecret" ? check : "credential.tenantId"}, and endpoints.authorityHost.`,
        }[kind as string] ??
        `${cred === "azureCli" ? "The Azure CLI" : "Entra ID"} kept failing or did not answer: check endpoints.authorityHost and the network, then try again.`;
    const m = String((out.error as Error)?.message || (out.error as Error)?.name || "no token");
    const status = /Http status code: (\d+)/.exec(m);
    const detail =
        m
            .split("\n")[0]
            .replace("[object Object]", "server error")
            .replace(/( - [\w ]+|:? ?Error\(s\)): Not Available/g, "")
            .slice(0, 300) + (status ? ` (HTTP ${status[1]})` : "");
    const aad = code ? `AADSTS${code}` : undefined;
    const from = options.authorityHost && cred !== "azureCli" ? ` from ${options.authorityHost}` : "";
    throw new AzureCallError(
        redact(
            `Could not get an Entra ID token${aad ? ` (${aad})` : ""}${from} after ${out.attempts} attempt(s) in ${Math.round((clock.now() - start) / 1000)} s. ${advice} Detail: ${detail}`,
            options.secrets ?? [],
        ),
        kind,
        undefined,
        aad,
    );
}
