import type { Agent } from "node:http";
import { ArmClient, createArmClient } from "./armClient";
import { acquireToken, createCredential, CredentialSpec, secretsOf } from "./credential";
import { AzureEndpoints, defaultScope, resolveEndpoints } from "./endpoints";
import type { RetryOptions } from "./retry";
import type { RetryClock } from "./retryClock";
import { DEFAULT_REQUEST_TIMEOUT_MS, operationDeadlineMs } from "./timeouts";
import { TokenIdentity, tokenClaims } from "./tokenClaims";
import { AzureCallError } from "../core/errors";
import { isGuid } from "../core/validation/formats";

/** How a command reaches Azure Resource Manager as one identity (`doctor`, `watch`). */
export interface ArmConnection {
    /** Who to sign in as. */
    credential: CredentialSpec;
    /** Endpoints (public cloud when omitted). */
    endpoints?: AzureEndpoints;
    /** HTTPS agent (tests pass one trusting the fake's CA). */
    agent?: Agent;
    /** Clock for retry waits (tests inject a virtual one). */
    clock?: Partial<RetryClock>;
    /** Retry bounds per ARM request (the shared defaults: 5 retries, 120 s of waiting). */
    armRetry?: Pick<RetryOptions, "maxTransientRetries" | "transientBudgetMs">;
    /** Idle timeout of each request, token requests included (ms, default 30 000); each call's retries stop after four. */
    timeoutMs?: number;
}

/** Options of {@link openArmSession}. */
export interface ArmSessionOptions {
    /** The message of the `AzureCallError` (kind `fatal`) thrown when the token does not say which identity it belongs to. */
    unidentified: string;
    /** Whether the token's tenant and object IDs must be GUIDs, not only present (default false). */
    requireGuids?: boolean;
}

/** A signed-in ARM session. */
export interface ArmSession {
    /** The ARM client (bearer token of the identity). */
    client: ArmClient;
    /** The Resource Manager base URL: the only origin the token is sent to. */
    base: string;
    /** Secrets to redact. */
    secrets: string[];
    /** The signed-in identity (from its token). */
    identity: TokenIdentity;
}

/**
 * Signs in (no waiting for replication; the token request's retries stop after four request timeouts), reads who
 * the token belongs to, and builds an ARM client with the token through the shared retrying pipeline.
 * @param conn - credential, endpoints and transport
 * @param options - the caller's wording when the token names no identity, and how strictly it is checked
 * @throws AzureCallError (no secret in it) when sign-in fails or the token names no tenant and object
 */
export async function openArmSession(conn: ArmConnection, options: ArmSessionOptions): Promise<ArmSession> {
    const endpoints = resolveEndpoints(conn.endpoints);
    const spec = conn.credential;
    const secrets = secretsOf(spec);
    const timeoutMs = conn.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const { token } = await acquireToken(
        () => createCredential(spec, endpoints, { agent: conn.agent, timeoutMs }),
        defaultScope(endpoints.resourceManager),
        {
            propagationTimeoutMs: 0,
            clock: conn.clock,
            secrets,
            kind: spec.kind,
            authorityHost: endpoints.authorityHost,
            deadlineMs: operationDeadlineMs(timeoutMs),
        },
    );
    const identity = tokenClaims(token.token);
    if (!identity || (options.requireGuids && !(isGuid(identity.tenantId) && isGuid(identity.objectId))))
        throw new AzureCallError(options.unidentified, "fatal");
    return {
        client: createArmClient({
            accessToken: token.token,
            agent: conn.agent,
            clock: conn.clock,
            timeoutMs,
            ...conn.armRetry,
        }),
        base: endpoints.resourceManager,
        secrets,
        identity,
    };
}
