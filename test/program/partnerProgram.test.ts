import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigurationError } from "../../components";
import { readPartnerConfig } from "../../program/partnerConfig";
import { partnerStack } from "../../program/partnerStack";
import { runUnderMocks } from "../kit/pulumiMocks";

function exampleConfig(): Record<string, unknown> {
    const yaml = require("js-yaml") as typeof import("js-yaml");
    return (
        yaml.load(readFileSync(join(__dirname, "..", "..", "Pulumi.partner-example.yaml"), "utf8")) as {
            config: Record<string, unknown>;
        }
    ).config;
}
const readerOf = (values: Record<string, unknown>) => (key: string) => values[`lighthouse-pec:${key}`];

describe("partner stack program", () => {
    it("runs the shipped Pulumi.partner-example.yaml: the automation account and its link", async () => {
        const { resources } = await runUnderMocks(() => partnerStack(readerOf(exampleConfig())));
        assert.deepEqual(resources.map((r) => `${r.type}::${r.name}`).sort(), [
            "azuread:index/application:Application::automation-app",
            "azuread:index/applicationPassword:ApplicationPassword::automation-secret",
            "azuread:index/servicePrincipal:ServicePrincipal::automation-sp",
            "lighthouse-pec:index:ProviderAutomationAccount::automation",
            "pulumi-nodejs:dynamic/lighthouse-pec:PartnerAdminLink::automation-link",
        ]);
        const link = resources.find((r) => r.name === "automation-link");
        assert.equal(link?.inputs.partnerId, "1234567");
        assert.equal(link?.inputs.onExistingLink, "fail");
        assert.equal(link?.inputs.propagationTimeoutSeconds, 300);
        assert.deepEqual(resources.find((r) => r.name === "automation-app")?.inputs.owners, [
            "33333333-3333-4333-8333-333333333333",
        ]);
    });

    it("reports a missing or malformed partner ID and bad options together, with the fix", () => {
        assert.throws(
            () => readPartnerConfig(readerOf({})),
            (err: unknown) => {
                assert.ok(err instanceof ConfigurationError);
                assert.deepEqual(
                    err.findings.map((f) => f.field),
                    ["lighthouse-pec:partnerId"],
                );
                assert.match(err.message, /pulumi config set lighthouse-pec:partnerId 1234567/);
                return true;
            },
        );
        assert.throws(
            () =>
                readPartnerConfig(
                    readerOf({
                        "lighthouse-pec:partnerId": "MPN-123",
                        "lighthouse-pec:onExistingLink": "steal",
                        "lighthouse-pec:propagationTimeoutSeconds": "-5",
                    }),
                ),
            /partnerId = "MPN-123": must be 1 to 12 digits and nothing else[\s\S]*onExistingLink = "steal": must be one of adopt, relink, fail[\s\S]*propagationTimeoutSeconds = "-5"/,
        );
    });
});
