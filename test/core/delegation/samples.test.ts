import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CustomerDelegation, CustomerDelegationArgs } from "../../../components";
import { buildOnboardingTemplate, OnboardingSpec } from "../../../core/delegation/armTemplate";
import type { OnboardedWith } from "../../../core/delegation/names";
import { buildImportFile, PulumiImportFile } from "../../../core/delegation/pulumiImportFile";
import { runImportFile } from "../../../cli/importFileRun";
import type { CommandIo } from "../../../cli/lineIo";
import { runTemplate } from "../../../cli/templateRun";
import { deployTemplate, evaluateValue } from "../../kit/armTemplate";
import { ids, validArgs } from "../../kit/fixtures";
import { RegisteredResource, runUnderMocks, unwrap } from "../../kit/pulumiMocks";

/**
 * The name expressions of Microsoft's Lighthouse sample templates, transcribed from
 * https://github.com/Azure/Azure-Lighthouse-samples at SAMPLES_COMMIT (the files are not copied here).
 * Each entry lists the templates that share the same expressions, the `onboardedWith` that adopts them,
 * and how the template takes its resource groups.
 */
const SAMPLES_COMMIT = "37b72c8b4417760664a11245606223627a0fb6fd";

interface SampleNaming {
    /** Paths under `templates/` in Azure/Azure-Lighthouse-samples@SAMPLES_COMMIT. */
    paths: string[];
    onboardedWith: Exclude<OnboardedWith, "lighthouse-pec">;
    /** The template's `variables`. */
    variables: Record<string, string>;
    /** The registrationDefinitions resource's `name`. */
    definitionName: string;
    /** The registrationAssignments resource's `name`. */
    assignmentName: string;
    /** The assignment's `properties.registrationDefinitionId`. */
    assignmentDefinitionId: string;
    /**
     * `none`: a subscription assignment; `rgName`: one resource group per deployment (`parameters('rgName')`,
     * deployed once per group); `resourceGroups`: a copy loop over `parameters('resourceGroups')[].rgName`.
     */
    groups: "none" | "rgName" | "resourceGroups";
    /** The variant with eligible (JIT) authorizations. */
    eligible?: boolean;
}

const OFFER_VARIABLES = { mspRegistrationName: "[guid(parameters('mspOfferName'))]", mspAssignmentName: "[guid(parameters('mspOfferName'))]" };
const BY_VARIABLES = {
    variables: OFFER_VARIABLES,
    definitionName: "[variables('mspRegistrationName')]",
    assignmentName: "[variables('mspAssignmentName')]",
    assignmentDefinitionId: "[resourceId('Microsoft.ManagedServices/registrationDefinitions/', variables('mspRegistrationName'))]",
};
const PER_GROUP_GUID = "[guid(parameters('resourceGroups')[copyIndex()].rgName)]";
const PER_GROUP = {
    variables: {},
    definitionName: PER_GROUP_GUID,
    assignmentName: PER_GROUP_GUID,
    assignmentDefinitionId: "[resourceId('Microsoft.ManagedServices/registrationDefinitions/', guid(parameters('resourceGroups')[copyIndex()].rgName))]",
    groups: "resourceGroups" as const,
};

const SAMPLES: SampleNaming[] = [
    {
        paths: [
            "delegated-resource-management/subscription/subscription.json",
            "marketplace-delegated-resource-management/marketplaceDelegatedResourceManagement.json",
            "delegated-resource-management-azmigrate/delegatedResourceManagementAzMigrate.json",
        ],
        onboardedWith: "subscription", groups: "none", ...BY_VARIABLES,
    },
    {
        paths: ["delegated-resource-management-eligible-authorizations/subscription/subscription-managing-tenant-approvers.json"],
        onboardedWith: "subscription", groups: "none", eligible: true, ...BY_VARIABLES,
    },
    {
        // Names the resources with the expressions directly; its variables are declared but unused.
        paths: ["delegated-resource-management-eligible-authorizations/subscription/subscription.json"],
        onboardedWith: "subscription", groups: "none", eligible: true, variables: OFFER_VARIABLES,
        definitionName: "[guid(parameters('mspOfferName'))]", assignmentName: "[guid(parameters('mspOfferName'))]",
        assignmentDefinitionId: BY_VARIABLES.assignmentDefinitionId,
    },
    { paths: ["delegated-resource-management/rg/rg.json"], onboardedWith: "rg", groups: "rgName", ...BY_VARIABLES },
    {
        paths: [
            "delegated-resource-management-eligible-authorizations/rg/rg.json",
            "delegated-resource-management-eligible-authorizations/rg/rg-managing-tenant-approvers.json",
        ],
        onboardedWith: "rg", groups: "rgName", eligible: true, ...BY_VARIABLES,
    },
    { paths: ["delegated-resource-management/rg/multi-rg.json"], onboardedWith: "multi-rg", ...PER_GROUP },
    {
        paths: [
            "delegated-resource-management-eligible-authorizations/rg/multiple-rg.json",
            "delegated-resource-management-eligible-authorizations/rg/multiple-rg-managing-tenant-approvers.json",
        ],
        onboardedWith: "multi-rg", eligible: true, ...PER_GROUP,
    },
];

const OFFER = "Contoso Managed Services";
const GROUPS = ["rg-prod", "rg-dev"];
const SUB = `/subscriptions/${ids.subscription}`;

/** What a sample deploys, by name: its definitions, and its assignments with their scope and definition. */
interface Deployed {
    definitions: string[];
    assignments: { scope: string; name: string; definitionId: string }[];
}

/** Evaluates the sample's own expressions for OFFER and (unless it delegates the subscription) GROUPS. */
function sampleDeploys(sample: SampleNaming): Deployed {
    const evaluate = (expression: string, parameters: Record<string, unknown>, copyIndex?: number): string =>
        evaluateValue(expression, { parameters: { mspOfferName: OFFER, ...parameters }, variables: sample.variables, subscriptionId: ids.subscription, copyIndex }) as string;
    const runs: { parameters: Record<string, unknown>; copyIndex?: number; scope: string }[] = sample.groups === "none"
        ? [{ parameters: {}, scope: SUB }]
        : GROUPS.map((rg, i) => ({
            parameters: sample.groups === "rgName" ? { rgName: rg } : { resourceGroups: GROUPS.map((rgName) => ({ rgName })) },
            copyIndex: sample.groups === "resourceGroups" ? i : undefined,
            scope: `${SUB}/resourceGroups/${rg}`,
        }));
    const definitions = runs.map((r) => evaluate(sample.definitionName, r.parameters, r.copyIndex));
    return {
        definitions: [...new Set(definitions)],  // rg.json deployed once per group redeploys the same definition
        assignments: runs.map((r) => ({
            scope: r.scope,
            name: evaluate(sample.assignmentName, r.parameters, r.copyIndex),
            definitionId: evaluate(sample.assignmentDefinitionId, r.parameters, r.copyIndex),
        })),
    };
}

function argsFor(sample: SampleNaming): CustomerDelegationArgs {
    return validArgs({
        offerName: OFFER,
        ...(sample.groups === "none" ? {} : { resourceGroups: GROUPS }),
        ...(sample.eligible ? {
            authorizations: [...validArgs().authorizations, { principalId: ids.engineer, role: "Reader", displayName: "On-call" }],
            eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor", justInTimeAccessPolicy: { managedByTenantApprovers: [{ principalId: ids.approver }] } }],
        } : {}),
        onboardedWith: sample.onboardedWith,
    });
}

const DEFINITION_ID = (name: string): string => `${SUB}/providers/Microsoft.ManagedServices/registrationDefinitions/${name}`;
const ASSIGNMENT_ID = (scope: string, name: string): string => `${scope}/providers/Microsoft.ManagedServices/registrationAssignments/${name}`;

/** What the component registered, in the same shape; import IDs must be the resources' IDs. */
function fromComponent(resources: RegisteredResource[]): Deployed {
    const definitions = resources.filter((r) => r.type === "azure-native:managedservices:RegistrationDefinition");
    const assignments = resources.filter((r) => r.type === "azure-native:managedservices:RegistrationAssignment");
    for (const d of definitions) {
        assert.equal(d.inputs.scope, SUB);
        assert.equal(d.importId, DEFINITION_ID(d.inputs.registrationDefinitionId as string));
    }
    for (const a of assignments) {
        assert.equal(a.importId, ASSIGNMENT_ID(a.inputs.scope as string, a.inputs.registrationAssignmentId as string));
    }
    return {
        definitions: definitions.map((d) => d.inputs.registrationDefinitionId as string),
        assignments: assignments.map((a) => ({
            scope: a.inputs.scope as string, name: a.inputs.registrationAssignmentId as string,
            definitionId: (a.inputs.properties as { registrationDefinitionId: string }).registrationDefinitionId,
        })),
    };
}

function fromImportFile(file: PulumiImportFile): Omit<Deployed, "assignments"> & { assignments: string[] } {
    return {
        definitions: file.resources.filter((r) => r.type.endsWith("RegistrationDefinition")).map((r) => r.id!.split("/").pop()!),
        assignments: file.resources.filter((r) => r.type.endsWith("RegistrationAssignment")).map((r) => r.id!),
    };
}

function fromTemplate(deployed: ReturnType<typeof deployTemplate>): Deployed {
    return {
        definitions: deployed.filter((d) => d.type.endsWith("registrationDefinitions")).map((d) => d.name),
        assignments: deployed.filter((d) => d.type.endsWith("registrationAssignments"))
            .map((d) => ({ scope: d.scope, name: d.name, definitionId: d.properties.registrationDefinitionId as string })),
    };
}

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

describe(`adopting customers onboarded with Microsoft's sample templates (Azure-Lighthouse-samples@${SAMPLES_COMMIT.slice(0, 7)})`, () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "lhpec-samples-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    for (const sample of SAMPLES) {
        describe(`${sample.paths.join(", ")} → onboardedWith "${sample.onboardedWith}"`, () => {
            const expected = sampleDeploys(sample);

            it("the component (adopt) declares and imports exactly the sample's names, scopes and definition references", async () => {
                const { resources, result } = await runUnderMocks(() => new CustomerDelegation("contoso", { ...argsFor(sample), adopt: true }));
                assert.deepEqual(fromComponent(resources), expected);
                assert.deepEqual(await unwrap(result.registrationDefinitionIds), expected.definitions.map(DEFINITION_ID));
                assert.equal(await unwrap(result.registrationDefinitionId), DEFINITION_ID(expected.definitions[0]));
            });

            it("the import file names the same Azure IDs", () => {
                const args = argsFor(sample);
                const file = buildImportFile([{ componentName: "delegation", subscriptionId: ids.subscription, offerName: OFFER, resourceGroups: args.resourceGroups, onboardedWith: sample.onboardedWith }]);
                assert.deepEqual(fromImportFile(file), {
                    definitions: expected.definitions,
                    assignments: expected.assignments.map((a) => ASSIGNMENT_ID(a.scope, a.name)),
                });
            });

            it("the generated template deploys the same names", () => {
                const { template, parameters } = buildOnboardingTemplate(argsFor(sample) as OnboardingSpec);
                assert.deepEqual(fromTemplate(deployTemplate(template, parameters, ids.subscription)), expected);
            });

            it("the CLI: import-file and template with --onboarded-with give the same names", () => {
                const config = join(dir, "contoso.json");
                const { onboardedWith, ...withoutMode } = argsFor(sample);
                writeFileSync(config, JSON.stringify(withoutMode));
                const out = join(dir, "import.json");
                const io = capture();
                assert.equal(runImportFile({ config: [config], out, onboardedWith }, io), 0, io.stderr.join("\n"));
                const file = JSON.parse(readFileSync(out, "utf8")) as PulumiImportFile;
                assert.deepEqual(fromImportFile(file).assignments, expected.assignments.map((a) => ASSIGNMENT_ID(a.scope, a.name)));
                assert.deepEqual(fromImportFile(file).definitions, expected.definitions);

                assert.equal(runTemplate({ config, out: dir, onboardedWith }, io), 0, io.stderr.join("\n"));
                const template = JSON.parse(readFileSync(join(dir, "onboarding.template.json"), "utf8")) as Parameters<typeof deployTemplate>[0];
                const parameters = JSON.parse(readFileSync(join(dir, "onboarding.parameters.json"), "utf8")) as Parameters<typeof deployTemplate>[1];
                assert.deepEqual(fromTemplate(deployTemplate(template, parameters, ids.subscription)), expected);
                assert.match(io.stdout.join("\n"), new RegExp(`registration definitions? ${expected.definitions[0]}`));
            });
        });
    }

    it("the default (lighthouse-pec) names differ from rg.json's and multi-rg.json's: adopting those needs onboardedWith", async () => {
        const rg = sampleDeploys(SAMPLES.find((s) => s.onboardedWith === "rg")!);
        const multi = sampleDeploys(SAMPLES.find((s) => s.onboardedWith === "multi-rg")!);
        const { resources } = await runUnderMocks(() => new CustomerDelegation("contoso", validArgs({ resourceGroups: GROUPS, adopt: true })));
        const ours = fromComponent(resources);
        assert.notDeepEqual(ours.assignments, rg.assignments);
        assert.notDeepEqual(ours.definitions, multi.definitions);
    });
});
