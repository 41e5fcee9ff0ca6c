import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { CustomerDelegation, ManagementGroupDelegation, ResourceProviderRegistration } from "../components";
import { MANAGEMENT_GROUP_DELEGATION_FIELDS } from "../core/validation";
import { customerSubscriptions, CustomerStackConfig, SubscriptionEntry } from "./customerConfig";
import { CUSTOMER_PROVIDER_NAME, DELEGATION_COMPONENT_NAME, subscriptionDelegationName } from "./customerStackNames";
import { stackConfigToArgs } from "./stackConfigToArgs";

/** One delegated subscription, as the stack's `subscriptions` output lists it. */
export interface DelegatedSubscriptionOutput {
    subscriptionId: string;
    registrationDefinitionId: string;
    /** Only with `onboardedWith: multi-rg` (one definition per resource group). */
    registrationDefinitionIds?: string[];
    assignmentIds: string[];
}

/** What a customer stack exports: enough for `lighthouse-pec verify --expect` and for reviewers. */
export interface CustomerStackOutputs {
    /** A `subscriptionId` stack's subscription (its legacy outputs, unchanged); absent with `subscriptions`. */
    subscriptionId?: string;
    registrationDefinitionId?: pulumi.Output<string>;
    /** Only with `onboardedWith: multi-rg` (one definition per resource group); other stacks keep their outputs unchanged. */
    registrationDefinitionIds?: pulumi.Output<string[]>;
    assignmentIds?: pulumi.Output<string[]>;
    pecPrincipalIds: pulumi.Output<string[]>;
    /**
     * With `subscriptions`: every delegated subscription (what `verify --expect` reads). A `subscriptionId` stack keeps
     * exactly its legacy outputs above, which `verify --expect` reads too.
     */
    subscriptions?: pulumi.Output<DelegatedSubscriptionOutput[]>;
}

/** What a management-group customer stack exports (`lighthouse-pec:managementGroupId`). */
export interface ManagementGroupStackOutputs {
    managementGroupId: string;
    policyDefinitionId: pulumi.Output<string>;
    policyAssignmentId: pulumi.Output<string>;
    /** The registration definition's name in every delegated subscription. */
    registrationDefinitionName: string;
    pecPrincipalIds: pulumi.Output<string[]>;
    /** Subscriptions in which the stack registered Microsoft.ManagedServices. */
    providerRegisteredIn: string[];
}

/**
 * Registers Microsoft.ManagedServices in each of `registerProviderIn` with the credentials `pulumi up` runs
 * with (in the customer's tenant when given). Named by subscription, so adding one adds one resource.
 */
function providerRegistrations(config: CustomerStackConfig): ResourceProviderRegistration[] {
    return (config.registerProviderIn ?? []).map(
        (subscriptionId) =>
            new ResourceProviderRegistration(`managed-services-${subscriptionId.toLowerCase()}`, {
                subscriptionId,
                credential: {
                    kind: "default",
                    ...(config.customerTenantId ? { tenantId: config.customerTenantId } : {}),
                },
            }),
    );
}

/**
 * A management-group customer stack: `ManagementGroupDelegation` at the customer's management group, after the
 * resource provider registrations the policy needs.
 */
function managementGroupStack(
    config: CustomerStackConfig & { managementGroupId: string },
    managedByTenantId: pulumi.Input<string>,
    principalId: pulumi.Input<string>,
): ManagementGroupStackOutputs {
    const registrations = providerRegistrations(config);
    const customer = new Provider(CUSTOMER_PROVIDER_NAME, {
        ...(config.customerTenantId ? { tenantId: config.customerTenantId } : {}),
    });
    const delegation = new ManagementGroupDelegation(
        DELEGATION_COMPONENT_NAME,
        {
            ...stackConfigToArgs(config, { managedByTenantId, principalId }, MANAGEMENT_GROUP_DELEGATION_FIELDS),
            managementGroupId: config.managementGroupId,
            ...(config.policyLocation ? { location: config.policyLocation } : {}),
        },
        { providers: [customer], dependsOn: registrations },
    );
    return {
        managementGroupId: config.managementGroupId,
        policyDefinitionId: delegation.policyDefinitionId,
        policyAssignmentId: delegation.policyAssignmentId,
        registrationDefinitionName: delegation.registrationDefinitionName,
        pecPrincipalIds: delegation.pecPrincipalIds,
        providerRegisteredIn: config.registerProviderIn ?? [],
    };
}

/**
 * A customer stack: delegates the customer's subscription (or each of its `subscriptions`) to the partner with a
 * PEC-earning authorization for the automation account, read from the partner stack unless given directly.
 */
export function customerStack(config: CustomerStackConfig & { managementGroupId: string }): ManagementGroupStackOutputs;
export function customerStack(config: CustomerStackConfig): CustomerStackOutputs;
export function customerStack(config: CustomerStackConfig): CustomerStackOutputs | ManagementGroupStackOutputs {
    const partner = config.partnerStack
        ? new pulumi.StackReference("partner", { name: config.partnerStack })
        : undefined;
    const principalId =
        config.automationAccount?.principalId ?? (partner!.requireOutput("principalId") as pulumi.Output<string>);
    const managedByTenantId = config.managedByTenantId ?? (partner!.requireOutput("tenantId") as pulumi.Output<string>);
    if (config.managementGroupId !== undefined) {
        return managementGroupStack(
            { ...config, managementGroupId: config.managementGroupId },
            managedByTenantId,
            principalId,
        );
    }
    const registrations = providerRegistrations(config);
    const list = config.subscriptions !== undefined;

    // Deploying needs an Owner of each customer subscription: the customer's own, or (csp: true) the partner's
    // Admin Agents through admin-on-behalf-of. Credentials come from the environment; tenantId makes them sign in
    // there. A list
    // shares one provider without a subscription: the Lighthouse resources' `scope` carries theirs, and a
    // provider subscription would change (and disturb every resource) when the list is reordered. The entry
    // that keeps the single-subscription names keeps that stack's provider unchanged too.
    const entries = customerSubscriptions(config);
    const legacy = list ? entries.find((entry) => entry.keepsLegacyNames) : entries[0];
    const customer = new Provider(CUSTOMER_PROVIDER_NAME, {
        ...(legacy ? { subscriptionId: legacy.subscriptionId } : {}),
        ...(config.customerTenantId ? { tenantId: config.customerTenantId } : {}),
    });
    const shared = stackConfigToArgs(config, { managedByTenantId, principalId });
    const delegate = (entry: SubscriptionEntry, name: string, opts: pulumi.ComponentResourceOptions) =>
        new CustomerDelegation(
            name,
            { ...shared, subscriptionId: entry.subscriptionId, resourceGroups: entry.resourceGroups },
            { providers: [customer], ...(registrations.length > 0 ? { dependsOn: registrations } : {}), ...opts },
        );
    const multiRg = config.onboardedWith === "multi-rg";
    const delegations = entries.map((entry) => ({
        entry,
        delegation: list
            ? delegate(entry, subscriptionDelegationName(entry.subscriptionId), subscriptionDelegationOptions(entry))
            : delegate(entry, DELEGATION_COMPONENT_NAME, {}),
    }));
    const subscriptions = pulumi.all(
        delegations.map(({ entry, delegation }) =>
            pulumi
                .all([
                    delegation.registrationDefinitionId,
                    delegation.registrationDefinitionIds,
                    delegation.assignmentIds,
                ])
                .apply(([registrationDefinitionId, registrationDefinitionIds, assignmentIds]) => ({
                    subscriptionId: entry.subscriptionId,
                    registrationDefinitionId,
                    ...(multiRg ? { registrationDefinitionIds } : {}),
                    assignmentIds,
                })),
        ),
    );
    const first = delegations[0].delegation;
    if (list) {
        return { pecPrincipalIds: first.pecPrincipalIds, subscriptions };
    }
    return {
        subscriptionId: config.subscriptionId!,
        registrationDefinitionId: first.registrationDefinitionId,
        ...(multiRg ? { registrationDefinitionIds: first.registrationDefinitionIds } : {}),
        assignmentIds: first.assignmentIds,
        pecPrincipalIds: first.pecPrincipalIds,
    };
}

/**
 * Options of a list entry's `CustomerDelegation`. The entry that was the stack's `subscriptionId` is aliased to
 * the single-subscription names: Pulumi derives the children's aliases (`delegation-definition`, ...) from the
 * component's, so moving to a list updates in place instead of creating and then deleting the same Azure resources.
 */
export function subscriptionDelegationOptions(entry: SubscriptionEntry): pulumi.ComponentResourceOptions {
    return entry.keepsLegacyNames ? { aliases: [{ name: DELEGATION_COMPONENT_NAME }] } : {};
}
