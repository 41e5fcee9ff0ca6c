import { InputError } from "../../core/errors";
import { isGuid } from "../../core/validation/formats";
import { ACTIVITY_LOG_RETENTION_DAYS } from "./since";
import { DELEGATION_VERDICTS, DelegationVerdict } from "./model";

/**
 * The `--state` file of `watch` (pure): what earlier runs reported, so that a scheduled run reports each change
 * once. JSON with a format version; anything else is refused (exit status 2) with the file named, never guessed at.
 */

/** The state file's `kind`. */
export const STATE_KIND = "lighthouse-pec/watch-state";
/** The state file's format version. */
export const STATE_VERSION = 1;
/** Most events a state file may remember (far more than 90 days of delegation changes of any partner). */
export const STATE_MAX_EVENTS = 200_000;

/** What earlier runs saw. */
export interface WatchState {
    /** Always {@link STATE_KIND}. */
    kind: typeof STATE_KIND;
    /** Always {@link STATE_VERSION}. */
    version: typeof STATE_VERSION;
    /** The managing tenant the runs read (a state file is for one tenant). */
    managingTenantId: string;
    /** Where the last activity log window ended (ISO 8601 UTC), or null when the log was never read. */
    readUntil: string | null;
    /** Keys of the delegation events already reported, each with its event time (ISO 8601 UTC, or null when it had none). */
    reported: Record<string, string | null>;
    /** The verdict last reported per subscription, and since when it holds. */
    delegations: Record<string, { verdict: DelegationVerdict; since: string }>;
}

const isIso = (v: unknown): v is string =>
    typeof v === "string" && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v) && !Number.isNaN(Date.parse(v));
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Parses a state file's content.
 * @param text the file's content
 * @param source the file (`--state path`), for messages
 * @throws InputError naming the file, the field, the value and the fix
 */
export function parseState(text: string, source: string): WatchState {
    const restart = "Delete the file to start afresh (the next run reports the changes of its --since window again)";
    const bad = (problem: string, field?: string, value?: unknown): InputError =>
        new InputError(
            problem,
            {
                source,
                ...(field ? { field } : {}),
                ...(value === undefined
                    ? {}
                    : { value: typeof value === "string" ? value : (JSON.stringify(value) ?? typeof value) }),
            },
            restart,
        );
    let doc: unknown;
    try {
        doc = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (e) {
        throw bad(`is not a watch state file: not JSON (${(e as Error).message})`);
    }
    if (!isObject(doc) || doc.kind !== STATE_KIND)
        throw bad(
            `is not a watch state file (no "kind": "${STATE_KIND}")`,
            isObject(doc) ? "kind" : undefined,
            isObject(doc) ? doc.kind : undefined,
        );
    if (doc.version !== STATE_VERSION) {
        const newer = typeof doc.version === "number" && doc.version > STATE_VERSION;
        throw new InputError(
            newer ? "was written by a newer lighthouse-pec" : "has an unknown format version",
            { source, field: "version", value: JSON.stringify(doc.version) ?? "undefined" },
            newer ? "Run the newer lighthouse-pec, or delete the file to start afresh" : restart,
        );
    }
    if (typeof doc.managingTenantId !== "string" || !isGuid(doc.managingTenantId))
        throw bad("has no managing tenant ID", "managingTenantId", doc.managingTenantId);
    if (doc.readUntil !== null && !isIso(doc.readUntil))
        throw bad("has a readUntil that is not an ISO 8601 UTC time", "readUntil", doc.readUntil);
    if (!isObject(doc.reported)) throw bad("has no reported events", "reported", doc.reported);
    const keys = Object.keys(doc.reported);
    if (keys.length > STATE_MAX_EVENTS) throw bad(`remembers more than ${STATE_MAX_EVENTS} events`, "reported");
    for (const key of keys) {
        const time = doc.reported[key];
        if (time !== null && !isIso(time))
            throw bad("has an event time that is not an ISO 8601 UTC time", `reported.${key}`, time);
    }
    if (!isObject(doc.delegations)) throw bad("has no delegations", "delegations", doc.delegations);
    const delegations: WatchState["delegations"] = {};
    for (const [sub, entry] of Object.entries(doc.delegations)) {
        if (!isGuid(sub)) throw bad("has a delegation key that is not a subscription ID", "delegations", sub);
        if (!isObject(entry) || !(DELEGATION_VERDICTS as unknown[]).includes(entry.verdict) || !isIso(entry.since))
            throw bad(
                "has a delegation entry without a known verdict and an ISO 8601 since",
                `delegations.${sub}`,
                entry,
            );
        delegations[sub.toLowerCase()] = { verdict: entry.verdict as DelegationVerdict, since: entry.since };
    }
    return {
        kind: STATE_KIND,
        version: STATE_VERSION,
        managingTenantId: doc.managingTenantId.toLowerCase(),
        readUntil: doc.readUntil,
        reported: { ...(doc.reported as Record<string, string | null>) },
        delegations,
    };
}

/**
 * Refuses a state file written for another managing tenant (its events and verdicts are another partner's).
 * @param state the state read
 * @param source the file, for messages
 * @param managingTenantId the tenant this run signed in to
 * @throws InputError naming the file and both tenants
 */
export function checkStateTenant(state: WatchState, source: string, managingTenantId: string): void {
    if (state.managingTenantId !== managingTenantId)
        throw new InputError(
            `belongs to tenant ${state.managingTenantId}, not to tenant ${managingTenantId} this run signed in to`,
            { source, field: "managingTenantId" },
            "Give each managing tenant its own --state file",
        );
}

/**
 * The state after a run: events older than the log keeps are forgotten (they cannot be read again).
 * @param previous the state read, or null on a first run
 * @param run what this run saw
 */
export function nextState(
    previous: WatchState | null,
    run: {
        managingTenantId: string;
        now: number;
        /** The end of the window read, or null when the log was not read. */
        readUntil: string | null;
        /** Every delegation event of the window (new and already reported). */
        events: { key: string; eventTimestamp: string | null }[];
        /** The verdicts now, or null when no delegation was checked (the previous ones are kept). */
        delegations: Record<string, { verdict: DelegationVerdict; since: string }> | null;
    },
): WatchState {
    const forgetBefore = run.now - (ACTIVITY_LOG_RETENTION_DAYS + 1) * 24 * 60 * 60 * 1000;
    const seenNow = new Set(run.events.map((e) => e.key));
    // A Map, not an object: an event key is text from the log (it may be "__proto__").
    const reported = new Map<string, string | null>();
    for (const [key, time] of [
        ...Object.entries(previous?.reported ?? {}),
        ...run.events.map((e) => [e.key, e.eventTimestamp] as const),
    ]) {
        // An event without a time is kept as long as runs still read it.
        if (time === null ? seenNow.has(key) : Date.parse(time) >= forgetBefore) reported.set(key, time);
    }
    // Newest first past the cap: a state file stays bounded whatever the log holds.
    const kept = [...reported].sort(([, a], [, b]) => (b ?? "9").localeCompare(a ?? "9")).slice(0, STATE_MAX_EVENTS);
    return {
        kind: STATE_KIND,
        version: STATE_VERSION,
        managingTenantId: run.managingTenantId,
        readUntil: run.readUntil ?? previous?.readUntil ?? null,
        reported: Object.fromEntries(kept),
        delegations: run.delegations ?? previous?.delegations ?? {},
    };
}

/** The state as the file's text (JSON, a final newline). */
export function renderState(state: WatchState): string {
    return `${JSON.stringify(state, null, 2)}\n`;
}
