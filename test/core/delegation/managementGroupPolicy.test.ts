import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { armGuid, CustomerDelegation, CustomerDelegationArgs } from "../../../components";
import { ArmTemplate } from "../../../core/delegation/armTemplate";
import {
    buildDelegationPolicy,
    ManagementGroupDelegationSpec,
    managementGroupPolicyNames,
    POLICY_IDENTITY_ESCALATION,
    POLICY_IDENTITY_ROLES,
} from "../../../core/delegation/managementGroupPolicy";
import { buildManagementGroupTemplate } from "../../../core/delegation/managementGroupTemplate";
import { allRoles, grantsOperation, WellKnownRoles } from "../../../core/roles";
import catalogue from "../../../core/roles/catalogue.json";
import { DeployedResource, deployTemplate, evaluateValue } from "../../kit/armTemplate";
import { ids, validArgs } from "../../kit/fixtures";
import { RegisteredResource, runUnderMocks } from "../../kit/pulumiMocks";

const ALIAS = "Microsoft.ManagedServices/registrationDefinitions";
const offerGuid = armGuid("Contoso Managed Services");

/** The management-group spec of a customer delegation: everything but the subscription. */
function mgSpec(overrides: Partial<CustomerDelegationArgs> = {}): ManagementGroupDelegationSpec {
    const { subscriptionId: _subscription, ...rest } = validArgs(overrides);
    return rest as ManagementGroupDelegationSpec;
}

interface PolicyDetails {
    deployment: { location: string; properties: { mode: string; template: ArmTemplate } };
}

function detailsOf(rule: Record<string, unknown>): PolicyDetails {
    return (rule as { then: { details: PolicyDetails } }).then.details;
}

/** What CustomerDelegation registers, as Azure holds it. */
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
            const definition = r.type === "azure-native:managedservices:RegistrationDefinition";
            return {
                type: definition ? `${ALIAS}` : "Microsoft.ManagedServices/registrationAssignments",
                scope: inputs.scope,
                name: (definition ? inputs.registrationDefinitionId : inputs.registrationAssignmentId)!,
                properties: inputs.properties,
                ...(inputs.plan !== undefined ? { plan: inputs.plan } : {}),
            };
        });
}

const shapes: Record<string, Partial<CustomerDelegationArgs>> = {
    "the usual delegation": {},
    "JIT authorizations": {
        authorizations: [...validArgs().authorizations, { principalId: ids.engineer, role: "Reader" }],
        eligibleAuthorizations: [
            {
                principalId: ids.engineer,
                role: "Contributor",
                justInTimeAccessPolicy: { maximumActivationDuration: "PT4H" },
            },
        ],
    },
    "a marketplace plan": { plan: { name: "gold", publisher: "contoso", product: "managed-azure", version: "1.0.0" } },
    "onboardedWith subscription and a definition name override": {
        onboardedWith: "subscription",
        names: { registrationDefinition: ids.approver, subscriptionAssignment: ids.engineer },
    },
    "an offer name with brackets and quotes": { offerName: "[EU] O'Neil's ops" },
};

describe("ManagementGroupDelegation's policy definition", () => {
    it("is a DeployIfNotExists rule on subscriptions with the exact existence condition and the identity's two roles", () => {
        const policy = buildDelegationPolicy(mgSpec(), "northeurope");
        const { deployment, ...details } = (policy.policyRule as { then: { details: PolicyDetails } }).then
            .details as PolicyDetails & Record<string, unknown>;
        assert.deepEqual(policy.policyRule.if, { field: "type", equals: "Microsoft.Resources/subscriptions" });
        assert.equal((policy.policyRule.then as { effect: string }).effect, "deployIfNotExists");
        const array = `${ALIAS}/authorizations[*]`;
        assert.deepEqual(details, {
            type: ALIAS,
            name: offerGuid,
            existenceScope: "subscription",
            deploymentScope: "subscription",
            roleDefinitionIds: [
                "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
                "/providers/Microsoft.Authorization/roleDefinitions/f58310d9-a9f6-439a-9e8d-f62e7b41a168",
            ],
            existenceCondition: {
                allOf: [
                    { field: "name", equals: offerGuid },
                    { field: `${ALIAS}/managedByTenantId`, equals: ids.partnerTenant },
                    { count: { field: array }, equals: 3 },
                    {
                        count: {
                            value: [
                                { principalId: ids.automation, roleDefinitionId: WellKnownRoles.contributor },
                                { principalId: ids.adminGroup, roleDefinitionId: WellKnownRoles.reader },
                                {
                                    principalId: ids.adminGroup,
                                    roleDefinitionId: WellKnownRoles.registrationAssignmentDeleteRole,
                                },
                            ],
                            name: "authorization",
                            where: {
                                count: {
                                    field: array,
                                    where: {
                                        allOf: [
                                            {
                                                field: `${array}.principalId`,
                                                equals: "[current('authorization').principalId]",
                                            },
                                            {
                                                field: `${array}.roleDefinitionId`,
                                                equals: "[current('authorization').roleDefinitionId]",
                                            },
                                        ],
                                    },
                                },
                                greater: 0,
                            },
                        },
                        equals: 3,
                    },
                    { count: { field: `${ALIAS}/eligibleAuthorizations[*]` }, equals: 0 },
                ],
            },
        });
        assert.equal(deployment.location, "northeurope");
        assert.equal(deployment.properties.mode, "incremental");
        assert.equal(policy.mode, "All");
        assert.equal(policy.policyType, "Custom");
    });

    it("changes its existence condition when the authorization list changes (a changed list is non-compliant)", () => {
        const before = detailsOf(buildDelegationPolicy(mgSpec()).policyRule) as unknown as Record<string, unknown>;
        const after = detailsOf(
            buildDelegationPolicy(mgSpec({ authorizations: [{ principalId: ids.adminGroup, role: "Reader" }] }))
                .policyRule,
        ) as unknown as Record<string, unknown>;
        assert.notDeepEqual(before.existenceCondition, after.existenceCondition);
    });

    for (const [shape, overrides] of Object.entries(shapes)) {
        it(`deploys into a subscription exactly what CustomerDelegation registers: ${shape}`, async () => {
            const args = validArgs(overrides);
            const { resources } = await runUnderMocks(() => new CustomerDelegation("contoso", args));
            const template = detailsOf(buildDelegationPolicy(mgSpec(overrides)).policyRule).deployment.properties
                .template;
            assert.deepEqual(deployTemplate(template, undefined, ids.subscription), registeredAsAzure(resources));
        });
    }

    it("names its policy resources deterministically within Azure's limits", () => {
        const names = managementGroupPolicyNames("Contoso Managed Services");
        assert.equal(names.policyDefinition, `lighthouse-pec-${offerGuid}`);
        assert.ok(names.policyAssignment.length <= 24, names.policyAssignment);
        assert.notEqual(names.policyAssignment, managementGroupPolicyNames("Other offer").policyAssignment);
    });
});

describe("the policy identity's roles (the smallest pair of built-in roles; Owner in effect, said plainly)", () => {
    const needed = [
        "Microsoft.ManagedServices/registrationDefinitions/write",
        "Microsoft.ManagedServices/registrationAssignments/write",
        "Microsoft.Resources/deployments/write",
        "Microsoft.Authorization/roleAssignments/write",
    ];
    const blocksOf = (id: string) => catalogue.roles.find((r) => r.id === id)!.blocks;

    it("no single built-in role grants every operation the deployment needs but the ones with every action", () => {
        const sufficient = catalogue.roles
            .filter((role) => needed.every((op) => grantsOperation(role.blocks, op)))
            .map((role) => role.name);
        // Service Group Administrator's actions are "*" plus role assignment writes: Owner's, by another name.
        assert.deepEqual(sufficient, ["Owner", "Service Group Administrator"]);
        for (const name of sufficient) {
            const role = catalogue.roles.find((r) => r.name === name)!;
            assert.ok(
                role.blocks.some((b) => b.actions.includes("*")),
                `${name} grants every action`,
            );
        }
        assert.ok(allRoles().length > 100, "the catalogue is the full built-in list");
    });

    it("Contributor plus Role Based Access Control Administrator grant them together, and neither alone", () => {
        const blocks = Object.values(POLICY_IDENTITY_ROLES).flatMap(blocksOf);
        assert.ok(needed.every((op) => grantsOperation(blocks, op)));
        for (const id of Object.values(POLICY_IDENTITY_ROLES)) {
            assert.ok(!needed.every((op) => grantsOperation(blocksOf(id), op)), id);
        }
        assert.ok(!grantsOperation(blocks, "Microsoft.Authorization/roleDefinitions/write"), "no custom roles");
        assert.ok(!grantsOperation(blocks, "Microsoft.Authorization/locks/write"), "no locks");
    });

    it("can assign any role, Owner included, because no condition limits the role assignments: said in the docs and by the CLI", () => {
        const rbacAdmin = blocksOf(POLICY_IDENTITY_ROLES.roleBasedAccessControlAdministrator);
        assert.ok(grantsOperation(rbacAdmin, "Microsoft.Authorization/roleAssignments/write"));
        const template = buildManagementGroupTemplate(mgSpec(), "contoso-landing-zones");
        const roleAssignments = template.resources.filter((r) => r.type === "Microsoft.Authorization/roleAssignments");
        assert.equal(roleAssignments.length, 2);
        for (const r of roleAssignments) {
            assert.equal(r.properties.condition, undefined, "no role-assignment condition");
        }
        assert.match(POLICY_IDENTITY_ESCALATION, /no condition: together they can assign any role, Owner included/);
        const docs = readFileSync(join(__dirname, "..", "..", "..", "docs", "management-groups.md"), "utf8");
        assert.ok(docs.replace(/\s+/g, " ").includes(POLICY_IDENTITY_ESCALATION), "the docs quote it");
        assert.doesNotMatch(docs, /the least privilege made of/i, "the docs no longer call the pair least privilege");
        assert.match(docs, /\*\*not\*\* least privilege/);
    });
});

describe("lighthouse-pec template --management-group: the management-group template", () => {
    const mg = "contoso-landing-zones";

    it("carries the same policy definition, unescaped by ARM, its assignment with an identity and the role assignments", () => {
        const spec = mgSpec();
        const template = buildManagementGroupTemplate(spec, mg, "westeurope");
        const [definition, assignment, ...roles] = template.resources;
        const noExpressions = { parameters: {}, variables: {}, subscriptionId: ids.subscription };
        assert.deepEqual(evaluateValue(definition.properties, noExpressions), buildDelegationPolicy(spec));
        assert.equal(definition.type, "Microsoft.Authorization/policyDefinitions");
        assert.equal(assignment.type, "Microsoft.Authorization/policyAssignments");
        assert.deepEqual(assignment.identity, { type: "SystemAssigned" });
        assert.equal(
            assignment.properties.policyDefinitionId,
            `/providers/Microsoft.Management/managementGroups/${mg}/providers/Microsoft.Authorization/policyDefinitions/${definition.name}`,
        );
        assert.deepEqual(
            roles.map((r) => [r.type, r.properties.roleDefinitionId, r.properties.principalType]),
            Object.values(POLICY_IDENTITY_ROLES).map((id) => [
                "Microsoft.Authorization/roleAssignments",
                `/providers/Microsoft.Authorization/roleDefinitions/${id}`,
                "ServicePrincipal",
            ]),
        );
        assert.ok(
            roles.every((r) =>
                /^\[reference\('.*policyAssignments\/.*'full'\)\.identity\.principalId\]$/.test(
                    r.properties.principalId as string,
                ),
            ),
        );
    });

    it("its embedded deployment, once ARM unescapes it, deploys what CustomerDelegation registers", async () => {
        const { resources } = await runUnderMocks(() => new CustomerDelegation("contoso", validArgs()));
        const template = buildManagementGroupTemplate(mgSpec(), mg);
        const policy = evaluateValue(template.resources[0].properties, {
            parameters: {},
            variables: {},
            subscriptionId: ids.subscription,
        }) as { policyRule: Record<string, unknown> };
        const embedded = detailsOf(policy.policyRule).deployment.properties.template;
        assert.deepEqual(deployTemplate(embedded, undefined, ids.subscription), registeredAsAzure(resources));
    });
});
