import { armGuid } from "../armGuid";
import type { DelegationNameOverrides } from "../validation/delegationSpec.generated";

// Explicit names (`names` of the delegation schema), for delegations whose resources Azure already knows under other names.
export type { DelegationNameOverrides };

/**
 * How the delegation was (or will be) onboarded, which decides its Azure names:
 * - `"lighthouse-pec"` (default): this project's names: definition and subscription assignment
 *   `guid(offerName)`, a resource-group assignment `guid(offerName, resourceGroup)`.
 * - `"subscription"`: Microsoft's sample `subscription/subscription.json` (and its eligible-authorization
 *   and marketplace variants): definition and assignment `guid(mspOfferName)`; the whole subscription.
 * - `"rg"`: Microsoft's sample `rg/rg.json` (and `rg-managing-tenant-approvers.json`): definition and every
 *   resource-group assignment `guid(mspOfferName)`.
 * - `"multi-rg"`: Microsoft's sample `rg/multi-rg.json` (and the eligible `multiple-rg*.json`): one
 *   definition per resource group, definition and assignment both `guid(rgName)`.
 */
export type OnboardedWith = "lighthouse-pec" | "subscription" | "rg" | "multi-rg";

/** Every {@link OnboardedWith} value, the default first. */
export const ONBOARDED_WITH_VALUES: readonly OnboardedWith[] = ["lighthouse-pec", "subscription", "rg", "multi-rg"];

/** The naming used when `onboardedWith` is not given: this project's own (what existing stacks use). */
export const DEFAULT_ONBOARDED_WITH: OnboardedWith = "lighthouse-pec";

/** One registration definition: at the subscription, on behalf of all scopes or (multi-rg) of one resource group. */
export interface DefinitionName {
    /** With `multi-rg`, the resource group this definition is assigned at; otherwise undefined. */
    resourceGroup?: string;
    /** The definition's name (a GUID). */
    name: string;
}

/** The Azure names (GUIDs) of a delegation's registration definition(s) and assignments. */
export interface DelegationNames {
    /** The name of the first (usually the only) registration definition. */
    registrationDefinition: string;
    /** Every registration definition: one, or with `multi-rg` one per resource group, in order. */
    definitions: DefinitionName[];
    /** One per scope: the subscription (resourceGroup undefined) or each resource group, in order; `definition` names the definition assigned. */
    assignments: { resourceGroup?: string; name: string; definition: string }[];
}

/**
 * Deterministic names. By default the definition and a subscription-scope assignment are
 * `guid(offerName)`, as in Microsoft's Lighthouse sample templates, so a stack can adopt customers
 * onboarded with them; a resource-group assignment is `guid(offerName, resourceGroup)`. `onboardedWith`
 * selects the names one of Microsoft's samples gave instead (see {@link OnboardedWith}). Overrides win.
 * A combination that cannot be honoured (see `onboardedWithFindings`) is reported before this is used.
 */
export function delegationNames(
    offerName: string,
    resourceGroups: string[] | undefined,
    overrides: DelegationNameOverrides = {},
    onboardedWith: OnboardedWith = DEFAULT_ONBOARDED_WITH,
): DelegationNames {
    const groups = resourceGroups ?? [];
    const groupAssignment = (rg: string, fallback: string): string =>
        overrides.resourceGroupAssignments?.[rg] ?? fallback;
    if (onboardedWith === "multi-rg" && groups.length > 0) {
        const definitions = groups.map((rg) => ({ resourceGroup: rg, name: armGuid(rg) }));
        return {
            registrationDefinition: definitions[0].name,
            definitions,
            assignments: definitions.map((d) => ({
                resourceGroup: d.resourceGroup,
                name: groupAssignment(d.resourceGroup, d.name),
                definition: d.name,
            })),
        };
    }
    const registrationDefinition = overrides.registrationDefinition ?? armGuid(offerName);
    const groupDefault = (rg: string): string => (onboardedWith === "rg" ? armGuid(offerName) : armGuid(offerName, rg));
    const assignments =
        groups.length > 0
            ? groups.map((rg) => ({
                  resourceGroup: rg,
                  name: groupAssignment(rg, groupDefault(rg)),
                  definition: registrationDefinition,
              }))
            : [{ name: overrides.subscriptionAssignment ?? armGuid(offerName), definition: registrationDefinition }];
    return { registrationDefinition, definitions: [{ name: registrationDefinition }], assignments };
}

/** `/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{rg}`: where an assignment lives. */
export function assignmentScope(subscriptionId: string, resourceGroup?: string): string {
    return resourceGroup
        ? `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`
        : `/subscriptions/${subscriptionId}`;
}

/** The full ARM resource ID of a registration definition. */
export function registrationDefinitionResourceId(subscriptionId: string, name: string): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.ManagedServices/registrationDefinitions/${name}`;
}

/** The full ARM resource ID of a registration assignment. */
export function registrationAssignmentResourceId(subscriptionId: string, name: string, resourceGroup?: string): string {
    return `${assignmentScope(subscriptionId, resourceGroup)}/providers/Microsoft.ManagedServices/registrationAssignments/${name}`;
}
