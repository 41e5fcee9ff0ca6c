import { armGuid } from "../armGuid";
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
 * Escapes a value for a template: ARM evaluates strings starting with `[`, and `[[` stands for a literal `[`. The
 * policy definition's own expressions (and its embedded deployment's) must reach Azure Policy unevaluated.
 */
export function escapeForTemplate(value: unknown): unknown {
    if (typeof value === "string") {
        return value.startsWith("[") ? `[${value}` : value;
    }
    if (Array.isArray(value)) {
        return value.map(escapeForTemplate);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeForTemplate(v)]));
    }
    return value;
}

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
                properties: escapeForTemplate(policy) as Record<string, unknown>,
            },
            {
                type: "Microsoft.Authorization/policyAssignments",
                apiVersion: POLICY_ASSIGNMENTS_API_VERSION,
                name: names.policyAssignment,
                location,
                identity: { type: "SystemAssigned" },
                dependsOn: [definitionId],
                properties: {
                    displayName: escapeForTemplate(policy.displayName),
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
