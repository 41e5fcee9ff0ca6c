import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import { armGuid, CustomerDelegationArgs } from "../../../components";
import { ArmTemplate, buildOnboardingTemplate, OnboardingSpec } from "../../../core/delegation/armTemplate";
import { deployTemplate } from "../../kit/armTemplate";
import { ids, validArgs } from "../../kit/fixtures";

/**
 * The onboarding template and parameters file validate against the constraints of Microsoft's published
 * ARM JSON schemas, restated in test/fixtures/arm-schemas/lighthouse-onboarding.schema.json (its `source`
 * names the repository, paths and commit).
 */
const SCHEMA_PATH = join(__dirname, "..", "..", "fixtures", "arm-schemas", "lighthouse-onboarding.schema.json");
const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as {
    source: { repository: string; commit: string; paths: string[] };
};

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
ajv.addVocabulary(["source"]); // the citation header: an annotation, not a constraint
ajv.addSchema(schema, "onboarding");

/** Validates `value` against one definition of the fixture; returns the errors as text ("" when valid). */
function violations(definition: string, value: unknown): string {
    const validate = ajv.getSchema(`onboarding#/definitions/${definition}`);
    assert.ok(validate, `the fixture defines ${definition}`);
    return validate(value) ? "" : ajv.errorsText(validate.errors, { separator: "\n" });
}

const shapes: Record<string, Partial<CustomerDelegationArgs>> = {
    "a subscription": {},
    "resource groups (lighthouse-pec names)": { resourceGroups: ["rg-prod", "rg-dev", "Web.Front(1)"] },
    "onboardedWith subscription": { onboardedWith: "subscription" },
    "onboardedWith rg": { resourceGroups: ["rg-prod", "rg-dev"], onboardedWith: "rg" },
    "onboardedWith multi-rg": { resourceGroups: ["rg-prod", "rg-dev"], onboardedWith: "multi-rg" },
    "JIT authorizations with approvers and defaults": {
        authorizations: [...validArgs().authorizations, { principalId: ids.engineer, role: "Reader" }],
        eligibleAuthorizations: [
            {
                principalId: ids.engineer,
                role: "Contributor",
                displayName: "On-call",
                justInTimeAccessPolicy: {
                    multiFactorAuthProvider: "Azure",
                    maximumActivationDuration: "PT4H",
                    managedByTenantApprovers: [{ principalId: ids.approver, displayName: "Leads" }],
                },
            },
            { principalId: ids.engineer, role: "Virtual Machine Contributor" },
        ],
    },
    "a marketplace plan and User Access Administrator": {
        plan: { name: "gold", publisher: "contoso", product: "managed-azure", version: "1.0.0" },
        authorizations: [
            ...validArgs().authorizations,
            { principalId: ids.engineer, role: "User Access Administrator", delegatedRoles: ["Contributor", "Reader"] },
        ],
    },
    "name overrides and a resource group": {
        resourceGroups: ["rg-prod"],
        names: { registrationDefinition: ids.approver, resourceGroupAssignments: { "rg-prod": armGuid("rg-prod") } },
    },
};

/** Every object the template deploys, evaluated, checked against the resource type's own property schemas. */
function deployedViolations(template: ArmTemplate, parameters: unknown): string[] {
    const problems: string[] = [];
    for (const resource of deployTemplate(template, parameters as never, ids.subscription)) {
        const definition =
            resource.type === "Microsoft.ManagedServices/registrationDefinitions"
                ? "registrationDefinitionProperties"
                : "registrationAssignmentProperties";
        problems.push(violations(definition, resource.properties));
        if (resource.plan !== undefined) {
            problems.push(violations("plan", resource.plan));
        }
    }
    return problems.filter(Boolean);
}

describe("the onboarding template validates against Microsoft's published ARM schemas (restated as a draft-04 fixture)", () => {
    it("the fixture cites its source: repository, commit and the published schema files", () => {
        assert.equal(schema.source.repository, "https://github.com/Azure/azure-resource-manager-schemas");
        assert.match(schema.source.commit, /^[0-9a-f]{40}$/);
        for (const path of [
            "schemas/2018-05-01/subscriptionDeploymentTemplate.json",
            "schemas/2019-04-01/deploymentTemplate.json",
            "schemas/2022-10-01/Microsoft.ManagedServices.json",
            "schemas/2021-04-01/Microsoft.Resources.json",
            "schemas/2019-04-01/deploymentParameters.json",
        ]) {
            assert.ok(schema.source.paths.includes(path), path);
        }
    });

    for (const [shape, overrides] of Object.entries(shapes)) {
        it(`template, parameters file and deployed properties are valid: ${shape}`, () => {
            const { template, parameters } = buildOnboardingTemplate(validArgs(overrides) as OnboardingSpec);
            assert.equal(violations("subscriptionDeploymentTemplate", template), "");
            assert.equal(violations("deploymentParametersFile", parameters), "");
            assert.deepEqual(deployedViolations(template, parameters), []);
        });
    }

    it("nested deployments spell the evaluation scope as the schema's enum does: Outer", () => {
        const { template } = buildOnboardingTemplate(validArgs({ resourceGroups: ["rg-prod"] }) as OnboardingSpec);
        assert.deepEqual(template.resources[1].properties.expressionEvaluationOptions, { scope: "Outer" });
    });

    describe("the fixture rejects what Azure's schemas reject (it is not a rubber stamp)", () => {
        const fresh = (): ArmTemplate =>
            buildOnboardingTemplate(validArgs({ resourceGroups: ["rg-prod"] }) as OnboardingSpec).template;
        const rejects = (mutate: (t: ArmTemplate & Record<string, unknown>) => void, pattern: RegExp): void => {
            const template = fresh() as ArmTemplate & Record<string, unknown>;
            mutate(template);
            assert.match(violations("subscriptionDeploymentTemplate", template), pattern);
        };

        it('the old lower-case scope "outer"', () => {
            rejects((t) => {
                t.resources[1].properties.expressionEvaluationOptions = { scope: "outer" };
            }, /\/resources\/1\/properties\/expressionEvaluationOptions\/scope must be equal to one of the allowed values/);
        });

        it("unknown properties: on the template, a resource, the definition's properties, a nested template", () => {
            rejects((t) => {
                t.output = {};
            }, /must NOT have additional properties/);
            rejects((t) => {
                (t.resources[0] as unknown as Record<string, unknown>).sku = "x";
            }, /\/resources\/0 must NOT have additional properties/);
            rejects((t) => {
                t.resources[0].properties.principalID = "[parameters('x')]";
            }, /\/resources\/0\/properties must NOT have additional properties/);
            rejects((t) => {
                (t.resources[1].properties.template as Record<string, unknown>).parameter = {};
            }, /\/resources\/1\/properties\/template must NOT have additional properties/);
        });

        it("a wrong apiVersion, contentVersion, parameter type, $schema URL, deployment mode or name", () => {
            rejects((t) => {
                t.resources[0].apiVersion = "2019-09-01";
            }, /\/resources\/0\/apiVersion must be equal to one of the allowed values/);
            rejects((t) => {
                t.contentVersion = "1.0";
            }, /\/contentVersion must match pattern/);
            rejects((t) => {
                (t.parameters!.mspOfferName as { type: string }).type = "boolean";
            }, /\/parameters\/mspOfferName\/type must be equal to one of the allowed values/);
            rejects((t) => {
                t.$schema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
            }, /\/\$schema must be equal to one of the allowed values/);
            rejects((t) => {
                t.resources[1].properties.mode = "incremental";
            }, /\/resources\/1\/properties\/mode must be equal to one of the allowed values/);
            rejects((t) => {
                t.resources[1].name = "lighthouse pec/assignment";
            }, /\/resources\/1\/name must match pattern/);
        });

        it("deployed values: a misspelt key, an MFA provider outside the enum, a non-GUID delegated role, an incomplete plan; and a parameters-file entry with extras", () => {
            assert.match(
                violations("authorization", {
                    principalId: ids.engineer,
                    principalID: ids.engineer,
                    roleDefinitionId: "x",
                }),
                /must NOT have additional properties/,
            );
            assert.match(
                violations("justInTimeAccessPolicy", { multiFactorAuthProvider: "azure" }),
                /must be equal to one of the allowed values/,
            );
            assert.match(
                violations("justInTimeAccessPolicy", { maximumActivationDuration: "PT8H" }),
                /must have required property 'multiFactorAuthProvider'/,
            );
            assert.match(
                violations("authorization", {
                    principalId: "p",
                    roleDefinitionId: "r",
                    delegatedRoleDefinitionIds: ["Contributor"],
                }),
                /must match pattern/,
            );
            assert.match(
                violations("plan", { name: "gold", publisher: "contoso" }),
                /must have required property 'product'/,
            );
            assert.match(
                violations("deploymentParametersFile", {
                    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
                    contentVersion: "1.0.0.0",
                    parameters: { a: { value: 1, defaultValue: 1 } },
                }),
                /\/parameters\/a must NOT have additional properties/,
            );
        });
    });
});
