// Property: whatever JSON a user puts in a stack config or an arguments file, the loaders answer with a
// ConfigurationError or with values the Lighthouse rules can check without crashing.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { ConfigurationError, DelegationSpec, validateDelegation } from "../../../components";
import { CUSTOMER_CONFIG_FIELDS } from "../../../core/validation";
import { parseDelegationFile } from "../../../cli/delegationConfig";
import { ConfigReader } from "../../../program/config";
import { readCustomerConfig } from "../../../program/customerConfig";
import { ids, validArgs } from "../../kit/fixtures";

const RUNS = { numRuns: 200, seed: 9006 };
const KEYS = Object.keys(CUSTOMER_CONFIG_FIELDS);
const NESTED_KEYS = [
    "principalId",
    "principalID",
    "role",
    "displayName",
    "delegatedRoles",
    "justInTimeAccessPolicy",
    "multiFactorAuthProvider",
    "maximumActivationDuration",
    "managedByTenantApprovers",
    "name",
    "publisher",
    "product",
    "version",
    "registrationDefinition",
    "resourceGroupAssignments",
    "__proto__",
    "constructor",
    "toString",
];

/** JSON values, biased towards the shapes the schema expects (objects with its keys, GUIDs, role names). */
const plausible: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
        { depthSize: "small" },
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom(
            ids.adminGroup,
            ids.automation,
            "Reader",
            "Owner",
            "Contributor",
            "PT4H",
            "Azure",
            "rg-prod",
            "true",
            "",
            "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        ),
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom(...NESTED_KEYS), tie("value"), { maxKeys: 4 }),
    ),
})).value;

const VALID_CONFIG: Record<string, unknown> = {
    "lighthouse-pec:offerName": "Contoso Managed Services",
    "lighthouse-pec:subscriptionId": ids.subscription,
    "lighthouse-pec:managedByTenantId": ids.partnerTenant,
    "lighthouse-pec:automationAccount": { principalId: ids.automation },
    "lighthouse-pec:authorizations": [{ principalId: ids.adminGroup, role: "Reader" }],
};

/** A valid authorization with a few of its keys replaced or added. */
const entry = fc
    .dictionary(fc.constantFrom(...NESTED_KEYS), plausible, { maxKeys: 2 })
    .map((changes) => ({ principalId: ids.engineer, role: "Contributor", ...changes }));

/** Top-level changes: any value for any key, or lists of nearly valid authorizations. */
function changes(keys: fc.Arbitrary<string>, listKeys: string[]) {
    return fc.oneof(
        fc.dictionary(keys, plausible, { maxKeys: 3 }),
        fc
            .tuple(fc.constantFrom(...listKeys), fc.array(entry, { minLength: 1, maxLength: 2 }))
            .map(([key, list]) => ({ [key]: list })),
    );
}

/** A valid stack config with a few keys replaced or added: most runs get past the required keys. */
const stackConfig = changes(
    fc.oneof(
        fc.constantFrom(
            ...KEYS.map((k) => `lighthouse-pec:${k}`),
            "first-customer:offerName",
            "azure-native:location",
            "lighthouse-pec:resourceGroup",
        ),
        fc.string({ maxLength: 12 }),
    ),
    ["lighthouse-pec:authorizations", "lighthouse-pec:eligibleAuthorizations"],
).map((c) => ({ ...VALID_CONFIG, ...c }));

/** A valid arguments file with a few keys replaced or added. */
const argsFile = changes(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 })), [
    "authorizations",
    "eligibleAuthorizations",
]).map((c) => ({ ...validArgs(), ...c }));

function onlyConfigurationErrors(fn: () => void): void {
    try {
        fn();
    } catch (err) {
        if (!(err instanceof ConfigurationError)) {
            throw err;
        }
    }
}

describe("strict configuration: the loaders never crash on arbitrary JSON (fast-check)", () => {
    it("readCustomerConfig: a ConfigurationError, or values validateDelegation can check", () => {
        fc.assert(
            fc.property(stackConfig, (config) => {
                const read: ConfigReader = (key) => config[`lighthouse-pec:${key}`];
                read.allKeys = () => Object.keys(config);
                onlyConfigurationErrors(() => {
                    const stack = readCustomerConfig(read);
                    validateDelegation({
                        ...stack,
                        automationAccount: {
                            ...stack.automationAccount,
                            principalId: stack.automationAccount?.principalId ?? ids.automation,
                        },
                    } as DelegationSpec);
                });
            }),
            RUNS,
        );
    });

    it("parseDelegationFile: a ConfigurationError, or a spec validateDelegation can check (stack files, argument files, anything)", () => {
        const document = fc.oneof(
            stackConfig.map((config) => ({ config }) as unknown),
            argsFile,
            fc.jsonValue({ maxDepth: 3 }),
            fc.record({ config: plausible }),
        );
        fc.assert(
            fc.property(document, fc.boolean(), (doc, namesOnly) => {
                onlyConfigurationErrors(() => {
                    const loaded = parseDelegationFile(JSON.stringify(doc), "Pulumi.customer-x.yaml", {
                        namesOnly,
                        automationPrincipalId: namesOnly ? undefined : ids.automation,
                    });
                    validateDelegation(loaded.spec);
                });
            }),
            RUNS,
        );
        fc.assert(
            fc.property(fc.string({ maxLength: 40 }), (text) =>
                onlyConfigurationErrors(() => parseDelegationFile(text, "x.yaml")),
            ),
            RUNS,
        );
    });

    it("the reported failures are among what the property covers", () => {
        const config = {
            ...VALID_CONFIG,
            "lighthouse-pec:authorizations": [{ principalId: ids.adminGroup, role: 42 }],
        };
        assert.throws(() => parseDelegationFile(JSON.stringify({ config }), "p.yaml"), ConfigurationError);
        assert.throws(
            () => parseDelegationFile(JSON.stringify({ ...validArgs(), resourceGroups: "rg-prod" }), "p.json"),
            ConfigurationError,
        );
    });
});
