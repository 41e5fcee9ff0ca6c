import type { Agent } from "node:http";
import type { ArmResponse } from "../../azure/armClient";
import { AzureCallError } from "../../core/errors";
import { armErrorOf, classifyStatus, redact } from "../../azure/errors";
import type { RetryOptions } from "../../azure/retry";
import { RetryClock, withDefaults } from "../../azure/retryClock";
import { openSignedInClient } from "../../azure/signedInClient";
import {
    DEFAULT_NAMESPACE,
    DEFAULT_REGISTRATION_TIMEOUT_SECONDS,
    RESOURCES_API_VERSION,
    ResourceProviderRegistrationInputs,
    ResourceProviderRegistrationOutputs,
} from "./types";

/** Things the provider takes from its environment; tests inject them, production uses the defaults. */
export interface RegistrationRuntime {
    /** Clock for the polling and retry waits (default: real time). */
    clock?: Partial<RetryClock>;
    /** HTTPS agent for every call (default: Node's). */
    agent?: Agent;
    /** Retry bounds of ARM calls (default 5 retries, 120 s of waiting per call). */
    armRetry?: Pick<RetryOptions, "maxTransientRetries" | "transientBudgetMs">;
    /** Wait between two reads of the registration state, ms (default 5000). */
    pollIntervalMs?: number;
}

/** One subscription's provider, reached as the credential's identity. */
interface Target {
    /** `POST …/register` or `GET …`; fails with an actionable message unless 2xx. */
    call(method: "POST" | "GET", action: string): Promise<ArmResponse>;
    /** `/subscriptions/{id}/providers/{namespace}`. */
    id: string;
    namespace: string;
    subscriptionId: string;
}

async function open(
    inputs: ResourceProviderRegistrationInputs,
    runtime: RegistrationRuntime | undefined,
): Promise<Target> {
    const { client, endpoints: ep, secrets } = await openSignedInClient(inputs, runtime, 0);
    const namespace = inputs.namespace ?? DEFAULT_NAMESPACE;
    const id = `/subscriptions/${inputs.subscriptionId}/providers/${namespace}`;
    return {
        id,
        namespace,
        subscriptionId: inputs.subscriptionId,
        async call(method, action) {
            const url = `${ep.resourceManager}${id}${action}?api-version=${RESOURCES_API_VERSION}`;
            let r: ArmResponse;
            try {
                r = await client.send(method, url);
            } catch (e) {
                throw new AzureCallError(
                    redact(
                        `${method} ${id}${action} failed: ${(e as Error).message}. Run \`pulumi up\` again.`,
                        secrets,
                    ),
                    "transient",
                );
            }
            if (r.status >= 200 && r.status < 300) {
                return r;
            }
            const { code, message } = armErrorOf(r.json ?? r.text);
            const advice =
                r.status === 403
                    ? ` The identity needs ${namespace}/register/action in subscription ${inputs.subscriptionId} (Contributor or Owner have it).`
                    : r.status === 404
                      ? ` Check that subscription ${inputs.subscriptionId} exists and that the identity's tenant holds it.`
                      : "";
            throw new AzureCallError(
                redact(
                    `${method === "POST" ? "registering" : "reading"} ${namespace} in subscription ${inputs.subscriptionId} failed: HTTP ${r.status}${code ? ` ${code}` : ""}${message ? `: ${message}` : ""}.${advice}`,
                    secrets,
                ),
                classifyStatus(r.status),
                r.status,
                code,
            );
        },
    };
}

function stateOf(r: ArmResponse): string {
    const state = (r.json as { registrationState?: unknown } | undefined)?.registrationState;
    return typeof state === "string" ? state : "Unknown";
}

/**
 * `create`: registers the namespace (`POST …/providers/{namespace}/register`) and reads its state until
 * "Registered", at most `registrationTimeoutSeconds` (bounded number of reads). Registering a registered
 * provider is a no-op for Azure, so this also adopts a subscription that has it already.
 * @param inputs - the checked inputs
 * @param runtime - injected environment (tests)
 */
export async function registerProvider(
    inputs: ResourceProviderRegistrationInputs,
    runtime?: RegistrationRuntime,
): Promise<{ id: string; outs: ResourceProviderRegistrationOutputs }> {
    const target = await open(inputs, runtime);
    const clock = withDefaults(runtime?.clock);
    const interval = runtime?.pollIntervalMs ?? 5000;
    const timeoutMs = (inputs.registrationTimeoutSeconds ?? DEFAULT_REGISTRATION_TIMEOUT_SECONDS) * 1000;
    const maxReads = Math.ceil(timeoutMs / interval) + 1;
    let state = stateOf(await target.call("POST", "/register"));
    const start = clock.now();
    for (let reads = 0; state.toLowerCase() !== "registered"; reads++) {
        if (reads >= maxReads || clock.now() - start >= timeoutMs) {
            throw new AzureCallError(
                `${target.namespace} is still "${state}" in subscription ${target.subscriptionId} after ${timeoutMs / 1000} s. Registration continues in Azure: run \`pulumi up\` again later, or raise registrationTimeoutSeconds.`,
                "transient",
            );
        }
        await clock.sleep(interval);
        state = stateOf(await target.call("GET", ""));
    }
    return { id: target.id, outs: { ...inputs, namespace: target.namespace, registrationState: state } };
}

/**
 * `read` (refresh): the provider's current registration state.
 * @param id - the resource ID
 * @param props - the stored outputs
 * @param runtime - injected environment (tests)
 */
export async function readRegistration(
    id: string,
    props: ResourceProviderRegistrationOutputs,
    runtime?: RegistrationRuntime,
): Promise<{ id: string; props: ResourceProviderRegistrationOutputs }> {
    const target = await open(props, runtime);
    return { id, props: { ...props, registrationState: stateOf(await target.call("GET", "")) } };
}

/**
 * `update`: registers again with the new settings (a no-op in Azure when registered).
 * @param _id - the resource ID
 * @param _olds - the old outputs
 * @param news - the new inputs
 * @param runtime - injected environment (tests)
 */
export async function updateRegistration(
    _id: string,
    _olds: ResourceProviderRegistrationOutputs,
    news: ResourceProviderRegistrationInputs,
    runtime?: RegistrationRuntime,
): Promise<{ outs: ResourceProviderRegistrationOutputs }> {
    return { outs: (await registerProvider(news, runtime)).outs };
}

/**
 * `delete`: nothing. A customer's resource providers may serve other things (Lighthouse delegations made
 * elsewhere, the customer's own); unregistering is the customer's decision, never a stack's.
 */
export async function keepRegistration(): Promise<void> {
    // Deliberately no call to Azure.
}
