// Just-in-time (eligible) access for engineers, next to the permanent authorizations. JIT roles never
// earn PEC, so the automation account keeps its permanent Contributor role. Needs Entra ID P2.
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { CustomerDelegation } from "lighthouse-pec";

const config = new pulumi.Config();
const subscriptionId = config.require("subscriptionId");
const customer = new Provider("customer", { subscriptionId });
const adminGroup = config.require("adminGroupId");

new CustomerDelegation("contoso", {
    offerName: "Fabrikam Managed Services",
    managedByTenantId: config.require("managedByTenantId"),
    subscriptionId,
    authorizations: [
        { principalId: adminGroup, role: "Reader", displayName: "Fabrikam admins" },
        { principalId: adminGroup, role: "Managed Services Registration assignment Delete Role", displayName: "Fabrikam admins" },
    ],
    eligibleAuthorizations: [{
        principalId: config.require("onCallGroupId"),
        role: "Contributor",
        displayName: "Fabrikam on-call engineers",
        justInTimeAccessPolicy: {
            multiFactorAuthProvider: "Azure",
            maximumActivationDuration: "PT4H",
            managedByTenantApprovers: [{ principalId: config.require("approverGroupId"), displayName: "Fabrikam duty managers" }],
        },
    }],
    automationAccount: { principalId: config.require("automationPrincipalId") },
}, { providers: [customer] });
