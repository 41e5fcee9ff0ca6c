// A CSP customer onboarded by the partner itself, through admin-on-behalf-of (AOBO): the customer bought
// its Azure plan through you, so your Admin Agents group holds Owner on the subscription as a foreign
// principal. You deploy with YOUR credentials (an Admin Agents member, from the environment or `az login`);
// the provider signs in to the CUSTOMER's tenant. The delegation then gives the Provider Automation Account
// a permanent Contributor authorization through Lighthouse, which earns PEC without AOBO.
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { AuthorizationArgs, CustomerDelegation } from "lighthouse-pec";

const config = new pulumi.Config();
// Required: without it the provider signs in to your own tenant, where the customer's subscription is not visible.
const customerTenantId = config.require("customerTenantId");
const subscriptionId = config.require("subscriptionId");

// principalId and tenantId come from the partner stack (see examples/partner-stack).
const partner = new pulumi.StackReference("partner", { name: config.require("partnerStack") });
// No credentials here: they come from your environment (ARM_CLIENT_ID / ARM_CLIENT_SECRET, OIDC or the
// Azure CLI), so no secret reaches the stack's state. Only the tenant is the customer's.
const customer = new Provider("customer", { subscriptionId, tenantId: customerTenantId });

const delegation = new CustomerDelegation(
    "csp-customer",
    {
        offerName: config.get("offerName") ?? "Fabrikam Managed Services",
        offerDescription: "Azure management by Fabrikam (CSP)",
        managedByTenantId: partner.requireOutput("tenantId") as pulumi.Output<string>,
        subscriptionId,
        authorizations: config.requireObject<AuthorizationArgs[]>("authorizations"),
        automationAccount: {
            principalId: partner.requireOutput("principalId") as pulumi.Output<string>,
            role: "Contributor",
        },
    },
    { providers: [customer] },
);

export { subscriptionId, customerTenantId };
export const registrationDefinitionId = delegation.registrationDefinitionId;
export const assignmentIds = delegation.assignmentIds;
/** Principals that earn PEC once partner-linked: the automation account. */
export const pecPrincipalIds = delegation.pecPrincipalIds;
