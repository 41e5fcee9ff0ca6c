// The management-group policy's existence condition, evaluated against registration definitions as Azure holds
// them: which drift makes a subscription non-compliant (and so redeployed by a remediation), and which does not.
import { strict as assert } from "node:assert";
import { CustomerDelegationArgs } from "../../../components";
import type { ArmTemplate } from "../../../core/delegation/armTemplate";
import {
    buildDelegationPolicy,
    delegationPolicyFindings,
    ManagementGroupDelegationSpec,
    MAX_POLICY_PAIRS,
} from "../../../core/delegation/managementGroupPolicy";
import type { RegistrationDefinitionProperties } from "../../../core/delegation/properties";
import { WellKnownRoles } from "../../../core/roles";
import { deployTemplate } from "../../kit/armTemplate";
import { ids, validArgs } from "../../kit/fixtures";
import { policyRuleLimits, PolicyResource, satisfies } from "../../kit/policyCondition";

const DEFINITION = "Microsoft.ManagedServices/registrationDefinitions";

/** Permanent Reader for the engineer, and the engineer eligible for Contributor and Virtual Machine Contributor. */
const withJit: Partial<CustomerDelegationArgs> = {
    authorizations: [
        ...validArgs().authorizations,
        { principalId: ids.engineer, role: "Reader", displayName: "On-call" },
    ],
    eligibleAuthorizations: [
        { principalId: ids.engineer, role: "Contributor", displayName: "On-call" },
        { principalId: ids.approver, role: "Virtual Machine Contributor", displayName: "Leads" },
    ],
};

function mgSpec(overrides: Partial<CustomerDelegationArgs> = {}): ManagementGroupDelegationSpec {
    const { subscriptionId: _subscription, ...rest } = validArgs(overrides);
    return rest as ManagementGroupDelegationSpec;
}

interface Details {
    existenceCondition: Record<string, unknown>;
    deployment: { properties: { template: ArmTemplate } };
}

function detailsOf(spec: ManagementGroupDelegationSpec): Details {
    return (buildDelegationPolicy(spec).policyRule as { then: { details: Details } }).then.details;
}

/** The registration definition the policy's own deployment creates in a subscription. */
function deployedDefinition(spec: ManagementGroupDelegationSpec): PolicyResource {
    const deployed = deployTemplate(detailsOf(spec).deployment.properties.template, undefined, ids.subscription);
    const definition = deployed.find((d) => d.type === DEFINITION)!;
    return { name: definition.name, type: DEFINITION, properties: definition.properties };
}

type Edit = (properties: RegistrationDefinitionProperties) => void;

function edited(resource: PolicyResource, edit: Edit): PolicyResource {
    const properties = structuredClone(resource.properties) as unknown as RegistrationDefinitionProperties;
    edit(properties);
    return { ...resource, properties: properties as unknown as Record<string, unknown> };
}

describe("the management-group policy's existence condition", () => {
    const spec = mgSpec(withJit);
    const condition = detailsOf(spec).existenceCondition;
    const deployed = deployedDefinition(spec);

    it("accepts exactly what its deployment creates (else every evaluation would redeploy it)", () => {
        assert.ok(satisfies(condition, deployed));
        assert.ok(satisfies(detailsOf(mgSpec()).existenceCondition, deployedDefinition(mgSpec())), "without JIT");
    });

    const drift: Record<string, Edit> = {
        "a changed eligible principal": (p) => {
            p.eligibleAuthorizations![0].principalId = ids.adminGroup;
        },
        "a changed eligible role": (p) => {
            p.eligibleAuthorizations![0].roleDefinitionId = WellKnownRoles.reader;
        },
        "two eligible authorizations that swapped roles": (p) => {
            const [a, b] = p.eligibleAuthorizations!;
            [a.roleDefinitionId, b.roleDefinitionId] = [b.roleDefinitionId, a.roleDefinitionId];
        },
        "an extra eligible authorization": (p) => {
            p.eligibleAuthorizations!.push({ ...p.eligibleAuthorizations![0], principalId: ids.adminGroup });
        },
        "a removed eligible authorization": (p) => {
            p.eligibleAuthorizations!.pop();
        },
        "no eligible authorizations at all": (p) => {
            delete p.eligibleAuthorizations;
        },
        "a changed permanent role": (p) => {
            p.authorizations[0].roleDefinitionId = WellKnownRoles.reader;
        },
        "a changed permanent principal": (p) => {
            p.authorizations[1].principalId = ids.approver;
        },
        "two permanent authorizations that swapped principals": (p) => {
            const [a, b] = p.authorizations;
            [a.principalId, b.principalId] = [b.principalId, a.principalId];
        },
        "an extra permanent authorization": (p) => {
            p.authorizations.push({ principalId: ids.approver, roleDefinitionId: WellKnownRoles.reader });
        },
        "a removed permanent authorization": (p) => {
            p.authorizations.pop();
        },
        "another managing tenant": (p) => {
            p.managedByTenantId = ids.approver;
        },
    };
    for (const [what, edit] of Object.entries(drift)) {
        it(`is not satisfied by ${what} (non-compliant: a remediation redeploys the configured list)`, () => {
            assert.equal(satisfies(condition, edited(deployed, edit)), false);
        });
    }

    it("counting eligible authorizations alone (the condition before issue 17) missed a changed eligible principal", () => {
        const counts = {
            allOf: (condition.allOf as Record<string, unknown>[]).filter(
                (c) => !(c.count as { value?: unknown } | undefined)?.value,
            ),
        };
        const changed = edited(deployed, drift["a changed eligible principal"]);
        assert.ok(satisfies(counts, changed), "the counts still match");
        assert.equal(satisfies(condition, changed), false, "the principal–role pairs do not");
    });

    const notCompared: Record<string, Edit> = {
        "renamed display names": (p) => {
            p.authorizations[0].principalIdDisplayName = "[Renamed]";
            p.eligibleAuthorizations![0].principalIdDisplayName = "Renamed";
        },
        "another just-in-time policy": (p) => {
            p.eligibleAuthorizations![0].justInTimeAccessPolicy.maximumActivationDuration = "PT1H";
        },
        "another description": (p) => {
            p.description = "edited in the portal";
        },
        "the same authorizations in another order, and GUIDs in upper case": (p) => {
            p.authorizations.reverse();
            p.eligibleAuthorizations![0].principalId = p.eligibleAuthorizations![0].principalId.toUpperCase();
        },
    };
    for (const [what, edit] of Object.entries(notCompared)) {
        it(`is still satisfied by ${what} (docs/management-groups.md lists what is not compared)`, () => {
            assert.ok(satisfies(condition, edited(deployed, edit)));
        });
    }

    it("stays within Azure Policy's authoring limits however many authorizations there are", () => {
        const many = Array.from({ length: 60 }, (_, i) => ({
            principalId: `${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`,
            role: "Reader",
        }));
        const big = mgSpec({ authorizations: [...validArgs().authorizations, ...many] });
        const limits = policyRuleLimits(detailsOf(big).existenceCondition);
        for (const [array, count] of Object.entries(limits.fieldCountsPerArray)) {
            assert.ok(count <= 5, `${array}: ${count} field count expressions (limit 5)`);
        }
        assert.ok(limits.valueCounts <= 10, `${limits.valueCounts} value counts (limit 10)`);
        assert.ok(limits.conditions <= 128, `${limits.conditions} conditions in the existence condition (limit 128)`);
        assert.ok(satisfies(detailsOf(big).existenceCondition, deployedDefinition(big)));
    });

    it(`refuses more than ${MAX_POLICY_PAIRS} principal–role pairs in one array, naming the field, value and fix`, () => {
        const principals = (n: number) =>
            Array.from({ length: n }, (_, i) => ({
                principalId: `${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`,
                role: "Reader",
            }));
        assert.deepEqual(delegationPolicyFindings(mgSpec({ authorizations: principals(MAX_POLICY_PAIRS - 1) })), []);
        const [finding, ...rest] = delegationPolicyFindings(mgSpec({ authorizations: principals(MAX_POLICY_PAIRS) }));
        assert.deepEqual(rest, []);
        assert.equal(finding.severity, "error");
        assert.equal(finding.field, "authorizations");
        assert.equal(finding.value, MAX_POLICY_PAIRS + 1, "the automation account's pair too");
        assert.match(finding.fix, /security groups/);
    });
});
