import type { Agent } from "node:http";
import { BoundedRetryOptions, boundedRetryPolicy } from "./retryPolicy";

/** A plain HTTP response from {@link ArmClient}. */
export interface ArmResponse {
    /** HTTP status. */
    status: number;
    /** Response header lookup (case-insensitive). */
    header(name: string): string | undefined;
    /** Body text ("" when empty). */
    text: string;
    /** Body parsed as JSON, or undefined when empty / not JSON. */
    json: unknown;
}

/** Sends authenticated requests to an Azure endpoint. */
export interface ArmClient {
    /**
     * Sends a request.
     * @param method - HTTP method
     * @param url - absolute URL (with query)
     * @param body - JSON body, if any
     */
    send(method: string, url: string, body?: unknown): Promise<ArmResponse>;
}

/** Options of {@link createArmClient}. */
export interface ArmClientOptions extends BoundedRetryOptions {
    /** The bearer token. */
    accessToken: string;
    /** HTTP(S) agent, e.g. one that trusts a test CA. */
    agent?: Agent;
    /** Per-request timeout, ms (default 60 000). */
    timeoutMs?: number;
}

/**
 * An HTTP client on `@azure/core-rest-pipeline` with a fixed bearer token and the bounded retry
 * policy (429 + Retry-After, 5xx, dropped connections). Non-2xx answers are returned, not thrown.
 */
export function createArmClient(options: ArmClientOptions): ArmClient {
    const core = require("@azure/core-rest-pipeline") as typeof import("@azure/core-rest-pipeline");
    const pipeline = core.createEmptyPipeline();
    pipeline.addPolicy(boundedRetryPolicy(options));
    if (options.agent) pipeline.addPolicy(core.agentPolicy(options.agent));
    const httpClient = core.createDefaultHttpClient();
    return {
        async send(method, url, body) {
            const headers = core.createHttpHeaders({ authorization: `Bearer ${options.accessToken}`, accept: "application/json" });
            if (body !== undefined) headers.set("content-type", "application/json");
            const request = core.createPipelineRequest({
                url, method: method as never, headers, timeout: options.timeoutMs ?? 60_000,
                body: body === undefined ? undefined : JSON.stringify(body),
            });
            const response = await pipeline.sendRequest(httpClient, request);
            const text = response.bodyAsText ?? "";
            let json: unknown;
            try {
                json = text ? JSON.parse(text) : undefined;
            } catch {
                json = undefined;
            }
            return { status: response.status, header: (n) => response.headers.get(n), text, json };
        },
    };
}
