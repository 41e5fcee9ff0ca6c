import { armGuid } from "../armGuid";
import { armLiterals } from "./armLiteral";
import { armStringLiteral } from "./armTemplate";
import {
    buildDelegationPolicy,
    DEFAULT_POLICY_LOCATION,
    ManagementGroupDelegationSpec,
    managementGroupPolicyNames,
    POLICY_IDENTITY_ROLES,
} from "./managementGroupPolicy";

/** Schema of a management-group deployment template (`az deployment mg create`). */
export const MANAGEMENT_GROUP_DEPLOYMENT_SCHEMA =
    "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#";
const POLICY_DEFINITIONS_API_VERSION = "2021-06-01";
const POLICY_ASSIGNMENTS_API_VERSION = "2021-06-01";
const ROLE_ASSIGNMENTS_API_VERSION = "2022-04-01";

/** A resource of the management-group template; only the fields this generator emits. */
export interface ManagementGroupTemplateResource {
    type: string;
    apiVersion: string;
    name: string;
    location?: string;
    identity?: { type: "SystemAssigned" };
    dependsOn?: string[];
    properties: Record<string, unknown>;
}

/** The management-group deployment template `lighthouse-pec template --management-group` writes. */
export interface ManagementGroupTemplate {
    $schema: string;
    contentVersion: string;
    metadata: Record<string, unknown>;
    resources: ManagementGroupTemplateResource[];
    outputs: Record<string, { type: string; value: string }>;
}

/**
 * How many times ARM evaluates what this template writes before Azure uses it: once, when the customer deploys
 * the template at the management group. Everything in the policy definition (its rule, whose expressions are Azure
 * Policy's, and the deployment it embeds, whose expressions are the subscription deployment's) and the
 * assignment's display name is escaped for this one layer on top of the layers it already carries, so the stored
 * policy is exactly {@link buildDelegationPolicy}'s: a user value in the embedded template goes through two ARM
 * evaluations in all (this deployment, then the policy's), our own expressions through one before they are used.
 */
export const MANAGEMENT_GROUP_DEPLOYMENT_LAYERS = 1;

/**
 * The customer-side equivalent of `ManagementGroupDelegation`, for customers who deploy it themselves at their
 * management group (`az deployment mg create`): the same policy definition (built by the same function), its
 * assignment with a system-assigned identity, and that identity's role assignments. IDs are literal: the
 * management group is known when the template is written. The remediation of existing subscriptions is a
 * command after the first compliance scan (`az policy remediation create`), printed by the CLI.
 */
export function buildManagementGroupTemplate(
    spec: ManagementGroupDelegationSpec,
    managementGroupId: string,
    location: string = DEFAULT_POLICY_LOCATION,
    source?: string,
): ManagementGroupTemplate {
    const names = managementGroupPolicyNames(spec.offerName);
    const scope = `/providers/Microsoft.Management/managementGroups/${managementGroupId}`;
    const definitionId = `${scope}/providers/Microsoft.Authorization/policyDefinitions/${names.policyDefinition}`;
    const assignmentId = `${scope}/providers/Microsoft.Authorization/policyAssignments/${names.policyAssignment}`;
    const policy = buildDelegationPolicy(spec, location);
    const principal = `[reference(${armStringLiteral(assignmentId)}, ${armStringLiteral(POLICY_ASSIGNMENTS_API_VERSION)}, 'full').identity.principalId]`;
    return {
        $schema: MANAGEMENT_GROUP_DEPLOYMENT_SCHEMA,
        contentVersion: "1.0.0.0",
        metadata: {
            generator: "lighthouse-pec template --management-group",
            ...(source ? { source } : {}),
            description: `Azure Lighthouse for every subscription of management group ${managementGroupId} through Azure Policy, as ManagementGroupDelegation deploys it. Deploy at the management group: az deployment mg create --management-group-id ${managementGroupId} --location ${location} --template-file management-group.template.json`,
        },
        resources: [
            {
                type: "Microsoft.Authorization/policyDefinitions",
                apiVersion: POLICY_DEFINITIONS_API_VERSION,
                name: names.policyDefinition,
                properties: { ...armLiterals(policy, MANAGEMENT_GROUP_DEPLOYMENT_LAYERS) },
            },
            {
                type: "Microsoft.Authorization/policyAssignments",
                apiVersion: POLICY_ASSIGNMENTS_API_VERSION,
                name: names.policyAssignment,
                location: armLiterals(location, MANAGEMENT_GROUP_DEPLOYMENT_LAYERS),
                identity: { type: "SystemAssigned" },
                dependsOn: [definitionId],
                properties: {
                    displayName: armLiterals(policy.displayName, MANAGEMENT_GROUP_DEPLOYMENT_LAYERS),
                    policyDefinitionId: definitionId,
                },
            },
            ...Object.values(POLICY_IDENTITY_ROLES).map((roleId) => ({
                type: "Microsoft.Authorization/roleAssignments",
                apiVersion: ROLE_ASSIGNMENTS_API_VERSION,
                name: armGuid(managementGroupId, names.policyAssignment, roleId),
                dependsOn: [assignmentId],
                properties: {
                    roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
                    principalId: principal,
                    principalType: "ServicePrincipal",
                },
            })),
        ],
        outputs: {
            policyAssignmentId: { type: "string", value: assignmentId },
        },
    };
}
