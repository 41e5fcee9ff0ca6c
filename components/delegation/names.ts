import { armGuid } from "../armGuid";

/** Explicit names, for delegations whose resources Azure already knows under other names. */
export interface DelegationNameOverrides {
    /** The registration definition's name (a GUID). Default: `armGuid(offerName)`. */
    registrationDefinition?: string;
    /** The subscription-scope assignment's name (a GUID). Default: `armGuid(offerName)`. */
    subscriptionAssignment?: string;
    /**
     * Per resource group, the assignment's name (a GUID). Default: `armGuid(offerName, resourceGroup)`.
     * Microsoft's resource-group sample templates use `guid(rgName)`: give `armGuid(rgName)` here to adopt those.
     */
    resourceGroupAssignments?: Record<string, string>;
}

/** The Azure names (GUIDs) of a delegation's registration definition and assignments. */
export interface DelegationNames {
    registrationDefinition: string;
    /** One per scope: the subscription (resourceGroup undefined) or each resource group, in order. */
    assignments: { resourceGroup?: string; name: string }[];
}

/**
 * Deterministic names: the definition and a subscription-scope assignment are `guid(offerName)`, as in
 * Microsoft's Lighthouse sample templates, so a stack can adopt customers onboarded with them; a
 * resource-group assignment is `guid(offerName, resourceGroup)`.
 */
export function delegationNames(offerName: string, resourceGroups: string[] | undefined, overrides: DelegationNameOverrides = {}): DelegationNames {
    const registrationDefinition = overrides.registrationDefinition ?? armGuid(offerName);
    const assignments = resourceGroups && resourceGroups.length > 0
        ? resourceGroups.map((rg) => ({ resourceGroup: rg, name: overrides.resourceGroupAssignments?.[rg] ?? armGuid(offerName, rg) }))
        : [{ name: overrides.subscriptionAssignment ?? armGuid(offerName) }];
    return { registrationDefinition, assignments };
}

/** `/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{rg}`: where an assignment lives. */
export function assignmentScope(subscriptionId: string, resourceGroup?: string): string {
    return resourceGroup ? `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}` : `/subscriptions/${subscriptionId}`;
}

/** The full ARM resource ID of a registration definition. */
export function registrationDefinitionResourceId(subscriptionId: string, name: string): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.ManagedServices/registrationDefinitions/${name}`;
}

/** The full ARM resource ID of a registration assignment. */
export function registrationAssignmentResourceId(subscriptionId: string, name: string, resourceGroup?: string): string {
    return `${assignmentScope(subscriptionId, resourceGroup)}/providers/Microsoft.ManagedServices/registrationAssignments/${name}`;
}
