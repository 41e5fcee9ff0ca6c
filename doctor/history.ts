import { lastChangeText } from "../pec/watch/report";
import type { DelegationEvent, LastChange } from "../pec/watch/model";
import type { DoctorActivityLog, DoctorReport } from "./model";

/**
 * The facts `watch` reads, in `doctor`'s report (pure): a subscription with a problem gets the last delegation
 * change the tenant activity log shows for it ("The activity log shows the customer removed the delegation on
 * 2026-11-02 10:15 UTC."), in its row's detail and in its problem's.
 */

/**
 * The report with the activity log's facts added.
 * @param report the result of `diagnose`
 * @param log what was read: the window, and the delegation events (oldest first) or why the log could not be read
 */
export function withDelegationHistory(
    report: DoctorReport,
    log: { since: string; until: string; events: DelegationEvent[] | null; error: string | null },
): DoctorReport {
    const activityLog: DoctorActivityLog = {
        read: log.events !== null,
        since: log.since,
        until: log.until,
        events: log.events?.length ?? 0,
        error: log.error,
    };
    const last = new Map<string, LastChange>();
    for (const e of log.events ?? [])
        if (e.subscriptionId !== null && e.eventTimestamp !== null)
            last.set(e.subscriptionId, { change: e.change, status: e.status, eventTimestamp: e.eventTimestamp });
    const addTo = (subscriptionId: string | null, detail: string): string => {
        const change = subscriptionId === null ? undefined : last.get(subscriptionId);
        return change === undefined ? detail : `${detail}${lastChangeText(change)}`;
    };
    return {
        ...report,
        subscriptions: report.subscriptions.map((r) =>
            r.problem ? { ...r, detail: addTo(r.subscriptionId, r.detail) } : r,
        ),
        problems: report.problems.map((p) => ({ ...p, detail: addTo(p.subscriptionId, p.detail) })),
        activityLog,
    };
}
