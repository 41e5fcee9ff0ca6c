/**
 * A customer delegation's configuration as plain values: what `CustomerDelegation` validates.
 * A value that is not known yet (a Pulumi Output during preview) is `undefined`, and the rules that
 * need it are skipped until it is known.
 */
export interface DelegationSpec {
    /** The offer name (`mspOfferName`); names derive from it. */
    offerName: string;
    /** The offer description the customer sees. */
    offerDescription?: string;
    /** The partner's managing tenant ID. */
    managedByTenantId?: string;
    /** The customer's Azure subscription ID. */
    subscriptionId?: string;
    /** Delegated resource groups; absent = the whole subscription. */
    resourceGroups?: string[];
    /** Permanent authorizations. */
    authorizations: AuthorizationSpec[];
    /** Just-in-time authorizations. */
    eligibleAuthorizations?: EligibleAuthorizationSpec[];
    /** The partner-linked automation account (role default "Contributor"). */
    automationAccount?: { principalId?: string; role?: string; displayName?: string };
    /** Marketplace plan; all four fields or none. */
    plan?: Partial<Record<"name" | "publisher" | "product" | "version", string>>;
}

/** A permanent authorization, plain. */
export interface AuthorizationSpec {
    /** Managing-tenant principal object ID. */
    principalId?: string;
    /** Built-in role name, GUID or role definition ID. */
    role: string;
    /** Name shown to the customer. */
    displayName?: string;
    /** With User Access Administrator only: roles it may assign to managed identities. */
    delegatedRoles?: string[];
}

/** An eligible (just-in-time) authorization, plain. */
export interface EligibleAuthorizationSpec {
    /** Managing-tenant user or group object ID. */
    principalId?: string;
    /** Built-in role name, GUID or role definition ID. */
    role: string;
    /** Name shown to the customer. */
    displayName?: string;
    /** Not allowed on eligible authorizations; accepted here so that the mistake gets a clear message. */
    delegatedRoles?: string[];
    /** Activation policy: MFA provider, maximum activation (ISO-8601), approvers. */
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
