import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { CustomerDelegation } from "../components";
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

/**
 * A customer stack: delegates the customer's subscription to the partner with a PEC-earning
 * authorization for the automation account, read from the partner stack unless given directly.
 */
export function customerStack(config: CustomerStackConfig): CustomerStackOutputs {
    const partner = config.partnerStack
        ? new pulumi.StackReference("partner", { name: config.partnerStack })
        : undefined;
    const principalId =
        config.automationAccount?.principalId ?? (partner!.requireOutput("principalId") as pulumi.Output<string>);
    const managedByTenantId = config.managedByTenantId ?? (partner!.requireOutput("tenantId") as pulumi.Output<string>);

    // Deploying needs an Owner of the customer subscription: the customer's own, or (csp: true) the partner's
    // Admin Agents through admin-on-behalf-of. Credentials come from the environment; tenantId makes them sign in there.
    const customer = new Provider(CUSTOMER_PROVIDER_NAME, {
        subscriptionId: config.subscriptionId,
        ...(config.customerTenantId ? { tenantId: config.customerTenantId } : {}),
    });
    const delegation = new CustomerDelegation(
        DELEGATION_COMPONENT_NAME,
        {
            offerName: config.offerName,
            offerDescription: config.offerDescription,
            managedByTenantId,
            subscriptionId: config.subscriptionId,
            resourceGroups: config.resourceGroups,
            authorizations: config.authorizations,
            eligibleAuthorizations: config.eligibleAuthorizations,
            automationAccount: { ...config.automationAccount, principalId },
            plan: config.plan,
            names: config.names,
            adopt: config.adopt,
            onboardedWith: config.onboardedWith,
        },
        { providers: [customer] },
    );

    return {
        subscriptionId: config.subscriptionId,
        registrationDefinitionId: delegation.registrationDefinitionId,
        ...(config.onboardedWith === "multi-rg"
            ? { registrationDefinitionIds: delegation.registrationDefinitionIds }
            : {}),
        assignmentIds: delegation.assignmentIds,
        pecPrincipalIds: delegation.pecPrincipalIds,
    };
}
