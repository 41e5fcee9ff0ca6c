// Issue 18 §1: `template`, `template --management-group` and `import-file` carry lighthouse-pec:previewAccount the
// way they carry the automation account: through the same builder as the customer stack program.
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { main } from "../../cli/main";
import type { ArmParametersFile, ArmTemplate } from "../../core/delegation/armTemplate";
import type { ManagementGroupTemplate } from "../../core/delegation/managementGroupTemplate";
import { readCustomerConfig } from "../../program/customerConfig";
import { customerStack } from "../../program/customerStack";
import { deployTemplate, evaluateValue } from "../kit/armTemplate";
import { interleavedIo } from "../kit/cliHarness";
import { directCustomerYaml } from "../kit/customerConfig";
import { ids } from "../kit/fixtures";
import { runUnderMocks } from "../kit/pulumiMocks";

const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const PREVIEW = `  lighthouse-pec:previewAccount:\n    principalId: ${ids.preview}\n    displayName: Contoso PR previews`;
const MG = "contoso-landing-zones";

function readJson<T>(path: string): T {
    return JSON.parse(readFileSync(path, "utf8")) as T;
}

function stackOf(path: string) {
    const values = (yaml.load(readFileSync(path, "utf8")) as { config: Record<string, unknown> }).config;
    return readCustomerConfig((key) => values[`lighthouse-pec:${key}`]);
}

describe("previewAccount in template, template --management-group and import-file (issue 18)", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "lhpec-preview-onboarding-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("template deploys exactly what the customer stack registers, the preview account's Reader included", async () => {
        const config = join(dir, "Pulumi.customer-contoso.yaml");
        writeFileSync(config, directCustomerYaml({ extra: PREVIEW }));
        const out = join(dir, "out");
        const io = interleavedIo();
        assert.equal(
            await main(["node", "lighthouse-pec", "template", "--config", config, "--out", out], io),
            0,
            io.text(),
        );
        const [definition] = deployTemplate(
            readJson<ArmTemplate>(join(out, "onboarding.template.json")),
            readJson<ArmParametersFile>(join(out, "onboarding.parameters.json")),
            ids.subscription,
        );
        const authorizations = definition.properties.authorizations as Record<string, unknown>[];
        assert.deepEqual(authorizations.at(-1), {
            principalId: ids.preview,
            principalIdDisplayName: "Contoso PR previews",
            roleDefinitionId: READER,
        });
        const { resources } = await runUnderMocks(() => customerStack(stackOf(config)));
        const registered = resources.find((r) => r.name === "delegation-definition");
        assert.deepEqual(definition.properties, registered?.inputs.properties);
    });

    it("template --management-group: the policy's existence condition and deployment include it, as the stack's do", async () => {
        const config = join(dir, "Pulumi.fabrikam.yaml");
        writeFileSync(
            config,
            directCustomerYaml({ target: [`  lighthouse-pec:managementGroupId: ${MG}`], extra: PREVIEW }),
        );
        const out = join(dir, "out");
        const io = interleavedIo();
        const args = ["template", "--config", config, "--out", out, "--management-group", MG];
        assert.equal(await main(["node", "lighthouse-pec", ...args], io), 0, io.text());
        const template = readJson<ManagementGroupTemplate>(join(out, "management-group.template.json"));
        const written = evaluateValue(template.resources[0].properties, {
            parameters: {},
            variables: {},
            subscriptionId: ids.subscription,
        }) as { policyRule: unknown };
        const { resources } = await runUnderMocks(() => customerStack({ ...stackOf(config), managementGroupId: MG }));
        const registered = resources.find(
            (r) => r.type === "azure-native:authorization:PolicyDefinitionAtManagementGroup",
        );
        assert.deepEqual(written.policyRule, registered?.inputs.policyRule);
        const rule = JSON.stringify(written.policyRule);
        assert.ok(
            rule.includes(`{"principalId":"${ids.preview}","roleDefinitionId":"acdd72a7-3385-48ef-bd42-f606fba81ae7"}`),
            "the existence condition looks for the preview principal",
        );
        assert.match(
            rule,
            /"count":\{"field":"Microsoft\.ManagedServices\/registrationDefinitions\/authorizations\[\*\]"\},"equals":4\}/,
        );
    });

    it("import-file accepts it, and refuses a preview identity that is the automation account (exit 2, nothing written)", async () => {
        const good = join(dir, "Pulumi.customer-a.yaml");
        writeFileSync(good, directCustomerYaml({ extra: PREVIEW }));
        const out = join(dir, "import.json");
        const io = interleavedIo();
        assert.equal(
            await main(["node", "lighthouse-pec", "import-file", "--config", good, "--out", out], io),
            0,
            io.text(),
        );

        const bad = join(dir, "Pulumi.customer-b.yaml");
        writeFileSync(
            bad,
            directCustomerYaml({ extra: `  lighthouse-pec:previewAccount:\n    principalId: ${ids.automation}` }),
        );
        const refusedOut = join(dir, "refused.json");
        const refused = interleavedIo();
        assert.equal(
            await main(["node", "lighthouse-pec", "import-file", "--config", bad, "--out", refusedOut], refused),
            2,
        );
        assert.match(
            refused.text(),
            /previewAccount\.principalId = "44444444-[^"]+": the preview identity is the automation account/,
        );
        assert.throws(() => readFileSync(refusedOut), /ENOENT/);
    });

    it("an arguments file (CustomerDelegationArgs) carries it too", () => {
        const file = join(dir, "contoso.json");
        writeFileSync(
            file,
            JSON.stringify({
                offerName: "Contoso Managed Services",
                managedByTenantId: ids.partnerTenant,
                subscriptionId: ids.subscription,
                authorizations: [{ principalId: ids.adminGroup, role: "Reader" }],
                automationAccount: { principalId: ids.automation },
                previewAccount: { principalId: ids.preview },
            }),
        );
        const out = join(dir, "out");
        const io = interleavedIo();
        return main(["node", "lighthouse-pec", "template", "--config", file, "--out", out], io).then((code) => {
            assert.equal(code, 0, io.text());
            const parameters = readJson<ArmParametersFile>(join(out, "onboarding.parameters.json"));
            assert.deepEqual((parameters.parameters.authorizations.value as unknown[]).at(-1), {
                principalId: ids.preview,
                principalIdDisplayName: "Pull-request previews (read-only)",
                roleDefinitionId: READER,
            });
        });
    });
});
