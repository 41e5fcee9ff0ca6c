import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigurationError } from "../../components";
import { readCustomerConfig } from "../../program/customerConfig";
import { customerStack } from "../../program/customerStack";
import { ids } from "../kit/fixtures";
import { runUnderMocks, unwrap } from "../kit/pulumiMocks";

/** Pulumi.<stack>.yaml `config:` entries → a reader like the program's (structured values parsed). */
function readerOf(values: Record<string, unknown>) {
    return (key: string) => values[`lighthouse-pec:${key}`];
}

function exampleConfig(): Record<string, unknown> {
    // A tiny YAML reader is not needed: js-yaml ships with @pulumi/pulumi.
    const yaml = require("js-yaml") as typeof import("js-yaml");
    return (yaml.load(readFileSync(join(__dirname, "..", "..", "Pulumi.customer-example.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
}

describe("customer stack program", () => {
    it("runs the shipped Pulumi.customer-example.yaml: provider, component, definition, assignment", async () => {
        const config = readCustomerConfig(readerOf(exampleConfig()));
        assert.equal(config.partnerStack, "contoso/lighthouse-pec/partner");
        const { resources, result } = await runUnderMocks(() => customerStack({ ...config, partnerStack: undefined, managedByTenantId: ids.partnerTenant, automationAccount: { principalId: ids.automation } }));
        assert.deepEqual(resources.map((r) => [r.type, r.name]), [
            ["pulumi:providers:azure-native", "customer"],
            ["lighthouse-pec:index:CustomerDelegation", "delegation"],
            ["azure-native:managedservices:RegistrationDefinition", "delegation-definition"],
            ["azure-native:managedservices:RegistrationAssignment", "delegation-assignment"],
        ]);
        assert.equal(resources[0].inputs.subscriptionId, "22222222-2222-4222-8222-222222222222");
        assert.equal(resources[0].inputs.tenantId, "77777777-7777-4777-8777-777777777777");
        assert.match(resources[2].provider ?? "", /::customer::/, "the delegation deploys through the customer's provider");
        const properties = resources[2].inputs.properties as { authorizations: unknown[]; eligibleAuthorizations: unknown[] };
        assert.equal(properties.authorizations.length, 4, "automation account, the admin group twice, Reader for the JIT group");
        assert.equal(properties.eligibleAuthorizations.length, 1);
        assert.deepEqual(await unwrap(result.pecPrincipalIds), [ids.automation]);
        assert.equal(result.subscriptionId, "22222222-2222-4222-8222-222222222222");
    });

    it("reads the automation account and managing tenant from the partner stack", async () => {
        const { resources } = await runUnderMocks(() => customerStack(readCustomerConfig(readerOf(exampleConfig()))), {});
        const reference = resources.find((r) => r.type === "pulumi:pulumi:StackReference");
        assert.equal(reference?.inputs.name, "contoso/lighthouse-pec/partner");
    });

    it("names every missing key at once, with a command that sets it", () => {
        assert.throws(() => readCustomerConfig(readerOf({})), (err: unknown) => {
            assert.ok(err instanceof ConfigurationError);
            assert.deepEqual(err.findings.map((f) => f.field), [
                "lighthouse-pec:offerName", "lighthouse-pec:subscriptionId", "lighthouse-pec:managedByTenantId",
                "lighthouse-pec:authorizations", "lighthouse-pec:partnerStack",
            ]);
            assert.match(err.message, /pulumi config set lighthouse-pec:offerName "Contoso Managed Services"/);
            return true;
        });
    });

    it("rejects mistyped values, naming key, value and the expected shape", () => {
        assert.throws(() => readCustomerConfig(readerOf({ ...exampleConfig(), "lighthouse-pec:authorizations": "Reader", "lighthouse-pec:resourceGroups": "rg-1" })),
            /lighthouse-pec:authorizations = "Reader": must be a list of objects[\s\S]*lighthouse-pec:resourceGroups = "rg-1": must be a list of resource group names/);
    });
});
