import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { armGuid, ConfigurationError, CustomerDelegation } from "../../../components";
import { ids, validArgs } from "../../kit/fixtures";
import { readCustomerConfig } from "../../../program/customerConfig";
import { customerStack } from "../../../program/customerStack";
import { runUnderMocks } from "../../kit/pulumiMocks";

const DEFINITION = "azure-native:managedservices:RegistrationDefinition";
const ASSIGNMENT = "azure-native:managedservices:RegistrationAssignment";
const offer = armGuid("Contoso Managed Services");
const sub = `/subscriptions/${ids.subscription}`;

describe("CustomerDelegation adopt (Pulumi import option)", () => {
    it("declares the definition and the subscription assignment with their deterministic IDs as import IDs", async () => {
        const { resources } = await runUnderMocks(() => new CustomerDelegation("contoso", validArgs({ adopt: true })));
        assert.deepEqual(
            resources.map((r) => [r.type, r.name, r.importId]),
            [
                ["lighthouse-pec:index:CustomerDelegation", "contoso", undefined],
                [
                    DEFINITION,
                    "contoso-definition",
                    `${sub}/providers/Microsoft.ManagedServices/registrationDefinitions/${offer}`,
                ],
                [
                    ASSIGNMENT,
                    "contoso-assignment",
                    `${sub}/providers/Microsoft.ManagedServices/registrationAssignments/${offer}`,
                ],
            ],
        );
    });

    it("imports resource-group assignments at their groups, and honours name overrides", async () => {
        const { resources } = await runUnderMocks(
            () =>
                new CustomerDelegation(
                    "contoso",
                    validArgs({
                        adopt: true,
                        resourceGroups: ["rg-prod", "rg-dev"],
                        names: {
                            registrationDefinition: ids.approver,
                            resourceGroupAssignments: { "rg-prod": armGuid("rg-prod") },
                        },
                    }),
                ),
        );
        assert.deepEqual(
            resources.filter((r) => r.custom).map((r) => [r.name, r.importId]),
            [
                [
                    "contoso-definition",
                    `${sub}/providers/Microsoft.ManagedServices/registrationDefinitions/${ids.approver}`,
                ],
                [
                    "contoso-assignment-rg-prod",
                    `${sub}/resourceGroups/rg-prod/providers/Microsoft.ManagedServices/registrationAssignments/${armGuid("rg-prod")}`,
                ],
                [
                    "contoso-assignment-rg-dev",
                    `${sub}/resourceGroups/rg-dev/providers/Microsoft.ManagedServices/registrationAssignments/${armGuid("Contoso Managed Services", "rg-dev")}`,
                ],
            ],
        );
    });

    it("sets no import ID without adopt (or with adopt: false), and the inputs are the same either way", async () => {
        for (const adopt of [undefined, false]) {
            const { resources } = await runUnderMocks(
                () => new CustomerDelegation("contoso", validArgs({ adopt, resourceGroups: ["rg-prod"] })),
            );
            assert.equal(resources.length, 3);
            assert.deepEqual(
                resources.map((r) => r.importId),
                [undefined, undefined, undefined],
                `adopt: ${adopt}`,
            );
        }
        const plain = await runUnderMocks(() => new CustomerDelegation("contoso", validArgs()));
        const adopted = await runUnderMocks(() => new CustomerDelegation("contoso", validArgs({ adopt: true })));
        assert.deepEqual(
            adopted.resources.map((r) => r.inputs),
            plain.resources.map((r) => r.inputs),
            "adopting declares exactly the desired state, so preview shows how Azure differs from it",
        );
    });

    it("refuses adopt when subscriptionId is an Output, naming the field, before anything registers", async () => {
        const { resources } = await runUnderMocks(() => {
            assert.throws(
                () =>
                    new CustomerDelegation(
                        "contoso",
                        validArgs({ adopt: true, subscriptionId: pulumi.output(ids.subscription) }),
                    ),
                (err: unknown) => {
                    assert.ok(err instanceof ConfigurationError);
                    assert.deepEqual(
                        err.findings.map((f) => f.field),
                        ["subscriptionId"],
                    );
                    assert.match(
                        err.message,
                        /subscriptionId = .*adopt needs the subscription ID as a plain string.*Fix: pass the customer subscription ID as a string/,
                    );
                    return true;
                },
            );
        });
        assert.deepEqual(resources, []);
    });
});

describe("customer stack config: lighthouse-pec:adopt", () => {
    const base: Record<string, unknown> = {
        "lighthouse-pec:offerName": "Contoso Managed Services",
        "lighthouse-pec:subscriptionId": ids.subscription,
        "lighthouse-pec:managedByTenantId": ids.partnerTenant,
        "lighthouse-pec:automationAccount": { principalId: ids.automation },
        "lighthouse-pec:authorizations": [
            { principalId: ids.adminGroup, role: "Reader" },
            { principalId: ids.adminGroup, role: "Managed Services Registration assignment Delete Role" },
        ],
    };
    const read = (values: Record<string, unknown>) => (key: string) => values[`lighthouse-pec:${key}`];

    it("reads YAML booleans and the strings `pulumi config set` stores; absent means no adoption", () => {
        assert.equal(readCustomerConfig(read({ ...base, "lighthouse-pec:adopt": true })).adopt, true);
        assert.equal(readCustomerConfig(read({ ...base, "lighthouse-pec:adopt": "true" })).adopt, true);
        assert.equal(readCustomerConfig(read({ ...base, "lighthouse-pec:adopt": "False" })).adopt, false);
        assert.equal(readCustomerConfig(read(base)).adopt, undefined);
    });

    it("rejects anything else, naming the key, the value and the fix", () => {
        assert.throws(
            () => readCustomerConfig(read({ ...base, "lighthouse-pec:adopt": "yes please" })),
            /lighthouse-pec:adopt = "yes please": must be true or false\. Fix: pulumi config set lighthouse-pec:adopt true/,
        );
    });

    it("the customer stack program passes it on: the delegation's resources carry import IDs", async () => {
        const { resources } = await runUnderMocks(() =>
            customerStack(readCustomerConfig(read({ ...base, "lighthouse-pec:adopt": "true" }))),
        );
        assert.deepEqual(
            resources.filter((r) => r.type.startsWith("azure-native:managedservices")).map((r) => r.importId),
            [
                `${sub}/providers/Microsoft.ManagedServices/registrationDefinitions/${offer}`,
                `${sub}/providers/Microsoft.ManagedServices/registrationAssignments/${offer}`,
            ],
        );
        const { resources: plain } = await runUnderMocks(() => customerStack(readCustomerConfig(read(base))));
        assert.deepEqual(
            plain.map((r) => r.importId),
            plain.map(() => undefined),
        );
    });
});
