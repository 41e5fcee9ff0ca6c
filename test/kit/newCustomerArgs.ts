import { ids } from "./fixtures";

/** The customer tenant of the `new-customer` tests. */
export const CUSTOMER_TENANT = "77777777-7777-4777-8777-777777777777";

/**
 * `lighthouse-pec new-customer` arguments for customer contoso: its subscription and tenant, then `middle`, then
 * an admin group as Reader and with the delete role.
 * @param middle - arguments placed before the authorizations (e.g. `--partner-stack …`)
 */
export function contosoArgs(middle: string[] = []): string[] {
    return [
        "--name",
        "contoso",
        "--subscription",
        ids.subscription,
        "--tenant-id",
        CUSTOMER_TENANT,
        ...middle,
        "--authorization",
        `${ids.adminGroup}:Reader:Contoso admins`,
        "--authorization",
        `${ids.adminGroup}:Managed Services Registration assignment Delete Role:Contoso admins`,
    ];
}
