// Delegates only some resource groups of the customer's subscription (they must exist): one
// registration definition, one assignment per resource group.
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { CustomerDelegation } from "lighthouse-pec";

const config = new pulumi.Config();
const subscriptionId = config.require("subscriptionId");
const customer = new Provider("customer", { subscriptionId });
const adminGroup = config.require("adminGroupId");

const delegation = new CustomerDelegation(
    "contoso-apps",
    {
        offerName: "Fabrikam Application Management",
        managedByTenantId: config.require("managedByTenantId"),
        subscriptionId,
        resourceGroups: config.requireObject<string[]>("resourceGroups"),
        authorizations: [
            { principalId: adminGroup, role: "Reader", displayName: "Fabrikam admins" },
            {
                principalId: adminGroup,
                role: "Managed Services Registration assignment Delete Role",
                displayName: "Fabrikam admins",
            },
        ],
        automationAccount: { principalId: config.require("automationPrincipalId") },
    },
    { providers: [customer] },
);

export const assignmentIds = delegation.assignmentIds;
