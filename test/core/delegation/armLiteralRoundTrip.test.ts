// Property: whatever text a partner gives as offer name, description, display names or plan, ARM deploys exactly
// that text from every template we write: the subscription, rg, multi-rg and lighthouse-pec shapes (template
// defaults and parameters file), and the management group's policy (its template evaluated by ARM, then the
// policy's deployment evaluated again), whose existence condition then accepts what it deployed.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { armGuid, CustomerDelegationArgs, validateDelegation } from "../../../components";
import { buildOnboardingTemplate, OnboardingSpec } from "../../../core/delegation/armTemplate";
import { buildDelegationPolicy, ManagementGroupDelegationSpec } from "../../../core/delegation/managementGroupPolicy";
import { buildManagementGroupTemplate } from "../../../core/delegation/managementGroupTemplate";
import { delegationNames, OnboardedWith } from "../../../core/delegation/names";
import { buildRegistrationProperties } from "../../../core/delegation/properties";
import { ArmTemplate } from "../../../core/delegation/armTemplate";
import { DeployedResource, deployTemplate, evaluateValue } from "../../kit/armTemplate";
import { armishString } from "../../kit/armStrings";
import { ids, validArgs } from "../../kit/fixtures";
import { satisfies } from "../../kit/policyCondition";

const RUNS = { numRuns: 60, seed: 1717 };
const DEFINITION = "Microsoft.ManagedServices/registrationDefinitions";
const MG = "contoso-landing-zones";

/** The user's text of one delegation. */
interface UserText {
    offerName: string;
    offerDescription: string;
    adminsName: string;
    automationName: string;
    eligibleName: string;
    approverName: string;
    plan?: { name: string; publisher: string; product: string; version: string };
}

const nonEmpty = armishString.filter((s) => s.trim() !== "");
const userText: fc.Arbitrary<UserText> = fc
    .record(
        {
            offerName: nonEmpty,
            offerDescription: armishString,
            adminsName: armishString,
            automationName: armishString,
            eligibleName: armishString,
            approverName: armishString,
            plan: fc
                .record({ name: nonEmpty, publisher: nonEmpty, product: nonEmpty, version: nonEmpty })
                .map((plan) => ({ ...plan })),
        },
        {
            requiredKeys: [
                "offerName",
                "offerDescription",
                "adminsName",
                "automationName",
                "eligibleName",
                "approverName",
            ],
        },
    )
    .map((text) => ({ ...text }));

function argsWith(text: UserText, overrides: Partial<CustomerDelegationArgs> = {}): CustomerDelegationArgs {
    const args = validArgs({
        offerName: text.offerName,
        offerDescription: text.offerDescription,
        authorizations: [
            { principalId: ids.adminGroup, role: "Reader", displayName: text.adminsName },
            {
                principalId: ids.adminGroup,
                role: "Managed Services Registration assignment Delete Role",
                displayName: text.adminsName,
            },
            { principalId: ids.engineer, role: "Reader", displayName: text.eligibleName },
        ],
        automationAccount: { principalId: ids.automation, displayName: text.automationName },
        eligibleAuthorizations: [
            {
                principalId: ids.engineer,
                role: "Contributor",
                displayName: text.eligibleName,
                justInTimeAccessPolicy: {
                    managedByTenantApprovers: [{ principalId: ids.approver, displayName: text.approverName }],
                },
            },
        ],
        ...(text.plan ? { plan: text.plan } : {}),
        ...overrides,
    });
    assert.deepEqual(
        validateDelegation(args as never).filter((f) => f.severity === "error"),
        [],
        "the generated config is valid",
    );
    return args;
}

/** Checks what the template deploys against the builders CustomerDelegation registers from. */
function assertDeploysExactly(deployed: DeployedResource[], spec: OnboardingSpec, label: string): void {
    const names = delegationNames(spec.offerName, spec.resourceGroups, spec.names, spec.onboardedWith);
    const definitions = deployed.filter((d) => d.type === DEFINITION);
    assert.deepEqual(
        definitions.map((d) => d.name),
        names.definitions.map((d) => d.name),
        `${label}: definition names are guid() of the literal names`,
    );
    for (const definition of definitions) {
        assert.deepEqual(definition.properties, buildRegistrationProperties(spec), `${label}: properties`);
        assert.deepEqual(definition.plan, spec.plan, `${label}: plan`);
    }
    assert.deepEqual(
        deployed.filter((d) => d.type !== DEFINITION).map((d) => d.name),
        names.assignments.map((a) => a.name),
        `${label}: assignment names`,
    );
}

const subscriptionShapes: Record<string, Partial<CustomerDelegationArgs>> = {
    "lighthouse-pec (subscription)": {},
    "lighthouse-pec (resource groups)": { resourceGroups: ["rg-prod", "Web.Front(1)"] },
    subscription: { onboardedWith: "subscription" as OnboardedWith },
    rg: { onboardedWith: "rg" as OnboardedWith, resourceGroups: ["rg-prod", "rg-dev"] },
    "multi-rg": { onboardedWith: "multi-rg" as OnboardedWith, resourceGroups: ["rg-prod", "rg-dev"] },
};

describe("any user text round-trips through the templates ARM deploys", () => {
    for (const [shape, overrides] of Object.entries(subscriptionShapes)) {
        it(`onboarding template, ${shape}: template defaults and parameters file both deploy the text as given`, () => {
            fc.assert(
                fc.property(userText, (text) => {
                    const spec = argsWith(text, overrides) as OnboardingSpec;
                    const { template, parameters } = buildOnboardingTemplate(spec);
                    assertDeploysExactly(deployTemplate(template, parameters, ids.subscription), spec, "parameters");
                    assertDeploysExactly(deployTemplate(template, undefined, ids.subscription), spec, "defaults");
                    assert.equal(parameters.parameters.mspOfferName.value, text.offerName, "parameters are literal");
                }),
                RUNS,
            );
        });
    }

    it("management-group template: ARM evaluates it, then the policy's deployment; the existence condition accepts the result", () => {
        fc.assert(
            fc.property(userText, fc.boolean(), (text, subscriptionNames) => {
                const { subscriptionId: _s, ...rest } = argsWith(
                    text,
                    subscriptionNames ? { onboardedWith: "subscription" } : {},
                );
                const spec = rest as ManagementGroupDelegationSpec;
                const template = buildManagementGroupTemplate(spec, MG, "westeurope");
                const none = { parameters: {}, variables: {}, subscriptionId: ids.subscription };
                // Layer 1: the customer's `az deployment mg create` stores the policy definition.
                const stored = evaluateValue(template.resources[0].properties, none) as ReturnType<
                    typeof buildDelegationPolicy
                >;
                const policy = buildDelegationPolicy(spec, "westeurope");
                assert.deepEqual(stored, policy, "Azure stores the policy ManagementGroupDelegation registers");
                assert.equal(evaluateValue(template.resources[1].properties.displayName, none), policy.displayName);
                assert.ok(policy.displayName.endsWith(text.offerName), "the display name carries the offer name");
                // Layer 2: the policy deploys its template into a subscription.
                const details = (
                    stored.policyRule as {
                        then: {
                            details: {
                                name: string;
                                existenceCondition: Record<string, unknown>;
                                deployment: { properties: { template: ArmTemplate } };
                            };
                        };
                    }
                ).then.details;
                const deployed = deployTemplate(details.deployment.properties.template, undefined, ids.subscription);
                const full = { ...spec, subscriptionId: ids.subscription } as OnboardingSpec;
                assertDeploysExactly(deployed, full, "policy deployment");
                const definition = deployed.find((d) => d.type === DEFINITION)!;
                assert.equal(definition.name, armGuid(text.offerName));
                assert.equal(evaluateValue(details.name, none), definition.name, "details.name finds it");
                assert.ok(
                    satisfies(details.existenceCondition, {
                        name: definition.name,
                        type: DEFINITION,
                        properties: definition.properties,
                    }),
                    "the deployed definition is compliant, so the policy does not redeploy it for ever",
                );
            }),
            RUNS,
        );
    });
});
