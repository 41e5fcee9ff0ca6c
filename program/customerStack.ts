import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { CustomerDelegation, ManagementGroupDelegation, ResourceProviderRegistration } from "../components";
import { CustomerStackConfig } from "./customerConfig";
import { CUSTOMER_PROVIDER_NAME, DELEGATION_COMPONENT_NAME } from "./customerStackNames";

/** What a customer stack exports: enough for `lighthouse-pec verify --expect` and for reviewers. */
export interface CustomerStackOutputs {
    subscriptionId: string;
    registrationDefinitionId: pulumi.Output<string>;
    /** Only with `onboardedWith: multi-rg` (one definition per resource group); other stacks keep their outputs unchanged. */
    registrationDefinitionIds?: pulumi.Output<string[]>;
    assignmentIds: pulumi.Output<string[]>;
    pecPrincipalIds: pulumi.Output<string[]>;
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
            managementGroupId: config.managementGroupId,
            offerName: config.offerName,
            offerDescription: config.offerDescription,
            managedByTenantId,
            authorizations: config.authorizations,
            eligibleAuthorizations: config.eligibleAuthorizations,
            automationAccount: { ...config.automationAccount, principalId },
            plan: config.plan,
            names: config.names,
            onboardedWith: config.onboardedWith,
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
 * A customer stack: delegates the customer's subscription to the partner with a PEC-earning
 * authorization for the automation account, read from the partner stack unless given directly.
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
    const subscriptionId = config.subscriptionId!;
    const registrations = providerRegistrations(config);

    // Deploying needs a non-guest Owner of the customer subscription; the provider targets that tenant.
    const customer = new Provider(CUSTOMER_PROVIDER_NAME, {
        subscriptionId,
        ...(config.customerTenantId ? { tenantId: config.customerTenantId } : {}),
    });
    const delegation = new CustomerDelegation(
        DELEGATION_COMPONENT_NAME,
        {
            offerName: config.offerName,
            offerDescription: config.offerDescription,
            managedByTenantId,
            subscriptionId,
            resourceGroups: config.resourceGroups,
            authorizations: config.authorizations,
            eligibleAuthorizations: config.eligibleAuthorizations,
            automationAccount: { ...config.automationAccount, principalId },
            plan: config.plan,
            names: config.names,
            adopt: config.adopt,
            onboardedWith: config.onboardedWith,
        },
        { providers: [customer], ...(registrations.length > 0 ? { dependsOn: registrations } : {}) },
    );

    return {
        subscriptionId,
        registrationDefinitionId: delegation.registrationDefinitionId,
        ...(config.onboardedWith === "multi-rg"
            ? { registrationDefinitionIds: delegation.registrationDefinitionIds }
            : {}),
        assignmentIds: delegation.assignmentIds,
        pecPrincipalIds: delegation.pecPrincipalIds,
    };
}
