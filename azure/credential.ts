import type { AccessToken, TokenCredential } from "@azure/identity";
import type { Agent } from "node:http";
import { AzureEndpoints, isCustomAuthority, resolveEndpoints } from "./endpoints";
import { nextDelayMs } from "./backoff";
import { AzureCallError, aadstsCode, classifyTokenError, FailureKind, redact } from "./errors";
import { RetryClock, withDefaults } from "./retryClock";

/** How to authenticate. `clientSecret` is a secret: never log or persist it unwrapped. */
export type CredentialSpec =
    | { kind: "clientSecret"; tenantId: string; clientId: string; clientSecret: string }
    | { kind: "azureCli"; tenantId?: string }
    | { kind: "default"; tenantId?: string };

/** Transport options for the credential's HTTP calls. */
export interface TransportOptions {
    /** HTTP(S) agent, e.g. one that trusts a test CA. */
    agent?: Agent;
}

/**
 * Builds an `@azure/identity` credential for the spec. A non-public `authorityHost` also disables
 * instance discovery (MSAL would otherwise ask the public cloud to validate the authority).
 * Retries inside the identity pipeline are turned off: {@link acquireToken} does them with an
 * injectable clock.
 */
export function createCredential(spec: CredentialSpec, endpoints?: AzureEndpoints, transport: TransportOptions = {}): TokenCredential {
    const identity = require("@azure/identity") as typeof import("@azure/identity");
    const { authorityHost } = resolveEndpoints(endpoints);
    const common = {
        authorityHost,
        disableInstanceDiscovery: isCustomAuthority(authorityHost),
        retryOptions: { maxRetries: 0 },
        ...(transport.agent ? { agent: transport.agent } : {}),
    };
    switch (spec.kind) {
        case "clientSecret":
            return new identity.ClientSecretCredential(spec.tenantId, spec.clientId, spec.clientSecret, common);
        case "azureCli":
            return new identity.AzureCliCredential({ tenantId: spec.tenantId });
        case "default":
            return new identity.DefaultAzureCredential({ ...common, tenantId: spec.tenantId });
        default:
            throw new Error(`credential.kind must be "clientSecret", "azureCli" or "default", got ${JSON.stringify((spec as { kind?: unknown }).kind)}.`);
    }
}

/** Options of {@link acquireToken}. */
export interface TokenAcquisitionOptions {
    /** How long replication errors (AADSTS700016 / 7000215) are retried, in ms. 0 = no replication retries. */
    propagationTimeoutMs: number;
    /** Most retries of transient failures (5xx, 429, dropped connection). Default 5. */
    maxTransientRetries?: number;
    /** Clock (inject in tests). */
    clock?: Partial<RetryClock>;
    /** Secrets to scrub from error messages. */
    secrets?: ReadonlyArray<string | undefined>;
    /** Called before each wait. */
    onRetry?: (info: { attempt: number; kind: FailureKind; code?: number; delayMs: number }) => void;
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
 * visible) until `propagationTimeoutMs`, and transient failures a bounded number of times, with the
 * backoff of `./backoff`. Everything else fails at once with an actionable {@link AzureCallError}.
 *
 * Pass a factory to get a fresh credential per attempt: MSAL remembers a 429 per client instance
 * and would refuse the retry on its own (real-time) schedule.
 */
export async function acquireToken(credential: TokenCredential | (() => TokenCredential), scope: string, options: TokenAcquisitionOptions): Promise<TokenResult> {
    const clock = withDefaults(options.clock);
    const start = clock.now();
    const maxTransient = options.maxTransientRetries ?? 5;
    let attempts = 0;
    let transientRetries = 0;
    let waitedMs = 0;
    let previous: number | undefined;
    for (;;) {
        attempts++;
        try {
            const current = typeof credential === "function" ? credential() : credential;
            const token = await current.getToken(scope);
            if (!token) throw new AzureCallError("The credential returned no token.", "fatal");
            return { token, attempts, waitedMs };
        } catch (err) {
            const kind = classifyTokenError(err);
            const code = aadstsCode(err);
            let remaining = 0;
            if (kind === "replication") remaining = start + options.propagationTimeoutMs - clock.now();
            else if ((kind === "transient" || kind === "throttled") && transientRetries < maxTransient) {
                transientRetries++;
                remaining = Math.max(start + options.propagationTimeoutMs - clock.now(), 60_000);
            }
            const delay = nextDelayMs(previous, remaining, clock.random());
            if (delay === undefined || attempts >= 1000) throw tokenError(err, kind, code, attempts, clock.now() - start, options.secrets ?? []);
            options.onRetry?.({ attempt: attempts, kind, code, delayMs: delay });
            await clock.sleep(delay);
            waitedMs += delay;
            previous = delay;
        }
    }
}

function tokenError(err: unknown, kind: FailureKind, code: number | undefined, attempts: number, elapsedMs: number, secrets: ReadonlyArray<string | undefined>): AzureCallError {
    const detail = redact(firstLine(String((err as { message?: unknown })?.message ?? err)), secrets);
    const aad = code ? `AADSTS${code}` : undefined;
    const after = `after ${attempts} attempt(s) over ${Math.round(elapsedMs / 1000)} s`;
    let advice: string;
    switch (kind) {
        case "replication":
            advice = code === 700016
                ? `Entra ID still does not know this client ID in this tenant ${after}. Check credential.tenantId and credential.clientId; if the app was just created, raise propagationTimeoutSeconds.`
                : `Entra ID rejects the client secret ${after}. Check that credential.clientSecret is the secret's value (not its ID); if it was just created, raise propagationTimeoutSeconds.`;
            break;
        case "expiredSecret":
            advice = "The client secret has expired. Create a new one (ProviderAutomationAccount rotates it when `secretRotation` changes) and run `pulumi up` again.";
            break;
        case "unavailable":
            advice = "This credential cannot be used here. For kind \"azureCli\" run `az login --tenant <tenant>`; for kind \"default\" set AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET or use a managed identity.";
            break;
        case "transient":
        case "throttled":
            advice = `Entra ID kept failing ${after}; try again later.`;
            break;
        default:
            advice = "Check the credential (tenantId, clientId, secret) and the authorityHost endpoint.";
    }
    return new AzureCallError(`Could not get an Entra ID token${aad ? ` (${aad})` : ""}: ${advice} Detail: ${detail}`, kind, undefined, aad);
}

function firstLine(s: string): string {
    const line = s.split(/\r?\n/)[0] ?? "";
    return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}
