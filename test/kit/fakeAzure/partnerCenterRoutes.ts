/**
 * Partner Center v1 unbilled / billed usage line items on the fake:
 * `GET /v1/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=usagelineitems&...&size=N`
 * (and `/v1/invoices/{id}/lineitems`), answered in pages of `size` items. Every page but the last has
 * `links.next` with a relative `uri` (`…&seekOperation=Next`) and the `MS-ContinuationToken` header;
 * a next-page request without the right token gets 400.
 */
import type { FakeAzure } from "./server";

/** v1 line-item state on the fake. */
export class FakePartnerCenterV1 {
    /** The line items served (v1 `DailyRatedUsageLineItem` objects). */
    items: Record<string, unknown>[] = [];
    /** Most items per page, whatever `size` asks (the service may send fewer than asked). */
    maxPageSize = 2000;
    /** Continuation tokens received, in order. */
    readonly tokensReceived: string[] = [];
    /** Hostile: rewrites each page's `links.next` (e.g. the same link for ever, another origin, an Authorization header). */
    rewriteNext?: (next: { uri: string; method: string; headers: { key: string; value: string }[] }) => unknown;

    constructor(fake: FakeAzure) {
        fake.route("GET", /^\/v1\/invoices\/([^/]+)\/lineitems$/, ({ caller, query, headers, match }) => {
            if (!caller) return { status: 401, body: { code: 401, description: "Unauthorized", errorCode: 900 } };
            if (query.get("provider") !== "onetime" || query.get("invoicelineitemtype") !== "usagelineitems") {
                return {
                    status: 400,
                    body: {
                        code: 400,
                        description: "provider and invoicelineitemtype are required",
                        errorCode: 400000,
                    },
                };
            }
            if (match[1] === "unbilled" && !["current", "previous"].includes(query.get("period") ?? "")) {
                return {
                    status: 400,
                    body: { code: 400, description: "period must be current or previous", errorCode: 400001 },
                };
            }
            const size = Math.min(Number(query.get("size") ?? 2000), this.maxPageSize);
            let offset = 0;
            if (query.get("seekOperation") === "Next") {
                const token = String(headers["ms-continuationtoken"] ?? "");
                this.tokensReceived.push(token);
                const m = /^ct-(\d+)$/.exec(token);
                if (!m)
                    return {
                        status: 400,
                        body: { code: 400, description: "Invalid continuation token", errorCode: 400002 },
                    };
                offset = Number(m[1]);
            }
            const items = this.items.slice(offset, offset + size);
            const end = offset + items.length;
            const self = { uri: `/invoices/${match[1]}/lineitems?${query.toString()}`, method: "GET", headers: [] };
            const links: Record<string, unknown> = { self };
            if (end < this.items.length) {
                const q = new URLSearchParams(query);
                q.set("seekOperation", "Next");
                links.next = {
                    uri: `/invoices/${match[1]}/lineitems?${q.toString()}`,
                    method: "GET",
                    headers: [{ key: "MS-ContinuationToken", value: `ct-${end}` }],
                };
                if (this.rewriteNext) links.next = this.rewriteNext(links.next as never);
            }
            return {
                status: 200,
                body: { totalCount: items.length, items, links, attributes: { objectType: "Collection" } },
            };
        });
    }
}
