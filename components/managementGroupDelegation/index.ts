import * as pulumi from "@pulumi/pulumi";
import {
    PolicyAssignment,
    PolicyDefinitionAtManagementGroup,
    RoleAssignment,
} from "@pulumi/azure-native/authorization";
import { RemediationAtManagementGroup } from "@pulumi/azure-native/policyinsights";
import {
    buildDelegationPolicy,
    DEFAULT_POLICY_LOCATION,
    delegationPolicyFindings,
    ManagementGroupDelegationSpec,
    managementGroupPolicyNames,
    POLICY_IDENTITY_ROLES,
} from "../../core/delegation/managementGroupPolicy";
import { delegationNames } from "../../core/delegation/names";
import { buildRegistrationProperties, pecPrincipalIds } from "../../core/delegation/properties";
import {
    checkManagementGroupDelegationArgs,
    DelegationSpec,
    Finding,
    formatFinding,
    throwOnErrors,
    validateDelegation,
} from "../../core/validation";
import type { CustomerDelegationArgs } from "../customerDelegation";
import { resolvePlain } from "../resolvePlain";
import type { ManagementGroupDelegationArgs } from "./args";

export type { ManagementGroupDelegationArgs, ManagementGroupDelegationSpecArgs } from "./args";

/** The resource ID of a management group, the scope of everything this component creates. */
export function managementGroupScope(managementGroupId: string): string {
    return `/providers/Microsoft.Management/managementGroups/${managementGroupId}`;
}

/** The delegation part of the arguments: what `CustomerDelegation` validates and builds from. */
function delegationPart(args: ManagementGroupDelegationArgs): ManagementGroupDelegationSpec {
    const { managementGroupId: _mg, location: _location, remediate: _remediate, ...rest } = args;
    return resolvePlain(rest as unknown as CustomerDelegationArgs).spec;
}

/** Findings of the delegation's validation that apply here (there is no subscription to check). */
function delegationFindings(spec: ManagementGroupDelegationSpec): Finding[] {
    const findings = validateDelegation(spec as DelegationSpec);
    if (!findings.some((f) => f.severity === "error")) {
        findings.push(...delegationPolicyFindings(spec));
    }
    if (spec.onboardedWith === "rg" || spec.onboardedWith === "multi-rg") {
        findings.push({
            severity: "error",
            field: "onboardedWith",
            value: spec.onboardedWith,
            message: "names resource-group delegations; the management group's policy delegates whole subscriptions",
            fix: "use onboardedWith \"subscription\" (Microsoft's subscription.json names) or leave it out (lighthouse-pec's)",
        });
    }
    return findings;
}

/** The caller's `dependsOn` (any of its shapes) plus `own`. */
function remediationDependencies(
    given: pulumi.ComponentResourceOptions["dependsOn"],
    own: pulumi.Resource[],
): pulumi.Input<pulumi.Input<pulumi.Resource>[]> {
    if (given === undefined) {
        return own;
    }
    return pulumi
        .output(given as pulumi.Input<pulumi.Input<pulumi.Resource>[] | pulumi.Input<pulumi.Resource>>)
        .apply((d) => [...(Array.isArray(d) ? d : [d]), ...own] as pulumi.Resource[]);
}

/**
 * Azure Lighthouse for every subscription of a customer's management group, present and future, through Azure
 * Policy: a DeployIfNotExists policy definition whose deployment creates exactly what `CustomerDelegation` creates
 * in one subscription (same names, same authorizations, the automation account's permanent PEC-eligible one
 * included), its assignment at the management group with a system-assigned managed identity, the role assignments
 * that identity needs (Contributor and Role Based Access Control Administrator: Owner in effect, see
 * `POLICY_IDENTITY_ESCALATION`), and a remediation for
 * the subscriptions that exist already. Validates the configuration like `CustomerDelegation`, before anything
 * registers. Subscriptions need the Microsoft.ManagedServices resource provider registered (`ResourceProviderRegistration`).
 */
export class ManagementGroupDelegation extends pulumi.ComponentResource {
    /** The policy definition's resource ID. */
    public readonly policyDefinitionId: pulumi.Output<string>;
    /** The policy assignment's resource ID. */
    public readonly policyAssignmentId: pulumi.Output<string>;
    /** The object ID of the policy assignment's managed identity (the deployer in every subscription). */
    public readonly identityPrincipalId: pulumi.Output<string>;
    /** The registration definition's name in every delegated subscription (`guid(offerName)` unless overridden). */
    public readonly registrationDefinitionName: string;
    /** Principals holding a permanent, PEC-eligible role in every delegated subscription. */
    public readonly pecPrincipalIds: pulumi.Output<string[]>;
    /** The policy definition resource. */
    public readonly policyDefinition: PolicyDefinitionAtManagementGroup;
    /** The policy assignment resource. */
    public readonly policyAssignment: PolicyAssignment;
    /** The role assignments of the assignment's identity at the management group. */
    public readonly roleAssignments: RoleAssignment[];
    /** The remediation of existing subscriptions, unless `remediate: false`. */
    public readonly remediation?: RemediationAtManagementGroup;

    constructor(name: string, args: ManagementGroupDelegationArgs, opts?: pulumi.ComponentResourceOptions) {
        const subject = `ManagementGroupDelegation "${name}"`;
        throwOnErrors(subject, checkManagementGroupDelegationArgs(args));
        const known = delegationPart(args);
        const findings = delegationFindings(known);
        throwOnErrors(subject, findings);
        super("lighthouse-pec:index:ManagementGroupDelegation", name, {}, opts);
        for (const warning of findings.filter((f) => f.severity === "warning")) {
            void pulumi.log.warn(formatFinding(warning), this);
        }
        const location = args.location ?? DEFAULT_POLICY_LOCATION;
        const azureNames = managementGroupPolicyNames(args.offerName);
        this.registrationDefinitionName = delegationNames(
            args.offerName,
            undefined,
            args.names,
            args.onboardedWith,
        ).registrationDefinition;
        // Values that were Outputs (the partner stack's tenant and principal) are validated again once known.
        const spec = pulumi.output(args).apply((resolved) => {
            const full = delegationPart(resolved as unknown as ManagementGroupDelegationArgs);
            throwOnErrors(
                subject,
                delegationFindings(full).filter((f) => f.severity === "error"),
            );
            return full;
        });
        const policy = spec.apply((s) => buildDelegationPolicy(s, location));
        const scope = pulumi.output(args.managementGroupId).apply(managementGroupScope);

        this.policyDefinition = new PolicyDefinitionAtManagementGroup(
            `${name}-policy`,
            {
                managementGroupId: args.managementGroupId,
                policyDefinitionName: azureNames.policyDefinition,
                displayName: policy.displayName,
                description: policy.description,
                mode: policy.mode,
                policyType: policy.policyType,
                metadata: policy.metadata,
                policyRule: policy.policyRule,
            },
            { parent: this },
        );
        this.policyAssignment = new PolicyAssignment(
            `${name}-assignment`,
            {
                scope,
                policyAssignmentName: azureNames.policyAssignment,
                policyDefinitionId: this.policyDefinition.id,
                displayName: policy.displayName,
                description: "Delegates every subscription of this management group through Azure Lighthouse.",
                identity: { type: "SystemAssigned" },
                location,
            },
            { parent: this },
        );
        this.identityPrincipalId = this.policyAssignment.identity.apply((identity) => identity?.principalId ?? "");
        this.roleAssignments = Object.entries(POLICY_IDENTITY_ROLES).map(
            ([role, id]) =>
                new RoleAssignment(
                    `${name}-${role}`,
                    {
                        scope,
                        principalId: this.identityPrincipalId,
                        principalType: "ServicePrincipal",
                        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${id}`,
                        description: `lighthouse-pec: lets the policy assignment ${azureNames.policyAssignment} delegate subscriptions through Azure Lighthouse`,
                    },
                    { parent: this },
                ),
        );
        if (args.remediate !== false) {
            this.remediation = new RemediationAtManagementGroup(
                `${name}-remediation`,
                {
                    managementGroupId: args.managementGroupId,
                    managementGroupsNamespace: "Microsoft.Management",
                    policyAssignmentId: this.policyAssignment.id,
                    resourceDiscoveryMode: "ExistingNonCompliant",
                },
                // A component's own dependsOn does not reach its children: the remediation deploys into the
                // subscriptions, so it also waits for what the caller made this component depend on (provider registrations).
                { parent: this, dependsOn: remediationDependencies(opts?.dependsOn, this.roleAssignments) },
            );
        }
        this.policyDefinitionId = this.policyDefinition.id;
        this.policyAssignmentId = this.policyAssignment.id;
        this.pecPrincipalIds = spec.apply((s) => pecPrincipalIds(buildRegistrationProperties(s)));
        this.registerOutputs({
            policyDefinitionId: this.policyDefinitionId,
            policyAssignmentId: this.policyAssignmentId,
            identityPrincipalId: this.identityPrincipalId,
            registrationDefinitionName: this.registrationDefinitionName,
            pecPrincipalIds: this.pecPrincipalIds,
        });
    }
}
