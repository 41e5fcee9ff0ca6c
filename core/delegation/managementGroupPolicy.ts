import { armGuid } from "../armGuid";
import type { DelegationSpec } from "../validation/delegationSpec";
import type { Finding } from "../validation/findings";
import { armLiteral } from "./armLiteral";
import { ArmTemplate, buildOnboardingTemplate } from "./armTemplate";
import { delegationNames } from "./names";
import { buildRegistrationProperties, RegistrationDefinitionProperties } from "./properties";

const DEFINITION_TYPE = "Microsoft.ManagedServices/registrationDefinitions";
const ALIAS = DEFINITION_TYPE;

/**
 * Roles the policy assignment's managed identity holds at the management group, so that its deployments can
 * create a delegation in every subscription below it. Creating a registration assignment needs
 * `Microsoft.Authorization/roleAssignments/write` (learn: lighthouse/how-to/onboard-customer, "a role with the
 * Microsoft.Authorization/roleAssignments/write permission, such as Owner"); the registration resources and the
 * deployment need `Microsoft.ManagedServices/*` and `Microsoft.Resources/deployments/*` writes. No built-in role
 * other than Owner has all of them (test/core/delegation/managementGroupPolicy.test.ts checks the catalogue), so
 * the pair is Contributor (everything but Microsoft.Authorization writes) plus Role Based Access Control
 * Administrator (role assignment writes). Without a condition on the latter this is Owner in effect: see
 * {@link POLICY_IDENTITY_ESCALATION}.
 */
export const POLICY_IDENTITY_ROLES = {
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    roleBasedAccessControlAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
} as const;

/**
 * What the policy identity's roles allow beyond the delegation, said plainly (docs/management-groups.md and
 * `template --management-group` print it). No condition restricts the role assignments it may write: Microsoft
 * documents conditions that constrain `roleAssignments/write` requests by role, principal and principal type
 * (Learn, "Delegate Azure role assignment management to others with conditions"), but a Lighthouse onboarding is a
 * `Microsoft.ManagedServices` write that needs the `roleAssignments/write` permission (Learn, "Onboard a customer to
 * Azure Lighthouse"), and no published source says a conditioned grant satisfies that check.
 */
export const POLICY_IDENTITY_ESCALATION =
    "The policy assignment's managed identity holds Contributor and Role Based Access Control Administrator at the management group, with no condition: together they can assign any role, Owner included, to any principal (itself too) on every subscription below the group. Treat the identity, and anyone who can change this policy definition or assignment or start a remediation, as an Owner of the group.";

/** Where the policy's subscription-level deployments are recorded, unless told otherwise (Microsoft's sample uses it). */
export const DEFAULT_POLICY_LOCATION = "westeurope";

/** A delegation of every subscription in a management group: the customer delegation minus subscription and resource groups. */
export type ManagementGroupDelegationSpec = Omit<DelegationSpec, "subscriptionId" | "resourceGroups" | "adopt">;

/** A `Microsoft.Authorization/policyDefinitions` resource's properties, as this project writes them. */
export interface DelegationPolicyDefinition {
    displayName: string;
    description: string;
    mode: "All";
    policyType: "Custom";
    metadata: Record<string, unknown>;
    policyRule: Record<string, unknown>;
}

/** The Azure names of the management-group resources (all deterministic from the offer name). */
export interface ManagementGroupPolicyNames {
    /** The policy definition's name at the management group. */
    policyDefinition: string;
    /** The policy assignment's name (at most 24 characters, Azure's limit at management-group scope). */
    policyAssignment: string;
}

/** Deterministic names: `lighthouse-pec-guid(offerName)` for the definition, a 24-character prefix of it for the assignment. */
export function managementGroupPolicyNames(offerName: string): ManagementGroupPolicyNames {
    const offer = armGuid(offerName);
    return {
        policyDefinition: `lighthouse-pec-${offer}`,
        policyAssignment: `lhpec-${offer.replace(/-/g, "").slice(0, 18)}`,
    };
}

/**
 * A literal in a policy rule. Azure Policy's expressions are ARM template expressions (Learn, "Azure Policy
 * definition structure policy rule", Policy functions), so a value that starts with `[` and ends with `]` would be
 * read as one: {@link armLiteral} escapes exactly those.
 */
function policyLiteral(value: string): string {
    return armLiteral(value);
}

function equalsField(alias: string, value: string): Record<string, unknown> {
    return { field: alias, equals: policyLiteral(value) };
}

/** The principal–role pairs of an authorization list, each once, in order. */
function distinctPairs(list: { principalId: string; roleDefinitionId: string }[]): PrincipalRolePair[] {
    const pairs = new Map<string, PrincipalRolePair>();
    for (const { principalId, roleDefinitionId } of list) {
        // A principal not known yet (an Output still unresolved) counts once per role.
        pairs.set(`${String(principalId).toLowerCase()}|${String(roleDefinitionId).toLowerCase()}`, {
            principalId,
            roleDefinitionId,
        });
    }
    return [...pairs.values()];
}

/** A principal and the role it holds, as a registration definition lists them. */
interface PrincipalRolePair {
    principalId: string;
    roleDefinitionId: string;
}

/**
 * The conditions on one authorization array (`authorizations` or `eligibleAuthorizations`): as many entries as
 * configured, and every configured principal–role pair among them. The pairs are a literal array walked by a
 * `value count` whose `where` is one `field count` over the array (Learn, "Azure Policy definition structure policy
 * rule", Count: "Check that all the reserved NSG rules are defined"), so the rule stays within Azure Policy's
 * limits whatever the number of pairs: two `field count` expressions per array (limit 5), one `value count` per
 * array (limit 10 per rule, 100 iterations), and a fixed number of conditions in the existence condition (limit 128).
 */
function authorizationConditions(
    array: "authorizations" | "eligibleAuthorizations",
    list: { principalId: string; roleDefinitionId: string }[],
): Record<string, unknown>[] {
    const field = `${ALIAS}/${array}[*]`;
    const pairs = distinctPairs(list);
    const total = { count: { field }, equals: list.length };
    if (pairs.length === 0) {
        return [total];
    }
    const current = array === "authorizations" ? "authorization" : "eligibleAuthorization";
    return [
        total,
        {
            count: {
                value: pairs.map((p) => ({
                    principalId: policyLiteral(p.principalId),
                    roleDefinitionId: policyLiteral(p.roleDefinitionId),
                })),
                name: current,
                where: {
                    count: {
                        field,
                        where: {
                            allOf: [
                                { field: `${field}.principalId`, equals: `[current('${current}').principalId]` },
                                {
                                    field: `${field}.roleDefinitionId`,
                                    equals: `[current('${current}').roleDefinitionId]`,
                                },
                            ],
                        },
                    },
                    greater: 0,
                },
            },
            equals: pairs.length,
        },
    ];
}

/** The most principal–role pairs one array may have: Azure Policy's limit on a `value count`'s iterations. */
export const MAX_POLICY_PAIRS = 100;

/**
 * What the management-group policy adds to the delegation's own validation: each authorization array may have at
 * most {@link MAX_POLICY_PAIRS} distinct principal–role pairs, or Azure refuses the policy definition (its existence
 * condition walks them in a `value count`, limited to 100 iterations when the definition is created).
 *
 * @param spec The delegation, every value known.
 */
export function delegationPolicyFindings(spec: ManagementGroupDelegationSpec): Finding[] {
    const properties = buildRegistrationProperties(spec);
    return (["authorizations", "eligibleAuthorizations"] as const)
        .map((array) => ({ array, count: distinctPairs(properties[array] ?? []).length }))
        .filter(({ count }) => count > MAX_POLICY_PAIRS)
        .map(({ array, count }) => ({
            severity: "error" as const,
            field: array,
            value: count,
            message: `${count} distinct principal–role pairs; the management-group policy compares at most ${MAX_POLICY_PAIRS} (Azure Policy's limit on a value count)`,
            fix: "grant roles to security groups instead of listing many principals, or delegate subscriptions one by one with CustomerDelegation",
        }));
}

/**
 * The existence condition: a registration definition with the deterministic name, the managing tenant, and
 * exactly the configured permanent and eligible authorizations: in each array, as many entries as configured and
 * every configured principal–role pair present (so, with no duplicates, the same set of pairs). A changed list, a
 * changed principal or a changed role therefore shows as non-compliant (Microsoft's sample checks the tenant only).
 * Not compared: display names, `delegatedRoleDefinitionIds`, the eligible authorizations' just-in-time policies,
 * the offer's description and plan. Aliases (`az provider show --namespace Microsoft.ManagedServices --expand
 * "resourceTypes/aliases"`): `…/managedByTenantId`, `…/authorizations[*]`, `…/authorizations[*].principalId`,
 * `…/authorizations[*].roleDefinitionId`, `…/eligibleAuthorizations[*]`, `…/eligibleAuthorizations[*].principalId`
 * and `…/eligibleAuthorizations[*].roleDefinitionId`.
 */
function existenceCondition(name: string, properties: RegistrationDefinitionProperties): Record<string, unknown> {
    return {
        allOf: [
            equalsField("name", name),
            equalsField(`${ALIAS}/managedByTenantId`, properties.managedByTenantId),
            ...authorizationConditions("authorizations", properties.authorizations),
            ...authorizationConditions("eligibleAuthorizations", properties.eligibleAuthorizations ?? []),
        ],
    };
}

/**
 * The subscription-level template the policy deploys into each non-compliant subscription: the same template
 * `lighthouse-pec template` writes for one subscription (same builder, so the same names and authorizations as
 * `CustomerDelegation`), with every value as the parameters' default.
 */
export function policyDeploymentTemplate(spec: ManagementGroupDelegationSpec): ArmTemplate {
    const { template } = buildOnboardingTemplate({ ...spec, subscriptionId: undefined, resourceGroups: undefined });
    return {
        ...template,
        metadata: {
            generator: "lighthouse-pec ManagementGroupDelegation",
            description: "Azure Lighthouse onboarding of one subscription, deployed by the policy's managed identity.",
        },
    };
}

/**
 * The DeployIfNotExists policy definition that delegates every subscription of a management group exactly as
 * `CustomerDelegation` delegates one: for each subscription (`Microsoft.Resources/subscriptions`) without the
 * registration definition (see the existence condition), a subscription-scope deployment of
 * {@link policyDeploymentTemplate}. The values are literals (no policy parameters): the definition is
 * regenerated from the configuration, so a change is a new definition version Pulumi shows in the diff.
 *
 * @param spec A spec `validateDelegation` accepts (with a placeholder subscription), every value known.
 * @param location Where each subscription-level deployment is recorded.
 */
export function buildDelegationPolicy(
    spec: ManagementGroupDelegationSpec,
    location: string = DEFAULT_POLICY_LOCATION,
): DelegationPolicyDefinition {
    const properties = buildRegistrationProperties(spec);
    const names = delegationNames(spec.offerName, undefined, spec.names, spec.onboardedWith);
    return {
        displayName: `Azure Lighthouse: delegate subscriptions to ${spec.offerName}`,
        description: `Delegates each subscription of the management group to the managing tenant ${properties.managedByTenantId} through Azure Lighthouse (offer "${spec.offerName}"), with the partner-linked automation account's permanent authorization. Written by lighthouse-pec.`,
        mode: "All",
        policyType: "Custom",
        metadata: { category: "Lighthouse", generator: "lighthouse-pec" },
        policyRule: {
            if: { field: "type", equals: "Microsoft.Resources/subscriptions" },
            then: {
                effect: "deployIfNotExists",
                details: {
                    type: DEFINITION_TYPE,
                    name: policyLiteral(names.registrationDefinition),
                    existenceScope: "subscription",
                    deploymentScope: "subscription",
                    roleDefinitionIds: Object.values(POLICY_IDENTITY_ROLES).map(
                        (id) => `/providers/Microsoft.Authorization/roleDefinitions/${id}`,
                    ),
                    existenceCondition: existenceCondition(names.registrationDefinition, properties),
                    deployment: {
                        location,
                        properties: {
                            mode: "incremental",
                            template: policyDeploymentTemplate(spec),
                        },
                    },
                },
            },
        },
    };
}
