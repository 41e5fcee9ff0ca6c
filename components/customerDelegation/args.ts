// The component's argument types, derived from the one plain model (core/validation/delegationSpec.ts).
// Each interface extends its mapped model and also declares every field again, with the model's TSDoc: Pulumi's
// schema analyzer (components/provider.ts, for Python, C#, Go and YAML) reads only declared members of named
// interfaces (a mapped member has no declaration: its type and description are lost) and enums written as
// `as const` objects. The redeclared types must stay identical to the model's
// (test/components/customerDelegation/argsModel.test.ts) and their TSDoc equal to it (test/components/provider.test.ts).
import type * as pulumi from "@pulumi/pulumi";
import type {
    AuthorizationSpec,
    AutomationAccountSpec,
    DelegationSpec,
    EligibleApproverSpec,
    EligibleAuthorizationSpec,
    InputKey,
    JustInTimeAccessPolicySpec,
    PlanSpec,
    PreviewAccountSpec,
} from "../../core/validation";
import type { DelegationNameOverrides, OnboardedWith } from "../../core/delegation/names";

/** The model's keys that are Inputs become required `pulumi.Input`s; the others keep their modifiers and map deeply. */
type InputsAndPlain<T> = { [K in keyof T as K extends InputKey ? K : never]-?: pulumi.Input<NonNullable<T[K]>> } & {
    [K in keyof T as K extends InputKey ? never : K]: InputsDeep<T[K]>;
};

type InputsDeep<T> = T extends readonly (infer E)[] ? InputsDeep<E>[] : T extends object ? Inputs<T> : T;

/**
 * An object type of the plain model as a component's arguments: each of the `INPUT_KEYS`, at any depth, is a
 * required `pulumi.Input`; every other field keeps its type, optionality and TSDoc (a homomorphic mapped type,
 * flattened into one object type).
 */
export type Inputs<T> = { [K in keyof InputsAndPlain<T>]: InputsAndPlain<T>[K] };

/** A permanent authorization: a managing-tenant principal holding a built-in role on the delegated scope. */
export interface AuthorizationArgs extends Inputs<AuthorizationSpec> {
    /** Object ID of a user, security group or service principal in the managing (partner) tenant. */
    principalId: pulumi.Input<string>;
    /** Built-in role name (case-insensitive, e.g. "Contributor"), role GUID, or role definition ID. */
    role: string;
    /** The name the customer sees for this principal in "Service providers". */
    displayName?: string;
    /** Only with "User Access Administrator": the roles it may assign to managed identities. */
    delegatedRoles?: string[];
}

/** An approver of just-in-time activations. */
export interface EligibleApproverArgs extends Inputs<EligibleApproverSpec> {
    /** Object ID of a user or group in the managing tenant. */
    principalId: pulumi.Input<string>;
    /** The approver's display name. */
    displayName?: string;
}

/** Whether activating an eligible authorization needs MFA: `"Azure"` (it does) or `"None"`. */
export const MultiFactorAuthProvider = { Azure: "Azure", None: "None" } as const;
/** One of {@link MultiFactorAuthProvider}'s values. */
export type MultiFactorAuthProvider = (typeof MultiFactorAuthProvider)[keyof typeof MultiFactorAuthProvider];

/** When and how an eligible authorization is activated. */
export interface JustInTimeAccessPolicyArgs extends Inputs<JustInTimeAccessPolicySpec> {
    /**
     * "Azure" (require MFA on activation) or "None". Default "Azure": lighthouse-pec's default, which it always
     * sends (the Microsoft.ManagedServices API's own default is "None").
     */
    multiFactorAuthProvider?: MultiFactorAuthProvider;
    /** ISO-8601 duration between PT30M and PT8H, sent as its shortest spelling (`PT60M` as `PT1H`). */
    maximumActivationDuration?: string;
    /** Up to 10 principals who must approve each activation. */
    managedByTenantApprovers?: EligibleApproverArgs[];
}

/** An eligible (just-in-time) authorization. It never earns PEC; use it for people, not automation. */
export interface EligibleAuthorizationArgs extends Inputs<EligibleAuthorizationSpec> {
    /** Object ID of a user or group (not a service principal) in the managing tenant. */
    principalId: pulumi.Input<string>;
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
    justInTimeAccessPolicy?: JustInTimeAccessPolicyArgs;
}

/** The partner's Provider Automation Account, which earns PEC through a permanent authorization. */
export interface AutomationAccountArgs extends Inputs<AutomationAccountSpec> {
    /** The service principal's object ID (`ProviderAutomationAccount.principalId`). */
    principalId: pulumi.Input<string>;
    /** A role that is PEC-eligible and delegable by Lighthouse. Default "Contributor". */
    role?: string;
    /** The name the customer sees. Default "Provider Automation Account". */
    displayName?: string;
}

/** The read-only identity of pull-request previews: a permanent Reader authorization, nothing more. */
export interface PreviewAccountArgs extends Inputs<PreviewAccountSpec> {
    /** Object ID of the identity previews sign in as (a service principal, user or group in the managing tenant). */
    principalId: pulumi.Input<string>;
    /** The name the customer sees. Default "Pull-request previews (read-only)". */
    displayName?: string;
}

/** A marketplace (managed services offer) plan; all four fields or none. */
export interface PlanArgs extends Inputs<PlanSpec> {
    /** The plan ID. */
    name: string;
    /** The publisher ID. */
    publisher: string;
    /** The offer (product) ID. */
    product: string;
    /** The plan version. */
    version: string;
}

/** Which template onboarded the customer: the values of `OnboardedWith`, as an object that other languages see as an enum. */
export const OnboardedWithValue = {
    LighthousePec: "lighthouse-pec",
    Subscription: "subscription",
    Rg: "rg",
    MultiRg: "multi-rg",
} as const; // not `satisfies`: the analyzer reads only `{…} as const`
/** One of {@link OnboardedWithValue}'s values: the same type as `OnboardedWith`. */
export type OnboardedWithValue = (typeof OnboardedWithValue)[keyof typeof OnboardedWithValue];
const _sameValues: [OnboardedWith, OnboardedWithValue] = ["" as OnboardedWithValue, "" as OnboardedWith];

/** Arguments of `CustomerDelegation`: the {@link DelegationSpec} with its IDs as Pulumi Inputs. */
export interface CustomerDelegationArgs extends Inputs<DelegationSpec> {
    /** The offer name (ARM templates' `mspOfferName`); resource names derive from it. */
    offerName: string;
    /** The offer description the customer sees. */
    offerDescription?: string;
    /** The partner's managing tenant ID. */
    managedByTenantId: pulumi.Input<string>;
    /** The customer's Azure subscription ID. */
    subscriptionId: pulumi.Input<string>;
    /** Delegate only these resource groups (they must exist). Default: the whole subscription. */
    resourceGroups?: string[];
    /** Permanent authorizations for the partner's people and tools (at least one). */
    authorizations: AuthorizationArgs[];
    /** Just-in-time authorizations (users or groups; need Entra ID P2 in the managing tenant). */
    eligibleAuthorizations?: EligibleAuthorizationArgs[];
    /** The partner-linked Provider Automation Account; becomes a permanent, PEC-eligible authorization. */
    automationAccount?: AutomationAccountArgs;
    /**
     * A read-only identity for pull-request previews (e.g. the app a preview workflow signs in as); becomes a
     * permanent Reader authorization, which never earns PEC. It must not be the automation account nor hold a
     * role that can do more than read.
     */
    previewAccount?: PreviewAccountArgs;
    /** The marketplace plan, when the delegation comes from a published managed services offer. */
    plan?: PlanArgs;
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
    onboardedWith?: OnboardedWithValue;
    /**
     * Adopt a delegation that already exists in Azure (onboarded with Microsoft's sample templates, the
     * `lighthouse-pec template` output, or by hand): the definition and assignments are declared with
     * Pulumi's `import` option and their deterministic resource IDs, so the first `pulumi up` imports
     * them instead of creating them, and `pulumi preview` shows how Azure differs from this config.
     * Needs `subscriptionId` as a plain string. Give `names` when the existing names are not the defaults.
     */
    adopt?: boolean;
}
