import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { main } from "../../cli/main";
import type { ManagementGroupTemplate } from "../../core/delegation/managementGroupTemplate";
import { readCustomerConfig } from "../../program/customerConfig";
import { customerStack } from "../../program/customerStack";
import { evaluateValue } from "../kit/armTemplate";
import { ids } from "../kit/fixtures";
import { runUnderMocks } from "../kit/pulumiMocks";
import { directCustomerYaml } from "../kit/customerConfig";
import { interleavedIo } from "../kit/cliHarness";

const MG = "contoso-landing-zones";

const cliIo = interleavedIo;

/** A management-group customer stack config, everything given directly. */
function mgConfig(extra = ""): string {
    return directCustomerYaml({ target: [`  lighthouse-pec:managementGroupId: ${MG}`], extra });
}

describe("lighthouse-pec template --management-group (CLI)", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "lhpec-mg-template-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("writes the policy the management-group stack deploys, and the commands to deploy and remediate it", async () => {
        const config = join(dir, "Pulumi.fabrikam.yaml");
        writeFileSync(config, mgConfig());
        const io = cliIo();
        const out = join(dir, "out");
        const args = ["template", "--config", config, "--out", out, "--management-group", MG];
        assert.equal(
            await main(["node", "lighthouse-pec", ...args, "--policy-location", "northeurope"], io),
            0,
            io.text(),
        );
        const path = join(out, "management-group.template.json");
        const template = JSON.parse(readFileSync(path, "utf8")) as ManagementGroupTemplate;
        assert.equal(
            template.$schema,
            "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#",
        );
        assert.match(
            io.text(),
            new RegExp(`az deployment mg create --management-group-id ${MG} --location northeurope`),
        );
        assert.match(io.text(), /az policy remediation create .*--resource-discovery-mode ExistingNonCompliant/);
        assert.match(io.text(), /az provider register --namespace Microsoft\.ManagedServices/);

        const values = (yaml.load(readFileSync(config, "utf8")) as { config: Record<string, unknown> }).config;
        const stack = readCustomerConfig((key) => values[`lighthouse-pec:${key}`]);
        const { resources } = await runUnderMocks(() =>
            customerStack({ ...stack, managementGroupId: MG, policyLocation: "northeurope" }),
        );
        const registered = resources.find(
            (r) => r.type === "azure-native:authorization:PolicyDefinitionAtManagementGroup",
        )!;
        const written = evaluateValue(template.resources[0].properties, {
            parameters: {},
            variables: {},
            subscriptionId: ids.subscription,
        }) as Record<string, unknown>;
        assert.deepEqual(written.policyRule, registered.inputs.policyRule, "ARM hands Azure Policy the stack's rule");
        assert.equal(template.resources[0].name, registered.inputs.policyDefinitionName);
    });

    it("refuses a bad management group ID and resource groups, writing nothing (exit 2)", async () => {
        const config = join(dir, "Pulumi.fabrikam.yaml");
        writeFileSync(
            config,
            mgConfig().replace(
                `  lighthouse-pec:managementGroupId: ${MG}\n`,
                `  lighthouse-pec:subscriptionId: ${ids.subscription}\n  lighthouse-pec:resourceGroups: [rg-prod]\n`,
            ),
        );
        const io = cliIo();
        const out = join(dir, "out");
        const code = await main(
            [
                "node",
                "lighthouse-pec",
                "template",
                "--config",
                config,
                "--out",
                out,
                "--management-group",
                "Contoso Root.",
            ],
            io,
        );
        assert.equal(code, 2, io.text());
        assert.match(io.text(), /--management-group = "Contoso Root\.": not a management group ID/);
        assert.match(io.text(), /resourceGroups = .*not with --management-group/);
        assert.equal(existsSync(join(out, "management-group.template.json")), false);
    });
});
