import * as assert from "node:assert/strict";
import { delegationEvent } from "../../kit/fakeAzure/activityLog";
import { delegationEvents } from "../../../pec/watch/events";
import { renderWatchJson, renderWatchMarkdown, renderWatchTable } from "../../../pec/watch/format";
import { buildWatchReport, WatchFacts } from "../../../pec/watch/report";
import { parseState, renderState } from "../../../pec/watch/state";
import type { AssignmentSeen, DelegationReading, ExpectedDelegation, WatchReport } from "../../../pec/watch/model";

const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const MANAGING = "aaaaaaaa-0000-4000-8000-0000000000a1";
const CUSTOMER = "cccccccc-0000-4000-8000-0000000000c2";
const APP = "0b1ec700-0000-4000-8000-000000000001";
const GROUP = "9a0c0000-0000-4000-8000-000000000009";
const sub = (n: number) => `5ab00000-0000-4000-8000-00000000000${n}`;
const NOW = Date.parse("2026-11-03T06:00:00Z");

const assignment = (
    n: number,
    authorizations: AssignmentSeen["authorizations"],
    extra: Partial<AssignmentSeen> = {},
): AssignmentSeen => ({
    id: `/subscriptions/${sub(n)}/providers/Microsoft.ManagedServices/registrationAssignments/a${n}`,
    scope: `/subscriptions/${sub(n)}`,
    offerName: "Contoso",
    managedByTenantId: MANAGING,
    provisioningState: "Succeeded",
    authorizations,
    ...extra,
});
const read = (...assignments: AssignmentSeen[]): DelegationReading => ({
    kind: "read",
    assignments,
    missing: [],
    listedAtSubscription: true,
});
const perm = (roleDefinitionId: string, principalId = APP) => ({ principalId, roleDefinitionId, permanent: true });
const jit = (roleDefinitionId: string, principalId = APP) => ({ principalId, roleDefinitionId, permanent: false });

function facts(
    overrides: Partial<WatchFacts> & { readings?: [ExpectedDelegation, DelegationReading][] } = {},
): WatchFacts {
    const { readings, ...rest } = overrides;
    return {
        now: NOW,
        managingTenantId: MANAGING,
        principalIds: [APP],
        log: null,
        checks: readings
            ? { expected: readings.map(([e]) => e), readings: new Map(readings.map(([e, r]) => [e.subscriptionId, r])) }
            : null,
        state: null,
        ...rest,
    };
}
const expect = (n: number, assignmentIds: string[] = []): ExpectedDelegation => ({
    subscriptionId: sub(n),
    assignmentIds,
});
const event = (
    n: number,
    operation: "register" | "unregister",
    eventTimestamp: string,
    more: Record<string, unknown> = {},
) =>
    delegationEvent({
        operation,
        managingTenantId: MANAGING,
        customerTenantId: CUSTOMER,
        subscriptionId: sub(n),
        eventTimestamp,
        eventDataId: `${operation}-${n}-${eventTimestamp}`,
        ...more,
    });

describe("watch: verdicts on what each expected delegation grants now", () => {
    const verdicts = (r: WatchReport) =>
        Object.fromEntries(r.delegations.map((d) => [d.subscriptionId, [d.verdict, d.atRisk]]));

    it("judges each subscription like doctor: permanent PEC-eligible on the whole subscription is ok, the rest at risk", () => {
        const { report } = buildWatchReport(
            facts({
                principalIds: [APP, GROUP],
                readings: [
                    [expect(1), read(assignment(1, [perm(CONTRIBUTOR)]))],
                    [expect(2), read(assignment(2, [perm(READER)]))],
                    [expect(3), read(assignment(3, [perm(READER), jit(CONTRIBUTOR)]))],
                    [expect(4), read(assignment(4, [jit(CONTRIBUTOR)]))],
                    [expect(5), read(assignment(5, [perm(CONTRIBUTOR, "someone-else")]))],
                    [expect(6), read(assignment(6, [perm(CONTRIBUTOR, GROUP)]))],
                    [expect(7), read(assignment(7, [perm(CONTRIBUTOR)], { managedByTenantId: CUSTOMER }))],
                    [expect(8), read(assignment(8, [perm(CONTRIBUTOR)], { provisioningState: "Deleting" }))],
                    [expect(9), { kind: "unreachable", status: 401, code: "InvalidAuthenticationTokenTenant" }],
                ],
            }),
        );
        assert.deepEqual(verdicts(report), {
            [sub(1)]: ["ok", false],
            [sub(2)]: ["not-pec-eligible-role", true],
            [sub(3)]: ["not-pec-eligible-role", true],
            [sub(4)]: ["jit-only", true],
            [sub(5)]: ["no-access", true],
            [sub(6)]: ["ok", false],
            [sub(7)]: ["removed", true],
            [sub(8)]: ["removed", true],
            [sub(9)]: ["unreachable", true],
        });
        const row = (n: number) => report.delegations.find((d) => d.subscriptionId === sub(n))!;
        assert.match(row(4).detail, /JIT access never earns PEC/);
        assert.match(row(5).fix, /--member-of <group object ID>/);
        assert.match(
            row(7).detail,
            /No delegation to tenant .* is left on the subscription \(a resource-group delegation is not listed at subscription scope/,
        );
        assert.match(row(9).detail, /HTTP 401 InvalidAuthenticationTokenTenant/);
        assert.deepEqual(
            report.delegations.slice(-2).map((d) => d.verdict),
            ["ok", "ok"],
            "at risk first",
        );
    });

    it("by assignment ID: a resource-group delegation is judged on its own scope; a 404 is a removal", () => {
        const rg = `/subscriptions/${sub(1)}/resourceGroups/rg-app/providers/Microsoft.ManagedServices/registrationAssignments/r1`;
        const { report } = buildWatchReport(
            facts({
                readings: [
                    [
                        expect(1, [rg]),
                        {
                            kind: "read",
                            assignments: [{ ...assignment(1, [perm(CONTRIBUTOR)]), id: rg, scope: "" }],
                            missing: [],
                            listedAtSubscription: false,
                        },
                    ],
                    [
                        expect(2, [assignment(2, []).id, `${assignment(2, []).id}x`]),
                        {
                            kind: "read",
                            assignments: [assignment(2, [perm(CONTRIBUTOR)])],
                            missing: [`${assignment(2, []).id}x`],
                            listedAtSubscription: false,
                        },
                    ],
                    [expect(3, [assignment(3, []).id]), { kind: "unreadable", status: 503, code: "Server<Busy>" }],
                ],
            }),
        );
        assert.deepEqual(verdicts(report), {
            [sub(1)]: ["ok", false],
            [sub(2)]: ["removed", true],
            [sub(3)]: ["unreadable", true],
        });
        assert.match(
            report.delegations.find((d) => d.subscriptionId === sub(2))!.detail,
            /^1 of the stack's 2 registration assignments are gone \(HTTP 404\)/,
        );
        assert.match(
            report.delegations.find((d) => d.subscriptionId === sub(3))!.detail,
            /\(HTTP 503\), so whether/,
            "an error code that does not look like one is left out",
        );
    });
});

describe("watch: what each change does to PEC", () => {
    const logOf = (...items: unknown[]) => ({
        since: NOW - 2 * 86_400_000,
        until: NOW,
        events: delegationEvents(items),
    });

    it("a removal is at risk, unless the check finds the role again; a failed attempt is not; a change is judged by the check", () => {
        const { report } = buildWatchReport(
            facts({
                log: logOf(
                    event(1, "unregister", "2026-11-02T01:00:00Z"),
                    event(2, "unregister", "2026-11-02T02:00:00Z"),
                    event(3, "unregister", "2026-11-02T03:00:00Z", { status: "Failed" }),
                    event(4, "register", "2026-11-02T04:00:00Z"),
                    event(5, "register", "2026-11-02T05:00:00Z"),
                    event(6, "register", "2026-11-02T06:00:00Z", { status: "Failed" }),
                    event(7, "register", "2026-11-02T07:00:00Z"),
                ),
                readings: [1, 2, 3, 4, 5, 6].map((n) => [
                    expect(n),
                    n === 2 || n === 4
                        ? read(assignment(n, [perm(CONTRIBUTOR)]))
                        : n === 5
                          ? read(assignment(n, [perm(READER)]))
                          : { kind: "unreachable", status: 403, code: "AuthorizationFailed" },
                ]),
            }),
        );
        assert.deepEqual(
            report.changes.map((c) => [c.subscriptionId, c.change, c.status, c.currentVerdict, c.expected, c.atRisk]),
            [
                [sub(1), "removed", "succeeded", "unreachable", true, true],
                [sub(2), "removed", "succeeded", "ok", true, false],
                [sub(3), "removed", "failed", "unreachable", true, false],
                [sub(4), "added-or-changed", "succeeded", "ok", true, false],
                [sub(5), "added-or-changed", "succeeded", "not-pec-eligible-role", true, true],
                [sub(6), "added-or-changed", "failed", "unreachable", true, false],
                [sub(7), "added-or-changed", "succeeded", null, false, false],
            ],
        );
        assert.match(
            report.changes[1].pecEffect,
            /removed on 2026-11-02 02:00 UTC; the check finds a permanent PEC-eligible role again now/,
        );
        assert.match(report.changes[5].fix, /ask them for its error/);
        assert.match(report.changes[6].pecEffect, /not one of the stacks' \(--expect\)/);
        assert.equal(report.summary.newAtRisk, 2 + 4, "2 changes and 4 delegations (1, 3, 5, 6)");
    });

    it("with a state file: events reported before are left out; a verdict that holds is not new; the exit turns on new risks only", () => {
        const items = [
            event(1, "unregister", "2026-11-02T01:00:00Z"),
            event(1, "register", "2026-11-02T03:00:00Z", { status: "Failed" }),
        ];
        const readings: [ExpectedDelegation, DelegationReading][] = [
            [expect(1), { kind: "unreachable", status: 403, code: null }],
        ];
        const first = buildWatchReport(facts({ log: logOf(...items), readings }));
        assert.equal(first.report.summary.newAtRisk, 2);
        const state = parseState(renderState(first.state), "--state s.json");
        const second = buildWatchReport(facts({ now: NOW + 86_400_000, log: logOf(...items), readings, state }));
        assert.deepEqual(second.report.changes, []);
        assert.equal(second.report.activityLog?.alreadyReported, 2);
        assert.deepEqual([second.report.summary.atRisk, second.report.summary.newAtRisk], [1, 0]);
        assert.equal(second.report.delegations[0].since, "2026-11-03T06:00:00Z");
        // The verdict changes: new again.
        const third = buildWatchReport(
            facts({
                now: NOW + 2 * 86_400_000,
                readings: [[expect(1), read(assignment(1, [perm(READER)]))]],
                state: second.state,
            }),
        );
        assert.deepEqual(
            [third.report.delegations[0].verdict, third.report.delegations[0].new, third.report.summary.newAtRisk],
            ["not-pec-eligible-role", true, 1],
        );
        assert.equal(third.state.readUntil, first.state.readUntil, "no log read: where the last window ended is kept");
    });
});

describe("watch: hostile event text is escaped in every format", () => {
    const HOSTILE =
        "x\u001b[31m|y`z``<script>alert(1)</script>\n| forged | row |\r\u202eevil\u2028 @octo-org/team #1 [a](https://evil.example) ![i](https://evil.example/i.png) **b** <!--";
    const report = buildWatchReport(
        facts({
            log: {
                since: NOW - 86_400_000,
                until: NOW,
                events: delegationEvents([
                    event(1, "unregister", "2026-11-02T01:00:00Z", { caller: HOSTILE, status: HOSTILE }),
                    event(2, "unregister", "2026-11-02T02:00:00Z", { description: HOSTILE, caller: HOSTILE }),
                    event(3, "register", "2026-11-02T03:00:00Z", {
                        description: JSON.stringify({
                            subscriptionId: HOSTILE,
                            subscriptionTenantId: HOSTILE,
                            delegationResourceId: HOSTILE,
                        }),
                    }),
                ]),
            },
            readings: [[expect(4), read(assignment(4, [perm(CONTRIBUTOR)], { offerName: HOSTILE }))]],
        }),
    ).report;

    /** The text outside Markdown code spans (CommonMark: a run of n backticks closes at the next run of n). */
    function outsideCode(line: string): string {
        let out = "";
        let i = 0;
        while (i < line.length) {
            if (line[i] !== "`") {
                out += line[i++];
                continue;
            }
            const run = /^`+/.exec(line.slice(i))![0];
            const close = line.slice(i + run.length).search(new RegExp(`(?<!\`)${run}(?!\`)`));
            if (close < 0) {
                out += run;
                i += run.length;
            } else i += run.length + close + run.length;
        }
        return out;
    }

    it("Markdown: every value in a code span, rows intact, nothing rendered from the data", () => {
        const md = renderWatchMarkdown(report);
        const lines = md.split("\n");
        const changeRows = lines.filter((l) => l.startsWith("| 2026-"));
        assert.equal(changeRows.length, 3, "one line per change: the newline in the data did not start a row");
        for (const row of [...changeRows, ...lines.filter((l) => l.startsWith("| `5ab"))]) {
            const header = row.startsWith("| 2026-") ? 10 : 8;
            assert.equal(row.match(/(?<!\\)\|/g)?.length, header + 1, `columns intact: ${row}`);
            const text = outsideCode(row);
            for (const bad of ["<script", "<!--", "](", "@octo", "**b**", "\u202e", "\u001b", "\u2028", "\r"])
                assert.ok(!text.includes(bad), `${JSON.stringify(bad)} outside a code span in ${row}`);
        }
        assert.ok(md.includes("\\u001b[31m"), "the escape character is shown, not sent");
        assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(md));
    });

    it("table: one line per row, control and bidirectional characters shown as escapes", () => {
        const table = renderWatchTable(report);
        assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(table));
        assert.ok(table.includes("\\u001b[31m") && table.includes("\\u202e"));
        assert.equal(table.split("\n").filter((l) => l.startsWith("  2026-11-02")).length, 3);
    });

    it("JSON: the same values back after parsing, no raw invisible characters in the text", () => {
        const json = renderWatchJson(report);
        assert.ok(!/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(json));
        const parsed = JSON.parse(json) as WatchReport;
        assert.equal(parsed.changes[0].caller, HOSTILE);
        assert.equal(parsed.changes[0].status, "other");
        assert.deepEqual(parsed, JSON.parse(JSON.stringify(report)));
    });

    it("our sentences never carry event text: it stays in its own fields", () => {
        for (const c of report.changes)
            for (const s of [c.pecEffect, c.fix]) assert.ok(!s.includes("<script") && !s.includes("evil.example"), s);
        const third = report.changes[2];
        assert.deepEqual([third.subscriptionId, third.customerTenantId, third.delegatedResourceId], [null, null, null]);
        assert.ok(third.rawDescription?.includes("<script>"));
        for (const d of report.delegations) assert.ok(!d.detail.includes("<script"), d.detail);
    });
});

describe("watch: the JSON output is the documented contract", () => {
    it("has exactly the keys docs/watch.md shows, in that order", () => {
        const { report } = buildWatchReport(
            facts({
                log: {
                    since: NOW - 86_400_000,
                    until: NOW,
                    events: delegationEvents([event(1, "unregister", "2026-11-02T01:00:00Z")]),
                },
                readings: [[expect(1), { kind: "unreachable", status: 403, code: "AuthorizationFailed" }]],
            }),
        );
        const j = JSON.parse(renderWatchJson(report)) as WatchReport;
        assert.deepEqual(Object.keys(j), [
            "version",
            "managingTenantId",
            "principalIds",
            "activityLog",
            "changes",
            "delegations",
            "summary",
        ]);
        assert.deepEqual(Object.keys(j.activityLog!), ["since", "until", "events", "alreadyReported"]);
        assert.deepEqual(Object.keys(j.changes[0]), [
            "key",
            "change",
            "status",
            "rawStatus",
            "eventTimestamp",
            "customerTenantId",
            "subscriptionId",
            "resourceGroup",
            "delegatedResourceId",
            "caller",
            "rawDescription",
            "expected",
            "currentVerdict",
            "atRisk",
            "pecEffect",
            "fix",
        ]);
        assert.deepEqual(Object.keys(j.delegations[0]), [
            "subscriptionId",
            "assignmentIds",
            "verdict",
            "offers",
            "roles",
            "lastChange",
            "since",
            "new",
            "atRisk",
            "detail",
            "fix",
        ]);
        assert.deepEqual(Object.keys(j.summary), ["changes", "delegations", "atRisk", "newAtRisk"]);
        assert.ok(JSON.stringify(j).indexOf("undefined") < 0);
    });
});
