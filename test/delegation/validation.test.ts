import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigurationError, CustomerDelegation, CustomerDelegationArgs, validateDelegation } from "../../components";
import { ids, validArgs } from "../support/fixtures";
import { runUnderMocks, unwrap } from "../support/pulumiMocks";

const G = (n: number) => `${String(n).padStart(8, "0")}-0000-4000-8000-000000000000`;

interface Case {
    rule: string;
    args: Partial<CustomerDelegationArgs>;
    field: string;
    message: RegExp;
}

const cases: Case[] = [
    { rule: "empty authorizations", args: { authorizations: [] }, field: "authorizations", message: /at least one permanent authorization/ },
    { rule: "malformed tenant GUID", args: { managedByTenantId: "contoso.onmicrosoft.com" }, field: "managedByTenantId", message: /not a GUID.*managing tenant ID/ },
    { rule: "malformed subscription GUID", args: { subscriptionId: "sub-1" }, field: "subscriptionId", message: /not a GUID.*subscription ID/ },
    { rule: "malformed principal GUID", args: { authorizations: [{ principalId: "alice@contoso.com", role: "Reader" }] }, field: "authorizations[0].principalId", message: /not a GUID/ },
    { rule: "malformed automation principal", args: { automationAccount: { principalId: "sp" } }, field: "automationAccount.principalId", message: /not a GUID/ },
    { rule: "Owner", args: { authorizations: [{ principalId: ids.adminGroup, role: "Owner" }] }, field: "authorizations[0].role", message: /does not support the Owner role.*Contributor/ },
    { rule: "DataActions role", args: { authorizations: [{ principalId: ids.adminGroup, role: "Log Analytics Contributor" }] }, field: "authorizations[0].role", message: /DataActions/ },
    { rule: "access-changing role", args: { authorizations: [{ principalId: ids.adminGroup, role: "Role Based Access Control Administrator" }] }, field: "authorizations[0].role", message: /restricts roles that can change access/ },
    { rule: "unknown role name", args: { authorizations: [{ principalId: ids.adminGroup, role: "Contributer" }] }, field: "authorizations[0].role", message: /not a known built-in role name.*did you mean "Contributor"/ },
    { rule: "UAA without delegatedRoles", args: { authorizations: [{ principalId: ids.adminGroup, role: "User Access Administrator" }] }, field: "authorizations[0].delegatedRoles", message: /only with delegatedRoles/ },
    { rule: "UAA delegating Owner", args: { authorizations: [{ principalId: ids.adminGroup, role: "User Access Administrator", delegatedRoles: ["Owner"] }] }, field: "authorizations[0].delegatedRoles[0]", message: /"Owner" cannot be a delegated role/ },
    { rule: "UAA delegating UAA", args: { authorizations: [{ principalId: ids.adminGroup, role: "User Access Administrator", delegatedRoles: ["User Access Administrator"] }] }, field: "authorizations[0].delegatedRoles[0]", message: /cannot be a delegated role/ },
    { rule: "delegatedRoles on another role", args: { authorizations: [{ principalId: ids.adminGroup, role: "Contributor", delegatedRoles: ["Reader"] }] }, field: "authorizations[0].delegatedRoles", message: /only allowed with "User Access Administrator", not "Contributor"/ },
    { rule: "automation account with Reader", args: { automationAccount: { principalId: ids.automation, role: "Reader" } }, field: "automationAccount.role", message: /does not earn partner earned credit/ },
    { rule: "automation account with Owner", args: { automationAccount: { principalId: ids.automation, role: "Owner" } }, field: "automationAccount.role", message: /Owner/ },
    { rule: "automation account with a DataActions role", args: { automationAccount: { principalId: ids.automation, role: "Storage Blob Data Contributor" } }, field: "automationAccount.role", message: /DataActions/ },
    { rule: "eligible UAA", args: { eligibleAuthorizations: [{ principalId: ids.engineer, role: "User Access Administrator" }] }, field: "eligibleAuthorizations[0].role", message: /cannot be an eligible/ },
    { rule: "eligible with delegatedRoles", args: { eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor", delegatedRoles: ["Reader"] }] }, field: "eligibleAuthorizations[0].delegatedRoles", message: /cannot have delegatedRoles/ },
    { rule: "eligible automation account", args: { eligibleAuthorizations: [{ principalId: ids.automation, role: "Contributor" }] }, field: "eligibleAuthorizations[0].principalId", message: /service principal.*never earns PEC/ },
    { rule: "activation too short", args: { eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor", justInTimeAccessPolicy: { maximumActivationDuration: "PT15M" } }] }, field: "eligibleAuthorizations[0].justInTimeAccessPolicy.maximumActivationDuration", message: /between 30 minutes and 8 hours/ },
    { rule: "activation too long", args: { eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor", justInTimeAccessPolicy: { maximumActivationDuration: "PT8H1M" } }] }, field: "eligibleAuthorizations[0].justInTimeAccessPolicy.maximumActivationDuration", message: /between 30 minutes and 8 hours/ },
    { rule: "activation not a duration", args: { eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor", justInTimeAccessPolicy: { maximumActivationDuration: "8 hours" } }] }, field: "eligibleAuthorizations[0].justInTimeAccessPolicy.maximumActivationDuration", message: /not an ISO-8601 duration/ },
    { rule: "more than 10 approvers", args: { eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor", justInTimeAccessPolicy: { managedByTenantApprovers: Array.from({ length: 11 }, (_, i) => ({ principalId: G(i + 1) })) } }] }, field: "eligibleAuthorizations[0].justInTimeAccessPolicy.managedByTenantApprovers", message: /at most 10 approvers/ },
    { rule: "bad MFA provider", args: { eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor", justInTimeAccessPolicy: { multiFactorAuthProvider: "Okta" as "Azure" } }] }, field: "eligibleAuthorizations[0].justInTimeAccessPolicy.multiFactorAuthProvider", message: /"Azure" or "None"/ },
    { rule: "duplicate principal and role", args: { authorizations: [{ principalId: ids.adminGroup, role: "Reader" }, { principalId: ids.adminGroup.toUpperCase(), role: "acdd72a7-3385-48ef-bd42-f606fba81ae7" }] }, field: "authorizations[1]", message: /already authorized by authorizations\[0\]/ },
    { rule: "automation account duplicated in authorizations", args: { authorizations: [{ principalId: ids.automation, role: "Contributor" }] }, field: "automationAccount", message: /already authorized by authorizations\[0\]/ },
    { rule: "duplicate resource groups", args: { resourceGroups: ["rg-prod", "RG-PROD"] }, field: "resourceGroups[1]", message: /listed twice/ },
    { rule: "invalid resource group name", args: { resourceGroups: ["rg prod!"] }, field: "resourceGroups[0]", message: /not a valid resource group name/ },
    { rule: "empty resource group list", args: { resourceGroups: [] }, field: "resourceGroups", message: /delegates nothing/ },
    { rule: "partial plan", args: { plan: { name: "gold", publisher: "contoso" } as never }, field: "plan", message: /missing product, version/ },
    { rule: "missing offer name", args: { offerName: " " }, field: "offerName", message: /offer name is required/ },
];

describe("CustomerDelegation validation (at construction, before anything registers)", () => {
    for (const c of cases) {
        it(`rejects ${c.rule}`, async () => {
            const { resources } = await runUnderMocks(() => {
                assert.throws(() => new CustomerDelegation("contoso", validArgs(c.args)), (err: unknown) => {
                    assert.ok(err instanceof ConfigurationError, String(err));
                    const finding = err.findings.find((f) => f.field === c.field);
                    assert.ok(finding, `no finding for ${c.field} in:\n${err.message}`);
                    assert.match(`${finding.message}. Fix: ${finding.fix}`, c.message);
                    assert.match(err.message, /nothing was deployed/);
                    assert.ok(err.message.includes(c.field), "the message names the field");
                    return true;
                });
            });
            assert.deepEqual(resources, [], "nothing was registered");
        });
    }

    it("reports every problem at once, not only the first", () => {
        const findings = validateDelegation({
            offerName: "x", managedByTenantId: "bad", subscriptionId: "bad",
            authorizations: [{ principalId: ids.adminGroup, role: "Owner" }],
            automationAccount: { principalId: ids.automation, role: "Reader" },
        }).filter((f) => f.severity === "error").map((f) => f.field);
        assert.deepEqual(findings.sort(), ["authorizations[0].role", "automationAccount.role", "managedByTenantId", "subscriptionId"]);
    });

    it("accepts the valid configuration with no warnings", () => {
        assert.deepEqual(validateDelegation(validArgs() as never), []);
    });

    it("warns (does not fail) on a role GUID the catalogue does not know, on a missing automation account and delete role", () => {
        const findings = validateDelegation({ ...validArgs(), automationAccount: undefined, authorizations: [{ principalId: ids.adminGroup, role: G(9) }] } as never);
        assert.deepEqual(findings.map((f) => [f.severity, f.field]), [
            ["warning", "authorizations[0].role"],
            ["warning", "automationAccount"],
            ["warning", "authorizations"],
            ["warning", "authorizations"],
        ]);
        assert.match(findings[1].message, /no PEC will be tracked unless one of the principals is linked/);
        assert.match(findings[2].message, /no permanent authorization has a PEC-eligible role/);
        assert.match(findings[3].message, /Registration assignment Delete Role/);
    });

    it("skips unknown values (preview) and checks them once known", async () => {
        assert.deepEqual(validateDelegation({ ...validArgs(), subscriptionId: undefined, managedByTenantId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } as never), []);
        const { resources, result } = await runUnderMocks(() =>
            new CustomerDelegation("contoso", validArgs({ automationAccount: { principalId: pulumi.output("not-a-guid") } })));
        await assert.rejects(unwrap(result.pecPrincipalIds), /automationAccount.principalId = "not-a-guid": not a GUID/);
        assert.deepEqual(resources.map((r) => r.type), ["lighthouse-pec:index:CustomerDelegation"], "no definition or assignment was registered");
    });
});
