// Issue 12, section 1: CustomerDelegation from Python, C#, Go and YAML through Pulumi's component provider.
// The schema is what `pulumi package add` generates SDKs from; construct is what those programs call.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import * as ts from "typescript";
import * as yaml from "js-yaml";
import { ConfigurationError, CustomerDelegation, CustomerDelegationArgs } from "../../components";
import { MULTI_LANGUAGE_COMPONENTS, PACKAGE_ROOT } from "../../components/provider";
import { ids, validArgs } from "../kit/fixtures";
import { RegisteredResource, runUnderMocks, unwrap } from "../kit/pulumiMocks";
import { componentProvider, MG_TOKEN, PackageSchema, SchemaProperty, TOKEN, typeToken } from "../kit/componentSchema";

// The plain model, generated from the schema (scripts/generate-model.ts) like the arguments the analyzer reads.
const SPEC_FILES = ["core/validation/delegationSpec.generated.ts"];
/** Each schema object (the component's inputs, then its types) and the model interface whose fields it carries. */
const MODEL_OF: Record<string, string> = {
    [TOKEN]: "DelegationSpec",
    [typeToken("AuthorizationArgs")]: "AuthorizationSpec",
    [typeToken("EligibleAuthorizationArgs")]: "EligibleAuthorizationSpec",
    [typeToken("JustInTimeAccessPolicyArgs")]: "JustInTimeAccessPolicySpec",
    [typeToken("EligibleApproverArgs")]: "EligibleApproverSpec",
    [typeToken("AutomationAccountArgs")]: "AutomationAccountSpec",
    [typeToken("PreviewAccountArgs")]: "PreviewAccountSpec",
    [typeToken("PlanArgs")]: "PlanSpec",
    [typeToken("DelegationNameOverrides")]: "DelegationNameOverrides",
};

/** The model's fields: TSDoc text (as the analyzer joins it) and whether the field is optional in the model. */
function modelFields(): Record<string, Record<string, { doc: string; optional: boolean }>> {
    const out: Record<string, Record<string, { doc: string; optional: boolean }>> = {};
    for (const file of SPEC_FILES) {
        const source = ts.createSourceFile(
            file,
            fs.readFileSync(path.join(PACKAGE_ROOT, file), "utf8"),
            ts.ScriptTarget.ES2022,
            true,
        );
        source.forEachChild((node) => {
            if (!ts.isInterfaceDeclaration(node)) return;
            const fields: Record<string, { doc: string; optional: boolean }> = {};
            for (const member of node.members) {
                if (!ts.isPropertySignature(member)) continue;
                const docs = (member as unknown as { jsDoc?: { comment?: string }[] }).jsDoc ?? [];
                fields[member.name.getText(source)] = {
                    doc: docs.map((d) => d.comment).join("\n"),
                    optional: member.questionToken !== undefined,
                };
            }
            out[node.name.text] = fields;
        });
    }
    return out;
}

/** The inputs as the engine hands them to construct: plain JSON (no Outputs unless a value has dependencies). */
function wire(args: CustomerDelegationArgs): Record<string, unknown> {
    return JSON.parse(JSON.stringify(args)) as Record<string, unknown>;
}

const project = (resources: RegisteredResource[]) =>
    resources.map(({ type, name, urn, inputs, custom, importId }) => ({ type, name, urn, inputs, custom, importId }));

describe("CustomerDelegation from other Pulumi languages (component provider, issue 12)", function () {
    // The analyzer type-checks the whole repository once (several seconds on a shared machine).
    this.timeout(180_000);
    let provider: ComponentProvider;
    let schema: PackageSchema;
    before(async () => {
        ({ provider, schema } = await componentProvider());
    });

    it("offers exactly CustomerDelegation and ManagementGroupDelegation, under the tokens TypeScript programs register", () => {
        assert.deepEqual(Object.keys(schema.resources), [TOKEN, MG_TOKEN]);
        assert.equal(schema.name, "lighthouse-pec");
        assert.equal(schema.resources[TOKEN].isComponent, true);
        assert.deepEqual(
            MULTI_LANGUAGE_COMPONENTS.map((c) => c.name),
            ["CustomerDelegation", "ManagementGroupDelegation"],
        );
        assert.deepEqual(Object.keys(schema.types).sort(), [
            typeToken("AuthorizationArgs"),
            typeToken("AutomationAccountArgs"),
            typeToken("DelegationNameOverrides"),
            typeToken("EligibleApproverArgs"),
            typeToken("EligibleAuthorizationArgs"),
            typeToken("JustInTimeAccessPolicyArgs"),
            typeToken("MultiFactorAuthProvider"),
            typeToken("OnboardedWithValue"),
            typeToken("PlanArgs"),
            typeToken("PreviewAccountArgs"),
        ]);
    });

    it("inputs: every field of the model, typed (nothing `Any`), required as in the model, described by its TSDoc", () => {
        const model = modelFields();
        assert.doesNotMatch(JSON.stringify(schema), /pulumi\.json#\/Any/);
        for (const [token, modelName] of Object.entries(MODEL_OF)) {
            const fields = model[modelName];
            const properties: Record<string, SchemaProperty> =
                token === TOKEN ? schema.resources[TOKEN].inputProperties : schema.types[token].properties!;
            const required = token === TOKEN ? schema.resources[TOKEN].requiredInputs : schema.types[token].required!;
            assert.deepEqual(Object.keys(properties).sort(), Object.keys(fields).sort(), `${token}: fields`);
            for (const [name, field] of Object.entries(fields)) {
                assert.equal(properties[name].description, field.doc, `${token}.${name}: description`);
                // The Input IDs are optional in the model (unknown during preview) but required arguments.
                const requiredInArgs =
                    !field.optional || ["principalId", "managedByTenantId", "subscriptionId"].includes(name);
                assert.equal(required.includes(name), requiredInArgs, `${token}.${name}: required`);
            }
        }
        const inputs = schema.resources[TOKEN].inputProperties;
        assert.deepEqual(schema.resources[TOKEN].requiredInputs, [
            "authorizations",
            "managedByTenantId",
            "offerName",
            "subscriptionId",
        ]);
        // IDs may come from other resources (not plain); the rest is configuration (plain), as in TypeScript.
        assert.equal(inputs.managedByTenantId.plain, undefined);
        assert.equal(inputs.subscriptionId.plain, undefined);
        assert.equal(schema.types[typeToken("AuthorizationArgs")].properties!.principalId.plain, undefined);
        assert.equal(inputs.offerName.plain, true);
        assert.equal(inputs.previewAccount.$ref, `#/types/${typeToken("PreviewAccountArgs")}`);
        assert.deepEqual(schema.types[typeToken("PreviewAccountArgs")].required, ["principalId"]);
        assert.deepEqual(inputs.authorizations.items, {
            $ref: `#/types/${typeToken("AuthorizationArgs")}`,
            plain: true,
        });
        assert.deepEqual(
            schema.types[typeToken("OnboardedWithValue")].enum!.map((e) => e.value),
            ["lighthouse-pec", "subscription", "rg", "multi-rg"],
        );
        assert.deepEqual(
            schema.types[typeToken("MultiFactorAuthProvider")].enum!.map((e) => e.value),
            ["Azure", "None"],
        );
    });

    it("outputs: the IDs and principals, and the Azure resources by reference", () => {
        const outputs = schema.resources[TOKEN].properties;
        assert.deepEqual(Object.keys(outputs).sort(), [
            "assignmentIds",
            "assignments",
            "definition",
            "definitions",
            "pecPrincipalIds",
            "registrationDefinitionId",
            "registrationDefinitionIds",
        ]);
        assert.equal(outputs.registrationDefinitionId.type, "string");
        assert.deepEqual(outputs.pecPrincipalIds.items, { type: "string" });
        assert.match(
            outputs.definition.$ref!,
            /^\/azure-native\/v[\d.]+\/schema\.json#\/resources\/azure-native:managedservices:RegistrationDefinition$/,
        );
        assert.match(outputs.pecPrincipalIds.description!, /PEC-eligible/);
        assert.deepEqual(schema.resources[TOKEN].required, Object.keys(outputs).sort());
    });

    const cases: [string, () => CustomerDelegationArgs][] = [
        ["the minimal delegation", () => validArgs()],
        [
            "resource groups, JIT with approvers, a plan and explicit names",
            () =>
                validArgs({
                    resourceGroups: ["rg-a", "rg-b"],
                    authorizations: [
                        ...validArgs().authorizations,
                        { principalId: ids.engineer, role: "Reader", displayName: "Engineers" },
                    ],
                    eligibleAuthorizations: [
                        {
                            principalId: ids.engineer,
                            role: "Contributor",
                            justInTimeAccessPolicy: {
                                multiFactorAuthProvider: "Azure",
                                maximumActivationDuration: "PT4H",
                                managedByTenantApprovers: [{ principalId: ids.approver, displayName: "Leads" }],
                            },
                        },
                    ],
                    plan: { name: "gold", publisher: "contoso", product: "managed", version: "1.0.0" },
                    names: { resourceGroupAssignments: { "rg-a": "00000001-0000-4000-8000-000000000000" } },
                    onboardedWith: "rg",
                }),
        ],
        ["adopting an existing delegation", () => validArgs({ adopt: true })],
        ["a read-only preview account", () => validArgs({ previewAccount: { principalId: ids.preview } })],
    ];
    for (const [what, args] of cases) {
        it(`construct registers the same children, names and inputs as the TypeScript path: ${what}`, async () => {
            const direct = await runUnderMocks(() => new CustomerDelegation("contoso", args()));
            const viaProvider = await runUnderMocks(() => provider.construct("contoso", TOKEN, wire(args()), {}));
            assert.ok(direct.resources.length >= 3, "the component, a definition, an assignment");
            assert.deepEqual(project(viaProvider.resources), project(direct.resources));
            const state = viaProvider.result.state as Record<string, pulumi.Output<unknown>>;
            assert.deepEqual(Object.keys(state).sort(), Object.keys(schema.resources[TOKEN].properties).sort());
            assert.equal(
                await unwrap(state.registrationDefinitionId),
                await unwrap(direct.result.registrationDefinitionId),
            );
            assert.deepEqual(await unwrap(state.pecPrincipalIds), [ids.automation]);
        });
    }

    it("construct: an ID from another resource's output (an Output, as the engine sends it) works as in TypeScript", async () => {
        const withOutput = () => ({ ...wire(validArgs()), managedByTenantId: pulumi.output(ids.partnerTenant) });
        const direct = await runUnderMocks(() => new CustomerDelegation("contoso", withOutput() as never));
        const viaProvider = await runUnderMocks(() => provider.construct("contoso", TOKEN, withOutput(), {}));
        assert.deepEqual(project(viaProvider.resources), project(direct.resources));
    });

    it("construct: a configuration that breaks the role rules fails with every finding, and registers nothing", async () => {
        const bad = wire(validArgs({ authorizations: [{ principalId: ids.adminGroup, role: "Owner" }] }));
        const run = await runUnderMocks(async () => {
            await assert.rejects(provider.construct("contoso", TOKEN, bad, {}), (err: unknown) => {
                assert.ok(err instanceof ConfigurationError, String(err));
                assert.ok(err.findings.some((f) => f.field === "authorizations[0].role"));
                return true;
            });
        });
        assert.deepEqual(run.resources, []);
    });

    it("PulumiPlugin.yaml and package.json `main` both name the compiled provider host (Pulumi's Node.js host loads `main`)", () => {
        const plugin = yaml.load(fs.readFileSync(path.join(PACKAGE_ROOT, "PulumiPlugin.yaml"), "utf8")) as {
            runtime: string;
            main: string;
        };
        const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as {
            main: string;
            exports: Record<string, { require: string }>;
        };
        assert.equal(plugin.runtime, "nodejs");
        assert.equal(plugin.main, "bin/components/providerHost.js");
        assert.equal(pkg.main, plugin.main, "a CLI that ignores PulumiPlugin.yaml `main` starts the same host");
        assert.equal(pkg.exports["."].require, "./bin/components/index.js", "importers still get the library");
        const entry = fs.readFileSync(path.join(PACKAGE_ROOT, "components", "providerHost.ts"), "utf8");
        assert.match(entry, /main\(componentProviderWithSchema\(\), process\.argv\.slice\(2\)\)/);
    });
});
