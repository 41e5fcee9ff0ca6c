import { strict as assert } from "node:assert";
import { resolveRole, WellKnownRoles } from "../../components";
import {
    allRoles,
    grantsOperation,
    includesReaderAccess,
    LIGHTHOUSE_RULES_SOURCE,
    PermissionBlock,
    suggestRoleNames,
    UNSUPPORTED_ROLE_ACTIONS,
    unsupportedActionsOf,
} from "../../core/roles";
import catalogue from "../../core/roles/catalogue.json";

/** The rule before Microsoft's full list was read: five operations, matched as grants. */
const OLD_PRIVILEGED_OPERATIONS = [
    "Microsoft.Authorization/roleAssignments/write",
    "Microsoft.Authorization/roleAssignments/delete",
    "Microsoft.Authorization/roleDefinitions/write",
    "Microsoft.Authorization/roleDefinitions/delete",
    "Microsoft.Authorization/elevateAccess/action",
];

/**
 * Built-in roles whose Lighthouse verdict Microsoft's current list changes against the old rule. A change to
 * lighthouseRules.json (or to the catalogue) that moves a role in or out shows up here, for review.
 */
const VERDICT_CHANGED_BY_CURRENT_LIST = [
    "Azure Migrate Decide and Plan Expert",
    "Locks Contributor",
    "Storage Account Backup Contributor",
];

describe("role catalogue and Lighthouse rules", () => {
    it("looks roles up by name (any case), GUID and role definition ID", () => {
        assert.equal(resolveRole("contributor")?.id, WellKnownRoles.contributor);
        assert.equal(resolveRole("  CONTRIBUTOR ")?.name, "Contributor");
        assert.equal(resolveRole("B24988AC-6180-42A0-AB88-20F7382DD24C")?.name, "Contributor");
        assert.equal(
            resolveRole(`/providers/Microsoft.Authorization/roleDefinitions/${WellKnownRoles.reader}`)?.name,
            "Reader",
        );
        assert.equal(
            resolveRole(`/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/${WellKnownRoles.reader}`)
                ?.name,
            "Reader",
        );
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

    it("keeps Microsoft's unsupported-actions list as data, with its source, commit and date", () => {
        assert.deepEqual(
            [...UNSUPPORTED_ROLE_ACTIONS],
            [
                "Microsoft.Authorization/*",
                "Microsoft.Authorization/*/write",
                "Microsoft.Authorization/*/delete",
                "Microsoft.Authorization/roleAssignments/write",
                "Microsoft.Authorization/roleAssignments/delete",
                "Microsoft.Authorization/roleDefinitions/write",
                "Microsoft.Authorization/roleDefinitions/delete",
                "Microsoft.Authorization/classicAdministrators/write",
                "Microsoft.Authorization/classicAdministrators/delete",
                "Microsoft.Authorization/locks/write",
                "Microsoft.Authorization/locks/delete",
                "Microsoft.Authorization/denyAssignments/write",
                "Microsoft.Authorization/denyAssignments/delete",
            ],
        );
        assert.match(
            LIGHTHOUSE_RULES_SOURCE.url,
            /^https:\/\/learn\.microsoft\.com\/azure\/lighthouse\/concepts\/tenants-users-roles/,
        );
        assert.equal(LIGHTHOUSE_RULES_SOURCE.repository, "MicrosoftDocs/azure-management-docs");
        assert.equal(LIGHTHOUSE_RULES_SOURCE.path, "articles/lighthouse/concepts/tenants-users-roles.md");
        assert.match(LIGHTHOUSE_RULES_SOURCE.commit, /^[0-9a-f]{40}$/);
        for (const date of [
            LIGHTHOUSE_RULES_SOURCE.msDate,
            LIGHTHOUSE_RULES_SOURCE.sameListSince.msDate,
            LIGHTHOUSE_RULES_SOURCE.read,
        ]) {
            assert.match(date, /^\d{4}-\d{2}-\d{2}$/);
        }
    });

    it("refuses the roles the current list adds: lock management, naming the action", () => {
        for (const name of VERDICT_CHANGED_BY_CURRENT_LIST) {
            const role = resolveRole(name);
            assert.equal(role?.lighthouse.allowed, false, name);
            assert.equal(role?.lighthouse.restriction, "authorization-write", name);
            assert.deepEqual(
                role?.lighthouse.unsupportedActions,
                ["Microsoft.Authorization/locks/write", "Microsoft.Authorization/locks/delete"],
                name,
            );
            assert.match(
                role?.lighthouse.reason ?? "",
                new RegExp(`"${name}" includes Microsoft\\.Authorization/locks/write`),
            );
        }
    });

    it("matches concrete entries as grants (wildcards, notActions) and wildcard entries as the listed action itself", () => {
        const grants = (blocks: PermissionBlock[]) => unsupportedActionsOf(blocks);
        assert.deepEqual(grants([{ actions: ["Microsoft.Authorization/classicAdministrators/*"], notActions: [] }]), [
            "Microsoft.Authorization/classicAdministrators/write",
            "Microsoft.Authorization/classicAdministrators/delete",
        ]);
        assert.deepEqual(grants([{ actions: ["microsoft.authorization/denyassignments/write"], notActions: [] }]), [
            "Microsoft.Authorization/denyAssignments/write",
        ]);
        assert.deepEqual(
            grants([
                { actions: ["*"], notActions: ["Microsoft.Authorization/*/Write", "Microsoft.Authorization/*/Delete"] },
            ]),
            [],
            "Contributor-like",
        );
        assert.deepEqual(
            grants([
                { actions: ["Microsoft.Authorization/locks/*"], notActions: ["Microsoft.Authorization/locks/delete"] },
            ]),
            ["Microsoft.Authorization/locks/write"],
        );
        const everyConcrete = UNSUPPORTED_ROLE_ACTIONS.filter((a) => !a.includes("*"));
        assert.deepEqual(
            grants([{ actions: ["Microsoft.Authorization/*/write"], notActions: everyConcrete }]),
            ["Microsoft.Authorization/*/write"],
            "listing the wildcard action is unsupported even when notActions mask every concrete entry",
        );
        assert.deepEqual(grants([{ actions: ["Microsoft.Authorization/policyAssignments/*"], notActions: [] }]), []);
    });

    it("lists every built-in role whose verdict Microsoft's current list changes", () => {
        const changed: string[] = [];
        for (const role of (
            catalogue as { roles: { id: string; name: string; dataActions: number; blocks: PermissionBlock[] }[] }
        ).roles) {
            const oldAllowed =
                role.id !== WellKnownRoles.owner &&
                role.dataActions === 0 &&
                (role.id === WellKnownRoles.userAccessAdministrator ||
                    !OLD_PRIVILEGED_OPERATIONS.some((op) => grantsOperation(role.blocks, op)));
            if (resolveRole(role.id)?.lighthouse.allowed !== oldAllowed) {
                changed.push(role.name);
            }
        }
        assert.deepEqual(changed.sort(), VERDICT_CHANGED_BY_CURRENT_LIST);
    });

    it("includes Reader access only with all of */read: `*` or `*/read` in actions, no read masked by notActions", () => {
        const reader = (name: string) => resolveRole(name)?.includesReaderAccess;
        assert.equal(reader("Reader"), true);
        assert.equal(reader("Contributor"), true, "`*` minus Microsoft.Authorization writes and deletes");
        assert.equal(reader("Monitoring Reader"), true);
        assert.equal(
            reader("Managed Services Registration assignment Delete Role"),
            false,
            "three named operations, no */read",
        );
        assert.equal(reader("Log Analytics Reader"), false, "`*/read` minus …/sharedKeys/read");
        assert.equal(reader("Security Reader"), false, "reads of some providers only");
        const block = (actions: string[], notActions: string[] = []): PermissionBlock[] => [{ actions, notActions }];
        assert.equal(includesReaderAccess(block(["*/READ"])), true, "actions compare case-insensitively");
        assert.equal(includesReaderAccess(block(["*"], ["Microsoft.Authorization/*/Write"])), true);
        for (const mask of ["*", "*/read", "Microsoft.Compute/*", "Microsoft.Web/sites/READ", "*ead", "*/config/*"])
            assert.equal(includesReaderAccess(block(["*"], [mask])), false, `notAction ${mask} masks a read`);
        assert.equal(includesReaderAccess(block(["Microsoft.*/read"])), false, "reads of some providers only");
        assert.equal(
            includesReaderAccess([
                { actions: ["*/read"], notActions: ["Microsoft.KeyVault/*"] },
                { actions: ["Microsoft.Support/*"], notActions: [] },
            ]),
            false,
            "a notAction masks only its own block's actions",
        );
    });
});
