import type { TokenCredential } from "@azure/identity";
import type { PipelineResponse } from "@azure/core-rest-pipeline";
import type { Agent } from "node:http";
import { Readable } from "node:stream";
import { acquireToken, CredentialSpec } from "../../azure/credential";
import { armErrorOf, redact } from "../../azure/errors";
import { DEFAULT_REQUEST_TIMEOUT_MS, operationDeadlineMs } from "../../azure/timeouts";
import { RetryOptions } from "../../azure/retry";
import { boundedRetryPolicy } from "../../azure/retryPolicy";
import { SourceError } from "../../core/errors";

/** A JSON answer. */
export interface JsonResponse {
    /** HTTP status. */
    status: number;
    /** Header lookup (case-insensitive). */
    header: (name: string) => string | undefined;
    /** Parsed body, or undefined when empty or not JSON. */
    json: unknown;
}

/** Options of {@link createUsageHttp}. */
export interface UsageHttpOptions {
    /**
     * Credential for the API calls (blob downloads use their SAS and no token). Prefer a factory:
     * MSAL remembers a 429 / 5xx per client instance and would refuse the retry by itself.
     */
    credential: TokenCredential | (() => TokenCredential);
    /** Token scope, e.g. `https://graph.microsoft.com/.default`. */
    scope: string;
    /** The only origin the token is sent to (default: the scope's, e.g. `https://graph.microsoft.com`). */
    apiOrigin?: string;
    /** HTTP(S) agent (tests pass one trusting the fake's CA). */
    agent?: Agent;
    /** Retry bounds and the injectable clock (429 Retry-After, 5xx, dropped connections). */
    retry?: RetryOptions;
    /** How long Entra ID replication errors are retried when getting the token (ms). Default 0. */
    propagationTimeoutMs?: number;
    /**
     * Idle timeout of each request and of each blob download between two pieces of data (ms,
     * default 30 000); the retries of one request stop after four timeouts.
     */
    timeoutMs?: number;
    /** Values scrubbed from every message (e.g. the client secret). */
    secrets?: string[];
    /** The credential's kind and authority host, for sign-in advice that fits. */
    signIn?: { kind?: CredentialSpec["kind"]; authorityHost?: string };
}

/** HTTP for the remote sources: JSON API calls with a bearer token, and streamed blob downloads. */
export interface UsageHttp {
    /**
     * Sends an authenticated JSON request (retried on 429/5xx/dropped connections). Only URLs on the
     * API origin get the token: any other is refused. `headers` never replace `Authorization`.
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

/** Headers a response may never set on our requests (they carry or steer credentials). */
const FORBIDDEN_HEADERS = /^(authorization|proxy-authorization|cookie|host)$/i;

/**
 * HTTP on `@azure/core-rest-pipeline` (default Node client) with the shared bounded retry policy
 * from `azure/retryPolicy` (its clock is injectable, unlike the SDK's own retry policies) and a
 * token from `azure/credential` (`acquireToken`: replication-aware), refreshed before it expires.
 * Every request has an idle timeout and every operation a deadline; every message goes through
 * `redact` (secrets, SAS signatures) and names the host.
 * @param options credential, scope, agent and retry bounds
 */
export function createUsageHttp(options: UsageHttpOptions): UsageHttp {
    const core = require("@azure/core-rest-pipeline") as typeof import("@azure/core-rest-pipeline");
    const client = core.createDefaultHttpClient();
    const pipeline = core.createEmptyPipeline();
    const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    pipeline.addPolicy(boundedRetryPolicy({ deadlineMs: operationDeadlineMs(timeoutMs), ...options.retry }));
    const apiOrigin = options.apiOrigin ?? new URL(options.scope).origin;
    const secrets = options.secrets ?? [];
    const now = (): number => options.retry?.clock?.now?.() ?? Date.now();
    let token: { token: string; expiresOnTimestamp: number } | undefined;
    const bearer = async (): Promise<string> => {
        if (!token || token.expiresOnTimestamp - 5 * 60_000 < now()) {
            const got = await acquireToken(options.credential, options.scope, {
                propagationTimeoutMs: options.propagationTimeoutMs ?? 0,
                clock: options.retry?.clock,
                secrets,
                kind: options.signIn?.kind,
                authorityHost: options.signIn?.authorityHost,
                deadlineMs: operationDeadlineMs(timeoutMs),
            });
            token = got.token;
        }
        return token.token;
    };
    const fail = (message: string): SourceError => new SourceError(redact(message, secrets));
    const send = async (
        request: ReturnType<typeof core.createPipelineRequest>,
        what: string,
    ): Promise<PipelineResponse> => {
        request.agent = options.agent;
        try {
            return await pipeline.sendRequest(client, request);
        } catch (e) {
            throw fail(`${what} failed: ${describeFailure(e, new URL(request.url).host, timeoutMs)}`);
        }
    };
    return {
        async json(method, url, body, headers = {}) {
            const origin = new URL(url).origin;
            if (origin !== apiOrigin) {
                throw fail(
                    `A response pointed to ${withoutQuery(url)}, outside ${apiOrigin}; refusing to send the access token there. ` +
                        "Check the endpoint flags (--graph-endpoint / --partner-center-endpoint)",
                );
            }
            const extra = Object.fromEntries(Object.entries(headers).filter(([k]) => !FORBIDDEN_HEADERS.test(k)));
            const request = core.createPipelineRequest({
                url,
                method,
                timeout: timeoutMs,
                body: body === undefined ? undefined : JSON.stringify(body),
                headers: core.createHttpHeaders({
                    accept: "application/json",
                    ...(body === undefined ? {} : { "content-type": "application/json" }),
                    ...extra,
                    authorization: `Bearer ${await bearer()}`,
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
            const request = core.createPipelineRequest({ url, method: "GET", timeout: timeoutMs });
            request.streamResponseStatusCodes = new Set([200]);
            const response = await send(request, `Downloading blob ${name}`);
            if (response.status !== 200 || !response.readableStreamBody) {
                throw fail(
                    `Downloading blob ${name} failed with HTTP ${response.status}${errorText(response.bodyAsText)}. ` +
                        "The manifest's SAS token may have expired: run the export again",
                );
            }
            return Readable.from(
                withIdleTimeout(response.readableStreamBody as Readable, timeoutMs, new URL(url).host),
                { objectMode: false },
            );
        },
    };
}

/** Why a request failed, naming the host: a timeout, or the client's first line. */
function describeFailure(e: unknown, host: string, timeoutMs: number): string {
    const err = e as Error;
    if (err?.name === "AbortError" || /aborted|timed? ?out/i.test(String(err?.message)))
        return `${host} did not answer within ${timeoutMs / 1000} s`;
    return `${host}: ${String(err?.message ?? e).split("\n")[0]}`;
}

/**
 * The body's pieces, failing when none arrives for `timeoutMs` (only while waiting for the next
 * piece, so a slow consumer is not mistaken for a stalled host).
 */
async function* withIdleTimeout(body: Readable, timeoutMs: number, host: string): AsyncGenerator<Buffer> {
    const pieces = body[Symbol.asyncIterator]();
    let done = false;
    try {
        for (;;) {
            const timer = setTimeout(
                () => body.destroy(new Error(`no data from ${host} for ${timeoutMs / 1000} s`)),
                timeoutMs,
            );
            let next: IteratorResult<Buffer>;
            try {
                next = await pieces.next();
            } finally {
                clearTimeout(timer);
            }
            if (next.done) {
                done = true;
                return;
            }
            yield next.value;
        }
    } finally {
        if (!done) body.destroy();
    }
}

/** The URL without its query (which may hold a SAS signature). */
export function withoutQuery(url: string): string {
    return url.replace(/\?.*$/, "");
}

/** ": code: message" from an error body (Graph / ARM / Partner Center shapes), or "". */
export function errorText(body: unknown): string {
    const { code, message } = armErrorOf(body ?? undefined);
    const pc = body as { description?: unknown; errorCode?: unknown } | undefined;
    const text = [
        code ??
            (typeof pc?.errorCode === "string" || typeof pc?.errorCode === "number" ? String(pc.errorCode) : undefined),
        message ?? (typeof pc?.description === "string" ? pc.description : undefined),
    ]
        .filter(Boolean)
        .join(": ");
    return text ? ` (${text.slice(0, 300)})` : "";
}
