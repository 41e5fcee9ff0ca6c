// Issue 12, section 1: ManagementGroupDelegation from Python, C#, Go and YAML through the component provider
// (components/provider.ts), beside CustomerDelegation (test/components/provider.test.ts).
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { ConfigurationError, ManagementGroupDelegation, ManagementGroupDelegationArgs } from "../../../components";
import { componentProvider, MG_TOKEN, PackageSchema, TOKEN, typeToken } from "../../kit/componentSchema";
import { ids, validArgs } from "../../kit/fixtures";
import { RegisteredResource, runUnderMocks, unwrap } from "../../kit/pulumiMocks";

const MG = "contoso-landing-zones";
/** What the management group's delegation leaves out of CustomerDelegation's arguments, and what it adds. */
const NOT_HERE = ["subscriptionId", "resourceGroups", "adopt"];
const OWN = ["managementGroupId", "location", "remediate"];

function mgArgs(overrides: Partial<ManagementGroupDelegationArgs> = {}): ManagementGroupDelegationArgs {
    const { subscriptionId: _subscription, ...rest } = validArgs();
    return { ...rest, managementGroupId: MG, ...overrides } as ManagementGroupDelegationArgs;
}

/** The inputs as the engine hands them to construct: plain JSON. */
function wire(args: ManagementGroupDelegationArgs): Record<string, unknown> {
    return JSON.parse(JSON.stringify(args)) as Record<string, unknown>;
}

const project = (resources: RegisteredResource[]) =>
    resources.map(({ type, name, urn, inputs, custom, importId }) => ({ type, name, urn, inputs, custom, importId }));

describe("ManagementGroupDelegation from other Pulumi languages (component provider, issue 12)", function () {
    // The analyzer type-checks the whole repository once per run (test/kit/componentSchema.ts caches it).
    this.timeout(180_000);
    let provider: ComponentProvider;
    let schema: PackageSchema;
    before(async () => {
        ({ provider, schema } = await componentProvider());
    });

    it("is offered under the token TypeScript programs register, as a component", () => {
        assert.ok(schema.resources[MG_TOKEN], `${MG_TOKEN} in ${Object.keys(schema.resources).join(", ")}`);
        assert.equal(schema.resources[MG_TOKEN].isComponent, true);
    });

    it("inputs: CustomerDelegation's delegation fields (same types, plainness and TSDoc) plus its own, nothing `Any`", () => {
        const { inputProperties: inputs, requiredInputs } = schema.resources[MG_TOKEN];
        assert.doesNotMatch(JSON.stringify(schema.resources[MG_TOKEN]), /pulumi\.json#\/Any/);
        const customer = schema.resources[TOKEN];
        const shared = Object.keys(customer.inputProperties).filter((k) => !NOT_HERE.includes(k));
        assert.deepEqual(Object.keys(inputs).sort(), [...shared, ...OWN].sort());
        for (const name of shared) {
            assert.deepEqual(inputs[name], customer.inputProperties[name], `${name}: as in CustomerDelegation`);
            assert.ok(inputs[name].description, `${name}: described`);
        }
        assert.deepEqual(requiredInputs, ["authorizations", "managedByTenantId", "managementGroupId", "offerName"]);
        // The TSDoc is wrapped at the print width (scripts/generate-model.ts): compare its words.
        const { description, ...managementGroupId } = inputs.managementGroupId;
        assert.deepEqual(managementGroupId, { type: "string" });
        assert.equal(
            description?.replace(/\s+/g, " "),
            "The customer's management group whose subscriptions (present and future) are delegated: its ID, not its display name.",
        );
        assert.equal(inputs.location.type, "string");
        assert.equal(inputs.location.plain, true);
        assert.match(inputs.location.description!, /Default:\s+westeurope/);
        assert.equal(inputs.remediate.type, "boolean");
        assert.equal(inputs.remediate.plain, true);
        assert.match(inputs.remediate.description!, /remediation task/);
        assert.deepEqual(inputs.authorizations.items, {
            $ref: `#/types/${typeToken("AuthorizationArgs")}`,
            plain: true,
        });
        assert.equal(inputs.onboardedWith.$ref, `#/types/${typeToken("OnboardedWithValue")}`);
    });

    it("outputs: the policy's IDs, the identity, the PEC principals, and the Azure resources by reference", () => {
        const { properties: outputs, required } = schema.resources[MG_TOKEN];
        assert.deepEqual(Object.keys(outputs).sort(), [
            "identityPrincipalId",
            "pecPrincipalIds",
            "policyAssignment",
            "policyAssignmentId",
            "policyDefinition",
            "policyDefinitionId",
            "registrationDefinitionName",
            "remediation",
            "roleAssignments",
        ]);
        assert.deepEqual(
            required,
            Object.keys(outputs)
                .filter((k) => k !== "remediation")
                .sort(),
        );
        assert.equal(outputs.policyDefinitionId.type, "string");
        assert.deepEqual(outputs.pecPrincipalIds.items, { type: "string" });
        assert.match(outputs.pecPrincipalIds.description!, /PEC-eligible/);
        assert.match(
            outputs.policyAssignment.$ref!,
            /^\/azure-native\/v[\d.]+\/schema\.json#\/resources\/azure-native:authorization:PolicyAssignment$/,
        );
        assert.match(outputs.roleAssignments.items!.$ref!, /#\/resources\/azure-native:authorization:RoleAssignment$/);
        assert.match(
            outputs.remediation.$ref!,
            /#\/resources\/azure-native:policyinsights:RemediationAtManagementGroup$/,
        );
    });

    const cases: [string, () => ManagementGroupDelegationArgs][] = [
        ["the minimal delegation", () => mgArgs()],
        [
            "JIT with approvers, a plan, Microsoft's names, a location and no remediation",
            () =>
                mgArgs({
                    authorizations: [
                        ...mgArgs().authorizations,
                        { principalId: ids.engineer, role: "Reader", displayName: "Engineers" },
                    ],
                    eligibleAuthorizations: [
                        {
                            principalId: ids.engineer,
                            role: "Contributor",
                            justInTimeAccessPolicy: {
                                multiFactorAuthProvider: "Azure",
                                maximumActivationDuration: "PT4H",
                                managedByTenantApprovers: [{ principalId: ids.approver, displayName: "Leads" }],
                            },
                        },
                    ],
                    plan: { name: "gold", publisher: "contoso", product: "managed", version: "1.0.0" },
                    onboardedWith: "subscription",
                    location: "northeurope",
                    remediate: false,
                }),
        ],
    ];
    for (const [what, args] of cases) {
        it(`construct registers the same children, names and inputs as the TypeScript path: ${what}`, async () => {
            const direct = await runUnderMocks(() => new ManagementGroupDelegation("contoso", args()));
            const viaProvider = await runUnderMocks(() => provider.construct("contoso", MG_TOKEN, wire(args()), {}));
            assert.ok(direct.resources.length >= 5, "the component, policy, assignment, two role assignments");
            assert.equal(direct.resources[0].type, MG_TOKEN);
            assert.deepEqual(project(viaProvider.resources), project(direct.resources));
            const state = viaProvider.result.state as Record<string, pulumi.Output<unknown>>;
            assert.deepEqual(Object.keys(state).sort(), Object.keys(schema.resources[MG_TOKEN].properties).sort());
            assert.equal(
                state.remediation === undefined,
                args().remediate === false,
                "a remediation unless remediate: false",
            );
            assert.deepEqual(await unwrap(state.pecPrincipalIds), [ids.automation]);
            assert.equal(
                await unwrap(pulumi.output(state.registrationDefinitionName)),
                direct.result.registrationDefinitionName,
            );
        });
    }

    it("construct: a configuration that breaks the rules fails with every finding, and registers nothing", async () => {
        const bad = wire(
            mgArgs({ authorizations: [{ principalId: ids.adminGroup, role: "Owner" }], onboardedWith: "rg" }),
        );
        const run = await runUnderMocks(async () => {
            await assert.rejects(provider.construct("contoso", MG_TOKEN, bad, {}), (err: unknown) => {
                assert.ok(err instanceof ConfigurationError, String(err));
                const fields = err.findings.map((f) => f.field);
                assert.ok(fields.includes("authorizations[0].role"), fields.join(", "));
                assert.ok(fields.includes("onboardedWith"), fields.join(", "));
                return true;
            });
        });
        assert.deepEqual(run.resources, []);
    });
});
