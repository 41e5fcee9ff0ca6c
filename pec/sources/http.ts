import type { TokenCredential } from "@azure/identity";
import type { PipelineResponse } from "@azure/core-rest-pipeline";
import type { Agent } from "node:http";
import { acquireToken } from "../../azure/credential";
import { armErrorOf } from "../../azure/errors";
import { RetryOptions } from "../../azure/retry";
import { boundedRetryPolicy } from "../../azure/retryPolicy";
import { SourceError } from "../errors";

// Defined with the other input errors so the CLI can recognise it without loading the HTTP stack.
export { SourceError } from "../errors";

/** A JSON answer. */
export interface JsonResponse {
    /** HTTP status. */
    status: number;
    /** Header lookup (case-insensitive). */
    header(name: string): string | undefined;
    /** Parsed body, or undefined when empty or not JSON. */
    json: unknown;
}

/** Options of {@link createUsageHttp}. */
export interface UsageHttpOptions {
    /** Credential for the API calls (blob downloads use their SAS and no token). */
    credential: TokenCredential;
    /** Token scope, e.g. `https://graph.microsoft.com/.default`. */
    scope: string;
    /** HTTP(S) agent (tests pass one trusting the fake's CA). */
    agent?: Agent;
    /** Retry bounds and the injectable clock (429 Retry-After, 5xx, dropped connections). */
    retry?: RetryOptions;
    /** How long Entra ID replication errors are retried when getting the token (ms). Default 0. */
    propagationTimeoutMs?: number;
}

/** HTTP for the remote sources: JSON API calls with a bearer token, and streamed blob downloads. */
export interface UsageHttp {
    /**
     * Sends an authenticated JSON request (retried on 429/5xx/dropped connections).
     * @param method HTTP method
     * @param url absolute URL
     * @param body JSON body
     * @param headers extra headers
     */
    json(method: "GET" | "POST", url: string, body?: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
    /**
     * Downloads a blob as a stream, without a token (the URL carries its SAS).
     * @param url absolute URL with SAS
     * @param name blob name for messages (the URL is never shown: it holds the signature)
     */
    stream(url: string, name: string): Promise<NodeJS.ReadableStream>;
}

/**
 * HTTP on `@azure/core-rest-pipeline` (default Node client) with the shared bounded retry policy
 * from `azure/retryPolicy` (its clock is injectable, unlike the SDK's own retry policies) and a
 * token from `azure/credential` (`acquireToken`: replication-aware), refreshed before it expires.
 * @param options credential, scope, agent and retry bounds
 */
export function createUsageHttp(options: UsageHttpOptions): UsageHttp {
    const core = require("@azure/core-rest-pipeline") as typeof import("@azure/core-rest-pipeline");
    const client = core.createDefaultHttpClient();
    const pipeline = core.createEmptyPipeline();
    pipeline.addPolicy(boundedRetryPolicy(options.retry));
    const now = (): number => options.retry?.clock?.now?.() ?? Date.now();
    let token: { token: string; expiresOnTimestamp: number } | undefined;
    const bearer = async (): Promise<string> => {
        if (!token || token.expiresOnTimestamp - 5 * 60_000 < now()) {
            const got = await acquireToken(options.credential, options.scope, {
                propagationTimeoutMs: options.propagationTimeoutMs ?? 0, clock: options.retry?.clock,
            });
            token = got.token;
        }
        return token.token;
    };
    const send = async (request: ReturnType<typeof core.createPipelineRequest>, what: string): Promise<PipelineResponse> => {
        request.agent = options.agent;
        try {
            return await pipeline.sendRequest(client, request);
        } catch (e) {
            throw new SourceError(`${what} failed: ${(e as Error).message.split("\n")[0]}`);
        }
    };
    return {
        async json(method, url, body, headers = {}) {
            const request = core.createPipelineRequest({
                url, method, timeout: 120_000, body: body === undefined ? undefined : JSON.stringify(body),
                headers: core.createHttpHeaders({
                    authorization: `Bearer ${await bearer()}`, accept: "application/json",
                    ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers,
                }),
            });
            const response = await send(request, `${method} ${withoutQuery(url)}`);
            let json: unknown;
            try {
                json = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
            } catch {
                json = undefined;
            }
            return { status: response.status, header: (name) => response.headers.get(name), json };
        },
        async stream(url, name) {
            const request = core.createPipelineRequest({ url, method: "GET", timeout: 0 });
            request.streamResponseStatusCodes = new Set([200]);
            const response = await send(request, `Downloading blob ${name}`);
            if (response.status !== 200 || !response.readableStreamBody) {
                throw new SourceError(`Downloading blob ${name} failed with HTTP ${response.status}${errorText(response.bodyAsText)}. ` +
                    "The manifest's SAS token may have expired: run the export again");
            }
            return response.readableStreamBody;
        },
    };
}

/** The URL without its query (which may hold a SAS signature). */
export function withoutQuery(url: string): string {
    return url.replace(/\?.*$/, "");
}

/** ": code: message" from an error body (Graph / ARM / Partner Center shapes), or "". */
export function errorText(body: unknown): string {
    const { code, message } = armErrorOf(body ?? undefined);
    const pc = body as { description?: unknown; errorCode?: unknown } | undefined;
    const text = [code ?? (typeof pc?.errorCode === "string" || typeof pc?.errorCode === "number" ? String(pc.errorCode) : undefined),
        message ?? (typeof pc?.description === "string" ? pc.description : undefined)].filter(Boolean).join(": ");
    return text ? ` (${text.slice(0, 300)})` : "";
}
