import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import * as yaml from "js-yaml";
import type { ArmParametersFile, ArmTemplate } from "../../core/delegation/armTemplate";
import type { PulumiImportFile } from "../../core/delegation/pulumiImportFile";
import { runImportFile } from "../../cli/importFileRun";
import type { CommandIo } from "../../cli/lineIo";
import { runTemplate } from "../../cli/templateRun";
import { readCustomerConfig } from "../../program/customerConfig";
import { customerStack } from "../../program/customerStack";
import { deployTemplate } from "../kit/armTemplate";
import { runUnderMocks } from "../kit/pulumiMocks";
import { directCustomerYaml } from "../kit/customerConfig";

const SUB_A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const SUB_B = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

const schema = JSON.parse(
    readFileSync(join(__dirname, "..", "fixtures", "arm-schemas", "lighthouse-onboarding.schema.json"), "utf8"),
) as object;
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
ajv.addVocabulary(["source"]);
ajv.addSchema(schema, "onboarding");

function violations(definition: string, value: unknown): string {
    const validate = ajv.getSchema(`onboarding#/definitions/${definition}`)!;
    return validate(value) ? "" : ajv.errorsText(validate.errors);
}

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

/** A customer stack delegating two subscriptions, the second only in one resource group. */
const LIST_CONFIG = directCustomerYaml({
    target: [
        "  lighthouse-pec:subscriptions:",
        `    - subscriptionId: ${SUB_A}`,
        `    - {subscriptionId: ${SUB_B}, resourceGroups: [rg-web]}`,
    ],
});

describe("template and import-file with several subscriptions", () => {
    let dir: string;
    let config: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "lhpec-subs-"));
        config = join(dir, "Pulumi.customer-fabrikam.yaml");
        writeFileSync(config, LIST_CONFIG);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("template: one valid template per subscription, deploying exactly what the program registers there", async () => {
        const io = capture();
        const out = join(dir, "out");
        assert.equal(runTemplate({ config, out }, io), 0, io.stderr.join("\n"));
        assert.deepEqual(readdirSync(out).sort(), [
            `onboarding.${SUB_A}.parameters.json`,
            `onboarding.${SUB_A}.template.json`,
            `onboarding.${SUB_B}.parameters.json`,
            `onboarding.${SUB_B}.template.json`,
        ]);
        const values = (yaml.load(LIST_CONFIG) as { config: Record<string, unknown> }).config;
        const { resources } = await runUnderMocks(() =>
            customerStack(readCustomerConfig((key) => values[`lighthouse-pec:${key}`])),
        );
        for (const subscription of [SUB_A, SUB_B]) {
            const template = JSON.parse(
                readFileSync(join(out, `onboarding.${subscription}.template.json`), "utf8"),
            ) as ArmTemplate;
            const parameters = JSON.parse(
                readFileSync(join(out, `onboarding.${subscription}.parameters.json`), "utf8"),
            ) as ArmParametersFile;
            assert.equal(violations("subscriptionDeploymentTemplate", template), "");
            assert.equal(violations("deploymentParametersFile", parameters), "");
            const deployed = deployTemplate(template, parameters, subscription);
            const registered = resources
                .filter((r) => r.name.startsWith(`delegation-${subscription}-`))
                .map((r) => ({
                    scope: r.inputs.scope,
                    name: r.inputs.registrationDefinitionId ?? r.inputs.registrationAssignmentId,
                    properties: r.inputs.properties,
                }));
            assert.equal(registered.length, 2);
            assert.deepEqual(
                deployed.map((d) => ({ scope: d.scope, name: d.name, properties: d.properties })),
                registered,
                subscription,
            );
            assert.ok(
                io.stdout.some((l) => l.includes(`az deployment sub create --subscription ${subscription} `)),
                io.stdout.join("\n"),
            );
        }
    });

    it("import-file: one component per subscription under the program's names, IDs in each subscription", async () => {
        const io = capture();
        const out = join(dir, "import.json");
        assert.equal(runImportFile({ config: [config], out }, io), 0, io.stderr.join("\n"));
        const file = JSON.parse(readFileSync(out, "utf8")) as PulumiImportFile;
        const values: Record<string, unknown> = {
            ...(yaml.load(LIST_CONFIG) as { config: Record<string, unknown> }).config,
            "lighthouse-pec:adopt": "true",
        };
        const { resources } = await runUnderMocks(() =>
            customerStack(readCustomerConfig((key) => values[`lighthouse-pec:${key}`])),
        );
        const program = resources.filter((r) => r.type !== "pulumi:providers:azure-native");
        assert.deepEqual(
            file.resources.map((r) => [r.type, r.name, r.id]),
            program
                .map((r) => [r.type, r.name, r.importId])
                .sort((x, y) => {
                    const order = file.resources.map((f) => f.name);
                    return order.indexOf(x[1]!) - order.indexOf(y[1]!);
                }),
        );
        assert.ok(file.resources.some((r) => r.id?.startsWith(`/subscriptions/${SUB_B}/resourceGroups/rg-web/`)));
        assert.match(io.stdout.join("\n"), /of 1 customer \(2 subscriptions\)/);
    });

    it("a list naming a subscription twice writes nothing, exits 2 and says which entries", () => {
        writeFileSync(config, LIST_CONFIG.replace(SUB_B, SUB_A.toUpperCase()));
        for (const run of [
            (io: CommandIo) => runTemplate({ config, out: join(dir, "out") }, io),
            (io: CommandIo) => runImportFile({ config: [config], out: join(dir, "import.json") }, io),
        ]) {
            const io = capture();
            assert.equal(run(io), 2);
            assert.match(
                io.stderr.join("\n"),
                /subscriptions\[1\]\.subscriptionId .*same subscription as subscriptions\[0\]/,
            );
        }
        assert.deepEqual(readdirSync(dir), ["Pulumi.customer-fabrikam.yaml"]);
    });
});
