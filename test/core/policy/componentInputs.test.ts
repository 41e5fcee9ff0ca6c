import { strict as assert } from "node:assert";
import {
    checkDefinition,
    CUSTOMER_DELEGATION_TYPE,
    DefinitionModel,
    formatViolation,
    PolicyViolation,
    readLighthouseResource,
} from "../../../core/policy";
import { readComponentInputs } from "../../../core/policy/componentInputs";
import { UNKNOWN_SENTINEL } from "../../../core/validation";

const TENANT = "22222222-2222-4222-8222-222222222222";
const SUBSCRIPTION_ID = "11111111-1111-4111-8111-111111111111";
const PAL = "33333333-3333-4333-8333-333333333333";
const ADMINS = "44444444-4444-4444-8444-444444444444";
const ENGINEER = "55555555-5555-4555-8555-555555555555";

type Props = Record<string, unknown>;

/** Inputs a YAML or Python program could give a CustomerDelegation: valid, and warning-free for the pack. */
function valid(): Props {
    return {
        offerName: "Contoso Managed Services",
        managedByTenantId: TENANT,
        subscriptionId: SUBSCRIPTION_ID,
        resourceGroups: ["rg-prod"],
        authorizations: [
            { principalId: ADMINS, role: "Reader", displayName: "Admins" },
            { principalId: ADMINS, role: "Managed Services Registration assignment Delete Role" },
            { principalId: ENGINEER, role: "Reader" },
        ],
        eligibleAuthorizations: [
            {
                principalId: ENGINEER,
                role: "Contributor",
                justInTimeAccessPolicy: {
                    multiFactorAuthProvider: "Azure",
                    maximumActivationDuration: "PT4H",
                    managedByTenantApprovers: [{ principalId: ADMINS, displayName: "Admins" }],
                },
            },
        ],
        automationAccount: { principalId: PAL, role: "Contributor" },
        plan: { name: "gold", publisher: "contoso", product: "managed", version: "1.0.0" },
    };
}

/** A copy of `props` with the value at `path` (keys and indexes) replaced. */
function withValue(props: Props, path: (string | number)[], value: unknown): Props {
    const copy = JSON.parse(JSON.stringify(props)) as Props;
    let at: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    at[path[path.length - 1]] = value;
    return copy;
}

function check(props: Props): PolicyViolation[] {
    const resource = readLighthouseResource(CUSTOMER_DELEGATION_TYPE, props);
    assert.equal(resource?.what, "definition");
    return checkDefinition((resource as { model: DefinitionModel }).model, { pecPrincipalIds: [PAL] });
}

/** Every place a value sits in the valid inputs, as a path. */
function paths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
    if (Array.isArray(value)) return [path, ...value.flatMap((v, i) => paths(v, [...path, i]))];
    if (typeof value === "object" && value !== null)
        return [path, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...path, k]))];
    return [path];
}

const HOSTILE: unknown[] = [42, "text", true, null, [], ["x", 1], {}, { unexpected: 1 }];

describe("policy pack: CustomerDelegation inputs of any shape (YAML, Python)", () => {
    it("the valid inputs pass, so a violation below is the hostile value's", () => {
        assert.deepEqual(check(valid()), []);
    });

    it("reports the reported crashes as one violation each, naming field, value and fix", () => {
        const cases: [(string | number)[], unknown, string, RegExp][] = [
            [["resourceGroups"], "rg-prod", "resourceGroups", /"rg-prod": must be a list of resource group names/],
            [["automationAccount", "role"], 42, "automationAccount.role", /42: must be a string \(built-in role/],
            [["authorizations", 0, "role"], { name: "Reader" }, "authorizations[0].role", /must be a string/],
            [
                ["eligibleAuthorizations", 0, "justInTimeAccessPolicy", "managedByTenantApprovers"],
                "x",
                "eligibleAuthorizations[0].justInTimeAccessPolicy.managedByTenantApprovers",
                /"x": must be a list of approvers/,
            ],
            [["eligibleAuthorizations"], { principalId: ENGINEER }, "eligibleAuthorizations", /must be a list/],
            [["authorizations", 1], "Reader", "authorizations[1]", /must be an object with principalId, role/],
        ];
        for (const [path, value, field, message] of cases) {
            const violations = check(withValue(valid(), path, value));
            assert.deepEqual(
                violations.map((v) => [v.policy, v.field]),
                [["lighthouse-definition-rules", field]],
                `${field} = ${JSON.stringify(value)}`,
            );
            assert.match(violations[0].message, message);
            assert.match(formatViolation(violations[0]), /\. Fix: \S/);
        }
        assert.deepEqual(
            check({ ...valid(), resourceGroup: ["rg"], subscriptionId: undefined }).map((v) => v.field),
            ["resourceGroup", "subscriptionId"],
            "an unknown key and a missing required key: one violation each",
        );
    });

    it("never throws, whatever value any input has (bounded: every place × eight hostile values)", () => {
        let runs = 0;
        for (const path of paths(valid()).filter((p) => p.length > 0)) {
            for (const value of HOSTILE) {
                const props = withValue(valid(), path, value);
                let violations: PolicyViolation[] = [];
                assert.doesNotThrow(() => (violations = check(props)), `${path.join(".")} = ${JSON.stringify(value)}`);
                for (const v of violations) assert.ok(v.field && v.message && v.fix, JSON.stringify(v));
                runs++;
            }
        }
        assert.ok(runs > 200, `${runs} combinations`);
    });

    it("reports nothing for a value not known yet (preview), wherever it is, list or object included", () => {
        for (const path of paths(valid()).filter((p) => p.length > 0)) {
            const violations = check(withValue(valid(), path, UNKNOWN_SENTINEL));
            assert.deepEqual(
                violations.map((v) => `${v.field}: ${v.message}`),
                [],
                `${path.join(".")} not known yet`,
            );
        }
    });

    it("reads every key of the schema into the model as given, none listed by hand (issue 19)", () => {
        const props = {
            ...valid(),
            offerDescription: "Azure management by Contoso",
            previewAccount: { principalId: ENGINEER, displayName: "Previews" },
            names: { registrationDefinition: SUBSCRIPTION_ID, resourceGroupAssignments: { "rg-prod": TENANT } },
            adopt: true,
            onboardedWith: "rg",
        };
        const inputs = readComponentInputs(props);
        assert.ok("spec" in inputs, JSON.stringify(inputs));
        assert.deepEqual(inputs.spec, props);
    });

    it("a value of the wrong type that holds a value not known yet is not known yet either (no misleading violation)", () => {
        for (const [path, value] of [
            [["offerName"], [UNKNOWN_SENTINEL]],
            [["authorizations", 0, "role"], { name: UNKNOWN_SENTINEL }],
            [
                ["resourceGroups", 0],
                [UNKNOWN_SENTINEL, UNKNOWN_SENTINEL],
            ],
        ] as const) {
            assert.deepEqual(
                check(withValue(valid(), [...path], value)),
                [],
                `${path.join(".")} = ${JSON.stringify(value)}`,
            );
        }
    });

    it("still applies the rules once the shape is right", () => {
        const owner = withValue(valid(), ["authorizations", 0, "role"], "Owner");
        assert.deepEqual(
            check(owner).map((v) => v.policy),
            ["lighthouse-no-owner"],
        );
    });
});
