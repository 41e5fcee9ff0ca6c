/**
 * A customer delegation's configuration as plain values: what `CustomerDelegation` validates.
 * A value that is not known yet (a Pulumi Output during preview) is `undefined`, and the rules that
 * need it are skipped until it is known.
 */
export interface DelegationSpec {
    offerName: string;
    offerDescription?: string;
    managedByTenantId?: string;
    subscriptionId?: string;
    resourceGroups?: string[];
    authorizations: AuthorizationSpec[];
    eligibleAuthorizations?: EligibleAuthorizationSpec[];
    automationAccount?: { principalId?: string; role?: string; displayName?: string };
    plan?: Partial<Record<"name" | "publisher" | "product" | "version", string>>;
}

/** A permanent authorization, plain. */
export interface AuthorizationSpec {
    principalId?: string;
    role: string;
    displayName?: string;
    delegatedRoles?: string[];
}

/** An eligible (just-in-time) authorization, plain. */
export interface EligibleAuthorizationSpec {
    principalId?: string;
    role: string;
    displayName?: string;
    /** Not allowed on eligible authorizations; accepted here so that the mistake gets a clear message. */
    delegatedRoles?: string[];
    justInTimeAccessPolicy?: {
        multiFactorAuthProvider?: string;
        maximumActivationDuration?: string;
        managedByTenantApprovers?: { principalId?: string; displayName?: string }[];
    };
}

/** The default role of the automation account: PEC-eligible and delegable. */
export const DEFAULT_AUTOMATION_ROLE = "Contributor";
/** The default display name customers see for the automation account. */
export const DEFAULT_AUTOMATION_DISPLAY_NAME = "Provider Automation Account";
