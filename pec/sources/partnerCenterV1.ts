import { InputError, SourceError } from "../../core/errors";
import { checkFields, newSlots, UsageLineReader } from "../usageLine";
import type { UsageSource } from "../verify";
import { errorText, UsageHttp } from "./http";
import { slotsFromObject } from "./jsonLineScanner";

/** Options of {@link partnerCenterV1Source}. */
export interface PartnerCenterV1Options {
    /** HTTP with a token for the Partner Center API. */
    http: UsageHttp;
    /** Partner Center base URL, e.g. `https://api.partnercenter.microsoft.com`. */
    endpoint: string;
    /** Unbilled period (`current` / `last`, sent as `current` / `previous`), or a billed invoice. */
    scope:
        | { kind: "unbilled"; period: "current" | "last"; currencyCode: string }
        | { kind: "billed"; invoiceId: string; currencyCode: string };
    /** Page size (`size`, at most 2000). */
    pageSize?: number;
    /** Most pages read before giving up (a guard against a server that never ends). Default 50 000 (100 million line items). */
    maxPages?: number;
}

interface Page {
    items?: unknown[];
    links?: { next?: { uri?: string; headers?: { key?: string; value?: string }[] } };
}

/**
 * Partner Center v1 daily rated usage line items (legacy; camelCase, PEC as the fraction
 * `rateOfPartnerEarnedCredit`) as a usage source: pages of `size` items, following
 * `links.next.uri` with the `MS-ContinuationToken` header from `links.next.headers` until a page
 * has no `next`. Pages are read one at a time. A continuation token (or, without one, a URI) seen before,
 * or more than `maxPages` pages, stops the read with an error naming the limit.
 * @param options HTTP, endpoint and scope
 */
export function partnerCenterV1Source(options: PartnerCenterV1Options): UsageSource {
    const base = options.endpoint.replace(/\/+$/, "");
    return {
        label: "partner center v1",
        async read(sink, progress) {
            const { scope } = options;
            const size = options.pageSize ?? 2000;
            const common = `provider=onetime&invoicelineitemtype=usagelineitems&currencycode=${encodeURIComponent(scope.currencyCode.toLowerCase())}`;
            let url =
                scope.kind === "billed"
                    ? `${base}/v1/invoices/${encodeURIComponent(scope.invoiceId)}/lineitems?${common}&size=${size}`
                    : `${base}/v1/invoices/unbilled/lineitems?${common}&period=${scope.period === "last" ? "previous" : "current"}&size=${size}`;
            let headers: Record<string, string> = {};
            const slots = newSlots();
            const seen = new Set<string>();
            const maxPages = options.maxPages ?? 50_000;
            let item = 0;
            for (let page = 1; ; page++) {
                if (page > maxPages)
                    throw new SourceError(
                        `Partner Center kept sending pages: stopped at the page limit (${maxPages} pages)`,
                    );
                progress(`partner center v1 page ${page}`);
                const answer = await options.http.json("GET", url, undefined, headers);
                if (answer.status !== 200 || typeof answer.json !== "object" || answer.json === null) {
                    throw new SourceError(
                        `Partner Center line items page ${page} failed: HTTP ${answer.status}${errorText(answer.json)}` +
                            (answer.status === 403
                                ? ". The identity needs Partner Center access (App+User or an app registered in Partner Center)"
                                : ""),
                    );
                }
                const body = answer.json as Page;
                const source = `partner center v1 page ${page}`;
                const reader = new UsageLineReader(source);
                for (const [i, raw] of (body.items ?? []).entries()) {
                    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
                        throw new InputError("is not a line item object", { source, line: i + 1 });
                    }
                    slotsFromObject(raw as Record<string, unknown>, slots);
                    if (item++ === 0)
                        checkFields(
                            slots.map((v) => v !== undefined),
                            source,
                            i + 1,
                            "key",
                        );
                    sink(reader.read(slots, i + 1));
                }
                const next = body.links?.next;
                if (!next?.uri) return;
                url = nextPageUrl(base, next.uri);
                headers = {};
                for (const h of next.headers ?? []) if (h.key && h.value !== undefined) headers[h.key] = h.value;
                const token = Object.entries(headers).find(([k]) => k.toLowerCase() === "ms-continuationtoken")?.[1];
                // Pages share one URI and differ by token; without a token, the URI must differ.
                const key = token === undefined ? `uri ${url}` : `token ${token}`;
                if (seen.has(key)) {
                    throw new SourceError(
                        `Partner Center sent page ${page}'s next link${token === undefined ? "" : " and continuation token"} a second time: stopped (repeated next link), as it would loop for ever`,
                    );
                }
                seen.add(key);
            }
        },
    };
}

/**
 * From this date Microsoft's Partner Center line-item pages send Azure plan (new commerce) daily rated usage of
 * current billing periods to the billed and unbilled daily rated usage reconciliation API v2, which Microsoft
 * Graph serves (`/reports/partners/billing/usage/{billed|unbilled}/export`: `verify --source graph`).
 */
export const V1_AZURE_PLAN_CUTOFF = "2025-04-21";

/** The first day (UTC, `YYYY-MM-DD`) of the calendar month `monthsBack` months before the one holding `nowMs`. */
function monthStart(nowMs: number, monthsBack: number): string {
    const d = new Date(nowMs);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1)).toISOString().slice(0, 10);
}

/**
 * The warning for a `verify --source partner-center-v1` request made at `nowMs`, or undefined before
 * {@link V1_AZURE_PLAN_CUTOFF}. The rule is the one of Partner Center's "Get invoice unbilled / billed commercial
 * consumption line items" pages: from the cutoff date on, the unbilled line items of the current and previous
 * billing periods come from the v2 API only (so every unbilled request made since then), and billed line items
 * of billing periods from September 2022 on come from v2 only, v1 keeping older invoices. An invoice ID does not
 * say its billing period, so a billed request names that exception instead of deciding it.
 * @param scope the requested unbilled period or billed invoice
 * @param nowMs the time of the request (epoch milliseconds)
 */
export function partnerCenterV1Notice(scope: PartnerCenterV1Options["scope"], nowMs: number): string | undefined {
    if (new Date(nowMs).toISOString().slice(0, 10) < V1_AZURE_PLAN_CUTOFF) return undefined;
    const graph =
        "Microsoft Graph's partner billing export, the v2 reconciliation API (app permission PartnerBilling.Read.All, granted in the partner tenant)";
    if (scope.kind === "unbilled") {
        const start = monthStart(nowMs, scope.period === "last" ? 1 : 0);
        return (
            `since ${V1_AZURE_PLAN_CUTOFF} Partner Center v1 line items no longer serve Azure plan usage of the current and previous billing periods ` +
            `(asked: --period ${scope.period}, the period that began ${start}), so this report may miss usage or be empty. ` +
            `Use --source graph --period ${scope.period} instead: ${graph}.`
        );
    }
    return (
        `since ${V1_AZURE_PLAN_CUTOFF} Partner Center v1 line items serve billed Azure plan usage only for invoices of billing periods before September 2022. ` +
        `If invoice ${scope.invoiceId} is for a later period, use --source graph --invoice ${scope.invoiceId} instead: ${graph}.`
    );
}

/**
 * The absolute URL of the next page: `links.next.uri` is absolute, or relative to the API root
 * (`/v1/...`) or to `/v1` (`/invoices/...`), depending on the API version that wrote it.
 * @param base the Partner Center base URL
 * @param uri `links.next.uri`
 */
export function nextPageUrl(base: string, uri: string): string {
    if (/^https?:\/\//i.test(uri)) return uri;
    const path = uri.startsWith("/") ? uri : `/${uri}`;
    return /^\/v1\//i.test(path) ? `${base}${path}` : `${base}/v1${path}`;
}
