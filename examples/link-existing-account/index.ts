// Customers onboarded before: instead of redeploying their delegations, link your Associated Partner ID to
// an account of your managing tenant that already holds a PEC-eligible role (e.g. Contributor, as a
// permanent authorization) in those customers. The link acts on the identity that signs in, so run this
// as that account: `az login --tenant <managing tenant>` (credential azureCli), or in CI with that
// service principal's workload identity (credential default).
import * as pulumi from "@pulumi/pulumi";
import { PartnerAdminLink } from "lighthouse-pec";

const config = new pulumi.Config();
const kind = config.get("credential") ?? "azureCli";
if (kind !== "azureCli" && kind !== "default") {
    throw new Error(
        `link-existing-account:credential = "${kind}": use azureCli (the signed-in user) or default (DefaultAzureCredential); ` +
            "a service principal with a secret belongs in the partner stack (ProviderAutomationAccount)",
    );
}

const link = new PartnerAdminLink("existing-account", {
    partnerId: config.require("partnerId"),
    credential: { kind, tenantId: config.get("tenantId") },
    // Default "adopt": an existing link to this partner ID is taken over; a link to another partner ID
    // fails naming both (set "relink" only if you mean to re-point it).
});

/** The linked identity: check it holds a permanent PEC-eligible role in every customer (lighthouse-pec doctor). */
export const linkedObjectId = link.objectId;
export const linkedTenantId = link.tenantId;
export const partnerId = link.partnerId;
export const linkState = link.state;
