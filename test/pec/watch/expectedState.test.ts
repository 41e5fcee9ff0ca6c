import * as assert from "node:assert/strict";
import { InputError } from "../../../core/errors";
import { parseExpectedDelegations } from "../../../pec/watch/expected";
import { nextState, parseState, renderState, STATE_KIND } from "../../../pec/watch/state";

const SUB = "5ab00000-0000-4000-8000-000000000001";
const SUB2 = "5ab00000-0000-4000-8000-000000000002";
const MANAGING = "aaaaaaaa-0000-4000-8000-0000000000a1";
const assignment = (sub: string, name = "a1") =>
    `/subscriptions/${sub}/providers/Microsoft.ManagedServices/registrationAssignments/${name}`;

describe("watch: --expect delegations", () => {
    it("a plain list names subscriptions; stack outputs also name their registration assignments", () => {
        assert.deepEqual(parseExpectedDelegations(`${SUB}\n# comment\n/subscriptions/${SUB2}\n`, "x.txt"), [
            { subscriptionId: SUB, assignmentIds: [] },
            { subscriptionId: SUB2, assignmentIds: [] },
        ]);
        const outputs = [
            JSON.stringify({
                subscriptions: [
                    {
                        subscriptionId: SUB.toUpperCase(),
                        registrationDefinitionId: "x",
                        assignmentIds: [assignment(SUB)],
                    },
                ],
            }),
            JSON.stringify({
                subscriptionId: SUB2,
                assignmentIds: [
                    `/subscriptions/${SUB2}/resourceGroups/rg-1/providers/Microsoft.ManagedServices/registrationAssignments/b2`,
                ],
            }),
        ].join("\n");
        assert.deepEqual(parseExpectedDelegations(outputs, "stacks.json"), [
            { subscriptionId: SUB, assignmentIds: [assignment(SUB)] },
            {
                subscriptionId: SUB2,
                assignmentIds: [
                    `/subscriptions/${SUB2}/resourceGroups/rg-1/providers/Microsoft.ManagedServices/registrationAssignments/b2`,
                ],
            },
        ]);
    });

    it("refuses an assignment ID of another subscription, or not one at all, naming the file, field and value", () => {
        for (const bad of [assignment(SUB2), "/subscriptions/x/../../providers/evil", 42]) {
            assert.throws(
                () =>
                    parseExpectedDelegations(
                        JSON.stringify({ subscriptionId: SUB, assignmentIds: [bad] }),
                        "stacks.json",
                    ),
                (e: unknown) =>
                    e instanceof InputError &&
                    /^stacks\.json: field "assignmentIds" is not a registration assignment ID of subscription 5ab00000-0000-4000-8000-000000000001 \(value /.test(
                        e.message,
                    ) &&
                    /pulumi stack output --json/.test(e.message),
            );
        }
    });
});

describe("watch: the --state file", () => {
    const good = () => ({
        kind: STATE_KIND,
        version: 1,
        managingTenantId: MANAGING,
        readUntil: "2026-11-03T06:00:00Z",
        reported: { "e-1": "2026-11-02T10:15:00.123Z", __proto__x: null },
        delegations: { [SUB]: { verdict: "removed", since: "2026-11-03T06:00:00Z" } },
    });

    it("round-trips what it writes", () => {
        const state = parseState(JSON.stringify(good()), "--state s.json");
        assert.equal(parseState(renderState(state), "--state s.json").readUntil, "2026-11-03T06:00:00Z");
        assert.deepEqual(parseState(renderState(state), "--state s.json"), state);
    });

    it("an unknown shape is refused with the file, the field and how to start afresh", () => {
        const cases: [unknown, RegExp][] = [
            ["not json", /^--state s\.json: is not a watch state file: not JSON/],
            [{ ...good(), kind: "something-else" }, /field "kind" is not a watch state file/],
            [
                { ...good(), version: 2 },
                /field "version" was written by a newer lighthouse-pec \(value "2"\)\. Run the newer lighthouse-pec/,
            ],
            [{ ...good(), version: "1" }, /field "version" has an unknown format version/],
            [{ ...good(), managingTenantId: "contoso" }, /field "managingTenantId" has no managing tenant ID/],
            [{ ...good(), reported: [] }, /field "reported" has no reported events/],
            [
                { ...good(), reported: { a: "soon" } },
                /field "reported\.a" has an event time that is not an ISO 8601 UTC time/,
            ],
            [
                { ...good(), delegations: { [SUB]: { verdict: "fine", since: "2026-11-03T06:00:00Z" } } },
                /has a delegation entry without a known verdict/,
            ],
            [
                { ...good(), delegations: { "not-a-sub": { verdict: "ok", since: "2026-11-03T06:00:00Z" } } },
                /delegation key that is not a subscription ID/,
            ],
            [[], /is not a watch state file/],
            ["", /not JSON/],
        ];
        for (const [doc, message] of cases) {
            assert.throws(
                () => parseState(typeof doc === "string" ? doc : JSON.stringify(doc), "--state s.json"),
                (e: unknown) =>
                    e instanceof InputError &&
                    message.test(e.message) &&
                    /\. (Delete the file to start afresh|Run the newer)/.test(e.message),
                JSON.stringify(doc),
            );
        }
    });

    it("remembers the new events, forgets those past the log's retention, keeps verdicts when nothing was checked", () => {
        const now = Date.parse("2026-11-03T06:00:00Z");
        const previous = parseState(
            JSON.stringify({ ...good(), reported: { old: "2026-07-01T00:00:00Z", kept: "2026-10-01T00:00:00Z" } }),
            "--state s.json",
        );
        const next = nextState(previous, {
            managingTenantId: MANAGING,
            now,
            readUntil: "2026-11-03T06:00:00Z",
            events: [
                { key: "__proto__", eventTimestamp: "2026-11-02T00:00:00.000Z" },
                { key: "constructor", eventTimestamp: null },
            ],
            delegations: null,
        });
        assert.deepEqual(Object.keys(next.reported).sort(), ["__proto__", "constructor", "kept"]);
        assert.equal(
            Object.getPrototypeOf(next.reported),
            Object.prototype,
            "an event key cannot change the object's prototype",
        );
        assert.deepEqual(next.delegations, previous.delegations);
        assert.deepEqual(parseState(renderState(next), "--state s.json").reported, next.reported);
    });
});
