// Issue 9, item 6: unknown keys and wrong types are errors wherever a delegation config is read.
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigurationError, CustomerDelegation } from "../../../components";
import type { AuthorizationArgs, CustomerDelegationArgs } from "../../../components";
import { Finding, suggestKey } from "../../../core/validation";
import { runImportFile } from "../../../cli/importFileRun";
import type { CommandIo } from "../../../cli/lineIo";
import { runTemplate } from "../../../cli/templateRun";
import { ConfigReader } from "../../../program/config";
import { readCustomerConfig } from "../../../program/customerConfig";
import { readPartnerConfig } from "../../../program/partnerConfig";
import { ids, validArgs } from "../../kit/fixtures";
import { runUnderMocks } from "../../kit/pulumiMocks";
import { directCustomerYaml } from "../../kit/customerConfig";

// The argument types and CustomerStackConfig are generated from the schema (scripts/generate-model.ts), so they
// cannot disagree with it; test/scripts/generateModel.test.ts fails when the generated files are stale.

const EXAMPLE_GUID = "00000000-0000-0000-0000-000000000000";

/** A customer stack's config as the engine gives it: every key listed, the project name known. */
function stackReader(
    config: Record<string, unknown>,
    project = "lighthouse-pec",
    secrets: string[] = [],
): ConfigReader {
    const read: ConfigReader = (key) => config[`lighthouse-pec:${key}`];
    read.allKeys = () => Object.keys(config);
    read.project = project;
    read.isSecret = (key) => secrets.includes(key);
    read.readQualified = (key) => config[key];
    return read;
}

const base: Record<string, unknown> = {
    "lighthouse-pec:offerName": "Contoso Managed Services",
    "lighthouse-pec:subscriptionId": ids.subscription,
    "lighthouse-pec:managedByTenantId": ids.partnerTenant,
    "lighthouse-pec:automationAccount": { principalId: ids.automation },
    "lighthouse-pec:authorizations": [{ principalId: ids.adminGroup, role: "Reader" }],
};

/** The findings of the ConfigurationError `fn` throws (anything else fails the test). */
function findingsOf(fn: () => unknown): Finding[] {
    try {
        fn();
    } catch (err) {
        assert.ok(err instanceof ConfigurationError, `expected a ConfigurationError, got ${String(err)}`);
        return err.findings;
    }
    assert.fail("expected a ConfigurationError, nothing was thrown");
}

/** The findings of a CustomerDelegation built by a JavaScript caller (no type checking), under mocks. */
async function componentFindings(args: unknown): Promise<{ findings: Finding[]; registered: number }> {
    let findings: Finding[] = [];
    const { resources } = await runUnderMocks(() => {
        findings = findingsOf(() => new CustomerDelegation("contoso", args as CustomerDelegationArgs));
    });
    return { findings, registered: resources.length };
}

function capture(): CommandIo & { text(): string } {
    const lines: string[] = [];
    return { out: (l) => lines.push(l), err: (l) => lines.push(l), text: () => lines.join("\n") };
}

const directYaml = (extra: string) => directCustomerYaml({ extra });

describe("strict configuration (issue 9 item 6): the reported failures", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "lhpec-strict-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("lighthouse-pec:resourceGroup (typo) is one error with did you mean, not a whole-subscription delegation", () => {
        const findings = findingsOf(() =>
            readCustomerConfig(stackReader({ ...base, "lighthouse-pec:resourceGroup": ["rg-prod"] })),
        );
        assert.equal(findings.length, 1, JSON.stringify(findings));
        assert.equal(findings[0].field, "lighthouse-pec:resourceGroup");
        assert.deepEqual(findings[0].value, ["rg-prod"]);
        assert.match(findings[0].message, /unknown key \(did you mean "resourceGroups"\?\)/);
        assert.match(findings[0].fix, /lighthouse-pec:resourceGroups/);

        // template: the file is named, exit 2, nothing written
        const config = join(dir, "Pulumi.customer-typo.yaml");
        writeFileSync(config, directYaml("  lighthouse-pec:resourceGroup:\n    - rg-prod"));
        const io = capture();
        const out = join(dir, "out");
        assert.equal(runTemplate({ config, out }, io), 2, io.text());
        assert.match(
            io.text(),
            new RegExp(`^${config.replace(/[.\\]/g, "\\$&")}: 1 configuration error, nothing was written`),
        );
        assert.match(
            io.text(),
            /lighthouse-pec:resourceGroup = \["rg-prod"\]: unknown key \(did you mean "resourceGroups"\?\)/,
        );
        assert.equal(existsSync(out), false);
    });

    it("principalID is an unknown key (did you mean principalId), not an authorization without a principal", async () => {
        const authorizations = [{ principalID: ids.adminGroup, role: "Reader" }];
        const fromConfig = findingsOf(() =>
            readCustomerConfig(stackReader({ ...base, "lighthouse-pec:authorizations": authorizations })),
        );
        assert.deepEqual(
            fromConfig.map((f) => [f.field, f.message]),
            [["lighthouse-pec:authorizations[0].principalID", 'unknown key (did you mean "principalId"?)']],
        );
        assert.match(fromConfig[0].fix, /rename it to "principalId"/);

        const { findings, registered } = await componentFindings(
            validArgs({ authorizations: authorizations as unknown as AuthorizationArgs[] }),
        );
        assert.deepEqual(
            findings.map((f) => f.field),
            ["authorizations[0].principalID"],
            "one finding, not also 'principalId required'",
        );
        assert.equal(registered, 0);
    });

    it("role: 42 is a wrong type naming the path, the value and the expected type (was: role.trim is not a function)", async () => {
        const args = validArgs();
        const { findings } = await componentFindings({
            ...args,
            authorizations: [args.authorizations[0], { principalId: ids.adminGroup, role: 42 }],
        });
        assert.equal(findings.length, 1);
        assert.equal(findings[0].field, "authorizations[1].role");
        assert.equal(findings[0].value, 42);
        assert.match(findings[0].message, /must be a string \(built-in role name or GUID\), not a number/);
        assert.match(findings[0].fix, /role: "Reader"/);

        const config = join(dir, "Pulumi.customer-role.yaml");
        writeFileSync(
            config,
            directYaml("").replace("role: Reader, displayName: Admins", "role: 42, displayName: Admins"),
        );
        const io = capture();
        assert.equal(runTemplate({ config, out: join(dir, "o") }, io), 2, io.text());
        assert.match(
            io.text(),
            /lighthouse-pec:authorizations\[0\]\.role = 42: must be a string \(built-in role name or GUID\), not a number\. Fix: pulumi config set --path 'lighthouse-pec:authorizations\[0\]\.role' Reader/,
        );
        assert.equal(existsSync(join(dir, "o")), false);
    });

    it('resourceGroups: "rg-prod" is a wrong type with the list to write (was: groups.forEach is not a function)', async () => {
        const { findings } = await componentFindings({ ...validArgs(), resourceGroups: "rg-prod" });
        assert.deepEqual(
            findings.map((f) => [f.field, f.value, f.message, f.fix]),
            [
                [
                    "resourceGroups",
                    "rg-prod",
                    "must be a list of resource group names, not a string",
                    'write a list, even of one: resourceGroups: ["rg-prod"]',
                ],
            ],
        );

        const file = join(dir, "contoso.json");
        writeFileSync(file, JSON.stringify({ ...validArgs(), resourceGroups: "rg-prod" }));
        const io = capture();
        assert.equal(runTemplate({ config: file, out: join(dir, "o") }, io), 2, io.text());
        assert.match(
            io.text(),
            new RegExp(
                `${file.replace(/[.\\]/g, "\\$&")}: 1 configuration error, nothing was written:\\n  - resourceGroups = "rg-prod": must be a list`,
            ),
        );
        assert.equal(existsSync(join(dir, "o")), false);

        const findingsFromConfig = findingsOf(() =>
            readCustomerConfig(stackReader({ ...base, "lighthouse-pec:resourceGroups": "rg-prod" })),
        );
        assert.equal(
            findingsFromConfig[0].fix,
            "a list, even of one: pulumi config rm lighthouse-pec:resourceGroups && pulumi config set --path 'lighthouse-pec:resourceGroups[0]' rg-prod",
        );
    });

    it("a numeric principalId stops the program at once with a finding (was: an unhandled rejection)", async () => {
        const config = { ...base, "lighthouse-pec:automationAccount": { principalId: 123 } };
        const all = Object.fromEntries(
            Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
        );
        const entry = join(__dirname, "..", "..", "..", "index.ts");
        await assert.rejects(
            runUnderMocks(() => {
                pulumi.runtime.setAllConfig(all);
                delete require.cache[require.resolve(entry)];
                return require(entry) as unknown;
            }),
            (err: unknown) => {
                assert.ok(err instanceof ConfigurationError, String(err));
                assert.deepEqual(
                    err.findings.map((f) => [f.field, f.value]),
                    [["lighthouse-pec:automationAccount.principalId", 123]],
                );
                assert.match(
                    err.message,
                    /must be a string \(service principal object GUID\), not a number\. Fix: pulumi config set --path 'lighthouse-pec:automationAccount\.principalId' 00000000-/,
                );
                return true;
            },
        );
    });
});

describe("strict configuration: unknown keys in every nested object", () => {
    const eligible = (extra: Record<string, unknown>) => ({
        eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor", ...extra }],
    });
    const policy = (extra: Record<string, unknown>) =>
        eligible({ justInTimeAccessPolicy: { maximumActivationDuration: "PT4H", ...extra } });
    const cases: { where: string; args: Record<string, unknown>; field: string; suggestion?: string }[] = [
        { where: "the top level", args: { offername: "x" }, field: "offername", suggestion: "offerName" },
        {
            where: "authorizations",
            args: { authorizations: [{ principalId: ids.adminGroup, role: "Reader", dispalyName: "Admins" }] },
            field: "authorizations[0].dispalyName",
            suggestion: "displayName",
        },
        {
            where: "eligibleAuthorizations",
            args: eligible({ justInTimeAccesPolicy: {} }),
            field: "eligibleAuthorizations[0].justInTimeAccesPolicy",
            suggestion: "justInTimeAccessPolicy",
        },
        {
            where: "justInTimeAccessPolicy",
            args: policy({ maximumActivationTime: "PT2H" }),
            field: "eligibleAuthorizations[0].justInTimeAccessPolicy.maximumActivationTime",
        },
        {
            where: "managedByTenantApprovers",
            args: policy({ managedByTenantApprovers: [{ principalId: ids.approver, displayname: "Leads" }] }),
            field: "eligibleAuthorizations[0].justInTimeAccessPolicy.managedByTenantApprovers[0].displayname",
            suggestion: "displayName",
        },
        {
            where: "automationAccount",
            args: { automationAccount: { principalId: ids.automation, Role: "Contributor" } },
            field: "automationAccount.Role",
            suggestion: "role",
        },
        {
            where: "plan",
            args: { plan: { name: "gold", publisher: "contoso", product: "managed-azure", versoin: "1.0.0" } },
            field: "plan.versoin",
            suggestion: "version",
        },
        {
            where: "names",
            args: { names: { registrationDefinitionId: EXAMPLE_GUID } },
            field: "names.registrationDefinitionId",
            suggestion: "registrationDefinition",
        },
    ];
    for (const c of cases) {
        it(`in ${c.where}: ${c.field} is one error${c.suggestion ? `, did you mean "${c.suggestion}"` : ""}, before anything registers`, async () => {
            const { findings, registered } = await componentFindings({ ...validArgs(), ...c.args });
            assert.deepEqual(
                findings.map((f) => f.field),
                [c.field],
            );
            assert.match(
                findings[0].message,
                c.suggestion ? new RegExp(`did you mean "${c.suggestion}"`) : /^unknown key$/,
            );
            assert.match(
                findings[0].fix,
                c.suggestion
                    ? new RegExp(`rename it to "${c.suggestion}"`)
                    : /remove it; the keys here are multiFactorAuthProvider, maximumActivationDuration, managedByTenantApprovers/,
            );
            assert.equal(registered, 0);
        });
    }

    it("accepts Outputs and Promises wherever the argument is an Input, and nowhere else", async () => {
        const { resources } = await runUnderMocks(
            () =>
                new CustomerDelegation(
                    "contoso",
                    validArgs({
                        managedByTenantId: pulumi.output(ids.partnerTenant),
                        subscriptionId: Promise.resolve(ids.subscription),
                        automationAccount: { principalId: pulumi.output(ids.automation) },
                    }),
                ),
        );
        assert.ok(resources.some((r) => r.type === "azure-native:managedservices:RegistrationDefinition"));
        const { findings } = await componentFindings({
            ...validArgs(),
            offerName: pulumi.output("Contoso"),
            clientSecret: pulumi.secret("hunter2"),
        });
        assert.deepEqual(
            findings.map((f) => [f.field, f.value, f.message]),
            [
                ["offerName", "(an Output or Promise)", "must be a string, not an Output or Promise"],
                ["clientSecret", "(an Output or Promise)", "unknown key"],
            ],
        );
    });

    it("an enum value gets did you mean: onboardedWith", async () => {
        const { findings } = await componentFindings({ ...validArgs(), onboardedWith: "multi-RG" });
        assert.deepEqual(
            findings.map((f) => [f.field, f.message]),
            [["onboardedWith", "must be one of lighthouse-pec, subscription, rg, multi-rg"]],
        );
        assert.match(findings[0].fix, /did you mean "multi-rg"\?/);
        const config = readCustomerConfig(stackReader({ ...base, "lighthouse-pec:onboardedWith": "rg" }));
        assert.equal(config.onboardedWith, "rg");
    });

    it("suggests by case and by a few edits, and nothing when nothing is close", () => {
        assert.equal(suggestKey("principalID", ["principalId", "role"]), "principalId");
        assert.equal(suggestKey("authorisations", ["authorizations", "eligibleAuthorizations"]), "authorizations");
        assert.equal(suggestKey("colour", ["principalId", "role"]), undefined);
    });
});

describe("strict configuration: stack config keys (all of the namespace, and other namespaces)", () => {
    it("names a key of ours under the project's namespace, with the fix", () => {
        const findings = findingsOf(() =>
            readCustomerConfig(
                stackReader({ ...base, "first-customer:resourceGroups": ["rg-prod"] }, "first-customer"),
            ),
        );
        assert.equal(findings.length, 1);
        assert.equal(findings[0].field, "first-customer:resourceGroups");
        assert.match(
            findings[0].message,
            /under the namespace "first-customer" \(what "pulumi config set resourceGroups" writes in the project first-customer\), so it is ignored: this program reads lighthouse-pec:resourceGroups/,
        );
        assert.deepEqual(findings[0].value, ["rg-prod"]);
        assert.equal(
            findings[0].fix,
            "rename first-customer:resourceGroups to lighthouse-pec:resourceGroups in Pulumi.<stack>.yaml",
        );
        const text = findingsOf(() =>
            readCustomerConfig(
                stackReader({ ...base, "first-customer:offerDescription": "Managed by Contoso" }, "first-customer"),
            ),
        );
        assert.equal(
            text[0].fix,
            'pulumi config rm first-customer:offerDescription && pulumi config set lighthouse-pec:offerDescription "Managed by Contoso"',
        );
    });

    it("names a misspelt namespace, and leaves the providers' own keys alone", () => {
        const findings = findingsOf(() =>
            readCustomerConfig(
                stackReader({
                    ...base,
                    "lighthouse-pce:offerDescription": "Managed by Contoso",
                    "azure-native:subscriptionId": ids.subscription,
                    "azure-native:location": "westeurope",
                    "azuread:tenantId": ids.partnerTenant,
                    "contoso:costCenter": "42",
                }),
            ),
        );
        assert.deepEqual(
            findings.map((f) => f.field),
            ["lighthouse-pce:offerDescription"],
        );
    });

    it("the program, when every key sits under the project's namespace, says so instead of only 'neither set'", async () => {
        const entry = join(__dirname, "..", "..", "..", "index.ts");
        const config = Object.fromEntries(
            Object.entries(base).map(([k, v]) => [
                k.replace("lighthouse-pec:", "first-customer:"),
                typeof v === "string" ? v : JSON.stringify(v),
            ]),
        );
        await assert.rejects(
            runUnderMocks(
                () => {
                    pulumi.runtime.setAllConfig(config);
                    delete require.cache[require.resolve(entry)];
                    return require(entry) as unknown;
                },
                { project: "first-customer" },
            ),
            /neither set[\s\S]*first-customer:offerName = "Contoso Managed Services": this key is under the namespace "first-customer"[\s\S]*this program reads lighthouse-pec:offerName\. Fix: pulumi config rm first-customer:offerName && pulumi config set lighthouse-pec:offerName "Contoso Managed Services"/,
        );
    });

    it("the program lists the stack's keys from the engine (PULUMI_CONFIG) and never shows a secret's value", async () => {
        const entry = join(__dirname, "..", "..", "..", "index.ts");
        const all = Object.fromEntries(
            Object.entries({
                ...base,
                "lighthouse-pec:resourceGroup": ["rg-prod"],
                "lighthouse-pec:clientSecret": "hunter2-secret",
            }).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
        );
        await assert.rejects(
            runUnderMocks(() => {
                pulumi.runtime.setAllConfig(all, ["lighthouse-pec:clientSecret"]);
                delete require.cache[require.resolve(entry)];
                return require(entry) as unknown;
            }),
            (err: unknown) => {
                assert.ok(err instanceof ConfigurationError, String(err));
                assert.deepEqual(
                    err.findings.map((f) => f.field),
                    ["lighthouse-pec:resourceGroup", "lighthouse-pec:clientSecret"],
                );
                assert.doesNotMatch(err.message, /hunter2/);
                assert.match(
                    err.message,
                    /lighthouse-pec:clientSecret = "\[secret\]": unknown key\. Fix: pulumi config rm lighthouse-pec:clientSecret/,
                );
                return true;
            },
        );
    });

    it("partner stack: unknown keys, nested unknown keys and wrong types, one finding each", () => {
        const findings = findingsOf(() =>
            readPartnerConfig(
                stackReader({
                    "lighthouse-pec:partnerId": "1234567",
                    "lighthouse-pec:onExistingLinks": "fail",
                    "lighthouse-pec:owners": ids.adminGroup,
                    "lighthouse-pec:endpoints": { authorityhost: "https://login.microsoftonline.us" },
                    "lighthouse-pec:propagationTimeoutSeconds": "five",
                }),
            ),
        );
        assert.deepEqual(
            findings.map((f) => [f.field, f.message]),
            [
                ["lighthouse-pec:owners", "must be a list of object IDs, not a string"],
                ["lighthouse-pec:endpoints.authorityhost", 'unknown key (did you mean "authorityHost"?)'],
                ["lighthouse-pec:propagationTimeoutSeconds", "must be a whole number"],
                ["lighthouse-pec:onExistingLinks", 'unknown key (did you mean "onExistingLink"?)'],
            ],
        );
        assert.match(
            findings[3].fix,
            /^pulumi config rm lighthouse-pec:onExistingLinks && pulumi config set lighthouse-pec:onExistingLink fail$/,
        );
    });
});

describe("strict configuration: CLI files (the file named, exit 2, nothing written)", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "lhpec-strict-cli-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("import-file refuses an arguments file with an unknown nested key, naming the file", () => {
        const file = join(dir, "contoso.yaml");
        writeFileSync(
            file,
            JSON.stringify({
                ...validArgs(),
                eligibleAuthorizations: [
                    {
                        principalId: ids.engineer,
                        role: "Contributor",
                        justInTimeAccessPolicy: { multiFactorAuthProvider: "azure" },
                    },
                ],
            }),
        );
        const out = join(dir, "import.json");
        const io = capture();
        assert.equal(runImportFile({ config: [file], out }, io), 2, io.text());
        assert.match(
            io.text(),
            new RegExp(`^${file.replace(/[.\\]/g, "\\$&")}: 1 configuration error, nothing was written`),
        );
        assert.match(
            io.text(),
            /eligibleAuthorizations\[0\]\.justInTimeAccessPolicy\.multiFactorAuthProvider = "azure": must be "Azure" or "None"\. Fix: did you mean "Azure"\? /,
        );
        assert.equal(existsSync(out), false);
    });

    it("an encrypted value in a stack file is one finding (it cannot be read offline), never shown", () => {
        const file = join(dir, "Pulumi.customer-secure.yaml");
        writeFileSync(
            file,
            directYaml("").replace(
                `lighthouse-pec:subscriptionId: ${ids.subscription}`,
                "lighthouse-pec:subscriptionId:\n    secure: v1:c2VjcmV0LWNpcGhlcg==",
            ),
        );
        const io = capture();
        assert.equal(runTemplate({ config: file, out: join(dir, "o") }, io), 2, io.text());
        assert.match(
            io.text(),
            /1 configuration error[\s\S]*lighthouse-pec:subscriptionId = "\[secret\]": an encrypted \(secure\) value cannot be read offline/,
        );
        assert.doesNotMatch(io.text(), /c2VjcmV0/);
    });

    it("template refuses a stack file whose config is not an object, and one with a key under the wrong namespace", () => {
        const out = join(dir, "o");
        for (const [name, text, expected] of [
            ["Pulumi.customer-a.yaml", "config: 5\n", /config = 5: must be an object of config keys, not a number/],
            [
                "Pulumi.customer-b.yaml",
                directYaml("  first-customer:resourceGroups: [rg-prod]"),
                /first-customer:resourceGroups = \["rg-prod"\]: this key is under the namespace "first-customer"/,
            ],
        ] as const) {
            const file = join(dir, name);
            writeFileSync(file, text);
            const io = capture();
            assert.equal(runTemplate({ config: file, out }, io), 2, io.text());
            assert.ok(io.text().startsWith(`${file}: `), io.text());
            assert.match(io.text(), expected);
        }
        assert.equal(existsSync(out), false);
    });
});
