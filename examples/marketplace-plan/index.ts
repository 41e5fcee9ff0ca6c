// A delegation that comes from a published managed services offer (Partner Center → Marketplace):
// the plan's four fields must match the offer.
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { CustomerDelegation, PlanArgs } from "lighthouse-pec";

const config = new pulumi.Config();
const subscriptionId = config.require("subscriptionId");
const customer = new Provider("customer", { subscriptionId });
const adminGroup = config.require("adminGroupId");

new CustomerDelegation(
    "contoso",
    {
        offerName: "Fabrikam Managed Azure Gold",
        managedByTenantId: config.require("managedByTenantId"),
        subscriptionId,
        authorizations: [
            { principalId: adminGroup, role: "Reader", displayName: "Fabrikam admins" },
            {
                principalId: adminGroup,
                role: "Managed Services Registration assignment Delete Role",
                displayName: "Fabrikam admins",
            },
        ],
        automationAccount: { principalId: config.require("automationPrincipalId") },
        plan: config.requireObject<PlanArgs>("plan"),
    },
    { providers: [customer] },
);
