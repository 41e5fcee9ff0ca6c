import { createHash } from "node:crypto";
import { isGuid, isResourceGroupName } from "../../core/validation/formats";
import { DELEGATION_OPERATIONS, DelegationEvent } from "./model";

/**
 * Reading delegation events out of the tenant activity log (pure).
 *
 * Source: Microsoft Learn, Lighthouse, "Monitor delegation changes in your managing tenant", and its sample
 * script (Azure-Lighthouse-samples `tools/monitor-delegation-changes/monitor-delegation.ps1`): of the events
 * `GET /providers/microsoft.insights/eventtypes/management/values` returns, those whose `operationName.value` is
 * `Microsoft.Resources/tenants/register/action` (a delegation added, or changed: Azure logs a change as an
 * addition) or `…/unregister/action` (removed) and whose `eventName.value` is `EndRequest`; `status.value` is
 * Succeeded or Failed; `description` is JSON text with `delegationResourceId`, `subscriptionTenantId` and
 * `subscriptionId`. Field shapes: Azure REST API specs, Microsoft.Insights 2015-04-01 `EventData`.
 *
 * Everything in an event is untrusted text: values are kept only when they have the expected shape (GUIDs,
 * resource IDs, dates), and free text (the caller, an unreadable description) is shortened and kept apart.
 */

/** Longest free text kept from an event (caller, description), in characters. */
export const EVENT_TEXT_MAX = 300;
/** Longest `description` parsed as JSON, in characters. */
const DESCRIPTION_MAX = 64 * 1024;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
/** A LocalizableString's `value` (or a plain string, as some serializers write it). */
const localizable = (v: unknown): string | null =>
    typeof v === "string" ? v : typeof obj(v).value === "string" ? (obj(v).value as string) : null;
const text = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);

/** Text shortened to {@link EVENT_TEXT_MAX} characters (whole code points), with an ellipsis when cut. */
export function shorten(value: string, max = EVENT_TEXT_MAX): string {
    const chars = Array.from(value);
    return chars.length <= max ? value : `${chars.slice(0, max - 1).join("")}…`;
}

const RESOURCE_ID = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?(?:\/providers\/.*)?\/?$/i;

/**
 * The subscription and resource group a delegated resource ID names (`/subscriptions/{id}` or
 * `/subscriptions/{id}/resourceGroups/{name}`, possibly followed by `/providers/…`); undefined when it is
 * neither, or its parts are not a GUID and a valid resource group name.
 * @param id a resource ID from an event
 */
export function delegatedScopeOf(id: string): { subscriptionId: string; resourceGroup: string | null } | undefined {
    const m = RESOURCE_ID.exec(id.trim());
    if (!m || !isGuid(m[1])) return undefined;
    if (m[2] !== undefined && !isResourceGroupName(m[2])) return undefined;
    return { subscriptionId: m[1].toLowerCase(), resourceGroup: m[2] ?? null };
}

/** An event time as ISO 8601 UTC (`2026-11-02T10:15:00.123Z`), or null when it is not an ISO date-time. */
export function normaliseTimestamp(value: unknown): string | null {
    if (typeof value !== "string") return null;
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.exec(value.trim());
    if (!m) return null;
    // Azure writes up to seven fractional digits; Date keeps milliseconds.
    const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}${m[7] ? m[7].slice(0, 4) : ""}${m[8].toUpperCase()}`;
    const time = Date.parse(iso);
    return Number.isNaN(time) ? null : new Date(time).toISOString();
}

interface DescriptionFacts {
    customerTenantId: string | null;
    subscriptionId: string | null;
    resourceGroup: string | null;
    delegatedResourceId: string | null;
    problem: string | null;
}

/** The delegation an event's `description` names (JSON text, or an object), and what was wrong with it. */
function readDescription(value: unknown): DescriptionFacts {
    const none = (problem: string): DescriptionFacts => ({
        customerTenantId: null,
        subscriptionId: null,
        resourceGroup: null,
        delegatedResourceId: null,
        problem,
    });
    let parsed: unknown = value;
    if (typeof value === "string") {
        if (value.trim() === "") return none("The event has no description, so it does not say which delegation.");
        if (value.length > DESCRIPTION_MAX)
            return none("The event's description is too long to be a delegation's; it was not read.");
        try {
            parsed = JSON.parse(value);
        } catch {
            return none("The event's description is not JSON, so it does not say which delegation.");
        }
    }
    const d = obj(parsed);
    if (d !== parsed) return none("The event's description is not a JSON object, so it does not say which delegation.");
    const resourceText = text(d.delegationResourceId);
    const scope = resourceText === null ? undefined : delegatedScopeOf(resourceText);
    const subscriptionText = text(d.subscriptionId);
    const subscriptionId =
        subscriptionText !== null && isGuid(subscriptionText.trim())
            ? subscriptionText.trim().toLowerCase()
            : (scope?.subscriptionId ?? null);
    const tenantText = text(d.subscriptionTenantId);
    const customerTenantId = tenantText !== null && isGuid(tenantText.trim()) ? tenantText.trim().toLowerCase() : null;
    const sameSubscription = scope === undefined || subscriptionId === scope.subscriptionId;
    const problems = [
        subscriptionId === null ? "no subscription ID" : null,
        customerTenantId === null ? "no customer tenant ID" : null,
        resourceText !== null && scope === undefined
            ? "a delegationResourceId that is not a subscription or resource group"
            : null,
        sameSubscription ? null : "a delegationResourceId of another subscription than its subscriptionId",
    ].filter((p): p is string => p !== null);
    return {
        customerTenantId,
        subscriptionId,
        resourceGroup: sameSubscription ? (scope?.resourceGroup ?? null) : null,
        delegatedResourceId:
            scope === undefined || !sameSubscription
                ? subscriptionId === null
                    ? null
                    : `/subscriptions/${subscriptionId}`
                : `/subscriptions/${scope.subscriptionId}${scope.resourceGroup ? `/resourceGroups/${scope.resourceGroup}` : ""}`,
        problem: problems.length > 0 ? `The event's description has ${problems.join(", ")}.` : null,
    };
}

/** The key of an event that has neither `eventDataId` nor `id`: a hash of what identifies it. */
function contentKey(e: Obj): string {
    const parts = [
        localizable(e.operationName),
        localizable(e.status),
        String(e.eventTimestamp),
        typeof e.description === "string" ? e.description : JSON.stringify(e.description ?? null),
        String(e.correlationId),
    ];
    return `sha256:${createHash("sha256").update(JSON.stringify(parts)).digest("hex")}`;
}

/**
 * One event of the tenant activity log as a delegation event, or undefined when it is not one (another
 * operation, or not its `EndRequest`). Never throws: whatever the event holds, the result carries only checked
 * values and shortened free text.
 * @param item an element of the `value` array of a page of the tenant activity log
 */
export function parseDelegationEvent(item: unknown): DelegationEvent | undefined {
    const e = obj(item);
    const operation = localizable(e.operationName)?.trim().toLowerCase();
    const change =
        operation === DELEGATION_OPERATIONS.register.toLowerCase()
            ? "added-or-changed"
            : operation === DELEGATION_OPERATIONS.unregister.toLowerCase()
              ? "removed"
              : undefined;
    if (change === undefined) return undefined;
    if (localizable(e.eventName)?.trim().toLowerCase() !== "endrequest") return undefined;
    const statusText = localizable(e.status)?.trim() ?? "";
    const status = /^succeeded$/i.test(statusText) ? "succeeded" : /^failed$/i.test(statusText) ? "failed" : "other";
    const description = readDescription(e.description);
    const idText = text(e.eventDataId) ?? text(e.id);
    const rawDescription =
        description.problem === null
            ? null
            : shorten(typeof e.description === "string" ? e.description : JSON.stringify(e.description ?? null));
    return {
        key: idText !== null ? shorten(idText.trim(), 400) : contentKey(e),
        change,
        status,
        rawStatus: status === "other" ? shorten(statusText || "(none)", 60) : null,
        eventTimestamp: normaliseTimestamp(e.eventTimestamp),
        customerTenantId: description.customerTenantId,
        subscriptionId: description.subscriptionId,
        resourceGroup: description.resourceGroup,
        delegatedResourceId: description.delegatedResourceId,
        caller: text(e.caller) === null ? null : shorten((e.caller as string).trim()),
        descriptionProblem: description.problem,
        rawDescription,
    };
}

/**
 * The delegation events of a list of activity log items, each once (by key), oldest first (events without a
 * valid time last).
 * @param items events of every page
 */
export function delegationEvents(items: Iterable<unknown>): DelegationEvent[] {
    const byKey = new Map<string, DelegationEvent>();
    for (const item of items) {
        const event = parseDelegationEvent(item);
        if (event && !byKey.has(event.key)) byKey.set(event.key, event);
    }
    return sortEvents([...byKey.values()]);
}

/** Events oldest first; events without a time last; ties by key. */
export function sortEvents(events: DelegationEvent[]): DelegationEvent[] {
    const time = (e: DelegationEvent) => (e.eventTimestamp === null ? Infinity : Date.parse(e.eventTimestamp));
    return [...events].sort((a, b) => time(a) - time(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
