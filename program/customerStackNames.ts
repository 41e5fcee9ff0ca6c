/**
 * Pulumi names the customer stack program (`program/customerStack.ts`) declares. Shared with
 * `lighthouse-pec import-file`, whose entries must land exactly where the program declares them.
 */

/** The `CustomerDelegation` component of a customer stack. */
export const DELEGATION_COMPONENT_NAME = "delegation";

/** The explicit azure-native provider that deploys into the customer's subscription. */
export const CUSTOMER_PROVIDER_NAME = "customer";

/**
 * The `CustomerDelegation` of one subscription of a `subscriptions` list: keyed by the subscription ID (lower
 * case), so reordering or growing the list renames nothing. `base` is the program's name, or a stack's name
 * when `import-file` brings several customers into one stack.
 */
export function subscriptionDelegationName(subscriptionId: string, base = DELEGATION_COMPONENT_NAME): string {
    return `${base}-${subscriptionId.toLowerCase()}`;
}
