import { randomUUID } from "node:crypto";
import type { FakeAzure, RouteContext, RouteResult } from "./server";

/**
 * The managing tenant's tenant-level activity log for the fake Azure (used by `watch` and `doctor` tests):
 * `GET /providers/microsoft.insights/eventtypes/management/values?api-version=2015-04-01&$filter=eventTimestamp ge '…'`
 * (REST: Microsoft.Insights TenantActivityLogs_List; shapes: `EventData`, `EventDataCollection`), paged with
 * `nextLink`. Events are stored as Azure returns them; {@link delegationEvent} builds the documented delegation
 * events (Microsoft Learn, Lighthouse, "Monitor delegation changes in your managing tenant", and the sample script
 * Azure-Lighthouse-samples `tools/monitor-delegation-changes/monitor-delegation.ps1`).
 */

/** The API version the route requires (else 400). */
export const ACTIVITY_LOG_API_VERSION = "2015-04-01";

/** State of the fake activity log. */
export class ActivityLogState {
    /** Events as the API returns them (raw JSON objects; anything may be put here, hostile shapes included). */
    readonly events: unknown[] = [];
    /** Events per page (default 2, so paging is always exercised). */
    pageSize = 2;
    /**
     * Answer the first request with an empty page that only points to the next one (the sample script's comment:
     * "First link can be empty - and point to a next link").
     */
    emptyFirstPage = false;
    /** Object IDs holding Monitoring Reader at root scope, or `"anyone"` (the default): others get 403. */
    readers: Set<string> | "anyone" = "anyone";
    /** Rewrites each nextLink before it is sent (hostile links: another origin, a repeat). */
    rewriteNext?: (next: string, page: number) => string;
    /** The `$filter` of each request received, in order. */
    readonly filters: string[] = [];

    /** Adds events (in any order: the route sorts newest first, as Azure does). */
    add(...events: unknown[]): void {
        this.events.push(...events);
    }
}

/** What a delegation event is built from. */
export interface DelegationEventSpec {
    /** `register` (added or changed) or `unregister` (removed). */
    operation: "register" | "unregister";
    /** `Succeeded` (default), `Failed`, or any other status text. */
    status?: string;
    /** `EndRequest` (default) or `BeginRequest`. */
    eventName?: string;
    /** When (ISO 8601). */
    eventTimestamp: string;
    /** The customer's tenant. */
    customerTenantId: string;
    /** The delegated subscription. */
    subscriptionId: string;
    /** For a resource-group delegation. */
    resourceGroup?: string;
    /** The managing tenant. */
    managingTenantId: string;
    /** Who did it (default a customer admin's UPN). */
    caller?: string;
    /** Replaces the description text (JSON text of the delegation, by default). */
    description?: unknown;
    /** The event's ID (default a fresh GUID). */
    eventDataId?: string;
}

/**
 * A delegation event as the tenant activity log returns it: `EventData` (Microsoft.Insights 2015-04-01) with the
 * operation, `eventName`, `status`, `eventTimestamp`, and `description` as JSON text holding
 * `delegationResourceId`, `subscriptionTenantId` and `subscriptionId`.
 * @param spec what happened
 */
export function delegationEvent(spec: DelegationEventSpec): Record<string, unknown> {
    const operation = `Microsoft.Resources/tenants/${spec.operation}/action`;
    const status = spec.status ?? "Succeeded";
    const eventName = spec.eventName ?? "EndRequest";
    const eventDataId = spec.eventDataId ?? randomUUID();
    const correlationId = randomUUID();
    const delegationResourceId = `/subscriptions/${spec.subscriptionId}${spec.resourceGroup ? `/resourceGroups/${spec.resourceGroup}` : ""}`;
    const ticks = (BigInt(Date.parse(spec.eventTimestamp)) * 10_000n + 621_355_968_000_000_000n).toString();
    const local = (value: string) => ({ value, localizedValue: value });
    return {
        authorization: { action: operation, scope: `/providers/Microsoft.Resources/tenants/${spec.managingTenantId}` },
        caller: spec.caller ?? "admin@customer.onmicrosoft.com",
        channels: "Operation",
        claims: {
            aud: "https://management.core.windows.net/",
            iss: `https://sts.windows.net/${spec.customerTenantId}/`,
            "http://schemas.microsoft.com/identity/claims/tenantid": spec.customerTenantId,
        },
        correlationId,
        description:
            spec.description ??
            JSON.stringify({
                delegationResourceId,
                subscriptionTenantId: spec.customerTenantId,
                subscriptionId: spec.subscriptionId,
            }),
        eventDataId,
        eventName: { value: eventName, localizedValue: eventName === "EndRequest" ? "End request" : "Begin request" },
        category: local("Administrative"),
        id: `/providers/Microsoft.Resources/tenants/${spec.managingTenantId}/events/${eventDataId}/ticks/${ticks}`,
        level: status === "Failed" ? "Error" : "Informational",
        resourceProviderName: local("Microsoft.Resources"),
        resourceType: local("Microsoft.Resources/tenants"),
        operationId: correlationId,
        operationName: local(operation),
        properties: { statusCode: status === "Failed" ? "BadRequest" : "OK" },
        status: local(eventName === "BeginRequest" ? "Started" : status),
        subStatus: local(status === "Failed" ? "BadRequest" : "OK"),
        eventTimestamp: spec.eventTimestamp,
        submissionTimestamp: spec.eventTimestamp,
        tenantId: spec.managingTenantId,
    };
}

/** A `BeginRequest` and an `EndRequest` event of one operation, as Azure logs both. */
export function delegationEventPair(spec: DelegationEventSpec): Record<string, unknown>[] {
    return [
        delegationEvent({ ...spec, eventName: "BeginRequest" }),
        delegationEvent({ ...spec, eventName: "EndRequest" }),
    ];
}

/** Registers the route on the fake and returns its state. */
export function addActivityLogRoutes(fake: FakeAzure): ActivityLogState {
    const state = new ActivityLogState();
    fake.route(
        "GET",
        /^\/providers\/microsoft\.insights\/eventtypes\/management\/values$/i,
        (ctx: RouteContext): RouteResult => {
            if (!ctx.caller)
                return {
                    status: 401,
                    body: fake.armError("InvalidAuthenticationToken", "The access token is missing or invalid."),
                };
            if (ctx.query.get("api-version") !== ACTIVITY_LOG_API_VERSION)
                return {
                    status: 400,
                    body: fake.armError(
                        "InvalidApiVersionParameter",
                        `The api-version '${ctx.query.get("api-version")}' is invalid.`,
                    ),
                };
            if (state.readers !== "anyone" && !state.readers.has(ctx.caller.objectId.toLowerCase()))
                return {
                    status: 403,
                    body: fake.armError(
                        "AuthorizationFailed",
                        `The client '${ctx.caller.objectId}' with object id '${ctx.caller.objectId}' does not have authorization to perform action 'microsoft.insights/eventtypes/values/read' over scope '/providers/microsoft.insights/eventtypes/management' or the scope is invalid.`,
                    ),
                };
            const filter = ctx.query.get("$filter") ?? "";
            state.filters.push(filter);
            const m = /^eventTimestamp ge '([^']+)'(?: and eventTimestamp le '([^']+)')?$/.exec(filter);
            if (!m || Number.isNaN(Date.parse(m[1])))
                return {
                    status: 400,
                    body: fake.armError(
                        "BadRequest",
                        "The $filter must start with eventTimestamp ge '<start time>' (the test route's one pattern).",
                    ),
                };
            const from = Date.parse(m[1]);
            const to = m[2] === undefined ? Infinity : Date.parse(m[2]);
            const time = (e: unknown) => Date.parse(String((e as { eventTimestamp?: unknown })?.eventTimestamp));
            const all = state.events
                .filter((e) => {
                    const t = time(e);
                    return Number.isNaN(t) || (t >= from && t <= to);
                })
                .sort((a, b) => (time(b) || 0) - (time(a) || 0));
            const token = Number(ctx.query.get("$skipToken") ?? "0");
            const page = Number(ctx.query.get("page") ?? "0");
            const empty = state.emptyFirstPage && page === 0;
            const skip = empty ? 0 : token;
            const next = empty ? 0 : skip + state.pageSize;
            const query = new URLSearchParams(ctx.query);
            query.set("$skipToken", String(next));
            query.set("page", String(page + 1));
            const nextLink = `${fake.url}${ctx.path}?${query.toString()}`;
            return {
                status: 200,
                body: {
                    value: empty ? [] : all.slice(skip, next),
                    ...(empty || next < all.length
                        ? { nextLink: state.rewriteNext ? state.rewriteNext(nextLink, page) : nextLink }
                        : {}),
                },
            };
        },
    );
    return state;
}
