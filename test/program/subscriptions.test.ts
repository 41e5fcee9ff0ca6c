import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigurationError } from "../../core/validation";
import { parseExpected } from "../../pec/expect";
import { readCustomerConfig } from "../../program/customerConfig";
import { CustomerDelegation } from "../../components";
import { customerStack, subscriptionDelegationOptions } from "../../program/customerStack";
import { subscriptionDelegationName } from "../../program/customerStackNames";
import { validArgs } from "../kit/fixtures";
import { runUnderMocks, unwrap } from "../kit/pulumiMocks";
import { LEGACY_CONFIGS, legacyRegistrations } from "./legacyRegistrations";

const SUB_A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const SUB_B = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const SUB_C = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

function listConfig(subscriptions: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const values: Record<string, unknown> = {
        ...LEGACY_CONFIGS.subscription,
        "lighthouse-pec:subscriptions": subscriptions,
        ...extra,
    };
    delete values["lighthouse-pec:subscriptionId"];
    return values;
}

const read = (values: Record<string, unknown>) => (key: string) => values[`lighthouse-pec:${key}`];

function configErrors(values: Record<string, unknown>): { field: string; message: string }[] {
    try {
        readCustomerConfig(read(values));
    } catch (err) {
        assert.ok(err instanceof ConfigurationError);
        return err.findings.map((f) => ({ field: f.field, message: f.message }));
    }
    return [];
}

async function urnsOf(values: Record<string, unknown>): Promise<string[]> {
    return (await legacyRegistrations(values)).filter((line) => line.startsWith("urn:"));
}

describe("customer stack with several subscriptions", () => {
    it("a subscriptionId stack registers byte-identical URNs and inputs to the code before subscriptions", async () => {
        const before = JSON.parse(
            readFileSync(join(__dirname, "..", "fixtures", "customer-stack", "legacy-registrations.json"), "utf8"),
        ) as Record<string, string[]>;
        assert.deepEqual(Object.keys(before), Object.keys(LEGACY_CONFIGS));
        for (const [name, values] of Object.entries(LEGACY_CONFIGS)) {
            assert.deepEqual(await legacyRegistrations(values), before[name], name);
        }
    });

    it("one delegation per subscription, named by subscription ID, through one provider without a subscription", async () => {
        const values = listConfig([{ subscriptionId: SUB_A }, { subscriptionId: SUB_B, resourceGroups: ["rg-b"] }]);
        const { resources, result } = await runUnderMocks(() => customerStack(readCustomerConfig(read(values))));
        assert.deepEqual(resources.map((r) => r.name).sort(), [
            "customer",
            `delegation-${SUB_A}`,
            `delegation-${SUB_A}-assignment`,
            `delegation-${SUB_A}-definition`,
            `delegation-${SUB_B}`,
            `delegation-${SUB_B}-assignment-rg-b`,
            `delegation-${SUB_B}-definition`,
        ]);
        const byName = (name: string) => resources.find((r) => r.name === name)!;
        const [definitionA, assignmentA, definitionB, assignmentB] = [
            `delegation-${SUB_A}-definition`,
            `delegation-${SUB_A}-assignment`,
            `delegation-${SUB_B}-definition`,
            `delegation-${SUB_B}-assignment-rg-b`,
        ].map(byName);
        assert.equal(byName("customer").inputs.subscriptionId, undefined, "the list's provider pins no subscription");
        assert.equal(byName("customer").inputs.tenantId, "77777777-7777-4777-8777-777777777777");
        assert.equal(definitionA.inputs.scope, `/subscriptions/${SUB_A}`);
        assert.equal(definitionB.inputs.scope, `/subscriptions/${SUB_B}`);
        assert.equal(assignmentB.inputs.scope, `/subscriptions/${SUB_B}/resourceGroups/rg-b`);
        assert.deepEqual(definitionA.inputs.properties, definitionB.inputs.properties, "same offer and authorizations");
        assert.equal(definitionA.inputs.registrationDefinitionId, definitionB.inputs.registrationDefinitionId);
        assert.ok(
            [definitionA, assignmentA, definitionB, assignmentB].every((r) => /::customer::/.test(r.provider ?? "")),
        );

        assert.equal(result.subscriptionId, undefined, "no single-subscription outputs for a list");
        const definition = (s: string) =>
            `/subscriptions/${s}/providers/Microsoft.ManagedServices/registrationDefinitions/${String(definitionA.inputs.registrationDefinitionId)}`;
        assert.deepEqual(await unwrap(result.subscriptions!), [
            {
                subscriptionId: SUB_A,
                registrationDefinitionId: definition(SUB_A),
                assignmentIds: [
                    `/subscriptions/${SUB_A}/providers/Microsoft.ManagedServices/registrationAssignments/${String(assignmentA.inputs.registrationAssignmentId)}`,
                ],
            },
            {
                subscriptionId: SUB_B,
                registrationDefinitionId: definition(SUB_B),
                assignmentIds: [
                    `/subscriptions/${SUB_B}/resourceGroups/rg-b/providers/Microsoft.ManagedServices/registrationAssignments/${String(assignmentB.inputs.registrationAssignmentId)}`,
                ],
            },
        ]);
    });

    it("keeps every URN when the list is reordered or grows", async () => {
        const two = await urnsOf(listConfig([{ subscriptionId: SUB_A }, { subscriptionId: SUB_B }]));
        const reordered = await urnsOf(listConfig([{ subscriptionId: SUB_B }, { subscriptionId: SUB_A }]));
        const grown = await urnsOf(
            listConfig([{ subscriptionId: SUB_C }, { subscriptionId: SUB_B }, { subscriptionId: SUB_A.toUpperCase() }]),
        );
        assert.deepEqual([...reordered].sort(), [...two].sort());
        assert.deepEqual(grown.filter((u) => !u.includes(SUB_C)).sort(), [...two].sort());
        assert.equal(grown.length, two.length + 3);
    });

    it("verify --expect and doctor --expect read every subscription from `pulumi stack output --json`", async () => {
        const values = listConfig([{ subscriptionId: SUB_B }, { subscriptionId: SUB_A, resourceGroups: ["rg-a"] }]);
        const { result } = await runUnderMocks(() => customerStack(readCustomerConfig(read(values))));
        // What `pulumi stack output --json` prints: every output, resolved.
        const outputs = JSON.stringify(
            {
                pecPrincipalIds: await unwrap(result.pecPrincipalIds),
                subscriptions: await unwrap(result.subscriptions!),
            },
            null,
            2,
        );
        assert.deepEqual(parseExpected(outputs, "customer-fabrikam.json"), [SUB_B, SUB_A]);
    });

    it("keepsLegacyNames: the entry that was the stack's subscriptionId is aliased to the legacy URNs, provider unchanged", async () => {
        const legacyUrns = (
            JSON.parse(
                readFileSync(join(__dirname, "..", "fixtures", "customer-stack", "legacy-registrations.json"), "utf8"),
            ) as Record<string, string[]>
        ).subscription.filter((line) => line.startsWith("urn:") && !line.includes("pulumi:providers"));
        const legacySubscription = "22222222-2222-4222-8222-222222222222";
        const values = listConfig([
            { subscriptionId: SUB_A },
            { subscriptionId: legacySubscription, keepsLegacyNames: "true" },
        ]);
        const config = readCustomerConfig(read(values));
        const entry = config.subscriptions![1];
        assert.deepEqual(subscriptionDelegationOptions(config.subscriptions![0]), {});
        const { result } = await runUnderMocks(
            () =>
                new CustomerDelegation(
                    subscriptionDelegationName(legacySubscription),
                    validArgs({ subscriptionId: legacySubscription }),
                    subscriptionDelegationOptions({ ...entry, keepsLegacyNames: true }),
                ),
            { stack: "customer-contoso" },
        );
        const aliasesOf = (r: unknown) =>
            Promise.all((r as { __aliases: pulumi.Output<string>[] }).__aliases.map((a) => unwrap(a)));
        // Children inherit the component's alias with their name prefix swapped: the engine does it for alias specs
        // (pkg/resource/deploy/step_generator.go inheritedChildAlias), older engines get it from the SDK's allAliases,
        // the same rule, which computes it here.
        const { allAliases } = require("@pulumi/pulumi/resource") as {
            allAliases: (
                own: unknown[],
                name: string,
                type: string,
                parent: unknown,
                parentName: string,
            ) => pulumi.Output<string>[];
        };
        const parentName = subscriptionDelegationName(legacySubscription);
        const inherited = (name: string, type: string) =>
            Promise.all(allAliases([], name, type, result, parentName).map((a) => unwrap(a)));
        const aliases = [
            await aliasesOf(result),
            await inherited(`${parentName}-definition`, "azure-native:managedservices:RegistrationDefinition"),
            await inherited(`${parentName}-assignment`, "azure-native:managedservices:RegistrationAssignment"),
        ];
        assert.equal(legacyUrns.length, 3);
        legacyUrns.forEach((urn, i) => assert.ok(aliases[i].includes(urn), `${urn} in ${aliases[i].join("\n")}`));
        assert.ok(
            (await unwrap(result.definition.urn)).endsWith(`::${parentName}-definition`),
            "the child's own name derives from the component's, which is what the inherited alias relies on",
        );

        const { resources } = await runUnderMocks(() => customerStack(config), { stack: "customer-contoso" });
        const provider = resources.find((r) => r.type === "pulumi:providers:azure-native")!;
        const legacyProvider = JSON.parse(
            (
                JSON.parse(
                    readFileSync(
                        join(__dirname, "..", "fixtures", "customer-stack", "legacy-registrations.json"),
                        "utf8",
                    ),
                ) as Record<string, string[]>
            ).subscription[0],
        ) as { inputs: unknown };
        assert.deepEqual(provider.inputs, legacyProvider.inputs, "the provider's inputs are the legacy stack's");

        const twice = configErrors(
            listConfig([
                { subscriptionId: SUB_A, keepsLegacyNames: true },
                { subscriptionId: SUB_B, keepsLegacyNames: true },
            ]),
        );
        assert.deepEqual(
            twice.map((f) => f.field),
            ["lighthouse-pec:subscriptions[1].keepsLegacyNames"],
        );
    });

    it("a subscriptionId stack keeps exactly its legacy outputs", async () => {
        const { result } = await runUnderMocks(() =>
            customerStack(readCustomerConfig(read(LEGACY_CONFIGS.subscription))),
        );
        assert.deepEqual(Object.keys(result), [
            "subscriptionId",
            "registrationDefinitionId",
            "assignmentIds",
            "pecPrincipalIds",
        ]);
    });

    it("takes plain subscription IDs as entries, with the same names and delegations as {subscriptionId} objects", async () => {
        const objects = listConfig([{ subscriptionId: SUB_A }, { subscriptionId: SUB_B, resourceGroups: ["rg-b"] }]);
        const mixed = listConfig([SUB_A, { subscriptionId: SUB_B, resourceGroups: ["rg-b"] }]);
        assert.deepEqual(readCustomerConfig(read(mixed)).subscriptions, [
            { subscriptionId: SUB_A },
            { subscriptionId: SUB_B, resourceGroups: ["rg-b"] },
        ]);
        assert.deepEqual(await legacyRegistrations(mixed), await legacyRegistrations(objects), "URNs and inputs");
        assert.deepEqual(
            (await urnsOf(listConfig([SUB_B, SUB_A]))).sort(),
            (await urnsOf(listConfig([{ subscriptionId: SUB_A }, { subscriptionId: SUB_B }]))).sort(),
            "reordered plain IDs: the same URNs as objects",
        );
        const errors = configErrors(listConfig([SUB_A, "not-a-guid", SUB_A.toUpperCase(), ["x"]]));
        assert.deepEqual(
            errors.map((f) => [f.field, f.message]),
            [
                [
                    "lighthouse-pec:subscriptions[3]",
                    "must be a subscription ID or an object ({subscriptionId, resourceGroups?, keepsLegacyNames?}), not a list",
                ],
            ],
            "a wrong type is reported first (the list is then not read further)",
        );
        assert.deepEqual(
            configErrors(listConfig([SUB_A, "not-a-guid", SUB_A.toUpperCase()])).map((f) => [f.field, f.message]),
            [
                ["lighthouse-pec:subscriptions[1]", "is not a subscription ID (a GUID)"],
                [
                    "lighthouse-pec:subscriptions[2]",
                    "lists the same subscription as subscriptions[0]: one delegation per subscription",
                ],
            ],
        );
    });

    it("reports every config problem at once: both keys, duplicates, bad GUIDs, unknown keys, wrong types", () => {
        assert.deepEqual(
            configErrors({ ...listConfig([{ subscriptionId: SUB_A }]), "lighthouse-pec:subscriptionId": SUB_B }),
            [
                {
                    field: "lighthouse-pec:subscriptionId / lighthouse-pec:subscriptions",
                    message:
                        "a customer stack delegates either one subscription (subscriptionId) or a list (subscriptions)",
                },
            ],
        );
        const neither = listConfig(undefined);
        assert.deepEqual(
            configErrors(neither).map((f) => f.field),
            ["lighthouse-pec:subscriptionId"],
        );
        const errors = configErrors(
            listConfig([
                { subscriptionId: SUB_A },
                { subscriptionId: SUB_A.toUpperCase() },
                { subscriptionId: "not-a-guid" },
            ]),
        );
        const fields = errors.map((f) => f.field);
        assert.ok(fields.includes("lighthouse-pec:subscriptions[1].subscriptionId"), JSON.stringify(errors));
        assert.ok(errors.some((f) => /same subscription as subscriptions\[0\]/.test(f.message)));
        assert.ok(fields.includes("lighthouse-pec:subscriptions[2].subscriptionId"));
        const shapeErrors = configErrors(
            listConfig([{ subscriptionID: SUB_B }, { subscriptionId: SUB_C, resourceGroups: "rg-c" }, 42]),
        ).map((f) => f.field);
        assert.deepEqual(shapeErrors, [
            "lighthouse-pec:subscriptions[0].subscriptionID",
            "lighthouse-pec:subscriptions[1].resourceGroups",
            "lighthouse-pec:subscriptions[2]",
        ]);
        assert.deepEqual(
            configErrors(listConfig([])).map((f) => f.message),
            ["lists no subscription"],
        );
    });
});
