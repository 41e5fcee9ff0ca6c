import * as assert from "node:assert/strict";
import type {
    DoctorFacts,
    RegistrationAssignmentInfo,
    RoleAssignmentInfo,
    SubscriptionFacts,
} from "../../doctor/model";
import { diagnose, isForeignGroup } from "../../doctor/verdict";
import { parseRoleAssignment } from "../../doctor/parse";
import { renderDoctorTable } from "../../doctor/format";

const PARTNER = "11111111-1111-1111-1111-111111111111";
const CUSTOMER = "22222222-2222-2222-2222-222222222222";
const ME = "33333333-3333-3333-3333-333333333333";
const ADMIN_AGENTS = "44444444-4444-4444-4444-444444444444";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const SUB = "00000000-0000-0000-0000-000000000001";

function role(roleGuid: string, principalType: string | null, scope = `/subscriptions/${SUB}`): RoleAssignmentInfo {
    return {
        id: `${scope}/providers/Microsoft.Authorization/roleAssignments/x`,
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
        principalId: ADMIN_AGENTS,
        scope,
        principalType,
    };
}

function delegation(roleGuid: string, tenant = PARTNER): RegistrationAssignmentInfo {
    return {
        id: `/subscriptions/${SUB}/providers/Microsoft.ManagedServices/registrationAssignments/a`,
        scope: `/subscriptions/${SUB}`,
        registrationDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.ManagedServices/registrationDefinitions/d`,
        registrationDefinitionName: "Contoso managed services",
        managedByTenantId: tenant,
        provisioningState: "Succeeded",
        authorizations: [{ principalId: ME, principalIdDisplayName: null, roleDefinitionId: roleGuid }],
        eligibleAuthorizations: [],
    };
}

function subFacts(o: { roles?: RoleAssignmentInfo[]; assignments?: RegistrationAssignmentInfo[] }): SubscriptionFacts {
    const delegated = (o.assignments ?? []).length > 0;
    return {
        subscription: {
            subscriptionId: SUB,
            displayName: "Contoso Azure plan",
            tenantId: CUSTOMER,
            state: "Enabled",
            managedByTenantIds: delegated ? [PARTNER] : [],
        },
        registrationAssignments: { ok: true, value: o.assignments ?? [] },
        roleAssignments: { ok: true, value: o.roles ?? [] },
    };
}

function run(s: SubscriptionFacts, o: Partial<DoctorFacts> = {}) {
    return diagnose({
        identity: { tenantId: PARTNER, objectId: ME, clientId: null },
        memberOf: [],
        link: { partnerId: "1234567", partnerName: null, state: "Active" },
        expectedPartnerId: null,
        subscriptions: [s],
        expected: null,
        ...o,
    });
}

describe("doctor: CSP admin-on-behalf-of (pure verdicts)", () => {
    it("reads principalType from a role assignment; ForeignGroup is AOBO", () => {
        const r = parseRoleAssignment({
            id: "x",
            properties: {
                roleDefinitionId: OWNER,
                principalId: ADMIN_AGENTS.toUpperCase(),
                principalType: "ForeignGroup",
            },
        });
        assert.equal(r?.principalType, "ForeignGroup");
        assert.ok(r && isForeignGroup(r));
        assert.ok(!isForeignGroup(role(OWNER, "Group")));
        assert.ok(!isForeignGroup(role(OWNER, null)));
    });

    it("aobo-only: Owner through the Admin Agents foreign group, no delegation; informational, with the gap warning", () => {
        const report = run(subFacts({ roles: [role(OWNER, "ForeignGroup")] }));
        const row = report.subscriptions[0];
        assert.equal(row.verdict, "aobo-only");
        assert.equal(row.problem, false);
        assert.deepEqual(
            row.access.map((g) => [g.source, g.roleName, g.pecEligible]),
            [["aobo", "Owner", true]],
        );
        assert.match(row.detail, /admin-on-behalf-of/);
        assert.match(row.detail, /before a Lighthouse delegation is visible here leaves a gap: no access and no PEC/);
        assert.deepEqual(report.summary, { subscriptions: 1, ok: 1, problems: 0 });
        const table = renderDoctorTable(report);
        assert.match(table, /Notes:\n.*aobo-only: .*leaves a gap/);
        assert.match(table, /Owner \[aobo\]/);
    });

    it("aobo-only is a problem when the subscription is expected to earn PEC through Lighthouse", () => {
        const report = run(subFacts({ roles: [role(CONTRIBUTOR, "ForeignGroup")] }), { expected: [SUB] });
        const row = report.subscriptions[0];
        assert.equal(row.verdict, "aobo-only");
        assert.equal(row.problem, true);
        assert.match(row.fix, /lighthouse-pec:csp true/);
        assert.match(row.fix, /keep AOBO until doctor shows aobo-and-lighthouse/);
        assert.deepEqual(
            report.problems.map((p) => p.kind),
            ["aobo-only"],
        );
    });

    it("aobo-only is a problem when the delegation exists but gives the identity no PEC-eligible role", () => {
        const row = run(subFacts({ roles: [role(OWNER, "ForeignGroup")], assignments: [delegation(READER)] }))
            .subscriptions[0];
        assert.equal(row.verdict, "aobo-only");
        assert.equal(row.problem, true);
        assert.match(row.detail, /the Lighthouse delegation gives the identity .* no permanent PEC-eligible role/);
    });

    it("aobo-and-lighthouse: both paths; AOBO can go; not a problem", () => {
        const report = run(subFacts({ roles: [role(OWNER, "ForeignGroup")], assignments: [delegation(CONTRIBUTOR)] }), {
            expected: [SUB],
        });
        const row = report.subscriptions[0];
        assert.equal(row.verdict, "aobo-and-lighthouse");
        assert.equal(row.problem, false);
        assert.match(row.detail, /removing AOBO keeps PEC flowing/);
        assert.deepEqual(report.problems, []);
        assert.equal(report.summary.ok, 1);
    });

    it("a plain group's Owner is ordinary RBAC (ok), not AOBO", () => {
        const row = run(subFacts({ roles: [role(OWNER, "Group")] })).subscriptions[0];
        assert.equal(row.verdict, "ok");
        assert.equal(row.access[0].source, "rbac");
    });

    it("a foreign group with Reader, or only on a resource group, is no AOBO PEC path", () => {
        assert.equal(
            run(subFacts({ roles: [role(READER, "ForeignGroup")] })).subscriptions[0].verdict,
            "not-delegated",
        );
        const rg = run(subFacts({ roles: [role(OWNER, "ForeignGroup", `/subscriptions/${SUB}/resourceGroups/rg1`)] }))
            .subscriptions[0];
        assert.notEqual(rg.verdict, "aobo-only");
    });

    it("signed in to the customer's tenant, --managed-by-tenant-id still finds the partner's delegation", () => {
        const s = subFacts({ roles: [role(OWNER, "ForeignGroup")], assignments: [delegation(CONTRIBUTOR)] });
        const inCustomer = { identity: { tenantId: CUSTOMER, objectId: ME, clientId: null } };
        assert.equal(
            run(s, inCustomer).subscriptions[0].verdict,
            "aobo-only",
            "without it the delegation is another tenant's",
        );
        assert.equal(
            run(s, { ...inCustomer, managingTenantId: PARTNER }).subscriptions[0].verdict,
            "aobo-and-lighthouse",
        );
    });
});
