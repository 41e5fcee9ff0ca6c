import * as assert from "node:assert/strict";
import type { DoctorFacts, RoleAssignmentInfo, SubscriptionFacts } from "../../doctor/model";
import { linkState } from "../../doctor/link";
import { diagnose } from "../../doctor/verdict";
import { renderDoctorTable } from "../../doctor/format";

const PARTNER = "11111111-1111-1111-1111-111111111111";
const CUSTOMER = "22222222-2222-2222-2222-222222222222";
const ME = "33333333-3333-3333-3333-333333333333";
const FOREIGN = "44444444-4444-4444-4444-444444444444";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const sub = (n: number) => `00000000-0000-0000-0000-0000000000${String(n).padStart(2, "0")}`;

function role(n: number, principalId: string, roleGuid: string, principalType: string): RoleAssignmentInfo {
    return {
        id: `/subscriptions/${sub(n)}/providers/Microsoft.Authorization/roleAssignments/r${n}`,
        roleDefinitionId: roleGuid,
        principalId,
        scope: `/subscriptions/${sub(n)}`,
        principalType,
    };
}

/** A subscription the identity reaches through RBAC (its own role) and/or AOBO (a foreign group's Owner). */
function facts(n: number, o: { rbac?: boolean; aobo?: boolean }): SubscriptionFacts {
    return {
        subscription: {
            subscriptionId: sub(n),
            displayName: `S${n}`,
            tenantId: CUSTOMER,
            state: "Enabled",
            managedByTenantIds: [],
        },
        registrationAssignments: { ok: true, value: [] },
        roleAssignments: {
            ok: true,
            value: [
                ...(o.rbac ? [role(n, ME, CONTRIBUTOR, "ServicePrincipal")] : []),
                ...(o.aobo ? [role(n, FOREIGN, OWNER, "ForeignGroup")] : []),
            ],
        },
    };
}

function run(subs: SubscriptionFacts[], o: Partial<DoctorFacts> = {}) {
    return diagnose({
        identity: { tenantId: PARTNER, objectId: ME, clientId: null },
        memberOf: [],
        link: null,
        expectedPartnerId: null,
        subscriptions: subs,
        expected: null,
        ...o,
    });
}

describe("doctor: what the Partner Admin Link means next to CSP admin-on-behalf-of (pure)", () => {
    it("linkState: linked only when present, Active and (with --partner-id) the expected partner ID", () => {
        const active = { partnerId: "1234567", partnerName: null, state: "Active" };
        assert.equal(linkState({ link: null, expectedPartnerId: null }), "missing");
        assert.equal(linkState({ link: { ...active, state: "Deleted" }, expectedPartnerId: null }), "inactive");
        assert.equal(linkState({ link: active, expectedPartnerId: "7654321" }), "wrong-partner");
        assert.equal(linkState({ link: { ...active, state: "active" }, expectedPartnerId: "1234567" }), "linked");
    });

    it("the identity's own RBAC role with an AOBO role beside it earns PEC without a link: no link problem, no caveat", () => {
        const r = run([facts(1, { rbac: true, aobo: true })]);
        assert.equal(r.subscriptions[0].verdict, "ok");
        assert.doesNotMatch(r.subscriptions[0].detail, /No PEC through this identity/);
        assert.deepEqual(r.problems, []);
    });

    it("RBAC alone needs the link: the row says so and pal-missing names it", () => {
        const r = run([facts(1, { rbac: true })]);
        assert.match(
            r.subscriptions[0].detail,
            /^PEC-eligible: Contributor \(RBAC role assignment\)\. No PEC through this identity until the Partner Admin Link is fixed: this identity is not linked to a partner ID\.$/,
        );
        assert.deepEqual(
            r.problems.map((p) => p.kind),
            ["pal-missing"],
        );
        assert.match(r.problems[0].detail, new RegExp(`earn none: ${sub(1)}\\.$`));
    });

    it("a wrong partner ID: the subscriptions through the link earn none for the expected partner; AOBO ones are named apart", () => {
        const r = run([facts(1, { rbac: true }), facts(2, { aobo: true })], {
            link: { partnerId: "1111111", partnerName: null, state: "Active" },
            expectedPartnerId: "1234567",
        });
        assert.deepEqual(
            r.problems.map((p) => p.kind),
            ["pal-wrong-partner"],
        );
        assert.equal(
            r.problems[0].detail,
            `The identity is linked to partner ID 1111111, not 1234567, so the 1 subscription(s) whose PEC comes through its own Lighthouse or RBAC access earn none for partner ID 1234567: ${sub(1)}. ` +
                `The 1 subscription(s) reached through CSP admin-on-behalf-of (AOBO) earn PEC without a link: ${sub(2)}.`,
        );
        assert.match(r.problems[0].fix, /az managementpartner update --partner-id 1234567/);
    });

    it("lists at most five subscriptions, then how many more", () => {
        const r = run([1, 2, 3, 4, 5, 6, 7].map((n) => facts(n, { rbac: true })));
        assert.match(
            r.problems[0].detail,
            new RegExp(`the 7 subscription\\(s\\) .* earn none: ${[1, 2, 3, 4, 5].map(sub).join(", ")} and 2 more\\.$`),
        );
    });

    it("no subscription at all and no link: pal-missing says no subscription earns PEC through its Lighthouse or RBAC access", () => {
        const r = run([]);
        assert.deepEqual(
            r.problems.map((p) => [p.kind, p.detail]),
            [
                [
                    "pal-missing",
                    `The identity (object ID ${ME}, tenant ${PARTNER}) is not linked to a partner ID, so no subscription earns PEC through its Lighthouse or RBAC access.`,
                ],
            ],
        );
    });

    it("AOBO only and a Deleted link: no pal-inactive, and the table notes why", () => {
        const r = run([facts(1, { aobo: true })], {
            link: { partnerId: "1234567", partnerName: null, state: "Deleted" },
        });
        assert.deepEqual(r.problems, []);
        const t = renderDoctorTable(r);
        assert.match(t, /Partner Admin Link: partner ID 1234567, Deleted/);
        assert.ok(
            t.includes(
                "Notes:\n  Partner Admin Link: this identity's Partner Admin Link is not Active; not needed here: every subscription that earns PEC is reached through CSP admin-on-behalf-of (AOBO), which needs no link.\n" +
                    `  ${sub(1)}: aobo-only: `,
            ),
            t,
        );
    });
});
