/**
 * Classification of Azure failures (token endpoint and ARM), shared by the PAL provider and the CLIs.
 * Pure: works on plain error objects, no SDK imports. Kept compact: these functions are serialized
 * by value into the PartnerAdminLink `__provider`. The error they lead to is core/errors' `AzureCallError`.
 */
import type { FailureKind } from "../core/errors";

export type { FailureKind } from "../core/errors";

/** The kind of an HTTP status. */
export function classifyStatus(status: number): FailureKind {
    if (status === 429) return "throttled";
    if (status >= 500 || status === 408) return "transient";
    return (
        ({ 400: "badRequest", 401: "unauthorized", 403: "forbidden", 404: "notFound" } as Record<number, FailureKind>)[
            status
        ] ?? "fatal"
    );
}

/**
 * Classifies an error thrown by an `@azure/identity` credential's `getToken` and extracts its
 * AADSTS code. Entra ID answers always carry an AADSTS code; MSAL reports 429, 5xx, dropped
 * connections and an unreachable authority (`endpoints_resolution_error`, even when raised as
 * CredentialUnavailableError) without one, so an error without a code is transient. A credential
 * chain with nothing signed in (AggregateAuthenticationError) is `unavailable`: retrying cannot help.
 * An unknown tenant (AADSTS90002, AADSTS900023, `invalid_tenant`, or `@azure/identity`'s "Invalid tenant id
 * provided" for a tenant with characters no tenant has) is `invalidTenant`, whatever else the error says.
 */
export function classifyTokenError(err: unknown): { kind: FailureKind; code?: number } {
    const e = err as
        | {
              name?: string;
              statusCode?: number;
              cause?: { status?: number };
              errorResponse?: { errorCodes?: number[] };
              message?: unknown;
          }
        | undefined;
    const text = String(e?.message ?? err);
    const m = /AADSTS(\d{5,8})/.exec(text);
    const code = e?.errorResponse?.errorCodes?.[0] ?? (m ? Number(m[1]) : undefined);
    const status = e?.statusCode ?? e?.cause?.status;
    const network = /network_error|endpoints_resolution|E(CONN|TIMEDOUT|NOTFOUND|AI_AGAIN)|abort|timed? ?out/i.test(
        text,
    );
    const kind: FailureKind =
        code === 90002 || code === 900023 || /invalid_tenant|Invalid tenant id provided/i.test(text)
            ? "invalidTenant"
            : code === 700016 || code === 7000215
              ? "replication"
              : code === 7000222
                ? "expiredSecret"
                : e?.name === "AggregateAuthenticationError"
                  ? "unavailable"
                  : code === undefined && network
                    ? "transient"
                    : e?.name === "CredentialUnavailableError"
                      ? "unavailable"
                      : code !== undefined ||
                          (typeof status === "number" && status < 500 && status !== 429 && status !== 408)
                        ? "fatal"
                        : status === 429
                          ? "throttled"
                          : "transient";
    return { kind, code };
}

/** An ARM error response body, either shape; fields are checked before use. */
type ArmErrorBody = { error?: { code?: unknown; message?: unknown }; code?: unknown; message?: unknown } | undefined;

/**
 * The ARM error code and message of a response body (object or JSON text), in either shape:
 * `{"error":{"code","message"}}` or the older top-level `{"code","message"}`.
 */
export function armErrorOf(body: unknown): { code?: string; message?: string } {
    let o = body as ArmErrorBody | string;
    try {
        if (typeof o === "string") o = JSON.parse(o) as ArmErrorBody;
    } catch {
        return {};
    }
    const src = (o?.error && typeof o.error === "object" ? o.error : o) ?? {};
    return {
        code: typeof src.code === "string" ? src.code : undefined,
        message: typeof src.message === "string" ? src.message : undefined,
    };
}

/**
 * The one redaction every message goes through: each secret (4+ characters) becomes `***`, a SAS
 * signature (`sig=…`) becomes `sig=***`, and a blob URL loses its whole query (its SAS token).
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
    return secrets
        .reduce<string>((out, s) => (s && s.length >= 4 ? out.split(s).join("***") : out), text)
        .replace(/(\.blob\.core\.[^?\s]*)\?[^\s"'<>)]*/gi, "$1")
        .replace(/\bsig=[^&\s"'<>)]+/gi, "sig=***");
}
