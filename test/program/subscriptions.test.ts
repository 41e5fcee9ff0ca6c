import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigurationError } from "../../core/validation";
import { parseExpected } from "../../pec/expect";
import { readCustomerConfig } from "../../program/customerConfig";
import { customerStack } from "../../program/customerStack";
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
            listConfig([{ subscriptionID: SUB_B }, { subscriptionId: SUB_C, resourceGroups: "rg-c" }, SUB_C]),
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
