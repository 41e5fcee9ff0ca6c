import type { Agent } from "node:http";
import { ArmClient, createArmClient } from "./armClient";
import { acquireToken, CredentialSpec, createCredential, secretsOf } from "./credential";
import { AzureEndpoints, resolveEndpoints } from "./endpoints";
import type { RetryOptions } from "./retry";
import type { RetryClock } from "./retryClock";

/** Where and how to sign in: the credential-related inputs of a dynamic resource. */
export interface SignInInputs {
    /** How to authenticate. */
    credential: CredentialSpec;
    /** Cloud endpoints (default: public cloud). */
    endpoints?: AzureEndpoints;
    /** Timeout of each request, seconds (default 30; the sign-in deadline is four of them). */
    timeoutSeconds?: number;
}

/** The injectable environment of {@link openSignedInClient} (a provider runtime). */
export interface SignInRuntime {
    /** Clock for retry waits (default: real time). */
    clock?: Partial<RetryClock>;
    /** HTTPS agent for every call (default: Node's). */
    agent?: Agent;
    /** Retry bounds of ARM calls. */
    armRetry?: Pick<RetryOptions, "maxTransientRetries" | "transientBudgetMs">;
}

/** An ARM client signed in as the credential's identity, with what its callers need to word errors. */
export interface SignedInClient {
    /** The authenticated ARM client. */
    client: ArmClient;
    /** The resolved cloud endpoints. */
    endpoints: Required<AzureEndpoints>;
    /** Secret values to redact from messages. */
    secrets: string[];
    /** Timeout of each request, ms. */
    timeoutMs: number;
}

/**
 * Signs in for Azure Resource Manager (retrying replication errors for `propagationTimeoutMs`) and builds
 * an ARM client with the token. Holds no module-level state: dynamic providers capture it by value.
 * @param inputs - credential, endpoints and request timeout
 * @param runtime - injected clock, agent and retry bounds (tests)
 * @param propagationTimeoutMs - how long a just-created identity may take to replicate (0: no waiting)
 */
export async function openSignedInClient(
    inputs: SignInInputs,
    runtime: SignInRuntime | undefined,
    propagationTimeoutMs: number,
): Promise<SignedInClient> {
    const endpoints = resolveEndpoints(inputs.endpoints);
    const cred = inputs.credential;
    const secrets = secretsOf(cred);
    const timeoutMs = (inputs.timeoutSeconds ?? 30) * 1000;
    const { token } = await acquireToken(
        () => createCredential(cred, endpoints, { agent: runtime?.agent, timeoutMs }),
        `${endpoints.resourceManager}/.default`,
        {
            propagationTimeoutMs,
            clock: runtime?.clock,
            secrets,
            kind: cred.kind,
            authorityHost: endpoints.authorityHost,
            deadlineMs: 4 * timeoutMs,
        },
    );
    const client = createArmClient({
        accessToken: token.token,
        agent: runtime?.agent,
        clock: runtime?.clock,
        timeoutMs,
        ...runtime?.armRetry,
    });
    return { client, endpoints, secrets, timeoutMs };
}
