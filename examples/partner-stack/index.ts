// The partner stack: once, in your managing tenant. Creates the Provider Automation Account (app,
// service principal, client secret) and links it to your Associated Partner ID (Partner Admin Link).
// Customer stacks read its principalId and tenantId outputs through a StackReference.
import * as pulumi from "@pulumi/pulumi";
import { ProviderAutomationAccount } from "lighthouse-pec";

const config = new pulumi.Config();

const account = new ProviderAutomationAccount("automation", {
    partnerId: config.require("partnerId"),
    tenantId: config.get("tenantId"),
    displayName: config.get("displayName") ?? "Provider Automation Account",
    // Change this value (e.g. each quarter) to rotate the client secret; the link is kept.
    secretRotation: config.get("secretRotation"),
});

/** What every customer stack's delegation needs: the service principal that earns PEC. */
export const principalId = account.principalId;
/** The managing tenant (customer stacks use it as managedByTenantId). */
export const tenantId = account.tenantId;
export const clientId = account.clientId;
export const linkState = account.linkState;
