import { strict as assert } from "node:assert";
import { armGuid, CustomerDelegation, CustomerDelegationArgs, validateDelegation } from "../../../components";
import {
    buildOnboardingTemplate,
    MANAGED_SERVICES_API_VERSION,
    OnboardingSpec,
    SUBSCRIPTION_DEPLOYMENT_SCHEMA,
} from "../../../core/delegation/armTemplate";
import { DeployedResource, deployTemplate } from "../../kit/armTemplate";
import { ids, validArgs } from "../../kit/fixtures";
import { RegisteredResource, runUnderMocks } from "../../kit/pulumiMocks";

const DEFINITION = "azure-native:managedservices:RegistrationDefinition";
const ASSIGNMENT = "azure-native:managedservices:RegistrationAssignment";

/** What CustomerDelegation registers, in the shape Azure would hold it: type, scope, name, properties, plan. */
function registeredAsAzure(resources: RegisteredResource[]): DeployedResource[] {
    return resources
        .filter((r) => r.custom)
        .map((r) => {
            const inputs = r.inputs as {
                scope: string;
                registrationDefinitionId?: string;
                registrationAssignmentId?: string;
                properties: Record<string, unknown>;
                plan?: unknown;
            };
            if (r.type === DEFINITION) {
                return {
                    type: "Microsoft.ManagedServices/registrationDefinitions",
                    scope: inputs.scope,
                    name: inputs.registrationDefinitionId!,
                    properties: inputs.properties,
                    ...(inputs.plan !== undefined ? { plan: inputs.plan } : {}),
                };
            }
            assert.equal(r.type, ASSIGNMENT);
            return {
                type: "Microsoft.ManagedServices/registrationAssignments",
                scope: inputs.scope,
                name: inputs.registrationAssignmentId!,
                properties: inputs.properties,
            };
        });
}

const shapes: Record<string, Partial<CustomerDelegationArgs>> = {
    "a subscription": {},
    "resource groups": { resourceGroups: ["rg-prod", "rg-dev", "Web.Front(1)"] },
    "JIT authorizations with approvers and defaults": {
        eligibleAuthorizations: [
            {
                principalId: ids.engineer,
                role: "Contributor",
                displayName: "On-call",
                justInTimeAccessPolicy: {
                    multiFactorAuthProvider: "Azure",
                    maximumActivationDuration: "PT4H",
                    managedByTenantApprovers: [{ principalId: ids.approver, displayName: "Leads" }],
                },
            },
            {
                principalId: ids.engineer,
                role: "Virtual Machine Contributor",
                justInTimeAccessPolicy: { multiFactorAuthProvider: "None" },
            },
        ],
    },
    "a marketplace plan": { plan: { name: "gold", publisher: "contoso", product: "managed-azure", version: "1.0.0" } },
    "User Access Administrator with delegated roles": {
        authorizations: [
            ...validArgs().authorizations,
            {
                principalId: ids.engineer,
                role: "User Access Administrator",
                displayName: "Identity ops",
                delegatedRoles: ["Contributor", "Reader"],
            },
        ],
    },
    "name overrides (subscription)": {
        names: { registrationDefinition: ids.approver, subscriptionAssignment: ids.engineer },
    },
    "name overrides (resource groups)": {
        resourceGroups: ["rg-prod", "rg-dev"],
        names: {
            registrationDefinition: armGuid("rg-prod"),
            resourceGroupAssignments: { "rg-prod": armGuid("rg-prod") },
        },
    },
    "no description, automation account with a custom role and name": {
        offerDescription: undefined,
        automationAccount: {
            principalId: ids.automation,
            role: "Virtual Machine Contributor",
            displayName: "PEC robot",
        },
    },
    "an offer name with quotes and non-ASCII": { offerName: 'O\'Neil & Zürich "Ops" [EU]', resourceGroups: ["rg-1"] },
    "everything at once": {
        resourceGroups: ["a", "b"],
        plan: { name: "p", publisher: "q", product: "r", version: "1" },
        eligibleAuthorizations: [{ principalId: ids.engineer, role: "Reader" }],
        names: { resourceGroupAssignments: { b: ids.approver } },
    },
};

describe("lighthouse-pec template: the ARM template deploys exactly what CustomerDelegation registers", () => {
    for (const [shape, overrides] of Object.entries(shapes)) {
        it(`matches name-for-name and field-for-field: ${shape}`, async () => {
            const args = validArgs(overrides);
            assert.deepEqual(
                validateDelegation(args as never).filter((f) => f.severity === "error"),
                [],
                "the fixture is a valid config",
            );
            const { resources } = await runUnderMocks(() => new CustomerDelegation("contoso", args));
            const expected = registeredAsAzure(resources);
            assert.equal(expected.length, 1 + Math.max(1, args.resourceGroups?.length ?? 0));

            const { template, parameters } = buildOnboardingTemplate(args as OnboardingSpec);
            assert.deepEqual(
                deployTemplate(template, parameters, ids.subscription),
                expected,
                "with the parameters file",
            );
            assert.deepEqual(
                deployTemplate(template, undefined, ids.subscription),
                expected,
                "with the template's defaults alone (portal)",
            );
        });
    }

    it("evaluates name expressions to guid(offerName) and guid(offerName, group), as names.ts computes them", () => {
        const { template } = buildOnboardingTemplate(validArgs({ resourceGroups: ["rg-prod"] }) as OnboardingSpec);
        const deployed = deployTemplate(template, undefined, ids.subscription);
        assert.deepEqual(
            deployed.map((d) => [d.scope, d.name]),
            [
                [`/subscriptions/${ids.subscription}`, armGuid("Contoso Managed Services")],
                [
                    `/subscriptions/${ids.subscription}/resourceGroups/rg-prod`,
                    armGuid("Contoso Managed Services", "rg-prod"),
                ],
            ],
        );
        assert.equal(template.variables?.mspRegistrationName, "[guid(parameters('mspOfferName'))]");
    });

    it("is a subscription deployment template on Microsoft.ManagedServices 2022-10-01, RG assignments in nested deployments", () => {
        const { template, parameters } = buildOnboardingTemplate(
            validArgs({ resourceGroups: ["rg-prod", "rg-dev"] }) as OnboardingSpec,
        );
        assert.equal(template.$schema, SUBSCRIPTION_DEPLOYMENT_SCHEMA);
        assert.deepEqual(
            template.resources.map((r) => [r.type, r.apiVersion, r.resourceGroup]),
            [
                ["Microsoft.ManagedServices/registrationDefinitions", MANAGED_SERVICES_API_VERSION, undefined],
                ["Microsoft.Resources/deployments", "2021-04-01", "rg-prod"],
                ["Microsoft.Resources/deployments", "2021-04-01", "rg-dev"],
            ],
        );
        const nested = template.resources[1].properties.template as {
            resources: { type: string; apiVersion: string }[];
        };
        assert.deepEqual(
            nested.resources.map((r) => [r.type, r.apiVersion]),
            [["Microsoft.ManagedServices/registrationAssignments", MANAGED_SERVICES_API_VERSION]],
        );
        assert.deepEqual(Object.keys(parameters.parameters), [
            "mspOfferName",
            "mspOfferDescription",
            "managedByTenantId",
            "authorizations",
        ]);
        assert.equal(parameters.parameters.mspOfferName.value, "Contoso Managed Services");
    });

    it("the comparison catches a drifted name expression (the evaluator is not a rubber stamp)", async () => {
        const args = validArgs({ resourceGroups: ["rg-prod"] });
        const { resources } = await runUnderMocks(() => new CustomerDelegation("contoso", args));
        const { template, parameters } = buildOnboardingTemplate(args as OnboardingSpec);
        const nested = template.resources[1].properties.template as { resources: { name: string }[] };
        nested.resources[0].name = "[guid('rg-prod')]"; // Microsoft's rg.json naming, not the component's
        assert.notDeepEqual(deployTemplate(template, parameters, ids.subscription), registeredAsAzure(resources));
        assert.throws(
            () =>
                deployTemplate(
                    { ...template, variables: { mspRegistrationName: "[uniqueString('x')]" } },
                    parameters,
                    ids.subscription,
                ),
            /does not know uniqueString/,
        );
    });

    it("a customer who edits the offer name in the parameters gets different names (the name is the identity)", () => {
        const { template, parameters } = buildOnboardingTemplate(validArgs() as OnboardingSpec);
        parameters.parameters.mspOfferName = { value: "Other offer" };
        const deployed = deployTemplate(template, parameters, ids.subscription);
        assert.deepEqual(
            deployed.map((d) => d.name),
            [armGuid("Other offer"), armGuid("Other offer")],
        );
    });
});
