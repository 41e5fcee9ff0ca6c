/**
 * Pulumi resource names (the URN names, not Azure names) of `CustomerDelegation`'s children. Shared by
 * the component and by `lighthouse-pec import-file`, whose entries must match what the program declares.
 */

/**
 * Pulumi name of the registration definition of the component named `component`; with `onboardedWith:
 * "multi-rg"` (one definition per resource group) the definition of `resourceGroup`.
 */
export function definitionResourceName(component: string, resourceGroup?: string): string {
    return resourceGroup ? `${component}-definition-${resourceGroup}` : `${component}-definition`;
}

/** Pulumi name of the assignment at the subscription (no `resourceGroup`) or at one resource group. */
export function assignmentResourceName(component: string, resourceGroup?: string): string {
    return resourceGroup ? `${component}-assignment-${resourceGroup}` : `${component}-assignment`;
}
