import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { armGuid } from "../../components";
import { resolvePackageToSource } from "../kit/packageSource";
import type { RegisteredResource } from "../kit/pulumiMocks";
import { discoverExamples, ExampleProject, ExampleRun, PARTNER_STACK_OUTPUTS, runExample } from "../kit/exampleRunner";

const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const SUBSCRIPTION = "22222222-2222-4222-8222-222222222222";
const DEFINITION = "azure-native:managedservices:RegistrationDefinition";
const ASSIGNMENT = "azure-native:managedservices:RegistrationAssignment";
const DELEGATION = "lighthouse-pec:index:CustomerDelegation";
const PROVIDER = "pulumi:providers:azure-native";
const PAL = "pulumi-nodejs:dynamic/lighthouse-pec:PartnerAdminLink";

interface DefinitionProperties {
    managedByTenantId: string;
    registrationDefinitionName: string;
    authorizations: { principalId: string; roleDefinitionId: string; principalIdDisplayName?: string }[];
    eligibleAuthorizations?: {
        principalId: string;
        roleDefinitionId: string;
        justInTimeAccessPolicy: Record<string, unknown>;
    }[];
}

function ofType(run: ExampleRun, type: string): RegisteredResource[] {
    return run.resources.filter((r) => r.type === type);
}

function only(run: ExampleRun, type: string): RegisteredResource {
    const found = ofType(run, type);
    assert.equal(found.length, 1, `exactly one ${type}, got ${found.map((r) => r.name).join(", ") || "none"}`);
    return found[0];
}

function properties(r: RegisteredResource): DefinitionProperties {
    return r.inputs.properties as DefinitionProperties;
}

/** The automation account holds a permanent Contributor authorization: what earns PEC. */
function assertEarnsPec(definition: RegisteredResource): void {
    assert.ok(
        properties(definition).authorizations.some(
            (a) => a.principalId === PARTNER_STACK_OUTPUTS.principalId && a.roleDefinitionId === CONTRIBUTOR,
        ),
        `${definition.name}: the automation account must be a permanent Contributor`,
    );
}

/** What each example declares, beyond running cleanly. Examples not listed get the generic checks only. */
const expectations: Record<string, (run: ExampleRun) => void> = {
    "management-group": (run) => {
        const registrations = ofType(run, "pulumi-nodejs:dynamic/lighthouse-pec:ResourceProviderRegistration");
        assert.deepEqual(
            registrations.map((r) => r.inputs.subscriptionId),
            [SUBSCRIPTION, "88888888-8888-4888-8888-888888888888"],
        );
        only(run, "lighthouse-pec:index:ManagementGroupDelegation");
        const policy = only(run, "azure-native:authorization:PolicyDefinitionAtManagementGroup");
        assert.equal(policy.inputs.managementGroupId, "contoso-landing-zones");
        const rule = policy.inputs.policyRule as {
            then: {
                details: {
                    name: string;
                    deployment: { properties: { template: { parameters: Record<string, { defaultValue: unknown }> } } };
                };
            };
        };
        assert.equal(rule.then.details.name, armGuid("Fabrikam Managed Services"));
        const authorizations = rule.then.details.deployment.properties.template.parameters.authorizations
            .defaultValue as { principalId: string; roleDefinitionId: string }[];
        assert.deepEqual(authorizations[0], {
            principalId: PARTNER_STACK_OUTPUTS.principalId,
            principalIdDisplayName: "Provider Automation Account",
            roleDefinitionId: CONTRIBUTOR,
        });
        assert.equal(ofType(run, "azure-native:authorization:RoleAssignment").length, 2);
        only(run, "azure-native:policyinsights:RemediationAtManagementGroup");
    },
    "partner-stack": (run) => {
        assert.deepEqual(run.resources.map((r) => [r.type, r.name]).sort(), [
            ["azuread:index/application:Application", "automation-app"],
            ["azuread:index/applicationPassword:ApplicationPassword", "automation-secret"],
            ["azuread:index/servicePrincipal:ServicePrincipal", "automation-sp"],
            ["lighthouse-pec:index:ProviderAutomationAccount", "automation"],
            [PAL, "automation-link"],
        ]);
        const link = only(run, PAL);
        assert.equal(link.inputs.partnerId, "1234567");
        assert.deepEqual(only(run, "azuread:index/applicationPassword:ApplicationPassword").inputs.rotateWhenChanged, {
            rotation: "2025-Q3",
        });
        assert.equal(run.outputs.tenantId, PARTNER_STACK_OUTPUTS.tenantId);
    },
    "first-customer": (run) => {
        assert.equal(only(run, "pulumi:pulumi:StackReference").inputs.name, "fabrikam/partner-stack/partner");
        const provider = only(run, PROVIDER);
        assert.deepEqual(
            [provider.inputs.subscriptionId, provider.inputs.tenantId],
            [SUBSCRIPTION, "77777777-7777-4777-8777-777777777777"],
        );
        const definition = only(run, DEFINITION);
        assert.equal(definition.name, "contoso-definition");
        assert.equal(definition.inputs.registrationDefinitionId, armGuid("Fabrikam Managed Services"));
        assert.equal(
            properties(definition).managedByTenantId,
            PARTNER_STACK_OUTPUTS.tenantId,
            "managedByTenantId comes from the partner stack",
        );
        assert.match(definition.provider ?? "", /::customer::/);
        assertEarnsPec(definition);
        assert.equal(only(run, ASSIGNMENT).inputs.scope, `/subscriptions/${SUBSCRIPTION}`);
        assert.deepEqual(run.outputs.pecPrincipalIds, [PARTNER_STACK_OUTPUTS.principalId]);
    },
    "resource-group-delegation": (run) => {
        const offer = "Fabrikam Application Management";
        assert.deepEqual(
            ofType(run, ASSIGNMENT).map((a) => [a.inputs.scope, a.inputs.registrationAssignmentId]),
            [
                [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-app-prod`, armGuid(offer, "rg-app-prod")],
                [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-data-prod`, armGuid(offer, "rg-data-prod")],
            ],
        );
        assert.equal(only(run, DEFINITION).inputs.scope, `/subscriptions/${SUBSCRIPTION}`);
        assertEarnsPec(only(run, DEFINITION));
    },
    "jit-authorizations": (run) => {
        const definition = only(run, DEFINITION);
        const [eligible] = properties(definition).eligibleAuthorizations ?? [];
        assert.equal(eligible.principalId, "55555555-5555-4555-8555-555555555555");
        assert.equal(eligible.roleDefinitionId, CONTRIBUTOR);
        assert.equal(eligible.justInTimeAccessPolicy.maximumActivationDuration, "PT4H");
        assert.equal(eligible.justInTimeAccessPolicy.multiFactorAuthProvider, "Azure");
        assert.deepEqual(
            (eligible.justInTimeAccessPolicy.managedByTenantApprovers as { principalId: string }[]).map(
                (a) => a.principalId,
            ),
            ["66666666-6666-4666-8666-666666666666"],
        );
        assertEarnsPec(definition);
    },
    "marketplace-plan": (run) => {
        const definition = only(run, DEFINITION);
        assert.deepEqual(definition.inputs.plan, {
            name: "gold",
            publisher: "fabrikam",
            product: "managed-azure",
            version: "1.0.0",
        });
        assertEarnsPec(definition);
    },
    "several-subscriptions": (run) => {
        const second = "88888888-8888-4888-8888-888888888888";
        const provider = only(run, PROVIDER);
        assert.equal(provider.inputs.subscriptionId, undefined, "one provider, no subscription pinned");
        assert.deepEqual(
            ofType(run, DELEGATION).map((d) => d.name),
            [`contoso-${SUBSCRIPTION}`, `contoso-${second}`],
        );
        const definitions = ofType(run, DEFINITION);
        assert.deepEqual(
            definitions.map((d) => d.inputs.scope),
            [`/subscriptions/${SUBSCRIPTION}`, `/subscriptions/${second}`],
        );
        definitions.forEach(assertEarnsPec);
        assert.deepEqual(
            (run.outputs.subscriptions as { subscriptionId: string }[]).map((s) => s.subscriptionId),
            [SUBSCRIPTION, second],
        );
    },
    "several-customers": (run) => {
        assert.deepEqual(
            ofType(run, PROVIDER).map((p) => [p.name, p.inputs.subscriptionId]),
            [
                ["customer-contoso", SUBSCRIPTION],
                ["customer-northwind", "88888888-8888-4888-8888-888888888888"],
            ],
        );
        assert.deepEqual(
            ofType(run, DELEGATION).map((d) => d.name),
            ["contoso", "northwind"],
        );
        const definitions = ofType(run, DEFINITION);
        assert.deepEqual(
            definitions.map((d) => d.inputs.scope),
            [`/subscriptions/${SUBSCRIPTION}`, "/subscriptions/88888888-8888-4888-8888-888888888888"],
        );
        definitions.forEach(assertEarnsPec);
        assert.match(
            definitions[1].provider ?? "",
            /::customer-northwind::/,
            "each customer deploys through its own provider",
        );
        assert.deepEqual(
            ofType(run, ASSIGNMENT).map((a) => a.inputs.scope),
            [
                `/subscriptions/${SUBSCRIPTION}`,
                "/subscriptions/88888888-8888-4888-8888-888888888888/resourceGroups/rg-northwind-prod",
            ],
        );
        assert.deepEqual(Object.keys(run.outputs.registrationDefinitionIds as object), ["contoso", "northwind"]);
    },
    "csp-aobo": (run) => {
        const provider = only(run, PROVIDER);
        assert.equal(
            provider.inputs.tenantId,
            "77777777-7777-4777-8777-777777777777",
            "signs in to the customer's tenant",
        );
        for (const key of ["clientId", "clientSecret", "useMsi", "useOidc"])
            assert.equal(provider.inputs[key], undefined, `${key} comes from the partner's environment`);
        const definition = only(run, DEFINITION);
        assert.match(definition.provider ?? "", /::customer::/);
        assert.equal(properties(definition).managedByTenantId, PARTNER_STACK_OUTPUTS.tenantId);
        assertEarnsPec(definition);
    },
    "adopt-existing-customer": (run) => {
        const definition = only(run, DEFINITION);
        assert.equal(
            definition.importId,
            `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ManagedServices/registrationDefinitions/${String(definition.inputs.registrationDefinitionId)}`,
            "adoption declares the definition with Pulumi's import option",
        );
        assert.ok(ofType(run, ASSIGNMENT).every((a) => a.importId !== undefined));
    },
    "link-existing-account": (run) => {
        const link = only(run, PAL);
        assert.match(String(link.inputs.partnerId), /^\d+$/);
        assert.ok(
            ["azureCli", "default"].includes((link.inputs.credential as { kind: string }).kind),
            "links the signed-in or default identity",
        );
    },
};

/** Imports of the library must use the package name, as a consumer's program does. */
function libraryImports(source: string): string[] {
    return [...source.matchAll(/from\s+"([^"]+)"|require\("([^"]+)"\)/g)]
        .map((m) => m[1] ?? m[2])
        .filter((s) => s === "lighthouse-pec" || s.startsWith("lighthouse-pec/") || s.startsWith("."));
}

describe("examples (each run under mocks with its sample stack config)", function () {
    this.timeout(60_000);
    const examples: ExampleProject[] = discoverExamples();
    let restore: () => void = () => undefined;
    before(() => {
        restore = resolvePackageToSource();
    });
    after(() => restore());

    it("ships at least the documented examples, each with Pulumi.yaml, index.ts and README.md", () => {
        const dirs = examples.map((e) => e.dir);
        for (const name of [
            "partner-stack",
            "first-customer",
            "resource-group-delegation",
            "jit-authorizations",
            "marketplace-plan",
            "several-customers",
            "several-subscriptions",
            "management-group",
        ]) {
            assert.ok(dirs.includes(name), `examples/${name} is missing`);
        }
        for (const e of examples) {
            assert.ok(
                fs.existsSync(path.join(path.dirname(e.entry), "README.md")),
                `examples/${e.dir}/README.md is missing`,
            );
            assert.deepEqual(
                libraryImports(fs.readFileSync(e.entry, "utf8")),
                ["lighthouse-pec"],
                `examples/${e.dir}/index.ts must import the library once, by its package name (no relative imports)`,
            );
        }
    });

    for (const example of examples) {
        it(`${example.dir}: runs and declares what it documents`, async () => {
            const run = await runExample(example);
            assert.ok(run.resources.length > 0, "registers resources");
            for (const r of run.resources) {
                assert.match(
                    r.type,
                    /^(lighthouse-pec:|azure-native:|azuread:|pulumi:|pulumi-nodejs:dynamic\/lighthouse-pec:|command:)/,
                    `unexpected type ${r.type}`,
                );
            }
            expectations[example.dir]?.(run);
        });
    }
});
