import { strict as assert } from "node:assert";
import { ConfigurationError } from "../../components";
import { readCustomerConfig } from "../../program/customerConfig";
import { customerStack } from "../../program/customerStack";
import { ids } from "../kit/fixtures";
import { runUnderMocks, unwrap } from "../kit/pulumiMocks";

const MG = "contoso-landing-zones";
const OTHER_SUBSCRIPTION = "99999999-9999-4999-8999-999999999999";

function readerOf(values: Record<string, unknown>) {
    return (key: string) => values[`lighthouse-pec:${key}`];
}

const base: Record<string, unknown> = {
    "lighthouse-pec:offerName": "Contoso Managed Services",
    "lighthouse-pec:managedByTenantId": ids.partnerTenant,
    "lighthouse-pec:managementGroupId": MG,
    "lighthouse-pec:authorizations": [
        { principalId: ids.adminGroup, role: "Reader" },
        { principalId: ids.adminGroup, role: "Managed Services Registration assignment Delete Role" },
    ],
    "lighthouse-pec:automationAccount": { principalId: ids.automation },
    "lighthouse-pec:registerProviderIn": [ids.subscription, OTHER_SUBSCRIPTION],
    "lighthouse-pec:policyLocation": "swedencentral",
};

describe("customer stack program at a management group (lighthouse-pec:managementGroupId)", () => {
    it("registers the resource provider where told, then ManagementGroupDelegation through the customer's provider", async () => {
        const config = readCustomerConfig(readerOf(base));
        assert.equal(config.managementGroupId, MG);
        assert.equal(config.subscriptionId, undefined);
        const { resources, result } = await runUnderMocks(() =>
            customerStack({ ...config, managementGroupId: config.managementGroupId! }),
        );
        assert.deepEqual(
            resources.map((r) => [r.type, r.name]).sort(),
            [
                [
                    "pulumi-nodejs:dynamic/lighthouse-pec:ResourceProviderRegistration",
                    `managed-services-${ids.subscription}`,
                ],
                [
                    "pulumi-nodejs:dynamic/lighthouse-pec:ResourceProviderRegistration",
                    `managed-services-${OTHER_SUBSCRIPTION}`,
                ],
                ["pulumi:providers:azure-native", "customer"],
                ["lighthouse-pec:index:ManagementGroupDelegation", "delegation"],
                ["azure-native:authorization:PolicyDefinitionAtManagementGroup", "delegation-policy"],
                ["azure-native:authorization:PolicyAssignment", "delegation-assignment"],
                ["azure-native:authorization:RoleAssignment", "delegation-contributor"],
                ["azure-native:authorization:RoleAssignment", "delegation-roleBasedAccessControlAdministrator"],
                ["azure-native:policyinsights:RemediationAtManagementGroup", "delegation-remediation"],
            ].sort(),
        );
        const registration = resources.find((r) => r.type.endsWith(":ResourceProviderRegistration"))!;
        assert.equal(registration.inputs.subscriptionId, ids.subscription);
        assert.equal(registration.inputs.namespace, undefined, "the default namespace, Microsoft.ManagedServices");
        assert.equal(resources.find((r) => r.name === "delegation-assignment")?.inputs.location, "swedencentral");
        assert.match(resources.find((r) => r.name === "delegation-policy")?.provider ?? "", /::customer::/);
        assert.equal(result.managementGroupId, MG);
        assert.deepEqual(result.providerRegisteredIn, [ids.subscription, OTHER_SUBSCRIPTION]);
        assert.deepEqual(await unwrap(result.pecPrincipalIds), [ids.automation]);
    });

    it("refuses subscriptionId, resourceGroups and adopt next to managementGroupId, all at once", () => {
        assert.throws(
            () =>
                readCustomerConfig(
                    readerOf({
                        ...base,
                        "lighthouse-pec:subscriptionId": ids.subscription,
                        "lighthouse-pec:resourceGroups": ["rg"],
                        "lighthouse-pec:adopt": "true",
                    }),
                ),
            (err: unknown) => {
                assert.ok(err instanceof ConfigurationError);
                assert.deepEqual(
                    err.findings.map((f) => f.field),
                    ["lighthouse-pec:subscriptionId", "lighthouse-pec:resourceGroups", "lighthouse-pec:adopt"],
                );
                return true;
            },
        );
    });

    it("still requires a subscription or a management group", () => {
        const { "lighthouse-pec:managementGroupId": _mg, ...withoutMg } = base;
        assert.throws(
            () => readCustomerConfig(readerOf(withoutMg)),
            (err: unknown) =>
                err instanceof ConfigurationError &&
                err.findings.some(
                    (f) => f.field === "lighthouse-pec:subscriptionId" && /managementGroupId/.test(f.fix),
                ),
        );
    });

    it("rejects a policyLocation that is a display name, not a region's name, naming the key, the value and the fix", () => {
        for (const bad of ["West Europe", "westeurope ", "WestEurope", "eu"]) {
            assert.throws(
                () => readCustomerConfig(readerOf({ ...base, "lighthouse-pec:policyLocation": bad })),
                (err: unknown) =>
                    err instanceof ConfigurationError &&
                    err.findings.some(
                        (f) =>
                            f.field === "lighthouse-pec:policyLocation" &&
                            f.value === bad &&
                            /not an Azure region's name/.test(f.message) &&
                            /pulumi config set lighthouse-pec:policyLocation westeurope/.test(f.fix),
                    ),
                bad,
            );
        }
        for (const good of ["westeurope", "eastus2", "usgovvirginia", "australiacentral2"]) {
            assert.equal(
                readCustomerConfig(readerOf({ ...base, "lighthouse-pec:policyLocation": good })).policyLocation,
                good,
            );
        }
    });

    it("rejects a registerProviderIn entry that is not a subscription ID", () => {
        assert.throws(
            () => readCustomerConfig(readerOf({ ...base, "lighthouse-pec:registerProviderIn": ["prod"] })),
            (err: unknown) =>
                err instanceof ConfigurationError &&
                err.findings.some((f) => f.field.startsWith("lighthouse-pec:registerProviderIn")),
        );
    });
});
