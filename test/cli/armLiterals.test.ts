// Bracketed names through the CLI (issue 17): new-customer writes them, template and template --management-group
// write templates that ARM deploys as the literal text, the printed names are guid() of the literal names, and
// import-file adopts the resources those templates create.
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { armGuid } from "../../components";
import type { ArmParametersFile, ArmTemplate } from "../../core/delegation/armTemplate";
import { POLICY_IDENTITY_ESCALATION } from "../../core/delegation/managementGroupPolicy";
import type { ManagementGroupTemplate } from "../../core/delegation/managementGroupTemplate";
import type { PulumiImportFile } from "../../core/delegation/pulumiImportFile";
import { DeployedResource, deployTemplate, evaluateValue } from "../kit/armTemplate";
import { runCli } from "../kit/cliHarness";
import { directCustomerYaml } from "../kit/customerConfig";
import { ids } from "../kit/fixtures";
import { contosoArgs } from "../kit/newCustomerArgs";
import { satisfies } from "../kit/policyCondition";

const DEFINITION = "Microsoft.ManagedServices/registrationDefinitions";
const MG = "contoso-landing-zones";
const OFFER = "[Contoso]";
const DESCRIPTION = "[concat('a','b')]";
const DISPLAY_NAME = "[Ops]";

function readJson<T>(path: string): T {
    return JSON.parse(readFileSync(path, "utf8")) as T;
}

function definitionOf(deployed: DeployedResource[]): DeployedResource {
    return deployed.find((d) => d.type === DEFINITION)!;
}

describe("bracketed names through the CLI", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "lhpec-arm-literals-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("new-customer → template: ARM deploys the names as typed, and the printed names are guid() of them; import-file adopts them", async () => {
        const made = await runCli([
            "new-customer",
            "--dir",
            dir,
            ...contosoArgs(["--automation-principal-id", ids.automation, "--managed-by-tenant-id", ids.partnerTenant]),
            "--offer-name",
            OFFER,
            "--offer-description",
            DESCRIPTION,
            "--authorization",
            `${ids.engineer}:Reader:${DISPLAY_NAME}`,
        ]);
        assert.equal(made.code, 0, made.stderr);
        const config = join(dir, "Pulumi.customer-contoso.yaml");
        const out = join(dir, "out");

        const written = await runCli(["template", "--config", config, "--out", out]);
        assert.equal(written.code, 0, written.stderr);
        const template = readJson<ArmTemplate>(join(out, "onboarding.template.json"));
        const parameters = readJson<ArmParametersFile>(join(out, "onboarding.parameters.json"));
        assert.equal(parameters.parameters.mspOfferName.value, OFFER, "a parameters file is literal");
        for (const file of [parameters, undefined]) {
            const definition = definitionOf(deployTemplate(template, file, ids.subscription));
            assert.equal(definition.name, armGuid(OFFER));
            assert.equal(definition.properties.registrationDefinitionName, OFFER);
            assert.equal(definition.properties.description, DESCRIPTION, "not evaluated to 'ab'");
            const names = (definition.properties.authorizations as { principalIdDisplayName?: string }[]).map(
                (a) => a.principalIdDisplayName,
            );
            assert.ok(names.includes(DISPLAY_NAME), JSON.stringify(names));
        }
        assert.match(
            written.stdout,
            new RegExp(`registration definition ${armGuid(OFFER)}; assignment ${armGuid(OFFER)}`),
            "the printed names are what Azure creates",
        );

        const importFile = join(dir, "import.json");
        const imported = await runCli(["import-file", "--config", config, "--out", importFile]);
        assert.equal(imported.code, 0, imported.stderr);
        const deployed = deployTemplate(template, parameters, ids.subscription);
        assert.deepEqual(
            readJson<PulumiImportFile>(importFile)
                .resources.filter((r) => r.id !== undefined)
                .map((r) => r.id),
            deployed.map((d) => `${d.scope}/providers/${d.type}/${d.name}`),
            "import-file names the resources the template created",
        );
    });

    for (const offer of [OFFER, "[Managed] by Fabrikam", "[[test] value"]) {
        it(`template --management-group with offer ${offer}: both ARM layers leave it as typed, and the existence condition finds it`, async () => {
            const config = join(dir, "Pulumi.fabrikam.yaml");
            writeFileSync(
                config,
                directCustomerYaml({ target: [`  lighthouse-pec:managementGroupId: ${MG}`] })
                    .replace("offerName: Fabrikam Managed Services", `offerName: ${JSON.stringify(offer)}`)
                    .replace("displayName: Admins", `displayName: ${JSON.stringify(DISPLAY_NAME)}`),
            );
            const out = join(dir, "out");
            const run = await runCli(["template", "--config", config, "--out", out, "--management-group", MG]);
            assert.equal(run.code, 0, run.stderr);
            assert.ok(run.stdout.includes(`Privilege: ${POLICY_IDENTITY_ESCALATION}`), "the escalation is printed");
            const template = readJson<ManagementGroupTemplate>(join(out, "management-group.template.json"));
            const none = { parameters: {}, variables: {}, subscriptionId: ids.subscription };
            const policy = evaluateValue(template.resources[0].properties, none) as {
                displayName: string;
                policyRule: {
                    then: {
                        details: {
                            existenceCondition: Record<string, unknown>;
                            deployment: { properties: { template: ArmTemplate } };
                        };
                    };
                };
            };
            assert.equal(policy.displayName, `Azure Lighthouse: delegate subscriptions to ${offer}`);
            assert.equal(evaluateValue(template.resources[1].properties.displayName, none), policy.displayName);
            const { details } = policy.policyRule.then;
            const definition = definitionOf(
                deployTemplate(details.deployment.properties.template, undefined, ids.subscription),
            );
            assert.equal(definition.name, armGuid(offer));
            assert.equal(definition.properties.registrationDefinitionName, offer);
            assert.ok(JSON.stringify(definition.properties.authorizations).includes(JSON.stringify(DISPLAY_NAME)));
            assert.ok(
                satisfies(details.existenceCondition, {
                    name: definition.name,
                    type: DEFINITION,
                    properties: definition.properties,
                }),
                "compliant once deployed",
            );
        });
    }

    it("template --management-group refuses a --policy-location that is not a region name, writing nothing", async () => {
        const config = join(dir, "Pulumi.fabrikam.yaml");
        writeFileSync(config, directCustomerYaml({ target: [`  lighthouse-pec:managementGroupId: ${MG}`] }));
        const out = join(dir, "out");
        const run = await runCli([
            "template",
            "--config",
            config,
            "--out",
            out,
            "--management-group",
            MG,
            "--policy-location",
            "[concat('west','europe')]",
        ]);
        assert.equal(run.code, 2);
        assert.match(
            run.stdout + run.stderr,
            /--policy-location = "\[concat\('west','europe'\)\]": not an Azure region name .*az account list-locations/,
        );
        assert.throws(() => readFileSync(join(out, "management-group.template.json")), /ENOENT/);
    });
});
