// A first customer: delegates the customer's subscription to your managing tenant through Azure
// Lighthouse, with a permanent Contributor authorization for the Provider Automation Account (the
// partner stack's output), which is what earns PEC. Run signed in as an Owner of the customer subscription.
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { AuthorizationArgs, CustomerDelegation } from "lighthouse-pec";

const config = new pulumi.Config();
const subscriptionId = config.require("subscriptionId");

// principalId and tenantId come from the partner stack (see examples/partner-stack).
const partner = new pulumi.StackReference("partner", { name: config.require("partnerStack") });
const customer = new Provider("customer", { subscriptionId, tenantId: config.get("customerTenantId") });

const delegation = new CustomerDelegation(
    "contoso",
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

export const registrationDefinitionId = delegation.registrationDefinitionId;
export const assignmentIds = delegation.assignmentIds;
/** Principals that earn PEC once partner-linked: the automation account. */
export const pecPrincipalIds = delegation.pecPrincipalIds;
