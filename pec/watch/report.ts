import { judgeDelegation } from "./check";
import { filterTime } from "./since";
import { nextState, WatchState } from "./state";
import type {
    ChangeRow,
    DelegationEvent,
    DelegationReading,
    DelegationRow,
    ExpectedDelegation,
    LastChange,
    WatchReport,
} from "./model";

/**
 * The report of `lighthouse-pec watch` (pure: what was read in, report and next state out): what changed,
 * when, for which customer and subscription, what it does to PEC, and the fix; and what each expected delegation
 * grants now.
 */

/** Everything one run read. */
export interface WatchFacts {
    /** The current time (epoch ms). */
    now: number;
    /** The managing tenant (lower case). */
    managingTenantId: string;
    /** The partner-linked identity's object ID, then its `--member-of` groups (lower case). */
    principalIds: string[];
    /** The activity log window and its delegation events, or null when the log was not read. */
    log: { since: number; until: number; events: DelegationEvent[] } | null;
    /** The expected delegations and what was read for each (by subscription), or null without `--expect`. */
    checks: { expected: ExpectedDelegation[]; readings: ReadonlyMap<string, DelegationReading> } | null;
    /** The state file's content, or null without `--state` or on a first run. */
    state: WatchState | null;
}

/** A date and time for sentences: `2026-11-02 10:15 UTC`. */
export function whenText(iso: string): string {
    return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function lastChanges(events: DelegationEvent[]): Map<string, LastChange> {
    const out = new Map<string, LastChange>();
    for (const e of events) {
        // Events are oldest first: the last one written wins.
        if (e.subscriptionId === null || e.eventTimestamp === null) continue;
        out.set(e.subscriptionId, { change: e.change, status: e.status, eventTimestamp: e.eventTimestamp });
    }
    return out;
}

/** The sentence the activity log adds to a delegation row, if it shows a change. */
export function lastChangeText(change: LastChange | null): string {
    if (change === null) return "";
    const when = whenText(change.eventTimestamp);
    if (change.status === "failed")
        return ` The activity log shows a failed attempt to ${change.change === "removed" ? "remove" : "add or change"} the delegation on ${when}.`;
    return change.change === "removed"
        ? ` The activity log shows the customer removed the delegation on ${when}.`
        : ` The activity log shows the delegation was added or changed on ${when} (Azure logs a change as an addition).`;
}

function delegationRows(facts: WatchFacts, last: Map<string, LastChange>): DelegationRow[] {
    if (facts.checks === null) return [];
    const now = filterTime(facts.now);
    const rows = facts.checks.expected.map((expected): DelegationRow => {
        const reading = facts.checks!.readings.get(expected.subscriptionId) ?? {
            kind: "unreadable",
            status: null,
            code: null,
        };
        const result = judgeDelegation(expected, reading, facts);
        const before = facts.state?.delegations[expected.subscriptionId];
        const same = before !== undefined && before.verdict === result.verdict;
        const lastChange = last.get(expected.subscriptionId) ?? null;
        return {
            subscriptionId: expected.subscriptionId,
            assignmentIds: expected.assignmentIds,
            verdict: result.verdict,
            offers: result.offers,
            roles: result.roles,
            lastChange,
            since: same ? before.since : now,
            new: !same,
            atRisk: result.verdict !== "ok",
            detail: result.verdict === "ok" ? result.detail : `${result.detail}${lastChangeText(lastChange)}`,
            fix: result.fix,
        };
    });
    return rows.sort(
        (a, b) =>
            Number(b.atRisk) - Number(a.atRisk) ||
            Number(b.new) - Number(a.new) ||
            a.subscriptionId.localeCompare(b.subscriptionId),
    );
}

function changeRow(e: DelegationEvent, facts: WatchFacts, rows: Map<string, DelegationRow>): ChangeRow {
    const expectedSet = facts.checks === null ? null : new Set(facts.checks.expected.map((x) => x.subscriptionId));
    const expected = expectedSet === null || e.subscriptionId === null ? null : expectedSet.has(e.subscriptionId);
    const row = e.subscriptionId === null ? undefined : rows.get(e.subscriptionId);
    const current = row?.verdict ?? null;
    const when = e.eventTimestamp === null ? "at a time the event does not give" : `on ${whenText(e.eventTimestamp)}`;
    const what = e.resourceGroup === null ? "this subscription" : "this resource group";
    const redelegate = `Ask the customer to delegate ${what} to tenant ${facts.managingTenantId} again (the customer stack's \`pulumi up\`, or the onboarding template of \`lighthouse-pec template\`); if they left on purpose, remove the subscription from its stack and from --expect.`;
    const unidentified = e.subscriptionId === null;
    const findIt =
        "Find it in the Azure portal: My customers → Activity log, Directory Activity; then run `lighthouse-pec doctor` as the partner-linked identity.";
    let atRisk: boolean;
    let pecEffect: string;
    let fix = "";
    if (e.change === "removed" && e.status !== "failed") {
        const maybe = e.status === "other" ? "may have been" : "was";
        if (current === "ok") {
            atRisk = false;
            pecEffect = `The delegation ${maybe} removed ${when}; the check finds a permanent PEC-eligible role again now, so PEC is flowing (usage in between may have earned none).`;
        } else if (expected === false) {
            atRisk = false;
            pecEffect = `The delegation ${maybe} removed ${when}. The subscription is not one of the stacks' (--expect), so no PEC was expected from it.`;
        } else if (unidentified) {
            atRisk = true;
            pecEffect = `A delegation ${maybe} removed ${when}, but the event does not say which (see its description). If it was one of yours, its usage earns no PEC from then on.`;
            fix = findIt;
        } else {
            atRisk = true;
            pecEffect = `The delegation ${maybe} removed ${when}: from then on the partner-linked identity has no Lighthouse access to ${what}, and its usage earns no PEC through the delegation.`;
            fix = redelegate;
        }
    } else if (e.change === "removed") {
        atRisk = false;
        pecEffect = `An attempt to remove the delegation failed ${when}; the delegation is unchanged, so PEC is not affected by it.`;
    } else if (e.status === "failed") {
        atRisk = false;
        pecEffect = `An attempt to add or change a delegation failed ${when}; a delegation that existed before is unchanged, so PEC is not affected by it.`;
        fix =
            "If you asked the customer to onboard or to update the delegation, their deployment failed: ask them for its error (`pulumi preview` of the customer stack finds most causes before they reach Azure).";
    } else if (current !== null) {
        atRisk = current !== "ok";
        pecEffect =
            current === "ok"
                ? `A delegation was added or changed ${when}; the check finds a permanent PEC-eligible role now, so PEC is not affected.`
                : `A delegation was added or changed ${when}, and the check finds "${current}" now: usage earns no PEC through it (see the delegation below).`;
        fix = current === "ok" ? "" : (row?.fix ?? "");
    } else if (expected === false) {
        atRisk = false;
        pecEffect = `A delegation was added or changed ${when} on a subscription that is not one of the stacks' (--expect); PEC on it depends on what it grants.`;
        fix =
            "If it should earn PEC, give it a customer stack (and add it to --expect), or run `lighthouse-pec doctor` as the partner-linked identity.";
    } else {
        atRisk = false;
        pecEffect = `A delegation was added or changed ${when}. Azure logs both as an addition, so the log alone cannot tell whether the partner-linked identity still holds a permanent PEC-eligible role.`;
        fix = unidentified
            ? findIt
            : "Let watch check what it grants now: run it with --expect and the customer stacks' outputs (or run `lighthouse-pec doctor` as the partner-linked identity).";
    }
    return {
        key: e.key,
        change: e.change,
        status: e.status,
        rawStatus: e.rawStatus,
        eventTimestamp: e.eventTimestamp,
        customerTenantId: e.customerTenantId,
        subscriptionId: e.subscriptionId,
        resourceGroup: e.resourceGroup,
        delegatedResourceId: e.delegatedResourceId,
        caller: e.caller,
        rawDescription: e.rawDescription,
        expected,
        currentVerdict: current,
        atRisk,
        pecEffect: e.descriptionProblem ? `${pecEffect} ${e.descriptionProblem}` : pecEffect,
        fix,
    };
}

/**
 * Builds the report and the state to save.
 * @param facts what this run read
 */
export function buildWatchReport(facts: WatchFacts): { report: WatchReport; state: WatchState } {
    const events = facts.log?.events ?? [];
    const reported = new Set(Object.keys(facts.state?.reported ?? {}));
    const fresh = events.filter((e) => !reported.has(e.key));
    const delegations = delegationRows(facts, lastChanges(events));
    const byId = new Map(delegations.map((r) => [r.subscriptionId, r]));
    const changes = fresh.map((e) => changeRow(e, facts, byId));
    const atRisk = changes.filter((c) => c.atRisk).length + delegations.filter((d) => d.atRisk).length;
    const newAtRisk = changes.filter((c) => c.atRisk).length + delegations.filter((d) => d.atRisk && d.new).length;
    const report: WatchReport = {
        version: 1,
        managingTenantId: facts.managingTenantId,
        principalIds: facts.principalIds,
        activityLog:
            facts.log === null
                ? null
                : {
                      since: filterTime(facts.log.since),
                      until: filterTime(facts.log.until),
                      events: events.length,
                      alreadyReported: events.length - fresh.length,
                  },
        changes,
        delegations,
        summary: { changes: changes.length, delegations: delegations.length, atRisk, newAtRisk },
    };
    const state = nextState(facts.state, {
        managingTenantId: facts.managingTenantId,
        now: facts.now,
        readUntil: facts.log === null ? null : filterTime(facts.log.until),
        events,
        delegations:
            facts.checks === null
                ? null
                : Object.fromEntries(
                      delegations.map((d) => [d.subscriptionId, { verdict: d.verdict, since: d.since }]),
                  ),
    });
    return { report, state };
}
