/**
 * Classification of Azure failures (token endpoint and ARM), shared by the PAL provider and the CLIs.
 * Pure: works on plain error objects, no SDK imports.
 */

/** How a failure should be handled. */
export type FailureKind =
    /** Entra ID has not replicated a new app / secret yet (AADSTS700016, AADSTS7000215): retry until the propagation deadline. */
    | "replication"
    /** The client secret expired (AADSTS7000222): never transient. */
    | "expiredSecret"
    /** 429: retry after `Retry-After`. */
    | "throttled"
    /** 5xx, dropped connection, timeout: retry with bounded backoff. */
    | "transient"
    /** 400. */
    | "badRequest"
    /** 401 from ARM. */
    | "unauthorized"
    /** 403. */
    | "forbidden"
    /** 404. */
    | "notFound"
    /** The credential cannot be used here (e.g. not signed in with `az login`). */
    | "unavailable"
    /** Anything else. */
    | "fatal";

/** Failure kinds that are retried with backoff. */
export const RETRYABLE: ReadonlySet<FailureKind> = new Set(["replication", "throttled", "transient"]);

/** Node / undici / core-rest-pipeline codes of a connection that failed or dropped. */
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNABORTED", "EAI_AGAIN", "REQUEST_SEND_ERROR", "UND_ERR_SOCKET"]);

/** The first AADSTS code in an error (from `error_codes` or the message text). */
export function aadstsCode(err: unknown): number | undefined {
    const e = err as { errorResponse?: { errorCodes?: number[]; error_codes?: number[] }; message?: unknown } | undefined;
    const codes = e?.errorResponse?.errorCodes ?? e?.errorResponse?.error_codes;
    if (Array.isArray(codes) && typeof codes[0] === "number") return codes[0];
    const m = /AADSTS(\d{5,8})/.exec(String(e?.message ?? err));
    return m ? Number(m[1]) : undefined;
}

/** True when the error (or its cause chain) is a failed or dropped connection. */
export function isNetworkError(err: unknown): boolean {
    for (let e = err as { code?: unknown; cause?: unknown; message?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
        if (typeof e.code === "string" && NETWORK_CODES.has(e.code)) return true;
        if (/socket hang up|ECONNRESET|network|ECONNREFUSED|other side closed/i.test(String(e.message ?? ""))) return true;
    }
    return false;
}

/** The kind of an HTTP status. */
export function classifyStatus(status: number): FailureKind {
    if (status === 429) return "throttled";
    if (status >= 500 || status === 408) return "transient";
    if (status === 400) return "badRequest";
    if (status === 401) return "unauthorized";
    if (status === 403) return "forbidden";
    if (status === 404) return "notFound";
    return "fatal";
}

/**
 * Classifies an error thrown by an `@azure/identity` credential's `getToken`. Entra ID answers
 * always carry an AADSTS code; MSAL reports 429, 5xx and dropped connections without one (often
 * with an empty message), so an error without a code is treated as transient.
 */
export function classifyTokenError(err: unknown): FailureKind {
    const code = aadstsCode(err);
    if (code === 700016 || code === 7000215) return "replication";
    if (code === 7000222) return "expiredSecret";
    const e = err as { name?: string; statusCode?: number; cause?: { status?: unknown } } | undefined;
    if (e?.name === "CredentialUnavailableError") return "unavailable";
    if (code !== undefined) return "fatal";
    const status = typeof e?.statusCode === "number" ? e.statusCode : typeof e?.cause?.status === "number" ? e.cause.status : undefined;
    if (status !== undefined && status < 500 && status !== 429 && status !== 408) return "fatal";
    return status === 429 ? "throttled" : "transient";
}

/**
 * The ARM error code and message of a response body, in either shape:
 * `{"error":{"code","message"}}` or the older top-level `{"code","message"}`.
 */
export function armErrorOf(body: unknown): { code?: string; message?: string } {
    let b = body;
    if (typeof b === "string") {
        try {
            b = JSON.parse(b);
        } catch {
            return {};
        }
    }
    const o = (b ?? {}) as { error?: { code?: unknown; message?: unknown }; code?: unknown; message?: unknown };
    const src = o.error && typeof o.error === "object" ? o.error : o;
    return {
        code: typeof src.code === "string" ? src.code : undefined,
        message: typeof src.message === "string" ? src.message : undefined,
    };
}

/** Replaces every occurrence of each secret in `text` with `***`. Secrets shorter than 4 characters are ignored. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
    let out = text;
    for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("***");
    return out;
}

/** An Azure failure with a classification and an actionable, secret-free message. */
export class AzureCallError extends Error {
    /** How the failure was classified. */
    readonly kind: FailureKind;
    /** HTTP status, when there was a response. */
    readonly status?: number;
    /** ARM error code or `AADSTS<n>`. */
    readonly code?: string;

    /**
     * @param message - the full, secret-free message
     * @param kind - the classification
     * @param status - HTTP status if any
     * @param code - ARM error code or AADSTS code if any
     */
    constructor(message: string, kind: FailureKind, status?: number, code?: string) {
        super(message);
        this.name = "AzureCallError";
        this.kind = kind;
        this.status = status;
        this.code = code;
    }
}
