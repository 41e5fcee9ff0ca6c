// Delegates several subscriptions of one customer with the same offer and authorizations: one
// CustomerDelegation per subscription, named by subscription ID (reordering or growing the list renames
// nothing), all through one azure-native provider signed in to the customer's tenant. Each definition's
// `scope` carries its subscription, so the provider pins none. The lighthouse-pec program does the same
// with `lighthouse-pec:subscriptions` (docs/customer-stacks.md).
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { CustomerDelegation } from "lighthouse-pec";

const config = new pulumi.Config();
const subscriptionIds = config.requireObject<string[]>("subscriptionIds");
const customer = new Provider("customer", { tenantId: config.require("customerTenantId") });
const adminGroup = config.require("adminGroupId");

const delegations = subscriptionIds.map(
    (subscriptionId) =>
        new CustomerDelegation(
            `contoso-${subscriptionId.toLowerCase()}`,
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
                ],
                automationAccount: { principalId: config.require("automationPrincipalId") },
            },
            { providers: [customer] },
        ),
);

/** Every delegated subscription: what `lighthouse-pec verify --expect` reads from `pulumi stack output --json`. */
export const subscriptions = delegations.map((d, i) => ({
    subscriptionId: subscriptionIds[i],
    registrationDefinitionId: d.registrationDefinitionId,
    assignmentIds: d.assignmentIds,
}));
