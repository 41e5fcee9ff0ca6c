// The component's argument types. Like CustomerDelegation's (components/customerDelegation/args.ts), every field is
// declared again with the model's TSDoc on top of the mapped model: Pulumi's schema analyzer (components/provider.ts)
// reads only declared members of named interfaces. The types stay identical to the mapped model's
// (test/components/managementGroupDelegation/argsModel.test.ts).
import type * as pulumi from "@pulumi/pulumi";
import type { ManagementGroupDelegationSpec } from "../../core/delegation/managementGroupPolicy";
import type { DelegationNameOverrides } from "../../core/delegation/names";
import type {
    AuthorizationArgs,
    AutomationAccountArgs,
    EligibleAuthorizationArgs,
    Inputs,
    OnboardedWithValue,
    PlanArgs,
    PreviewAccountArgs,
} from "../customerDelegation";

/** The delegation every subscription of the management group gets: `CustomerDelegationArgs` minus subscription, resource groups and adopt. */
export interface ManagementGroupDelegationSpecArgs extends Inputs<ManagementGroupDelegationSpec> {
    /** The offer name (ARM templates' `mspOfferName`); resource names derive from it. */
    offerName: string;
    /** The offer description the customer sees. */
    offerDescription?: string;
    /** The partner's managing tenant ID. */
    managedByTenantId: pulumi.Input<string>;
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
}

/** Arguments of `ManagementGroupDelegation`. */
export interface ManagementGroupDelegationArgs extends ManagementGroupDelegationSpecArgs {
    /** The customer's management group whose subscriptions (present and future) are delegated: its ID, not its display name. */
    managementGroupId: pulumi.Input<string>;
    /** Region of the policy assignment's managed identity and of each subscription deployment's record. Default "westeurope". */
    location?: string;
    /** Create a remediation task for subscriptions that exist already and are non-compliant. Default true. */
    remediate?: boolean;
}
