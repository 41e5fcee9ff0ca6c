import * as assert from "node:assert/strict";
import { delegationEvent, delegationEventPair } from "../../kit/fakeAzure/activityLog";
import {
    delegatedScopeOf,
    delegationEvents,
    normaliseTimestamp,
    parseDelegationEvent,
} from "../../../pec/watch/events";

const MANAGING = "aaaaaaaa-0000-4000-8000-0000000000a1";
const CUSTOMER = "cccccccc-0000-4000-8000-0000000000c2";
const SUB = "5ab00000-0000-4000-8000-000000000001";
const base = { managingTenantId: MANAGING, customerTenantId: CUSTOMER, subscriptionId: SUB };

describe("watch: delegation events of the tenant activity log", () => {
    it("reads the documented register and unregister EndRequest events (the sample script's fields)", () => {
        const removed = parseDelegationEvent(
            delegationEvent({
                ...base,
                operation: "unregister",
                eventTimestamp: "2026-11-02T10:15:00.1234567Z",
                eventDataId: "e-1",
                caller: "admin@contoso.example",
            }),
        );
        assert.deepEqual(removed, {
            key: "e-1",
            change: "removed",
            status: "succeeded",
            rawStatus: null,
            eventTimestamp: "2026-11-02T10:15:00.123Z",
            customerTenantId: CUSTOMER,
            subscriptionId: SUB,
            resourceGroup: null,
            delegatedResourceId: `/subscriptions/${SUB}`,
            caller: "admin@contoso.example",
            descriptionProblem: null,
            rawDescription: null,
        });
        const failed = parseDelegationEvent(
            delegationEvent({
                ...base,
                operation: "register",
                status: "Failed",
                resourceGroup: "rg-app",
                eventTimestamp: "2026-11-02T08:00:00Z",
            }),
        );
        assert.equal(failed?.change, "added-or-changed");
        assert.equal(failed?.status, "failed");
        assert.equal(failed?.resourceGroup, "rg-app");
        assert.equal(failed?.delegatedResourceId, `/subscriptions/${SUB}/resourceGroups/rg-app`);
    });

    it("keeps only EndRequest events of the two operations, each once, oldest first", () => {
        const items = [
            ...delegationEventPair({
                ...base,
                operation: "register",
                eventTimestamp: "2026-11-02T09:00:00Z",
                eventDataId: "b",
            }),
            delegationEvent({
                ...base,
                operation: "unregister",
                eventTimestamp: "2026-11-01T09:00:00Z",
                eventDataId: "a",
            }),
            delegationEvent({
                ...base,
                operation: "unregister",
                eventTimestamp: "2026-11-01T09:00:00Z",
                eventDataId: "a",
            }),
            {
                ...delegationEvent({ ...base, operation: "register", eventTimestamp: "2026-11-02T09:00:00Z" }),
                operationName: { value: "Microsoft.Resources/deployments/write" },
            },
            null,
            42,
            "text",
            [],
        ];
        // The pair's BeginRequest and EndRequest share the eventDataId "b" in this builder; only EndRequest counts.
        assert.deepEqual(
            delegationEvents(items).map((e) => [e.key, e.change]),
            [
                ["a", "removed"],
                ["b", "added-or-changed"],
            ],
        );
    });

    it("matches the operation and event names case-insensitively, and a plain-string operationName", () => {
        const e = delegationEvent({ ...base, operation: "unregister", eventTimestamp: "2026-11-02T09:00:00Z" });
        assert.equal(
            parseDelegationEvent({
                ...e,
                operationName: "microsoft.resources/TENANTS/unregister/action",
                eventName: { value: "endrequest" },
            })?.change,
            "removed",
        );
    });

    it("an event whose description does not name a delegation is kept, with the problem in our words and the text apart", () => {
        const cases: [unknown, RegExp][] = [
            ["not json <script>", /is not JSON/],
            ["[1,2]", /not a JSON object/],
            ["", /has no description/],
            [
                JSON.stringify({ subscriptionId: "x|y", subscriptionTenantId: 7 }),
                /no subscription ID, no customer tenant ID/,
            ],
            [
                JSON.stringify({
                    delegationResourceId: "/subscriptions/../../evil",
                    subscriptionId: SUB,
                    subscriptionTenantId: CUSTOMER,
                }),
                /not a subscription or resource group/,
            ],
            ["x".repeat(70_000), /too long/],
        ];
        for (const [description, problem] of cases) {
            const e = parseDelegationEvent(
                delegationEvent({
                    ...base,
                    operation: "unregister",
                    eventTimestamp: "2026-11-02T09:00:00Z",
                    description,
                }),
            );
            assert.ok(e, String(description).slice(0, 40));
            assert.match(e.descriptionProblem ?? "", problem);
            assert.ok(
                !e.descriptionProblem?.includes("<script>") && !e.descriptionProblem?.includes("x|y"),
                "no event text in our sentence",
            );
            assert.ok((e.rawDescription ?? "").length <= 300, "the description is kept shortened");
        }
        const other = parseDelegationEvent(
            delegationEvent({
                ...base,
                operation: "unregister",
                eventTimestamp: "2026-11-02T09:00:00Z",
                description: JSON.stringify({
                    delegationResourceId: `/subscriptions/${CUSTOMER}`,
                    subscriptionId: SUB,
                    subscriptionTenantId: CUSTOMER,
                }),
            }),
        );
        assert.match(other?.descriptionProblem ?? "", /another subscription than its subscriptionId/);
        assert.equal(other?.subscriptionId, SUB);
        assert.equal(other?.delegatedResourceId, `/subscriptions/${SUB}`);
    });

    it("hostile fields: another status, a time that is not one, a long caller, control characters; no key collides with Object's", () => {
        const e = parseDelegationEvent({
            ...delegationEvent({ ...base, operation: "register", eventTimestamp: "2026-11-02T09:00:00Z" }),
            status: { value: "Weird\u001b[2J status that goes on and on and on and on and on and on and on" },
            eventTimestamp: "yesterday",
            caller: `a${"\u202e".repeat(3)}${"b".repeat(1000)}`,
            eventDataId: "__proto__",
        });
        assert.ok(e);
        assert.equal(e.status, "other");
        assert.ok((e.rawStatus ?? "").length <= 60);
        assert.equal(e.eventTimestamp, null);
        assert.equal(Array.from(e.caller ?? "").length, 300);
        assert.equal(e.key, "__proto__");
        const noId = parseDelegationEvent({
            ...delegationEvent({ ...base, operation: "register", eventTimestamp: "2026-11-02T09:00:00Z" }),
            eventDataId: undefined,
            id: undefined,
        });
        assert.match(noId?.key ?? "", /^sha256:[0-9a-f]{64}$/);
    });

    it("delegated scopes and times are read strictly", () => {
        assert.deepEqual(delegatedScopeOf(`/subscriptions/${SUB.toUpperCase()}/resourceGroups/rg(1).a`), {
            subscriptionId: SUB,
            resourceGroup: "rg(1).a",
        });
        assert.equal(delegatedScopeOf(`/subscriptions/${SUB}/resourceGroups/<b>`), undefined);
        assert.equal(delegatedScopeOf("/subscriptions/not-a-guid"), undefined);
        assert.equal(normaliseTimestamp("2026-11-02T10:15:00+01:00"), "2026-11-02T09:15:00.000Z");
        assert.equal(normaliseTimestamp("2026-11-02 10:15"), null);
        assert.equal(normaliseTimestamp("2026-13-02T10:15:00Z"), null);
    });
});
