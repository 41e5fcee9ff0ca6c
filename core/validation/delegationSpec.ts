import type { DelegationNameOverrides, OnboardedWith } from "../delegation/names";

/**
 * The keys whose values a component accepts as Pulumi Inputs (IDs that may come from other resources'
 * outputs), wherever they occur in the model. In a {@link DelegationSpec} they are optional, because a value
 * that is not known yet (an Output during preview) is `undefined`; `CustomerDelegationArgs` requires them.
 */
export const INPUT_KEYS = ["principalId", "managedByTenantId", "subscriptionId"] as const;
/** One of {@link INPUT_KEYS}. */
export type InputKey = (typeof INPUT_KEYS)[number];

/**
 * A customer delegation's configuration as plain values: the one model of it. `CustomerDelegationArgs`
 * and its nested argument types are this model with the {@link INPUT_KEYS} as Pulumi Inputs; what
 * `CustomerDelegation` validates is this model with the values not known yet `undefined` (the rules that
 * need them are skipped until they are known).
 */
export interface DelegationSpec {
    /** The offer name (ARM templates' `mspOfferName`); resource names derive from it. */
    offerName: string;
    /** The offer description the customer sees. */
    offerDescription?: string;
    /** The partner's managing tenant ID. */
    managedByTenantId?: string;
    /** The customer's Azure subscription ID. */
    subscriptionId?: string;
    /** Delegate only these resource groups (they must exist). Default: the whole subscription. */
    resourceGroups?: string[];
    /** Permanent authorizations for the partner's people and tools (at least one). */
    authorizations: AuthorizationSpec[];
    /** Just-in-time authorizations (users or groups; need Entra ID P2 in the managing tenant). */
    eligibleAuthorizations?: EligibleAuthorizationSpec[];
    /** The partner-linked Provider Automation Account; becomes a permanent, PEC-eligible authorization. */
    automationAccount?: AutomationAccountSpec;
    /**
     * A read-only identity for pull-request previews (e.g. the app a preview workflow signs in as); becomes a
     * permanent Reader authorization, which never earns PEC. It must not be the automation account nor hold a
     * role that can do more than read.
     */
    previewAccount?: PreviewAccountSpec;
    /** The marketplace plan, when the delegation comes from a published managed services offer. */
    plan?: PlanSpec;
    /** Explicit Azure names, for delegations created elsewhere under other names. */
    names?: DelegationNameOverrides;
    /**
     * Which template onboarded the customer, so that the Azure names match what is there and adopting
     * replaces nothing: `"subscription"`, `"rg"` or `"multi-rg"` for Microsoft's sample templates
     * (Azure-Lighthouse-samples `templates/delegated-resource-management/`, and their eligible-authorization
     * variants), `"lighthouse-pec"` (default) for this project's names (`lighthouse-pec template`, or a stack
     * that created the delegation). `"multi-rg"` means one registration definition per resource group.
     * Changing it on a deployed stack changes the names, i.e. replaces the delegation.
     */
    onboardedWith?: OnboardedWith;
    /**
     * Adopt a delegation that already exists in Azure (onboarded with Microsoft's sample templates, the
     * `lighthouse-pec template` output, or by hand): the definition and assignments are declared with
     * Pulumi's `import` option and their deterministic resource IDs, so the first `pulumi up` imports
     * them instead of creating them, and `pulumi preview` shows how Azure differs from this config.
     * Needs `subscriptionId` as a plain string. Give `names` when the existing names are not the defaults.
     */
    adopt?: boolean;
}

/** A permanent authorization: a managing-tenant principal holding a built-in role on the delegated scope. */
export interface AuthorizationSpec {
    /** Object ID of a user, security group or service principal in the managing (partner) tenant. */
    principalId?: string;
    /** Built-in role name (case-insensitive, e.g. "Contributor"), role GUID, or role definition ID. */
    role: string;
    /** The name the customer sees for this principal in "Service providers". */
    displayName?: string;
    /** Only with "User Access Administrator": the roles it may assign to managed identities. */
    delegatedRoles?: string[];
}

/** An eligible (just-in-time) authorization. It never earns PEC; use it for people, not automation. */
export interface EligibleAuthorizationSpec {
    /** Object ID of a user or group (not a service principal) in the managing tenant. */
    principalId?: string;
    /** Built-in role name or GUID; not User Access Administrator. */
    role: string;
    /** The name the customer sees for this principal. */
    displayName?: string;
    /** Not allowed here; present so that the mistake is reported clearly. */
    delegatedRoles?: string[];
    /**
     * Activation policy. Defaults (lighthouse-pec's, always sent): MFA "Azure", at most "PT8H", no approvers. Sent in
     * one normal form, so that eligible authorizations of one role carry identical policies as Azure requires: the
     * duration's shortest spelling, approvers sorted by principal ID, each once, with one display name.
     */
    justInTimeAccessPolicy?: JustInTimeAccessPolicySpec;
}

/** When and how an eligible authorization is activated. */
export interface JustInTimeAccessPolicySpec {
    /**
     * "Azure" (require MFA on activation) or "None". Default "Azure": lighthouse-pec's default, which it always
     * sends (the Microsoft.ManagedServices API's own default is "None").
     */
    multiFactorAuthProvider?: "Azure" | "None";
    /** ISO-8601 duration between PT30M and PT8H, sent as its shortest spelling (`PT60M` as `PT1H`). */
    maximumActivationDuration?: string;
    /** Up to 10 principals who must approve each activation. */
    managedByTenantApprovers?: EligibleApproverSpec[];
}

/** An approver of just-in-time activations. */
export interface EligibleApproverSpec {
    /** Object ID of a user or group in the managing tenant. */
    principalId?: string;
    /** The approver's display name. */
    displayName?: string;
}

/** The partner's Provider Automation Account, which earns PEC through a permanent authorization. */
export interface AutomationAccountSpec {
    /** The service principal's object ID (`ProviderAutomationAccount.principalId`). */
    principalId?: string;
    /** A role that is PEC-eligible and delegable by Lighthouse. Default "Contributor". */
    role?: string;
    /** The name the customer sees. Default "Provider Automation Account". */
    displayName?: string;
}

/** The read-only identity of pull-request previews: a permanent Reader authorization, nothing more. */
export interface PreviewAccountSpec {
    /** Object ID of the identity previews sign in as (a service principal, user or group in the managing tenant). */
    principalId?: string;
    /** The name the customer sees. Default "Pull-request previews (read-only)". */
    displayName?: string;
}

/** A marketplace (managed services offer) plan; all four fields or none. */
export interface PlanSpec {
    /** The plan ID. */
    name: string;
    /** The publisher ID. */
    publisher: string;
    /** The offer (product) ID. */
    product: string;
    /** The plan version. */
    version: string;
}

/** The default role of the automation account: PEC-eligible and delegable. */
export const DEFAULT_AUTOMATION_ROLE = "Contributor";
/** The default display name customers see for the automation account. */
export const DEFAULT_AUTOMATION_DISPLAY_NAME = "Provider Automation Account";
/** The role of the preview account: Reader (built-in GUID acdd72a7-3385-48ef-bd42-f606fba81ae7), read-only, never PEC. */
export const PREVIEW_ACCOUNT_ROLE = "Reader";
/** The default display name customers see for the preview account. */
export const DEFAULT_PREVIEW_DISPLAY_NAME = "Pull-request previews (read-only)";
