import { resolveRole, roleGuidOf } from "../roles";
import {
    AccountAuthorization,
    automationAuthorization,
    previewAuthorization,
} from "../validation/accountAuthorizations";
import { DelegationSpec } from "../validation/delegationSpec";
import { approverDisplayNames, canonicalJitPolicy } from "../validation/jitPolicy";

/** A permanent authorization as the Microsoft.ManagedServices API takes it. */
export interface RegistrationAuthorization {
    principalId: string;
    principalIdDisplayName?: string;
    roleDefinitionId: string;
    delegatedRoleDefinitionIds?: string[];
}

/** An eligible (JIT) authorization as the Microsoft.ManagedServices API takes it. */
export interface RegistrationEligibleAuthorization {
    principalId: string;
    principalIdDisplayName?: string;
    roleDefinitionId: string;
    justInTimeAccessPolicy: {
        multiFactorAuthProvider: string;
        maximumActivationDuration: string;
        managedByTenantApprovers?: { principalId: string; principalIdDisplayName?: string }[];
    };
}

/** `properties` of a `Microsoft.ManagedServices/registrationDefinitions` resource. */
export interface RegistrationDefinitionProperties {
    registrationDefinitionName: string;
    description?: string;
    managedByTenantId: string;
    authorizations: RegistrationAuthorization[];
    eligibleAuthorizations?: RegistrationEligibleAuthorization[];
}

/** The role definition GUID Azure expects for a role given by name, GUID or resource ID. */
export function roleDefinitionGuid(role: string): string {
    return resolveRole(role)?.id ?? roleGuidOf(role) ?? role;
}

function withoutUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The permanent authorizations, automation account first: it becomes a permanent authorization with
 * its (PEC-eligible) role, which is what earns partner earned credit. The preview account's Reader comes last,
 * so that adding it to a deployed delegation shows in a preview as one added entry, not a shifted list.
 */
function permanentAuthorizations(spec: DelegationSpec): RegistrationAuthorization[] {
    const account = (a: AccountAuthorization | undefined) =>
        a ? [{ principalId: a.principalId, displayName: a.displayName, role: a.role, delegatedRoles: undefined }] : [];
    return [
        ...account(automationAuthorization(spec)),
        ...spec.authorizations,
        ...account(previewAuthorization(spec)),
    ].map((a) =>
        withoutUndefined({
            principalId: a.principalId!,
            principalIdDisplayName: a.displayName,
            roleDefinitionId: roleDefinitionGuid(a.role),
            delegatedRoleDefinitionIds: a.delegatedRoles?.map(roleDefinitionGuid),
        }),
    );
}

/**
 * Builds the registration definition's `properties` from a fully known, validated spec. Shared by the
 * Pulumi component and the customer-side ARM template so both deploy the same thing. Each eligible
 * authorization's justInTimeAccessPolicy is sent in its one canonical form (`canonicalJitPolicy`: defaults
 * applied, `PT60M` as `PT1H`, approvers sorted, each once, with one display name), so policies that Azure
 * requires to be identical are identical as sent.
 */
export function buildRegistrationProperties(spec: DelegationSpec): RegistrationDefinitionProperties {
    const approverNames = approverDisplayNames(spec.eligibleAuthorizations ?? []);
    const eligible = (spec.eligibleAuthorizations ?? []).map((e) =>
        withoutUndefined({
            principalId: e.principalId!,
            principalIdDisplayName: e.displayName,
            roleDefinitionId: roleDefinitionGuid(e.role),
            justInTimeAccessPolicy: canonicalJitPolicy(e.justInTimeAccessPolicy, approverNames),
        }),
    );
    return withoutUndefined({
        registrationDefinitionName: spec.offerName,
        description: spec.offerDescription,
        managedByTenantId: spec.managedByTenantId!,
        authorizations: permanentAuthorizations(spec),
        eligibleAuthorizations: eligible.length > 0 ? eligible : undefined,
    });
}

/** Principals whose permanent authorization has a role Partner Center lists as PEC-eligible. */
export function pecPrincipalIds(properties: RegistrationDefinitionProperties): string[] {
    const ids = properties.authorizations
        .filter((a) => resolveRole(a.roleDefinitionId)?.pecEligible === true)
        .map((a) => a.principalId);
    return [...new Set(ids)];
}
