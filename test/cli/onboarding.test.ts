import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { armGuid, CustomerDelegation } from "../../components";
import type { ArmParametersFile, ArmTemplate } from "../../core/delegation/armTemplate";
import type { PulumiImportFile } from "../../core/delegation/pulumiImportFile";
import { runImportFile } from "../../cli/importFileRun";
import { main } from "../../cli/main";
import type { CommandIo } from "../../cli/lineIo";
import { runTemplate } from "../../cli/templateRun";
import { readCustomerConfig } from "../../program/customerConfig";
import { customerStack } from "../../program/customerStack";
import { DELEGATION_COMPONENT_NAME } from "../../program/customerStackNames";
import { deployTemplate } from "../kit/armTemplate";
import { ids, validArgs } from "../kit/fixtures";
import { runUnderMocks, unwrap } from "../kit/pulumiMocks";
import { directCustomerYaml } from "../kit/customerConfig";
import { interleavedIo } from "../kit/cliHarness";

const EXAMPLE = join(__dirname, "..", "..", "Pulumi.customer-example.yaml");
const EXAMPLE_SUBSCRIPTION = "22222222-2222-4222-8222-222222222222";

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

const cliIo = interleavedIo;

function readJson<T>(path: string): T {
    return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** A customer stack config with the automation account and tenant given directly (no partner stack). */
function directConfig(extra = ""): string {
    return directCustomerYaml({ extra });
}

describe("lighthouse-pec template (CLI)", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "lhpec-template-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("refuses a config that reads the partner stack without the offline flags, saying which flags supply what", () => {
        const io = capture();
        const out = join(dir, "out");
        assert.equal(runTemplate({ config: EXAMPLE, out }, io), 2);
        const message = io.stderr.join("\n");
        assert.match(
            message,
            /lighthouse-pec:automationAccount\.principalId = \(not set\): the config takes it from the partner stack contoso\/lighthouse-pec\/partner .*cannot be read offline\. Fix: pass --automation-principal-id <GUID> \(pulumi stack output principalId --stack contoso\/lighthouse-pec\/partner\)/,
        );
        assert.match(
            message,
            /lighthouse-pec:managedByTenantId = \(not set\): .*Fix: pass --managed-by-tenant-id <GUID> \(pulumi stack output tenantId/,
        );
        assert.equal(existsSync(out), false, "nothing written");
    });

    it("from the shipped example plus flags, deploys exactly what the customer stack program registers", async () => {
        const io = capture();
        const out = join(dir, "out");
        const code = runTemplate(
            { config: EXAMPLE, out, automationPrincipalId: ids.automation, managedByTenantId: ids.partnerTenant },
            io,
        );
        assert.equal(code, 0, io.stderr.join("\n"));
        const template = readJson<ArmTemplate>(join(out, "onboarding.template.json"));
        const parameters = readJson<ArmParametersFile>(join(out, "onboarding.parameters.json"));
        const deployed = deployTemplate(template, parameters, EXAMPLE_SUBSCRIPTION);

        const values = (yaml.load(readFileSync(EXAMPLE, "utf8")) as { config: Record<string, unknown> }).config;
        const config = readCustomerConfig((key) => values[`lighthouse-pec:${key}`]);
        const { resources } = await runUnderMocks(() =>
            customerStack({
                ...config,
                partnerStack: undefined,
                managedByTenantId: ids.partnerTenant,
                automationAccount: { ...config.automationAccount, principalId: ids.automation },
            }),
        );
        const definition = resources.find((r) => r.name === "delegation-definition")!;
        const assignment = resources.find((r) => r.name === "delegation-assignment")!;
        assert.deepEqual(deployed, [
            {
                type: "Microsoft.ManagedServices/registrationDefinitions",
                scope: definition.inputs.scope,
                name: definition.inputs.registrationDefinitionId,
                properties: definition.inputs.properties,
            },
            {
                type: "Microsoft.ManagedServices/registrationAssignments",
                scope: assignment.inputs.scope,
                name: assignment.inputs.registrationAssignmentId,
                properties: assignment.inputs.properties,
            },
        ]);
        assert.equal(
            (deployed[0].properties.eligibleAuthorizations as unknown[]).length,
            1,
            "the example's JIT authorization is in the template",
        );
        assert.match(
            io.stdout.join("\n"),
            /az deployment sub create --subscription 22222222-2222-4222-8222-222222222222/,
        );
    });

    it("writes no template for a config the component rejects, and prints every finding", () => {
        const config = join(dir, "Pulumi.customer-bad.yaml");
        writeFileSync(
            config,
            directConfig()
                .replace("role: Reader, displayName: Admins", "role: Owner, displayName: Admins")
                .replace(ids.subscription, "not-a-guid"),
        );
        const io = capture();
        const out = join(dir, "out");
        assert.equal(runTemplate({ config, out }, io), 2);
        const message = io.stderr.join("\n");
        assert.match(message, /2 configuration errors/);
        assert.match(message, /subscriptionId = "not-a-guid": not a GUID/);
        assert.match(message, /authorizations\[0\]\.role = "Owner"/);
        assert.equal(existsSync(out), false);
    });

    it("accepts a JSON file of CustomerDelegation arguments (resource groups, JIT, plan)", () => {
        const config = join(dir, "contoso.json");
        const args = validArgs({
            resourceGroups: ["rg-prod"],
            plan: { name: "gold", publisher: "contoso", product: "managed-azure", version: "1.0.0" },
            eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor" }],
        });
        writeFileSync(config, JSON.stringify(args));
        const io = capture();
        assert.equal(runTemplate({ config, out: dir }, io), 0, io.stderr.join("\n"));
        const deployed = deployTemplate(
            readJson(join(dir, "onboarding.template.json")),
            readJson(join(dir, "onboarding.parameters.json")),
            ids.subscription,
        );
        assert.deepEqual(
            deployed.map((d) => [d.scope, d.name]),
            [
                [`/subscriptions/${ids.subscription}`, armGuid("Contoso Managed Services")],
                [
                    `/subscriptions/${ids.subscription}/resourceGroups/rg-prod`,
                    armGuid("Contoso Managed Services", "rg-prod"),
                ],
            ],
        );
        assert.deepEqual(deployed[0].plan, args.plan);
    });

    it("reads unqualified keys as the lighthouse-pec project's own", () => {
        const config = join(dir, "Pulumi.customer-short.yaml");
        writeFileSync(config, directConfig().replace(/lighthouse-pec:/g, ""));
        const io = capture();
        assert.equal(runTemplate({ config, out: dir }, io), 0, io.stderr.join("\n"));
        assert.equal(
            readJson<ArmParametersFile>(join(dir, "onboarding.parameters.json")).parameters.mspOfferName.value,
            "Fabrikam Managed Services",
        );
    });

    it("refuses a flag that contradicts the file", () => {
        const config = join(dir, "Pulumi.customer-fabrikam.yaml");
        writeFileSync(config, directConfig());
        const io = capture();
        assert.equal(runTemplate({ config, out: dir, managedByTenantId: ids.approver }, io), 2);
        assert.match(
            io.stderr.join("\n"),
            /lighthouse-pec:managedByTenantId = "11111111-1111-4111-8111-111111111111": the file sets it and --managed-by-tenant-id gives 66666666/,
        );
    });

    it("runs as `lighthouse-pec template` through the CLI entry point; a rejected config exits 2", async () => {
        const config = join(dir, "Pulumi.customer-fabrikam.yaml");
        writeFileSync(config, directConfig());
        const io = cliIo();
        assert.equal(
            await main(["node", "lighthouse-pec", "template", "--config", config, "--out", join(dir, "o")], io),
            0,
            io.text(),
        );
        assert.ok(existsSync(join(dir, "o", "onboarding.template.json")));
        assert.match(io.text(), /wrote .*onboarding\.parameters\.json\n/);
        assert.equal(
            await main(["node", "lighthouse-pec", "template", "--config", EXAMPLE, "--out", join(dir, "p")], io),
            2,
        );
        assert.equal(existsSync(join(dir, "p")), false);
    });
});

describe("lighthouse-pec import-file (CLI)", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "lhpec-import-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("one customer stack: the component and its children under the program's names, with the IDs adopt would import", async () => {
        const out = join(dir, "import.json");
        const io = capture();
        assert.equal(runImportFile({ config: [EXAMPLE], out }, io), 0, io.stderr.join("\n"));
        const file = readJson<PulumiImportFile>(out);
        const offer = armGuid("Contoso Managed Services");
        const sub = `/subscriptions/${EXAMPLE_SUBSCRIPTION}`;
        assert.deepEqual(file, {
            resources: [
                { type: "lighthouse-pec:index:CustomerDelegation", name: "delegation", component: true },
                {
                    type: "azure-native:managedservices:RegistrationDefinition",
                    name: "delegation-definition",
                    id: `${sub}/providers/Microsoft.ManagedServices/registrationDefinitions/${offer}`,
                    parent: "delegation",
                },
                {
                    type: "azure-native:managedservices:RegistrationAssignment",
                    name: "delegation-assignment",
                    id: `${sub}/providers/Microsoft.ManagedServices/registrationAssignments/${offer}`,
                    parent: "delegation",
                },
            ],
        });

        // The customer stack program with adopt registers the same types, names, parent and import IDs.
        const values = (yaml.load(readFileSync(EXAMPLE, "utf8")) as { config: Record<string, unknown> }).config;
        const adopting: Record<string, unknown> = { ...values, "lighthouse-pec:adopt": "true" };
        const config = readCustomerConfig((key) => adopting[`lighthouse-pec:${key}`]);
        assert.equal(config.adopt, true);
        const { resources } = await runUnderMocks(() =>
            customerStack({
                ...config,
                partnerStack: undefined,
                managedByTenantId: ids.partnerTenant,
                automationAccount: { principalId: ids.automation },
            }),
        );
        const program = resources.filter(
            (r) => r.type.startsWith("azure-native:managedservices") || r.type.startsWith("lighthouse-pec"),
        );
        assert.deepEqual(
            program.map((r) => [r.type, r.name, r.importId]),
            file.resources.map((r) => [r.type, r.name, r.id]),
        );

        // Parentage: what the file's parent "delegation" yields is the URN the component gives its children.
        const { result } = await runUnderMocks(
            () =>
                new CustomerDelegation(
                    DELEGATION_COMPONENT_NAME,
                    validArgs({ subscriptionId: EXAMPLE_SUBSCRIPTION, adopt: true }),
                ),
        );
        const urnOf = (r: PulumiImportFile["resources"][number]) => {
            const parent = file.resources.find((p) => p.name === r.parent);
            return `urn:pulumi:test::lighthouse-pec::${parent ? `${parent.type}$` : ""}${r.type}::${r.name}`;
        };
        assert.deepEqual(
            await Promise.all([result.urn, result.definition.urn, result.assignments[0].urn].map(unwrap)),
            file.resources.map(urnOf),
        );
    });

    it("several customers: one component per stack, resource groups and name overrides", () => {
        const a = join(dir, "Pulumi.customer-fabrikam.yaml");
        const b = join(dir, "Pulumi.customer-tailspin.yaml");
        writeFileSync(a, directConfig("  lighthouse-pec:resourceGroups: [rg-web, rg-data]"));
        writeFileSync(
            b,
            directConfig(`  lighthouse-pec:names: {registrationDefinition: ${ids.approver}}`).replace(
                ids.subscription,
                ids.engineer,
            ),
        );
        const out = join(dir, "fleet.json");
        const io = capture();
        assert.equal(runImportFile({ config: [a, b], out }, io), 0, io.stderr.join("\n"));
        const file = readJson<PulumiImportFile>(out);
        const offer = armGuid("Fabrikam Managed Services");
        assert.deepEqual(
            file.resources.map((r) => [r.name, r.parent, r.id]),
            [
                ["customer-fabrikam", undefined, undefined],
                [
                    "customer-fabrikam-definition",
                    "customer-fabrikam",
                    `/subscriptions/${ids.subscription}/providers/Microsoft.ManagedServices/registrationDefinitions/${offer}`,
                ],
                [
                    "customer-fabrikam-assignment-rg-web",
                    "customer-fabrikam",
                    `/subscriptions/${ids.subscription}/resourceGroups/rg-web/providers/Microsoft.ManagedServices/registrationAssignments/${armGuid("Fabrikam Managed Services", "rg-web")}`,
                ],
                [
                    "customer-fabrikam-assignment-rg-data",
                    "customer-fabrikam",
                    `/subscriptions/${ids.subscription}/resourceGroups/rg-data/providers/Microsoft.ManagedServices/registrationAssignments/${armGuid("Fabrikam Managed Services", "rg-data")}`,
                ],
                ["customer-tailspin", undefined, undefined],
                [
                    "customer-tailspin-definition",
                    "customer-tailspin",
                    `/subscriptions/${ids.engineer}/providers/Microsoft.ManagedServices/registrationDefinitions/${ids.approver}`,
                ],
                [
                    "customer-tailspin-assignment",
                    "customer-tailspin",
                    `/subscriptions/${ids.engineer}/providers/Microsoft.ManagedServices/registrationAssignments/${offer}`,
                ],
            ],
        );
        assert.match(io.stdout[0], /5 resources of 2 customers/);
    });

    it("puts an explicit provider in the name table and on every imported resource", () => {
        const out = join(dir, "import.json");
        const urn = "urn:pulumi:customer-contoso::lighthouse-pec::pulumi:providers:azure-native::customer";
        assert.equal(runImportFile({ config: [EXAMPLE], out, provider: `customer=${urn}` }, capture()), 0);
        const file = readJson<PulumiImportFile>(out);
        assert.deepEqual(file.nameTable, { customer: urn });
        assert.deepEqual(
            file.resources.map((r) => r.provider),
            [undefined, "customer", "customer"],
        );
    });

    it("refuses invalid configs, clashing component names and a malformed --provider, writing nothing", () => {
        const bad = join(dir, "Pulumi.bad.yaml");
        writeFileSync(bad, directConfig("  lighthouse-pec:resourceGroups: [rg-a, RG-A]"));
        const out = join(dir, "import.json");
        const io = capture();
        assert.equal(runImportFile({ config: [bad], out }, io), 2, io.stderr.join("\n"));
        assert.match(io.stderr.join("\n"), /resourceGroups\[1\] = "RG-A": listed twice/);
        assert.equal(runImportFile({ config: [EXAMPLE, EXAMPLE], out }, io), 2);
        assert.match(
            io.stderr.join("\n"),
            /\(stack name\) = "customer-example": two customers would be imported as the component "customer-example"/,
        );
        assert.equal(runImportFile({ config: [EXAMPLE], out, provider: "customer" }, io), 2);
        assert.match(io.stderr.join("\n"), /--provider = "customer": expected NAME=URN/);
        assert.equal(existsSync(out), false);
    });

    it("names the file whose config has an unknown key, among several, and writes nothing", () => {
        const good = join(dir, "Pulumi.customer-good.yaml");
        const typo = join(dir, "Pulumi.customer-typo.yaml");
        writeFileSync(good, directConfig());
        writeFileSync(typo, directConfig("  lighthouse-pec:Names: {registrationDefinition: " + ids.approver + "}"));
        const out = join(dir, "import.json");
        const io = capture();
        assert.equal(runImportFile({ config: [good, typo], out }, io), 2);
        assert.match(
            io.stderr.join("\n"),
            new RegExp(
                `^${typo.replace(/[.\\]/g, "\\$&")}: 1 configuration error, nothing was written:\\n  - lighthouse-pec:Names = \\{"registrationDefinition":"66666666-6666-4666-8666-666666666666"\\}: unknown key \\(did you mean "names"\\?\\)`,
            ),
        );
        assert.equal(existsSync(out), false);
    });

    it("runs as `lighthouse-pec import-file` through the CLI entry point, taking several configs", async () => {
        const a = join(dir, "Pulumi.customer-a.yaml");
        writeFileSync(a, directConfig());
        const out = join(dir, "x.json");
        const io = cliIo();
        assert.equal(
            await main(["node", "lighthouse-pec", "import-file", "--config", EXAMPLE, a, "--out", out], io),
            0,
            io.text(),
        );
        assert.deepEqual(
            readJson<PulumiImportFile>(out)
                .resources.filter((r) => r.component)
                .map((r) => r.name),
            ["customer-example", "customer-a"],
        );
    });
});
