import { CustomerDelegationArgs } from "../../components";

/** Managing tenant, customer subscription and principals used across tests. */
export const ids = {
    partnerTenant: "11111111-1111-4111-8111-111111111111",
    subscription: "22222222-2222-4222-8222-222222222222",
    adminGroup: "33333333-3333-4333-8333-333333333333",
    automation: "44444444-4444-4444-8444-444444444444",
    engineer: "55555555-5555-4555-8555-555555555555",
    approver: "66666666-6666-4666-8666-666666666666",
    /** The read-only identity of pull-request previews (`previewAccount`). */
    preview: "12121212-1212-4212-8212-121212121212",
};

/** A complete, valid subscription delegation: automation account, an admin group, the delete role. */
export function validArgs(overrides: Partial<CustomerDelegationArgs> = {}): CustomerDelegationArgs {
    return {
        offerName: "Contoso Managed Services",
        offerDescription: "Managed by Contoso",
        managedByTenantId: ids.partnerTenant,
        subscriptionId: ids.subscription,
        authorizations: [
            { principalId: ids.adminGroup, role: "Reader", displayName: "Contoso admins" },
            {
                principalId: ids.adminGroup,
                role: "Managed Services Registration assignment Delete Role",
                displayName: "Contoso admins",
            },
        ],
        automationAccount: { principalId: ids.automation },
        ...overrides,
    };
}
