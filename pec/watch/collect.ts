import { ArmResponse } from "../../azure/armClient";
import { ArmConnection, ArmSession, openArmSession } from "../../azure/armSession";
import { armErrorOf, classifyStatus, redact } from "../../azure/errors";
import { AzureCallError } from "../../core/errors";

import { parsePage, parseRegistrationAssignment } from "../../doctor/parse";
import { parseDelegationEvent, sortEvents } from "./events";
import { filterTime } from "./since";
import type { AssignmentSeen, DelegationEvent, DelegationReading, ExpectedDelegation } from "./model";

/**
 * What `watch` reads from Azure, through the shared retrying ARM pipeline (timeouts, bounded retries, the token
 * only to the Resource Manager origin, secrets redacted from every message):
 * - the managing tenant's tenant-level activity log: `GET /providers/microsoft.insights/eventtypes/management/values`
 *   (api-version 2015-04-01, `$filter=eventTimestamp ge '…'`, every `nextLink` page up to a bound) — Microsoft Learn,
 *   Lighthouse, "Monitor delegation changes in your managing tenant"; REST: Microsoft.Insights TenantActivityLogs_List;
 * - per expected subscription, the registration assignments with their definitions, one by one when the stack
 *   outputs name them (`GET {assignmentId}?$expandRegistrationDefinition=true`), else the subscription's list —
 *   Microsoft.ManagedServices 2022-10-01, RegistrationAssignments_Get / _List.
 */

/** API versions `watch` reads with. */
export const WATCH_API_VERSIONS = { activityLog: "2015-04-01", managedServices: "2022-10-01" } as const;

/** Most pages of the activity log followed in one run (a page holds up to a few hundred events). */
export const DEFAULT_MAX_LOG_PAGES = 1000;

/** How `watch` reaches Azure: the credential says who to sign in as. */
export type WatchConnection = ArmConnection;

/** A signed-in session: the ARM client, the Resource Manager base URL, the secrets to redact and who signed in. */
export type WatchSession = ArmSession;

/**
 * Signs in and reads who the token belongs to.
 * @param conn credential, endpoints and transport
 * @throws AzureCallError (no secret in it) when sign-in fails or the token names no tenant and object
 */
export async function openWatchSession(conn: WatchConnection): Promise<WatchSession> {
    return openArmSession(conn, {
        unidentified:
            "The access token does not say which identity it belongs to (no tid/oid GUID claims); watch needs a Microsoft Entra ID token for a user or service principal.",
        requireGuids: true,
    });
}

async function send(s: WatchSession, url: string): Promise<ArmResponse> {
    try {
        return await s.client.send("GET", url);
    } catch (e) {
        const detail = redact(String((e as Error)?.message ?? e), s.secrets).split(/\r?\n/)[0];
        throw new AzureCallError(
            `Could not reach Azure Resource Manager at ${new URL(url).origin} (${detail}); check --resource-manager and the network, then run watch again.`,
            "transient",
        );
    }
}

function failure(s: WatchSession, what: string, r: ArmResponse, advice: string): AzureCallError {
    const { code, message } = armErrorOf(r.json ?? r.text);
    const kind = classifyStatus(r.status);
    const generic =
        kind === "unauthorized"
            ? "Azure Resource Manager did not accept the token: check that --resource-manager and --authority-host belong to the same cloud."
            : kind === "throttled" || kind === "transient"
              ? "Azure kept failing after retries; run watch again later."
              : "";
    const shortMessage = message
        ? `: ${message
              .replace(/\s+/g, " ")
              .slice(0, 300)
              .replace(/\.+\s*$/, "")}`
        : "";
    return new AzureCallError(
        redact(
            `Reading ${what} answered ${r.status}${code ? ` ${code}` : ""}${shortMessage}. ${advice || generic}`.trim(),
            s.secrets,
        ),
        kind,
        r.status,
        code,
    );
}

/** The `nextLink` to follow, refused when it leaves the Resource Manager origin (it would carry the token) or repeats. */
function nextUrl(s: WatchSession, next: string | null, seen: Set<string>, what: string): string | null {
    if (next === null) return null;
    let url: URL;
    try {
        url = new URL(next);
    } catch {
        throw new AzureCallError(`Reading ${what}: the nextLink is not a URL; stopped.`, "fatal");
    }
    const origin = new URL(s.base).origin;
    if (url.origin !== origin)
        throw new AzureCallError(
            `Reading ${what}: nextLink points to ${url.origin}, not ${origin}; refusing to send the token there.`,
            "fatal",
        );
    if (seen.has(url.href))
        throw new AzureCallError(`Reading ${what}: a nextLink repeated an earlier page; stopped.`, "fatal");
    seen.add(url.href);
    return url.href;
}

/** The result of reading the activity log. */
export interface LogRead {
    /** Delegation events of the window, each once, oldest first. */
    events: DelegationEvent[];
    /** Pages read. */
    pages: number;
}

/**
 * Reads the delegation events of the tenant activity log from `since` on, page by page (only delegation events are
 * kept, so memory grows with them, not with the log).
 * @param s the session
 * @param since start of the window (epoch ms)
 * @param maxPages most pages followed
 * @throws AzureCallError: 403 names the role to grant (Monitoring Reader at root scope) and how
 */
export async function readDelegationEvents(
    s: WatchSession,
    since: number,
    maxPages = DEFAULT_MAX_LOG_PAGES,
): Promise<LogRead> {
    const what = "the tenant activity log";
    const filter = `eventTimestamp ge '${filterTime(since)}'`;
    let url: string | null =
        `${s.base}/providers/microsoft.insights/eventtypes/management/values?api-version=${WATCH_API_VERSIONS.activityLog}&$filter=${encodeURIComponent(filter)}`;
    const seen = new Set<string>([url]);
    const byKey = new Map<string, DelegationEvent>();
    let pages = 0;
    while (url !== null) {
        if (pages >= maxPages)
            throw new AzureCallError(
                `Reading ${what} did not end after ${maxPages} pages; stopped. Give a shorter --since window.`,
                "fatal",
            );
        const r = await send(s, url);
        pages++;
        if (r.status !== 200) {
            const advice =
                r.status === 403
                    ? `The identity (object ID ${s.identity.objectId}) needs the Monitoring Reader role at root scope (/) of tenant ${s.identity.tenantId} to read the tenant-level activity log: a Global Administrator with elevated access runs \`az role assignment create --assignee ${s.identity.objectId} --role "Monitoring Reader" --scope "/"\` (docs/watch.md). Or run watch with --no-activity-log to check the delegations only.`
                    : "";
            throw failure(s, what, r, advice);
        }
        const { items, nextLink } = parsePage(r.json);
        for (const item of items) {
            const event = parseDelegationEvent(item);
            if (event && !byKey.has(event.key)) byKey.set(event.key, event);
        }
        url = nextUrl(s, nextLink, seen, what);
    }
    return { events: sortEvents([...byKey.values()]), pages };
}

/** Whether an error answer means the identity cannot reach the subscription at all (not delegated to it any more). */
function unreachable(r: ArmResponse): boolean {
    const { code } = armErrorOf(r.json ?? r.text);
    return (
        r.status === 403 ||
        (r.status === 401 && code === "InvalidAuthenticationTokenTenant") ||
        (r.status === 404 && code === "SubscriptionNotFound")
    );
}

function seen(item: unknown): AssignmentSeen | undefined {
    const a = parseRegistrationAssignment(item);
    if (!a) return undefined;
    return {
        id: a.id,
        scope: a.scope,
        offerName: a.registrationDefinitionName,
        managedByTenantId: a.managedByTenantId,
        provisioningState: a.provisioningState,
        authorizations: [
            ...a.authorizations.map((z) => ({
                principalId: z.principalId,
                roleDefinitionId: z.roleDefinitionId,
                permanent: true,
            })),
            ...a.eligibleAuthorizations.map((z) => ({
                principalId: z.principalId,
                roleDefinitionId: z.roleDefinitionId,
                permanent: false,
            })),
        ],
    };
}

/** Classifies an error answer of a per-subscription read; a rejected token is thrown (nothing else can be read). */
function readingOf(s: WatchSession, what: string, r: ArmResponse): DelegationReading {
    const { code } = armErrorOf(r.json ?? r.text);
    if (unreachable(r)) return { kind: "unreachable", status: r.status, code: code ?? null };
    if (r.status === 401) throw failure(s, what, r, "");
    return { kind: "unreadable", status: r.status, code: code ?? null };
}

/**
 * Reads what one expected delegation is now.
 * @param s the session
 * @param expected the subscription and the stack's assignment IDs
 * @param maxPages most pages of a subscription's list
 */
export async function readDelegation(
    s: WatchSession,
    expected: ExpectedDelegation,
    maxPages = 100,
): Promise<DelegationReading> {
    const query = `api-version=${WATCH_API_VERSIONS.managedServices}&$expandRegistrationDefinition=true`;
    try {
        if (expected.assignmentIds.length > 0) {
            const assignments: AssignmentSeen[] = [];
            const missing: string[] = [];
            for (const id of expected.assignmentIds) {
                const r = await send(s, `${s.base}${id.split("/").map(encodeURIComponent).join("/")}?${query}`);
                if (r.status === 404 && !unreachable(r)) missing.push(id);
                else if (r.status !== 200) return readingOf(s, "a registration assignment", r);
                else {
                    const a = seen(r.json);
                    if (a) assignments.push(a);
                    else missing.push(id);
                }
            }
            return { kind: "read", assignments, missing, listedAtSubscription: false };
        }
        const what = `the registration assignments of subscription ${expected.subscriptionId}`;
        const assignments: AssignmentSeen[] = [];
        let url: string | null =
            `${s.base}/subscriptions/${encodeURIComponent(expected.subscriptionId)}/providers/Microsoft.ManagedServices/registrationAssignments?${query}`;
        const links = new Set<string>([url]);
        for (let page = 0; url !== null; page++) {
            if (page >= maxPages)
                throw new AzureCallError(`Reading ${what} did not end after ${maxPages} pages; stopped.`, "fatal");
            const r = await send(s, url);
            if (r.status !== 200) return readingOf(s, what, r);
            const { items, nextLink } = parsePage(r.json);
            for (const item of items) {
                const a = seen(item);
                if (a) assignments.push(a);
            }
            url = nextUrl(s, nextLink, links, what);
        }
        return { kind: "read", assignments, missing: [], listedAtSubscription: true };
    } catch (e) {
        // A network failure of one subscription is that subscription's verdict; refusals of the token or of a link are not.
        if (e instanceof AzureCallError && e.kind === "transient" && e.status === undefined)
            return { kind: "unreadable", status: null, code: null };
        throw e;
    }
}

/**
 * Reads every expected delegation, `concurrency` at a time.
 * @param s the session
 * @param expected the expected delegations
 * @param concurrency reads in flight at most
 */
export async function readDelegations(
    s: WatchSession,
    expected: ExpectedDelegation[],
    concurrency = 8,
): Promise<Map<string, DelegationReading>> {
    const out = new Map<string, DelegationReading>();
    let next = 0;
    const worker = async () => {
        while (next < expected.length) {
            const e = expected[next++];
            out.set(e.subscriptionId, await readDelegation(s, e));
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, expected.length)) }, worker));
    return out;
}

/**
 * The delegation events of the last `days` days for `doctor`: signs in like `watch` and reads the log; a failure
 * (the identity rarely holds Monitoring Reader at root scope) is returned as a short reason, never thrown.
 * @param conn how to reach Azure
 * @param now the current time (epoch ms)
 * @param days how far back (at most the log's 90 days)
 */
export async function readRecentDelegationEvents(
    conn: WatchConnection,
    now: number,
    days: number,
): Promise<{ since: string; until: string; events: DelegationEvent[] | null; error: string | null }> {
    const since = now - days * 24 * 60 * 60 * 1000;
    const window = { since: filterTime(since), until: filterTime(now) };
    try {
        const { events } = await readDelegationEvents(await openWatchSession(conn), since);
        return { ...window, events, error: null };
    } catch (e) {
        if (!(e instanceof AzureCallError)) throw e;
        const code = e.code !== undefined && /^[A-Za-z][\w.]{0,80}$/.test(e.code) ? ` ${e.code}` : "";
        return {
            ...window,
            events: null,
            error: e.status === undefined ? `${e.kind} failure` : `HTTP ${e.status}${code}`,
        };
    }
}
