import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { armGuid, buildOnboardingTemplate, CustomerDelegation } from "../../../components";
import { ids, validArgs } from "../../kit/fixtures";
import { RegisteredResource, runUnderMocks, unwrap } from "../../kit/pulumiMocks";

const DEFINITION = "azure-native:managedservices:RegistrationDefinition";
const ASSIGNMENT = "azure-native:managedservices:RegistrationAssignment";
const COMPONENT = "lighthouse-pec:index:CustomerDelegation";
const offerGuid = armGuid("Contoso Managed Services");
const definitionId = `/subscriptions/${ids.subscription}/providers/Microsoft.ManagedServices/registrationDefinitions/${offerGuid}`;

/**
 * The `deleteBeforeReplace` option of every resource registered while `program` runs, by resource name, as
 * the SDK sends it to the engine (mocks' newResource does not see resource options, the monitor does).
 */
function recordDeleteBeforeReplace<T>(program: () => T): () => T {
    return () => {
        const monitor = pulumi.runtime.getMonitor() as unknown as {
            registerResource: (req: RegisterRequest, cb: unknown) => void;
        };
        const register = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req, cb) => {
            deleteBeforeReplace.set(
                req.getName(),
                req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
            );
            register(req, cb);
        };
        return program();
    };
}

interface RegisterRequest {
    getName(): string;
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
}

const deleteBeforeReplace = new Map<string, boolean | undefined>();

function byType(resources: RegisteredResource[], type: string): RegisteredResource[] {
    return resources.filter((r) => r.type === type);
}

describe("CustomerDelegation resource graph", () => {
    it("delegates a subscription: definition and one assignment named guid(offerName), parented to the component", async () => {
        const { resources, result } = await runUnderMocks(() => new CustomerDelegation("contoso", validArgs()));
        assert.deepEqual(
            resources.map((r) => [r.type, r.name]),
            [
                [COMPONENT, "contoso"],
                [DEFINITION, "contoso-definition"],
                [ASSIGNMENT, "contoso-assignment"],
            ],
        );
        const [definition] = byType(resources, DEFINITION);
        assert.deepEqual(definition.inputs, {
            scope: `/subscriptions/${ids.subscription}`,
            registrationDefinitionId: offerGuid,
            properties: {
                registrationDefinitionName: "Contoso Managed Services",
                description: "Managed by Contoso",
                managedByTenantId: ids.partnerTenant,
                authorizations: [
                    {
                        principalId: ids.automation,
                        principalIdDisplayName: "Provider Automation Account",
                        roleDefinitionId: "b24988ac-6180-42a0-ab88-20f7382dd24c",
                    },
                    {
                        principalId: ids.adminGroup,
                        principalIdDisplayName: "Contoso admins",
                        roleDefinitionId: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
                    },
                    {
                        principalId: ids.adminGroup,
                        principalIdDisplayName: "Contoso admins",
                        roleDefinitionId: "91c1777a-f3dc-4fae-b103-61d183457e46",
                    },
                ],
            },
        });
        const [assignment] = byType(resources, ASSIGNMENT);
        assert.deepEqual(assignment.inputs, {
            scope: `/subscriptions/${ids.subscription}`,
            registrationAssignmentId: offerGuid,
            properties: { registrationDefinitionId: definitionId },
        });
        assert.equal(
            await unwrap(result.definition.urn),
            `urn:pulumi:test::lighthouse-pec::${COMPONENT}$${DEFINITION}::contoso-definition`,
        );
        assert.equal(
            await unwrap(result.assignments[0].urn),
            `urn:pulumi:test::lighthouse-pec::${COMPONENT}$${ASSIGNMENT}::contoso-assignment`,
        );
        assert.equal(await unwrap(result.registrationDefinitionId), definitionId);
        assert.deepEqual(await unwrap(result.assignmentIds), [
            `/subscriptions/${ids.subscription}/providers/Microsoft.ManagedServices/registrationAssignments/${offerGuid}`,
        ]);
        assert.deepEqual(
            await unwrap(result.pecPrincipalIds),
            [ids.automation],
            "only the Contributor automation account earns PEC; Reader does not",
        );
    });

    it("delegates resource groups: one assignment per group at the group's scope, named guid(offerName, group)", async () => {
        const { resources, result } = await runUnderMocks(
            () => new CustomerDelegation("contoso", validArgs({ resourceGroups: ["rg-prod", "rg-dev"] })),
        );
        assert.equal(
            byType(resources, DEFINITION)[0].inputs.scope,
            `/subscriptions/${ids.subscription}`,
            "the definition stays at subscription scope",
        );
        const assignments = byType(resources, ASSIGNMENT);
        assert.deepEqual(
            assignments.map((a) => [a.name, a.inputs.scope, a.inputs.registrationAssignmentId]),
            [
                [
                    "contoso-assignment-rg-prod",
                    `/subscriptions/${ids.subscription}/resourceGroups/rg-prod`,
                    armGuid("Contoso Managed Services", "rg-prod"),
                ],
                [
                    "contoso-assignment-rg-dev",
                    `/subscriptions/${ids.subscription}/resourceGroups/rg-dev`,
                    armGuid("Contoso Managed Services", "rg-dev"),
                ],
            ],
        );
        for (const a of assignments) {
            assert.deepEqual(a.inputs.properties, { registrationDefinitionId: definitionId });
        }
        assert.deepEqual(
            await unwrap(result.assignmentIds),
            ["rg-prod", "rg-dev"].map(
                (rg) =>
                    `/subscriptions/${ids.subscription}/resourceGroups/${rg}/providers/Microsoft.ManagedServices/registrationAssignments/${armGuid("Contoso Managed Services", rg)}`,
            ),
        );
    });

    it("adds eligible (JIT) authorizations with defaults and approvers", async () => {
        const { resources, warnings } = await runUnderMocks(
            () =>
                new CustomerDelegation(
                    "contoso",
                    validArgs({
                        eligibleAuthorizations: [
                            {
                                principalId: ids.engineer,
                                role: "Contributor",
                                displayName: "On-call engineers",
                                justInTimeAccessPolicy: {
                                    multiFactorAuthProvider: "Azure",
                                    maximumActivationDuration: "PT4H",
                                    managedByTenantApprovers: [{ principalId: ids.approver, displayName: "Leads" }],
                                },
                            },
                            { principalId: ids.engineer, role: "Virtual Machine Contributor" },
                        ],
                    }),
                ),
        );
        const properties = byType(resources, DEFINITION)[0].inputs.properties as Record<string, unknown>;
        assert.deepEqual(properties.eligibleAuthorizations, [
            {
                principalId: ids.engineer,
                principalIdDisplayName: "On-call engineers",
                roleDefinitionId: "b24988ac-6180-42a0-ab88-20f7382dd24c",
                justInTimeAccessPolicy: {
                    multiFactorAuthProvider: "Azure",
                    maximumActivationDuration: "PT4H",
                    managedByTenantApprovers: [{ principalId: ids.approver, principalIdDisplayName: "Leads" }],
                },
            },
            {
                principalId: ids.engineer,
                roleDefinitionId: "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
                justInTimeAccessPolicy: { multiFactorAuthProvider: "Azure", maximumActivationDuration: "PT8H" },
            },
        ]);
        // The engine would show it; under mocks runUnderMocks keeps it: an eligible principal with no permanent role.
        assert.equal(warnings.length, 1, warnings.join("\n"));
        assert.match(warnings[0], /eligibleAuthorizations\[0\]\.principalId = .*has no permanent authorization/);
    });

    it("passes a marketplace plan and User Access Administrator's delegated roles as GUIDs", async () => {
        const plan = { name: "gold", publisher: "contoso", product: "managed-azure", version: "1.0.0" };
        const { resources } = await runUnderMocks(
            () =>
                new CustomerDelegation(
                    "contoso",
                    validArgs({
                        plan,
                        authorizations: [
                            ...validArgs().authorizations,
                            {
                                principalId: ids.engineer,
                                role: "User Access Administrator",
                                delegatedRoles: ["Contributor", "Reader"],
                            },
                        ],
                    }),
                ),
        );
        const definition = byType(resources, DEFINITION)[0];
        assert.deepEqual(definition.inputs.plan, plan);
        const authorizations = (definition.inputs.properties as { authorizations: unknown[] }).authorizations;
        assert.deepEqual(authorizations[3], {
            principalId: ids.engineer,
            roleDefinitionId: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
            delegatedRoleDefinitionIds: [
                "b24988ac-6180-42a0-ab88-20f7382dd24c",
                "acdd72a7-3385-48ef-bd42-f606fba81ae7",
            ],
        });
    });

    it("uses explicit names when given (for delegations created under other names)", async () => {
        const { resources } = await runUnderMocks(
            () =>
                new CustomerDelegation(
                    "contoso",
                    validArgs({
                        resourceGroups: ["rg-prod"],
                        names: {
                            registrationDefinition: ids.approver,
                            resourceGroupAssignments: { "rg-prod": armGuid("rg-prod") },
                        },
                    }),
                ),
        );
        assert.equal(byType(resources, DEFINITION)[0].inputs.registrationDefinitionId, ids.approver);
        assert.equal(byType(resources, ASSIGNMENT)[0].inputs.registrationAssignmentId, armGuid("rg-prod"));
    });

    it("passes the customer's provider to its children", async () => {
        const { resources } = await runUnderMocks(() => {
            const customer = new Provider("customer-contoso", { subscriptionId: ids.subscription });
            return new CustomerDelegation("contoso", validArgs(), { providers: [customer] });
        });
        for (const r of [...byType(resources, DEFINITION), ...byType(resources, ASSIGNMENT)]) {
            assert.match(r.provider ?? "", /pulumi:providers:azure-native::customer-contoso::customer-contoso_id$/);
        }
    });

    it("accepts Outputs (e.g. a StackReference's principalId) and checks them once known", async () => {
        const { resources, result } = await runUnderMocks(
            () =>
                new CustomerDelegation(
                    "contoso",
                    validArgs({
                        subscriptionId: pulumi.output(ids.subscription),
                        automationAccount: { principalId: pulumi.output(ids.automation) },
                    }),
                ),
        );
        assert.equal(byType(resources, DEFINITION).length, 1);
        assert.deepEqual(await unwrap(result.pecPrincipalIds), [ids.automation]);
    });

    it("is deterministic: the same config registers identical names and inputs on every run", async () => {
        const first = await runUnderMocks(
            () => new CustomerDelegation("contoso", validArgs({ resourceGroups: ["a", "b"] })),
        );
        const second = await runUnderMocks(
            () => new CustomerDelegation("contoso", validArgs({ resourceGroups: ["a", "b"] })),
        );
        const strip = (rs: RegisteredResource[]) => rs.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
        assert.deepEqual(strip(second.resources), strip(first.resources));
        assert.equal(first.resources.length, 4);
    });

    it("also validates and registers under preview", async () => {
        const { resources } = await runUnderMocks(() => new CustomerDelegation("contoso", validArgs()), {
            preview: true,
        });
        assert.deepEqual(
            resources.map((r) => r.type),
            [COMPONENT, DEFINITION, ASSIGNMENT],
        );
        assert.equal(
            (byType(resources, DEFINITION)[0].inputs.properties as { managedByTenantId: string }).managedByTenantId,
            ids.partnerTenant,
        );
    });

    it("sends activation durations upper case whatever the case given, from the component and the ARM template", async () => {
        const args = validArgs({
            authorizations: [...validArgs().authorizations, { principalId: ids.engineer, role: "Reader" }],
            eligibleAuthorizations: [
                {
                    principalId: ids.engineer,
                    role: "Contributor",
                    justInTimeAccessPolicy: { maximumActivationDuration: " pt4h30m" },
                },
            ],
        });
        const { resources } = await runUnderMocks(() => new CustomerDelegation("contoso", args));
        const sent = (
            byType(resources, DEFINITION)[0].inputs.properties as {
                eligibleAuthorizations: { justInTimeAccessPolicy: { maximumActivationDuration: string } }[];
            }
        ).eligibleAuthorizations[0].justInTimeAccessPolicy.maximumActivationDuration;
        assert.equal(sent, "PT4H30M");
        const { parameters } = buildOnboardingTemplate(args as never);
        const eligible = (
            parameters.parameters as Record<
                string,
                { value: { justInTimeAccessPolicy: { maximumActivationDuration: string } }[] }
            >
        ).eligibleAuthorizations.value;
        assert.equal(eligible[0].justInTimeAccessPolicy.maximumActivationDuration, "PT4H30M");
    });

    it("sends one normal form of each JIT policy (PT90M = pt1h30m, approvers sorted, each once), from the component and the ARM template alike", async () => {
        const [leads, managers] = ["66666666-6666-4666-8666-666666666666", "77777777-7777-4777-8777-777777777777"];
        const args = validArgs({
            authorizations: [...validArgs().authorizations, { principalId: ids.engineer, role: "Reader" }],
            eligibleAuthorizations: [
                {
                    principalId: ids.engineer,
                    role: "Contributor",
                    justInTimeAccessPolicy: {
                        maximumActivationDuration: "PT90M",
                        managedByTenantApprovers: [{ principalId: managers }, { principalId: leads }],
                    },
                },
                {
                    principalId: ids.adminGroup,
                    role: "contributor",
                    justInTimeAccessPolicy: {
                        maximumActivationDuration: "pt1h30m",
                        managedByTenantApprovers: [
                            { principalId: leads.toUpperCase() },
                            { principalId: managers },
                            { principalId: managers },
                        ],
                    },
                },
            ],
        });
        const expected = {
            multiFactorAuthProvider: "Azure",
            maximumActivationDuration: "PT1H30M",
            managedByTenantApprovers: [{ principalId: leads }, { principalId: managers }],
        };
        const { resources } = await runUnderMocks(() => new CustomerDelegation("contoso", args));
        const sent = (
            byType(resources, DEFINITION)[0].inputs.properties as {
                eligibleAuthorizations: { justInTimeAccessPolicy: unknown }[];
            }
        ).eligibleAuthorizations;
        assert.deepEqual(
            sent.map((e) => e.justInTimeAccessPolicy),
            [expected, expected],
        );
        const { parameters } = buildOnboardingTemplate(args as never);
        const inTemplate = (parameters.parameters as Record<string, { value: { justInTimeAccessPolicy: unknown }[] }>)
            .eligibleAuthorizations.value;
        assert.deepEqual(
            inTemplate.map((e) => e.justInTimeAccessPolicy),
            [expected, expected],
        );
    });

    it("replaces the definition and every assignment delete-before-create (a renamed offer must not coexist with the old one)", async () => {
        for (const resourceGroups of [undefined, ["rg-prod", "rg-dev"]]) {
            deleteBeforeReplace.clear();
            const { resources } = await runUnderMocks(
                recordDeleteBeforeReplace(() => new CustomerDelegation("contoso", validArgs({ resourceGroups }))),
            );
            const children = [...byType(resources, DEFINITION), ...byType(resources, ASSIGNMENT)].map((r) => r.name);
            assert.equal(children.length, resourceGroups ? 3 : 2);
            assert.deepEqual(
                children.map((name) => [name, deleteBeforeReplace.get(name)]),
                children.map((name) => [name, true]),
            );
            assert.equal(deleteBeforeReplace.get("contoso"), undefined, "the component itself has no such option");
        }
    });

    it("renaming the offer keeps the Pulumi names and changes the Azure names, so Pulumi replaces (delete first)", async () => {
        const before = await runUnderMocks(() => new CustomerDelegation("contoso", validArgs()));
        deleteBeforeReplace.clear();
        const after = await runUnderMocks(
            recordDeleteBeforeReplace(
                () => new CustomerDelegation("contoso", validArgs({ offerName: "Contoso Cloud Services" })),
            ),
        );
        const names = (run: { resources: RegisteredResource[] }) =>
            [...byType(run.resources, DEFINITION), ...byType(run.resources, ASSIGNMENT)].map((r) => [
                r.name,
                r.inputs.registrationDefinitionId ?? r.inputs.registrationAssignmentId,
            ]);
        assert.deepEqual(names(before), [
            ["contoso-definition", offerGuid],
            ["contoso-assignment", offerGuid],
        ]);
        const renamed = armGuid("Contoso Cloud Services");
        assert.deepEqual(names(after), [
            ["contoso-definition", renamed],
            ["contoso-assignment", renamed],
        ]);
        assert.equal(deleteBeforeReplace.get("contoso-definition"), true);
        assert.equal(deleteBeforeReplace.get("contoso-assignment"), true);
    });
});
