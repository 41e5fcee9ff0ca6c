// A customer onboarded earlier (Microsoft's sample template, `lighthouse-pec template`, or by hand):
// `adopt: true` declares the existing definition and assignment with Pulumi's import option, so the
// first `pulumi up` imports them instead of creating anything. `pulumi preview` then shows how Azure
// differs from this config: an `update` on the definition whose diff adds the automation account's
// Contributor authorization means this customer is not earning PEC yet.
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { AuthorizationArgs, CustomerDelegation, DelegationNameOverrides, OnboardedWith } from "lighthouse-pec";

const config = new pulumi.Config();
const subscriptionId = config.require("subscriptionId");
const customer = new Provider("customer", { subscriptionId, tenantId: config.get("customerTenantId") });

const delegation = new CustomerDelegation(
    "contoso",
    {
        offerName: config.require("offerName"), // exactly the mspOfferName used at onboarding: the names derive from it
        offerDescription: config.get("offerDescription"),
        managedByTenantId: config.require("managedByTenantId"),
        subscriptionId, // a plain string: import IDs must be known up front
        resourceGroups: config.getObject<string[]>("resourceGroups"),
        authorizations: config.requireObject<AuthorizationArgs[]>("authorizations"),
        automationAccount: { principalId: config.require("automationPrincipalId") },
        // Which template onboarded the customer: "subscription", "rg" or "multi-rg" for Microsoft's samples, so the names match.
        onboardedWith: config.get("onboardedWith") as OnboardedWith | undefined,
        names: config.getObject<DelegationNameOverrides>("names"),
        adopt: true,
    },
    { providers: [customer] },
);

export const registrationDefinitionId = delegation.registrationDefinitionId;
export const registrationDefinitionIds = delegation.registrationDefinitionIds; // one per resource group with "multi-rg"
export const assignmentIds = delegation.assignmentIds;
export const pecPrincipalIds = delegation.pecPrincipalIds;
