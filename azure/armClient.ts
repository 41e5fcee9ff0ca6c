import type { Agent } from "node:http";
import { judgeHttp, RetryOptions, withRetries } from "./retry";
import { withDefaults } from "./retryClock";

/** A plain HTTP response from {@link ArmClient}. */
export interface ArmResponse {
    /** HTTP status. */
    status: number;
    /** Body text ("" when empty). */
    text: string;
    /** Body parsed as JSON, or undefined when empty / not JSON. */
    json: unknown;
    /** Requests sent for this answer (1 = no retry; more = an earlier attempt's answer was lost or refused). */
    attempts?: number;
}

/** Sends authenticated requests to an Azure endpoint. */
export interface ArmClient {
    /**
     * Sends a request with bounded retries (429 + Retry-After, 408/5xx, failed or dropped
     * connections, timeouts). Non-2xx answers are returned; a connection that kept failing is thrown
     * as an error naming the host.
     * @param method - HTTP method
     * @param url - absolute URL (with query)
     */
    send(method: string, url: string): Promise<ArmResponse>;
}

/** Options of {@link createArmClient}. */
export interface ArmClientOptions extends RetryOptions {
    /** The bearer token. */
    accessToken: string;
    /** HTTP(S) agent, e.g. one that trusts a test CA. */
    agent?: Agent;
    /** Per-request timeout, ms (default 30 000, as `./timeouts`); the retries of one call stop after four of them. */
    timeoutMs?: number;
}

/**
 * An HTTP client on `@azure/core-rest-pipeline`'s default HTTP client with a fixed bearer token
 * and {@link withRetries}. The SDK is required here, not at module load, so serialized closures
 * (the PartnerAdminLink `__provider`) stay small.
 */
export function createArmClient(options: ArmClientOptions): ArmClient {
    const core = require("@azure/core-rest-pipeline") as typeof import("@azure/core-rest-pipeline");
    const http = core.createDefaultHttpClient();
    const now = withDefaults(options.clock).now;
    const timeout = options.timeoutMs ?? 30_000;
    return {
        async send(method, url) {
            const out = await withRetries(() => {
                const request = core.createPipelineRequest({
                    url, method: method as "GET", timeout,
                    headers: core.createHttpHeaders({ authorization: `Bearer ${options.accessToken}`, accept: "application/json" }),
                });
                request.agent = options.agent;
                return http.sendRequest(request);
            }, (r, e) => judgeHttp(r, e, now()), { deadlineMs: 4 * timeout, ...options });
            if (!out.value) {
                const e = out.error as Error;
                throw new Error(`${new URL(url).host}: ${e?.name === "AbortError" ? `no answer in ${timeout / 1000} s` : String(e?.message).split("\n")[0]} (${out.attempts} tries)`);
            }
            const text = out.value.bodyAsText ?? "";
            let json: unknown;
            try {
                json = text ? JSON.parse(text) : undefined;
            } catch {
                json = undefined;
            }
            return { status: out.value.status, text, json, attempts: out.attempts };
        },
    };
}
