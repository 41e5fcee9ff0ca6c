// Just-in-time (eligible) access for engineers, next to the permanent authorizations. JIT roles never
// earn PEC, so the automation account keeps its permanent Contributor role. Needs Entra ID P2 (Entra ID
// Governance). The on-call group also gets a permanent Reader: without it, it cannot activate from "My customers".
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { CustomerDelegation } from "lighthouse-pec";

const config = new pulumi.Config();
const subscriptionId = config.require("subscriptionId");
const customer = new Provider("customer", { subscriptionId });
const adminGroup = config.require("adminGroupId");
const onCallGroup = config.require("onCallGroupId");

new CustomerDelegation(
    "contoso",
    {
        offerName: "Fabrikam Managed Services",
        managedByTenantId: config.require("managedByTenantId"),
        subscriptionId,
        authorizations: [
            { principalId: adminGroup, role: "Reader", displayName: "Fabrikam admins" },
            {
                principalId: adminGroup,
                role: "Managed Services Registration assignment Delete Role",
                displayName: "Fabrikam admins",
            },
            { principalId: onCallGroup, role: "Reader", displayName: "Fabrikam on-call engineers" },
        ],
        eligibleAuthorizations: [
            {
                principalId: onCallGroup,
                role: "Contributor",
                displayName: "Fabrikam on-call engineers",
                justInTimeAccessPolicy: {
                    multiFactorAuthProvider: "Azure",
                    maximumActivationDuration: "PT4H",
                    managedByTenantApprovers: [
                        { principalId: config.require("approverGroupId"), displayName: "Fabrikam duty managers" },
                    ],
                },
            },
        ],
        automationAccount: { principalId: config.require("automationPrincipalId") },
    },
    { providers: [customer] },
);
