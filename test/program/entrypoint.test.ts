import { strict as assert } from "node:assert";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { runUnderMocks } from "../kit/pulumiMocks";

const entry = join(__dirname, "..", "..", "index.ts");

/** Runs the program's index.ts as `pulumi up` would, with the given `lighthouse-pec:*` config. */
async function runProgram(config: Record<string, unknown>) {
    const all = Object.fromEntries(
        Object.entries(config).map(([k, v]) => [`lighthouse-pec:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    return runUnderMocks(() => {
        pulumi.runtime.setAllConfig(all);
        delete require.cache[require.resolve(entry)];
        return require(entry) as Record<string, unknown>;
    });
}

describe("the program (index.ts)", () => {
    it("is a customer stack when offerName is set, with structured config parsed", async () => {
        const { resources, result } = await runProgram({
            offerName: "Contoso Managed Services",
            subscriptionId: "22222222-2222-4222-8222-222222222222",
            managedByTenantId: "11111111-1111-4111-8111-111111111111",
            automationAccount: { principalId: "44444444-4444-4444-8444-444444444444" },
            authorizations: [{ principalId: "33333333-3333-4333-8333-333333333333", role: "Reader" }],
        });
        assert.ok(resources.some((r) => r.type === "azure-native:managedservices:RegistrationDefinition"));
        assert.deepEqual(Object.keys(result).sort(), [
            "assignmentIds",
            "pecPrincipalIds",
            "registrationDefinitionId",
            "subscriptionId",
        ]);
    });

    it("is the partner stack when partnerId is set", async () => {
        const { resources, result } = await runProgram({ partnerId: "1234567" });
        assert.ok(resources.some((r) => r.type === "lighthouse-pec:index:ProviderAutomationAccount"));
        assert.deepEqual(Object.keys(result).sort(), ["clientId", "linkState", "partnerId", "principalId", "tenantId"]);
    });

    it("says what to set when it is neither (or both)", async () => {
        await assert.rejects(
            runProgram({}),
            /a stack is either the partner stack \(partnerId\) or a customer stack \(offerName\)[\s\S]*Pulumi.customer-example.yaml/,
        );
        await assert.rejects(runProgram({ partnerId: "1", offerName: "x" }), /"both set"/);
    });
});
