import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import { CustomerDelegationArgs } from "../../../components";
import { ManagementGroupDelegationSpec } from "../../../core/delegation/managementGroupPolicy";
import {
    buildManagementGroupTemplate,
    ManagementGroupTemplate,
} from "../../../core/delegation/managementGroupTemplate";
import { ids, validArgs } from "../../kit/fixtures";

/**
 * The management-group template validates against the constraints of Microsoft's published ARM schemas, restated
 * in test/fixtures/arm-schemas/management-group-policy.schema.json (its `source` names the files and commits).
 */
const schema = JSON.parse(
    readFileSync(join(__dirname, "..", "..", "fixtures", "arm-schemas", "management-group-policy.schema.json"), "utf8"),
) as { source: { repository: string; files: { path: string; commit: string }[] } };
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
ajv.addVocabulary(["source"]);
ajv.addSchema(schema, "mg");

function violations(value: unknown): string {
    const validate = ajv.getSchema("mg#/definitions/managementGroupDeploymentTemplate")!;
    return validate(value) ? "" : ajv.errorsText(validate.errors, { separator: "\n" });
}

function template(overrides: Partial<CustomerDelegationArgs> = {}): ManagementGroupTemplate {
    const { subscriptionId: _s, ...spec } = validArgs(overrides);
    return buildManagementGroupTemplate(spec as ManagementGroupDelegationSpec, "contoso-landing-zones");
}

describe("the management-group template validates against Microsoft's published ARM schemas (restated fixture)", () => {
    it("the fixture cites its sources with commits", () => {
        assert.equal(schema.source.repository, "https://github.com/Azure/azure-resource-manager-schemas");
        for (const file of schema.source.files) {
            assert.match(file.commit, /^[0-9a-f]{40}$/, file.path);
        }
    });

    for (const [shape, overrides] of Object.entries({
        "the usual delegation": {},
        "JIT and a plan": {
            authorizations: [...validArgs().authorizations, { principalId: ids.engineer, role: "Reader" }],
            eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor" }],
            plan: { name: "gold", publisher: "contoso", product: "managed-azure", version: "1.0.0" },
        },
    } satisfies Record<string, Partial<CustomerDelegationArgs>>)) {
        it(`is valid: ${shape}`, () => {
            assert.equal(violations(template(overrides)), "");
        });
    }

    it("rejects what the schemas reject (not a rubber stamp)", () => {
        const mutated = (mutate: (t: ManagementGroupTemplate & Record<string, unknown>) => void): string => {
            const t = template() as ManagementGroupTemplate & Record<string, unknown>;
            mutate(t);
            return violations(t);
        };
        assert.match(
            mutated((t) => {
                t.$schema =
                    "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#";
            }),
            /\$schema must be equal to one of the allowed values/,
        );
        assert.match(
            mutated((t) => {
                t.resources[1].name = "lighthouse-pec-policy-assignment-too-long";
            }),
            /resources\/1/,
        );
        assert.match(
            mutated((t) => {
                t.resources[2].properties.principalType = "App";
            }),
            /resources\/2/,
        );
        assert.match(
            mutated((t) => {
                t.resources[0].properties.policyRules = {};
            }),
            /resources\/0/,
        );
    });
});
