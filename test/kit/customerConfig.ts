import { ids } from "./fixtures";

/** Options of {@link directCustomerYaml}. */
export interface DirectCustomerYamlOptions {
    /** The lines saying what is delegated (default: `lighthouse-pec:subscriptionId` of `ids.subscription`). */
    target?: string[];
    /** Text appended after the authorizations (default: none). */
    extra?: string;
}

/**
 * A customer stack config (`Pulumi.<stack>.yaml` text) with everything given directly, no partner stack:
 * Fabrikam's offer, the target, `ids.partnerTenant`, the automation account and an admin group with the delete role.
 * @param options - the target lines and extra text
 */
export function directCustomerYaml(options: DirectCustomerYamlOptions = {}): string {
    return [
        "config:",
        "  lighthouse-pec:offerName: Fabrikam Managed Services",
        ...(options.target ?? [`  lighthouse-pec:subscriptionId: ${ids.subscription}`]),
        `  lighthouse-pec:managedByTenantId: ${ids.partnerTenant}`,
        "  lighthouse-pec:automationAccount:",
        `    principalId: ${ids.automation}`,
        "  lighthouse-pec:authorizations:",
        `    - {principalId: ${ids.adminGroup}, role: Reader, displayName: Admins}`,
        `    - {principalId: ${ids.adminGroup}, role: Managed Services Registration assignment Delete Role}`,
        options.extra ?? "",
    ].join("\n");
}
