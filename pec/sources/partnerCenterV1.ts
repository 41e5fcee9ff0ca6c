import { InputError } from "../errors";
import { checkFields, newSlots, UsageLineReader } from "../usageLine";
import type { UsageSource } from "../verify";
import { errorText, SourceError, UsageHttp } from "./http";
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
