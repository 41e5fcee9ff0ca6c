import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { armGuid, ConfigurationError, CustomerDelegation, CustomerDelegationArgs } from "../../../components";
import { buildOnboardingTemplate, OnboardingSpec } from "../../../core/delegation/armTemplate";
import { buildImportFile, PulumiImportFile } from "../../../core/delegation/pulumiImportFile";
import { runImportFile } from "../../../cli/importFileRun";
import type { CliIo } from "../../../cli/io";
import type { CommandIo } from "../../../cli/lineIo";
import { main } from "../../../cli/main";
import { runTemplate } from "../../../cli/templateRun";
import { readCustomerConfig } from "../../../program/customerConfig";
import { customerStack } from "../../../program/customerStack";
import { deployTemplate, evaluateValue } from "../../kit/armTemplate";
import { ids, validArgs } from "../../kit/fixtures";
import { runUnderMocks, unwrap } from "../../kit/pulumiMocks";

const SUB = `/subscriptions/${ids.subscription}`;
const OFFER = "Contoso Managed Services";

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

/** Runs the component under mocks expecting a ConfigurationError; returns its findings' fields and the message. Nothing may register. */
async function refused(args: CustomerDelegationArgs): Promise<{ fields: string[]; message: string }> {
    let error: ConfigurationError | undefined;
    const { resources } = await runUnderMocks(() => {
        try {
            new CustomerDelegation("contoso", args);
        } catch (err) {
            assert.ok(err instanceof ConfigurationError, String(err));
            error = err;
        }
    });
    assert.ok(error, "the component accepted the configuration");
    assert.deepEqual(resources, [], "nothing registers");
    return { fields: error.findings.map((f) => f.field), message: error.message };
}

describe("onboardedWith: combinations it cannot honour are findings, before anything registers", () => {
    it("rg and multi-rg without resource groups, subscription with them", async () => {
        for (const mode of ["rg", "multi-rg"] as const) {
            const { fields, message } = await refused(validArgs({ onboardedWith: mode }));
            assert.deepEqual(fields, ["resourceGroups"]);
            assert.match(
                message,
                new RegExp(
                    `resourceGroups = \\(not set\\): onboardedWith "${mode}" \\(Microsoft's rg/${mode}\\.json\\) delegates resource groups, but none are listed\\. Fix: list the delegated resource groups`,
                ),
            );
        }
        const { fields, message } = await refused(
            validArgs({ onboardedWith: "subscription", resourceGroups: ["rg-prod"] }),
        );
        assert.deepEqual(fields, ["resourceGroups"]);
        assert.match(
            message,
            /resourceGroups = \["rg-prod"\]: onboardedWith "subscription" \(Microsoft's subscription\/subscription\.json\) delegates the whole subscription.*Fix: use onboardedWith "rg"/,
        );
    });

    it("name overrides with nothing to name, all at once", async () => {
        const { fields } = await refused(
            validArgs({
                onboardedWith: "multi-rg",
                resourceGroups: ["rg-prod"],
                names: { registrationDefinition: ids.approver, subscriptionAssignment: ids.engineer },
            }),
        );
        assert.deepEqual(fields, ["names.registrationDefinition", "names.subscriptionAssignment"]);
        assert.deepEqual(
            (
                await refused(
                    validArgs({
                        onboardedWith: "subscription",
                        names: { resourceGroupAssignments: { a: ids.approver } },
                    }),
                )
            ).fields,
            ["names.resourceGroupAssignments"],
        );
    });

    it("an unknown mode (JavaScript callers, config) names the valid ones, with a did-you-mean", async () => {
        const cases: [unknown, RegExp][] = [
            [
                "RG",
                /onboardedWith = "RG": must be one of lighthouse-pec, subscription, rg, multi-rg\. Fix: did you mean "rg"\?/,
            ],
            ["multiple-rg.json", /Fix: did you mean "multi-rg"\?/],
            ["Subscription", /Fix: did you mean "subscription"\?/],
            [42, /onboardedWith = 42: must be one of .*Fix: give one of lighthouse-pec, subscription, rg, multi-rg/],
        ];
        for (const [value, pattern] of cases) {
            const { fields, message } = await refused(validArgs({ onboardedWith: value as never }));
            assert.deepEqual(fields, ["onboardedWith"]);
            assert.match(message, pattern);
        }
    });
});

describe("onboardedWith: names and outputs", () => {
    it('the default is today\'s naming: omitted and "lighthouse-pec" register identical URNs, names and inputs', async () => {
        for (const resourceGroups of [undefined, ["rg-prod", "rg-dev"]]) {
            const omitted = await runUnderMocks(() => new CustomerDelegation("contoso", validArgs({ resourceGroups })));
            const explicit = await runUnderMocks(
                () => new CustomerDelegation("contoso", validArgs({ resourceGroups, onboardedWith: "lighthouse-pec" })),
            );
            assert.deepEqual(
                explicit.resources.map((r) => [r.urn, r.inputs]),
                omitted.resources.map((r) => [r.urn, r.inputs]),
            );
        }
        const { resources, result } = await runUnderMocks(
            () => new CustomerDelegation("contoso", validArgs({ resourceGroups: ["rg-prod"] })),
        );
        assert.deepEqual(
            resources
                .filter((r) => r.custom)
                .map((r) => [r.name, r.inputs.registrationDefinitionId ?? r.inputs.registrationAssignmentId]),
            [
                ["contoso-definition", armGuid(OFFER)],
                ["contoso-assignment-rg-prod", armGuid(OFFER, "rg-prod")],
            ],
        );
        // The new list output has the one definition.
        assert.deepEqual(await unwrap(result.registrationDefinitionIds), [
            `${SUB}/providers/Microsoft.ManagedServices/registrationDefinitions/${armGuid(OFFER)}`,
        ]);
    });

    it("multi-rg: one definition per resource group, each with its Pulumi name, and the assignment referencing its own", async () => {
        const { resources, result } = await runUnderMocks(
            () =>
                new CustomerDelegation(
                    "contoso",
                    validArgs({ resourceGroups: ["rg-prod", "rg-dev"], onboardedWith: "multi-rg" }),
                ),
        );
        assert.deepEqual(
            resources
                .filter((r) => r.custom)
                .map((r) => [r.name, r.inputs.registrationDefinitionId ?? r.inputs.registrationAssignmentId]),
            [
                ["contoso-definition-rg-prod", armGuid("rg-prod")],
                ["contoso-definition-rg-dev", armGuid("rg-dev")],
                ["contoso-assignment-rg-prod", armGuid("rg-prod")],
                ["contoso-assignment-rg-dev", armGuid("rg-dev")],
            ],
        );
        const definitionIds = ["rg-prod", "rg-dev"].map(
            (rg) => `${SUB}/providers/Microsoft.ManagedServices/registrationDefinitions/${armGuid(rg)}`,
        );
        assert.deepEqual(await unwrap(result.registrationDefinitionIds), definitionIds);
        assert.equal(await unwrap(result.registrationDefinitionId), definitionIds[0]);
        assert.equal(result.definitions.length, 2);
        assert.equal(result.definition, result.definitions[0]);
    });

    it("rg.json deployed before October 2020 (assignment guid(rgName)) next to one deployed since: onboardedWith rg plus a name override, everywhere alike", async () => {
        // Azure-Lighthouse-samples, rg-delegated-resource-management/rgDelegatedResourceManagement.json before commit
        // 1a5d22067e2835e0cfad23a23b7c64f4dd3545ee (2020-10-26): "mspAssignmentName": "[guid(parameters('rgName'))]".
        const old = evaluateValue("[guid(parameters('rgName'))]", {
            parameters: { rgName: "rg-prod" },
            variables: {},
            subscriptionId: ids.subscription,
        }) as string;
        const args = validArgs({
            resourceGroups: ["rg-prod", "rg-dev"],
            onboardedWith: "rg",
            names: { resourceGroupAssignments: { "rg-prod": old } },
        });
        const assignmentIds = [
            `${SUB}/resourceGroups/rg-prod/providers/Microsoft.ManagedServices/registrationAssignments/${old}`,
            `${SUB}/resourceGroups/rg-dev/providers/Microsoft.ManagedServices/registrationAssignments/${armGuid(OFFER)}`,
        ];
        const { resources } = await runUnderMocks(() => new CustomerDelegation("contoso", { ...args, adopt: true }));
        assert.deepEqual(
            resources.filter((r) => r.custom).map((r) => r.importId),
            [`${SUB}/providers/Microsoft.ManagedServices/registrationDefinitions/${armGuid(OFFER)}`, ...assignmentIds],
        );
        const file = buildImportFile([
            {
                componentName: "d",
                subscriptionId: ids.subscription,
                offerName: OFFER,
                resourceGroups: args.resourceGroups,
                names: args.names,
                onboardedWith: "rg",
            },
        ]);
        assert.deepEqual(
            file.resources.slice(2).map((r) => r.id),
            assignmentIds,
        );
        const { template, parameters } = buildOnboardingTemplate(args as OnboardingSpec);
        assert.deepEqual(
            deployTemplate(template, parameters, ids.subscription)
                .slice(1)
                .map((d) => d.name),
            [old, armGuid(OFFER)],
        );
    });

    it("multi-rg template: a definition per group and a registrationDefinitionIds output listing them", () => {
        const { template, parameters } = buildOnboardingTemplate(
            validArgs({ resourceGroups: ["rg-prod", "rg-dev"], onboardedWith: "multi-rg" }) as OnboardingSpec,
        );
        assert.equal(template.variables, undefined, "no single mspRegistrationName");
        const scope = {
            parameters: Object.fromEntries(Object.entries(parameters.parameters).map(([k, v]) => [k, v.value])),
            variables: {},
            subscriptionId: ids.subscription,
        };
        assert.deepEqual(
            evaluateValue(template.outputs!.registrationDefinitionIds.value, scope),
            ["rg-prod", "rg-dev"].map(
                (rg) => `${SUB}/providers/Microsoft.ManagedServices/registrationDefinitions/${armGuid(rg)}`,
            ),
        );
        assert.equal(template.outputs!.registrationDefinitionIds.type, "array");
    });
});

describe("onboardedWith in the customer stack config and the CLI", () => {
    const base: Record<string, unknown> = {
        "lighthouse-pec:offerName": OFFER,
        "lighthouse-pec:subscriptionId": ids.subscription,
        "lighthouse-pec:managedByTenantId": ids.partnerTenant,
        "lighthouse-pec:automationAccount": { principalId: ids.automation },
        "lighthouse-pec:authorizations": [
            { principalId: ids.adminGroup, role: "Reader" },
            { principalId: ids.adminGroup, role: "Managed Services Registration assignment Delete Role" },
        ],
    };
    const read = (values: Record<string, unknown>) => (key: string) => values[`lighthouse-pec:${key}`];
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "lhpec-onboarded-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("lighthouse-pec:onboardedWith reaches the component; multi-rg stacks also export registrationDefinitionIds", async () => {
        const values = {
            ...base,
            "lighthouse-pec:resourceGroups": ["rg-a", "rg-b"],
            "lighthouse-pec:onboardedWith": "multi-rg",
            "lighthouse-pec:adopt": true,
        };
        const config = readCustomerConfig(read(values));
        assert.equal(config.onboardedWith, "multi-rg");
        const { resources, result } = await runUnderMocks(() => customerStack(config));
        assert.deepEqual(
            resources
                .filter((r) => r.type.startsWith("azure-native:managedservices"))
                .map((r) => [r.name, r.importId?.split("/").pop()]),
            [
                ["delegation-definition-rg-a", armGuid("rg-a")],
                ["delegation-definition-rg-b", armGuid("rg-b")],
                ["delegation-assignment-rg-a", armGuid("rg-a")],
                ["delegation-assignment-rg-b", armGuid("rg-b")],
            ],
        );
        assert.equal((await unwrap(result.registrationDefinitionIds!)).length, 2);

        const plain = await runUnderMocks(() => customerStack(readCustomerConfig(read(base))));
        assert.deepEqual(
            Object.keys(plain.result),
            ["subscriptionId", "registrationDefinitionId", "assignmentIds", "pecPrincipalIds"],
            "existing stacks' outputs are unchanged",
        );
        assert.equal(readCustomerConfig(read(base)).onboardedWith, undefined);
    });

    it("a mistyped lighthouse-pec:onboardedWith is refused with a did-you-mean", async () => {
        await runUnderMocks(() => {
            assert.throws(
                () =>
                    customerStack(
                        readCustomerConfig(
                            read({
                                ...base,
                                "lighthouse-pec:onboardedWith": "multi_rg",
                                "lighthouse-pec:resourceGroups": ["rg-a"],
                            }),
                        ),
                    ),
                /onboardedWith = "multi_rg": must be one of .*did you mean "multi-rg"\?/,
            );
        });
    });

    function writeConfig(extra: string[] = []): string {
        const path = join(dir, "Pulumi.customer-contoso.yaml");
        writeFileSync(
            path,
            [
                "config:",
                ...Object.entries(base).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
                ...extra.map((l) => `  ${l}`),
            ].join("\n"),
        );
        return path;
    }

    it("import-file: the config's value is used, a contradicting flag and impossible combinations exit 2 and write nothing", () => {
        const out = join(dir, "import.json");
        const io = capture();
        const config = writeConfig(["lighthouse-pec:onboardedWith: rg", "lighthouse-pec:resourceGroups: [rg-a]"]);
        assert.equal(runImportFile({ config: [config], out }, io), 0, io.stderr.join("\n"));
        assert.deepEqual(
            (JSON.parse(readFileSync(out, "utf8")) as PulumiImportFile).resources.map((r) => r.id?.split("/").pop()),
            [undefined, armGuid(OFFER), armGuid(OFFER)],
        );
        rmSync(out);

        assert.equal(runImportFile({ config: [config], out, onboardedWith: "multi-rg" }, io), 2);
        assert.match(
            io.stderr.join("\n"),
            /onboardedWith = "rg": the file sets it and --onboarded-with gives "multi-rg"/,
        );
        assert.equal(runImportFile({ config: [writeConfig()], out, onboardedWith: "rg" }, io), 2);
        assert.match(io.stderr.join("\n"), /resourceGroups = \(not set\): onboardedWith "rg"/);
        assert.equal(runImportFile({ config: [writeConfig()], out, onboardedWith: "subscriptions" }, io), 2);
        assert.match(
            io.stderr.join("\n"),
            /onboardedWith = "subscriptions": must be one of.*did you mean "subscription"\?/,
        );
        assert.equal(existsSync(out), false);
    });

    it("template: refuses impossible combinations without writing; the flag works through the CLI entry point", async () => {
        const io = capture();
        const out = join(dir, "out");
        assert.equal(
            runTemplate(
                { config: writeConfig(["lighthouse-pec:resourceGroups: [rg-a]"]), out, onboardedWith: "subscription" },
                io,
            ),
            2,
        );
        assert.match(io.stderr.join("\n"), /onboardedWith "subscription" .*delegates the whole subscription/);
        assert.equal(existsSync(out), false);

        const chunks: string[] = [];
        const cli: CliIo = {
            out: (t) => chunks.push(t),
            err: (t) => chunks.push(t),
            stdoutIsTTY: false,
            stderrIsTTY: false,
            env: {},
        };
        const config = writeConfig(["lighthouse-pec:resourceGroups: [rg-a, rg-b]"]);
        assert.equal(
            await main(
                [
                    "node",
                    "lighthouse-pec",
                    "template",
                    "--config",
                    config,
                    "--out",
                    out,
                    "--onboarded-with",
                    "multi-rg",
                ],
                cli,
            ),
            0,
            chunks.join(""),
        );
        assert.match(
            chunks.join(""),
            new RegExp(`registration definitions ${armGuid("rg-a")} \\(rg-a\\), ${armGuid("rg-b")} \\(rg-b\\)`),
        );
        const importOut = join(dir, "i.json");
        assert.equal(
            await main(
                [
                    "node",
                    "lighthouse-pec",
                    "import-file",
                    "--config",
                    config,
                    "--out",
                    importOut,
                    "--onboarded-with",
                    "multi-rg",
                ],
                cli,
            ),
            0,
            chunks.join(""),
        );
        assert.deepEqual(
            (JSON.parse(readFileSync(importOut, "utf8")) as PulumiImportFile).resources.map((r) => r.name),
            [
                "delegation",
                "delegation-definition-rg-a",
                "delegation-definition-rg-b",
                "delegation-assignment-rg-a",
                "delegation-assignment-rg-b",
            ],
        );
    });
});
