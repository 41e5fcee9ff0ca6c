import { armGuid } from "../armGuid";
import type { DelegationSpec } from "../validation/delegationSpec";
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
 * the least privilege made of built-in roles is Contributor (everything but Microsoft.Authorization writes) plus
 * Role Based Access Control Administrator (role assignment writes, nothing else that writes).
 */
export const POLICY_IDENTITY_ROLES = {
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    roleBasedAccessControlAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
} as const;

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

/** A literal in a policy rule: a value starting with `[` would be read as a policy expression, `[[` escapes it. */
function policyLiteral(value: string): string {
    return value.startsWith("[") ? `[${value}` : value;
}

function equalsField(alias: string, value: string): Record<string, unknown> {
    return { field: alias, equals: policyLiteral(value) };
}

/**
 * The existence condition: a registration definition with the deterministic name, the managing tenant and
 * exactly these permanent authorizations (count, and each principal–role pair present) and as many eligible
 * ones. A changed authorization list therefore shows as non-compliant (Microsoft's sample checks the tenant
 * only). Aliases: `…/managedByTenantId` (the built-in "Allow managing tenant ids" policy uses it) and
 * `…/authorizations[*].principalId|roleDefinitionId`, `…/eligibleAuthorizations[*]` (the provider's alias list).
 */
function existenceCondition(name: string, properties: RegistrationDefinitionProperties): Record<string, unknown> {
    const pairs = [...new Map(properties.authorizations.map((a) => [`${a.principalId}|${a.roleDefinitionId}`, a]))];
    return {
        allOf: [
            equalsField("name", name),
            equalsField(`${ALIAS}/managedByTenantId`, properties.managedByTenantId),
            { count: { field: `${ALIAS}/authorizations[*]` }, equals: properties.authorizations.length },
            ...pairs.map(([, a]) => ({
                count: {
                    field: `${ALIAS}/authorizations[*]`,
                    where: {
                        allOf: [
                            equalsField(`${ALIAS}/authorizations[*].principalId`, a.principalId),
                            equalsField(`${ALIAS}/authorizations[*].roleDefinitionId`, a.roleDefinitionId),
                        ],
                    },
                },
                greater: 0,
            })),
            {
                count: { field: `${ALIAS}/eligibleAuthorizations[*]` },
                equals: properties.eligibleAuthorizations?.length ?? 0,
            },
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
                    name: names.registrationDefinition,
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
