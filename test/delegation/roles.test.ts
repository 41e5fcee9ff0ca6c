import { strict as assert } from "node:assert";
import { resolveRole, WellKnownRoles } from "../../components";
import { allRoles, grantsOperation, suggestRoleNames } from "../../components/roles";

describe("role catalogue and Lighthouse rules", () => {
    it("looks roles up by name (any case), GUID and role definition ID", () => {
        assert.equal(resolveRole("contributor")?.id, WellKnownRoles.contributor);
        assert.equal(resolveRole("  CONTRIBUTOR ")?.name, "Contributor");
        assert.equal(resolveRole("B24988AC-6180-42A0-AB88-20F7382DD24C")?.name, "Contributor");
        assert.equal(resolveRole(`/providers/Microsoft.Authorization/roleDefinitions/${WellKnownRoles.reader}`)?.name, "Reader");
        assert.equal(resolveRole(`/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/${WellKnownRoles.reader}`)?.name, "Reader");
        assert.equal(resolveRole("Not A Role"), undefined);
        assert.equal(resolveRole("00000000-0000-0000-0000-000000000001"), undefined);
    });

    it("knows PEC eligibility: yes, no, and unknown for roles Partner Center does not list", () => {
        assert.equal(resolveRole("Contributor")?.pecEligible, true);
        assert.equal(resolveRole("Virtual Machine Contributor")?.pecEligible, true);
        assert.equal(resolveRole("Reader")?.pecEligible, false);
        assert.equal(resolveRole("Monitoring Reader")?.pecEligible, false);
        assert.equal(resolveRole("Managed Services Registration assignment Delete Role")?.pecEligible, null);
    });

    it("refuses Owner, DataActions roles and access-changing roles; UAA needs delegated roles", () => {
        assert.deepEqual(resolveRole("Owner")?.lighthouse.restriction, "owner");
        assert.equal(resolveRole("Owner")?.lighthouse.allowed, false);
        const la = resolveRole("Log Analytics Contributor");
        assert.equal(la?.hasDataActions, true);
        assert.equal(la?.lighthouse.restriction, "data-actions");
        assert.equal(resolveRole("Storage Blob Data Reader")?.lighthouse.allowed, false);
        const rbac = resolveRole("Role Based Access Control Administrator");
        assert.equal(rbac?.lighthouse.restriction, "authorization-write");
        assert.match(rbac?.lighthouse.reason ?? "", /roleAssignments\/write/);
        const uaa = resolveRole("User Access Administrator");
        assert.equal(uaa?.lighthouse.allowed, true);
        assert.equal(uaa?.lighthouse.restriction, "requires-delegated-roles");
        assert.equal(resolveRole("Contributor")?.lighthouse.allowed, true);
        assert.equal(resolveRole("Reader")?.lighthouse.allowed, true);
        // Microsoft's own Lighthouse policy samples delegate it: policy writes are not access changes.
        assert.equal(resolveRole("Resource Policy Contributor")?.lighthouse.allowed, true);
    });

    it("matches permissions with wildcards, per block, notActions masking only their own block", () => {
        const contributorLike = [{ actions: ["*"], notActions: ["Microsoft.Authorization/*/Write"] }];
        assert.equal(grantsOperation(contributorLike, "Microsoft.Authorization/roleAssignments/write"), false);
        assert.equal(grantsOperation(contributorLike, "microsoft.compute/virtualMachines/write"), true);
        const twoBlocks = [
            { actions: ["*/read"], notActions: ["Microsoft.Authorization/roleAssignments/write"] },
            { actions: ["Microsoft.Authorization/roleAssignments/write"], notActions: [] },
        ];
        assert.equal(grantsOperation(twoBlocks, "Microsoft.Authorization/roleAssignments/write"), true);
    });

    it("has a catalogue large enough to be the real one, with some PEC-eligible delegable roles", () => {
        const roles = allRoles();
        assert.ok(roles.length > 900, `${roles.length} roles`);
        assert.ok(roles.filter((r) => r.pecEligible === true && r.lighthouse.allowed).length > 50);
    });

    it("suggests the intended role for a typo", () => {
        assert.equal(suggestRoleNames("Contributer")[0], "Contributor");
        assert.equal(suggestRoleNames("readr")[0], "Reader");
        assert.deepEqual(suggestRoleNames("zzzzzzzzzz"), []);
    });
});
