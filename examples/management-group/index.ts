// Every subscription of a customer's management group, present and future, delegated through Azure Policy:
// a DeployIfNotExists policy that creates in each subscription exactly what CustomerDelegation creates in one,
// with the Provider Automation Account (the partner stack's output) as a permanent Contributor, which earns
// PEC. Microsoft.ManagedServices is registered first in the subscriptions listed: the policy does nothing
// where it is not. Run signed in as an Owner of the management group (or User Access Administrator plus
// Resource Policy Contributor there) who can register resource providers in those subscriptions.
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { AuthorizationArgs, ManagementGroupDelegation, ResourceProviderRegistration } from "lighthouse-pec";

const config = new pulumi.Config();
const customerTenantId = config.get("customerTenantId");

// principalId and tenantId come from the partner stack (see examples/partner-stack).
const partner = new pulumi.StackReference("partner", { name: config.require("partnerStack") });
const customer = new Provider("customer", { tenantId: customerTenantId });

const registrations = config.requireObject<string[]>("subscriptions").map(
    (subscriptionId) =>
        new ResourceProviderRegistration(`managed-services-${subscriptionId}`, {
            subscriptionId,
            credential: { kind: "default", tenantId: customerTenantId },
        }),
);

const delegation = new ManagementGroupDelegation(
    "contoso",
    {
        managementGroupId: config.require("managementGroupId"),
        offerName: config.get("offerName") ?? "Fabrikam Managed Services",
        offerDescription: "Azure management by Fabrikam (CSP)",
        managedByTenantId: partner.requireOutput("tenantId") as pulumi.Output<string>,
        authorizations: config.requireObject<AuthorizationArgs[]>("authorizations"),
        automationAccount: {
            principalId: partner.requireOutput("principalId") as pulumi.Output<string>,
            role: "Contributor",
        },
    },
    { providers: [customer], dependsOn: registrations },
);

export const policyAssignmentId = delegation.policyAssignmentId;
/** The deployer in every subscription: the policy assignment's managed identity. */
export const identityPrincipalId = delegation.identityPrincipalId;
/** The registration definition's name in every delegated subscription: guid(offerName). */
export const registrationDefinitionName = delegation.registrationDefinitionName;
/** Principals that earn PEC once partner-linked: the automation account. */
export const pecPrincipalIds = delegation.pecPrincipalIds;
