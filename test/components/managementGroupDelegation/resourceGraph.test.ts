import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import {
    armGuid,
    buildDelegationPolicy,
    ConfigurationError,
    ManagementGroupDelegation,
    ManagementGroupDelegationArgs,
    ResourceProviderRegistration,
} from "../../../components";
import { ids, validArgs } from "../../kit/fixtures";
import { unwrap } from "../../kit/pulumiMocks";

const COMPONENT = "lighthouse-pec:index:ManagementGroupDelegation";
const MG = "contoso-landing-zones";
const MG_SCOPE = `/providers/Microsoft.Management/managementGroups/${MG}`;
const IDENTITY = "77777777-7777-4777-8777-777777777777";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

function mgArgs(overrides: Partial<ManagementGroupDelegationArgs> = {}): ManagementGroupDelegationArgs {
    const { subscriptionId: _subscription, ...rest } = validArgs();
    return { ...rest, managementGroupId: MG, ...overrides } as ManagementGroupDelegationArgs;
}

/** Runs the program under mocks in which a policy assignment's system-assigned identity gets a principal ID, as Azure gives it. */
async function run<T>(program: () => T): Promise<{ resources: Registered[]; result: T }> {
    const resources: Registered[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const inputs = args.inputs as Record<string, unknown>;
                resources.push({ type: args.type, name: args.name, inputs });
                const state =
                    args.type === "azure-native:authorization:PolicyAssignment"
                        ? { ...inputs, identity: { type: "SystemAssigned", principalId: IDENTITY } }
                        : inputs;
                return { id: `${args.name}_id`, state };
            },
            call: (args) => args.inputs as Record<string, unknown>,
        },
        "lighthouse-pec",
        "test",
        false,
    );
    const result = program();
    for (let i = 0; i < 20; i++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
    return { resources, result };
}

describe("ManagementGroupDelegation resource graph", () => {
    it("registers the policy definition, assignment with an identity, its two role assignments and a remediation, at the management group", async () => {
        const { resources, result } = await run(() => new ManagementGroupDelegation("contoso", mgArgs()));
        await unwrap(result.policyAssignmentId);
        assert.deepEqual(
            resources.map((r) => [r.type, r.name]),
            [
                [COMPONENT, "contoso"],
                ["azure-native:authorization:PolicyDefinitionAtManagementGroup", "contoso-policy"],
                ["azure-native:authorization:PolicyAssignment", "contoso-assignment"],
                ["azure-native:authorization:RoleAssignment", "contoso-contributor"],
                ["azure-native:authorization:RoleAssignment", "contoso-roleBasedAccessControlAdministrator"],
                ["azure-native:policyinsights:RemediationAtManagementGroup", "contoso-remediation"],
            ],
        );
        const children = [
            result.policyDefinition,
            result.policyAssignment,
            ...result.roleAssignments,
            result.remediation!,
        ];
        for (const [i, child] of children.entries()) {
            const { type, name } = resources[i + 1];
            assert.equal(await unwrap(child.urn), `urn:pulumi:test::lighthouse-pec::${COMPONENT}$${type}::${name}`);
        }
        const [, definition, assignment, contributor, rbac, remediation] = resources;
        const offer = armGuid("Contoso Managed Services");
        const policy = buildDelegationPolicy(mgArgs() as never);
        assert.equal(definition.inputs.managementGroupId, MG);
        assert.equal(definition.inputs.policyDefinitionName, `lighthouse-pec-${offer}`);
        assert.deepEqual(definition.inputs.policyRule, policy.policyRule, "the rule the core builder writes");
        assert.equal(definition.inputs.mode, "All");
        assert.equal(assignment.inputs.scope, MG_SCOPE);
        assert.deepEqual(assignment.inputs.identity, { type: "SystemAssigned" });
        assert.equal(assignment.inputs.location, "westeurope");
        assert.equal(assignment.inputs.policyDefinitionId, "contoso-policy_id");
        assert.deepEqual(
            [contributor, rbac].map((r) => [r.inputs.scope, r.inputs.principalId, r.inputs.roleDefinitionId]),
            [
                [
                    MG_SCOPE,
                    IDENTITY,
                    "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
                ],
                [
                    MG_SCOPE,
                    IDENTITY,
                    "/providers/Microsoft.Authorization/roleDefinitions/f58310d9-a9f6-439a-9e8d-f62e7b41a168",
                ],
            ],
            "the role assignments' principal is the policy assignment's identity",
        );
        assert.equal(contributor.inputs.principalType, "ServicePrincipal");
        assert.deepEqual(
            [
                remediation.inputs.managementGroupId,
                remediation.inputs.managementGroupsNamespace,
                remediation.inputs.policyAssignmentId,
                remediation.inputs.resourceDiscoveryMode,
            ],
            [MG, "Microsoft.Management", "contoso-assignment_id", "ExistingNonCompliant"],
        );
        assert.equal(await unwrap(result.identityPrincipalId), IDENTITY);
        assert.equal(result.registrationDefinitionName, offer);
        assert.deepEqual(await unwrap(result.pecPrincipalIds), [ids.automation]);
    });

    it("takes the managing tenant and automation principal as Outputs (from the partner stack)", async () => {
        const { resources } = await run(
            () =>
                new ManagementGroupDelegation(
                    "contoso",
                    mgArgs({
                        managedByTenantId: pulumi.output(ids.partnerTenant),
                        automationAccount: { principalId: pulumi.output(ids.automation) },
                        location: "swedencentral",
                        remediate: false,
                    }),
                ),
        );
        const definition = resources.find((r) => r.name === "contoso-policy")!;
        assert.deepEqual(
            definition.inputs.policyRule,
            buildDelegationPolicy(mgArgs() as never, "swedencentral").policyRule,
        );
        assert.ok(!resources.some((r) => r.name === "contoso-remediation"), "remediate: false");
    });

    it("makes the remediation wait for what the component depends on (provider registrations) and for the roles", async () => {
        const dependencies = new Map<string, string[]>();
        const { resources } = await run(() => {
            const monitor = pulumi.runtime.getMonitor() as unknown as {
                registerResource: (req: { getName(): string; getDependenciesList(): string[] }, cb: unknown) => void;
            };
            const register = monitor.registerResource.bind(monitor);
            monitor.registerResource = (req, cb) => {
                dependencies.set(req.getName(), req.getDependenciesList());
                register(req, cb);
            };
            const registration = new ResourceProviderRegistration("registration", {
                subscriptionId: ids.subscription,
                credential: { kind: "default" },
            });
            return new ManagementGroupDelegation("contoso", mgArgs(), { dependsOn: [registration] });
        });
        assert.ok(resources.some((r) => r.name === "contoso-remediation"));
        for (let i = 0; i < 20 && !dependencies.has("contoso-remediation"); i++) {
            await new Promise((resolve) => setImmediate(resolve));
        }
        const urns = dependencies.get("contoso-remediation") ?? [];
        for (const name of ["registration", "contoso-contributor", "contoso-roleBasedAccessControlAdministrator"]) {
            assert.ok(
                urns.some((u) => u.endsWith(`::${name}`)),
                `the remediation depends on ${name}: ${urns.join(", ")}`,
            );
        }
    });

    it("rejects a subscription, resource groups and bad roles before registering anything, every problem at once", async () => {
        const { resources } = await run(() => {
            assert.throws(
                () =>
                    new ManagementGroupDelegation("contoso", {
                        ...mgArgs({ authorizations: [{ principalId: ids.adminGroup, role: "Owner" }] }),
                        subscriptionId: ids.subscription,
                        resourceGroups: ["rg"],
                    } as ManagementGroupDelegationArgs),
                (err: unknown) => {
                    assert.ok(err instanceof ConfigurationError, String(err));
                    const fields = err.findings.map((f) => f.field);
                    assert.ok(fields.includes("subscriptionId"), fields.join());
                    assert.ok(fields.includes("resourceGroups"), fields.join());
                    return true;
                },
            );
            assert.throws(
                () => new ManagementGroupDelegation("contoso", mgArgs({ location: "West Europe" })),
                (err: unknown) =>
                    err instanceof ConfigurationError &&
                    err.findings.some(
                        (f) => f.field === "location" && f.value === "West Europe" && /region's name/.test(f.message),
                    ),
            );
            assert.throws(
                () =>
                    new ManagementGroupDelegation(
                        "contoso",
                        mgArgs({ authorizations: [{ principalId: ids.adminGroup, role: "Owner" }] }),
                    ),
                (err: unknown) => err instanceof ConfigurationError && /Owner/.test(err.message),
            );
            assert.throws(
                () => new ManagementGroupDelegation("contoso", mgArgs({ onboardedWith: "multi-rg" })),
                (err: unknown) =>
                    err instanceof ConfigurationError && /onboardedWith.*whole subscriptions/.test(err.message),
            );
            assert.throws(
                () => new ManagementGroupDelegation("contoso", { ...mgArgs(), managementGroupId: undefined } as never),
                (err: unknown) => err instanceof ConfigurationError && /managementGroupId/.test(err.message),
            );
        });
        assert.deepEqual(resources, [], "nothing registered");
    });
});
