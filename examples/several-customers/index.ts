// Several customers in one stack, for partners who prefer one stack over one per customer: each
// customer gets its own azure-native provider (its subscription and tenant) and delegation. The
// recommended layout remains one stack per customer (smaller blast radius, `lighthouse-pec fleet`).
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { AuthorizationArgs, CustomerDelegation } from "lighthouse-pec";

/** One customer of this stack. */
interface Customer {
    /** Short name, used in resource names. */
    name: string;
    subscriptionId: string;
    tenantId?: string;
    resourceGroups?: string[];
}

const config = new pulumi.Config();
const customers = config.requireObject<Customer[]>("customers");
const authorizations = config.requireObject<AuthorizationArgs[]>("authorizations");
const managedByTenantId = config.require("managedByTenantId");
const automationPrincipalId = config.require("automationPrincipalId");

const delegations = customers.map((c) => {
    const provider = new Provider(`customer-${c.name}`, { subscriptionId: c.subscriptionId, tenantId: c.tenantId });
    return new CustomerDelegation(
        c.name,
        {
            offerName: "Fabrikam Managed Services",
            managedByTenantId,
            subscriptionId: c.subscriptionId,
            resourceGroups: c.resourceGroups,
            authorizations,
            automationAccount: { principalId: automationPrincipalId },
        },
        { providers: [provider] },
    );
});

/** Registration definition IDs, by customer name. */
export const registrationDefinitionIds = Object.fromEntries(
    customers.map((c, i) => [c.name, delegations[i].registrationDefinitionId]),
);
