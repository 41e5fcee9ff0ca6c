// The one schema of a customer delegation's configuration: CustomerDelegationArgs (a component's
// arguments, a JSON/YAML arguments file) and the customer stack's `lighthouse-pec:*` config share
// these shapes. Keys added to DelegationSpec (the model CustomerDelegationArgs derives from) must be added
// here (a compile-time check in test/core/validation/strict.test.ts compares the two).
import {
    DEFAULT_AUTOMATION_DISPLAY_NAME,
    DEFAULT_AUTOMATION_ROLE,
    DEFAULT_PREVIEW_DISPLAY_NAME,
    PREVIEW_ACCOUNT_ROLE,
} from "./delegationSpec";
import { ONBOARDED_WITH_VALUES, OnboardedWith } from "../delegation/names";
import { suggestOnboardedWith } from "../delegation/onboardedWith";
import { Finding } from "./findings";
import { checkShape, Field, ObjectShape, Shape } from "./shape";

const EXAMPLE_GUID = "00000000-0000-0000-0000-000000000000";

/** How the customer was onboarded, which fixes the Azure names a stack adopts (Microsoft's sample templates or ours). */
export const ONBOARDED_WITH = ONBOARDED_WITH_VALUES;
export type { OnboardedWith };

const guid = (what: string, input = true): Shape => ({
    kind: "string",
    label: `a string (${what} GUID)`,
    example: EXAMPLE_GUID,
    input,
});
const text = (example: string): Shape => ({ kind: "string", example });
const roleShape: Shape = { kind: "string", label: "a string (built-in role name or GUID)", example: "Reader" };
const roleList: Shape = {
    kind: "list",
    items: roleShape,
    label: "a list of role names or GUIDs",
    example: ["Contributor"],
};

const approverFields = {
    principalId: {
        shape: guid("user or group object"),
        required: true,
        doc: "Object ID of a user or group in the managing tenant who approves activations.",
    },
    displayName: { shape: text("On-call leads"), doc: "The approver's display name." },
} satisfies Record<string, Field>;

const jitPolicyFields = {
    multiFactorAuthProvider: {
        shape: { kind: "string", enum: ["Azure", "None"], label: '"Azure" or "None"' },
        doc: 'Require MFA on activation ("Azure") or not ("None"). The default is lighthouse-pec\'s, always sent; the Azure API\'s own is "None".',
        default: "Azure",
    },
    maximumActivationDuration: {
        shape: text("PT4H"),
        doc: "ISO 8601 duration from PT30M to PT8H, sent as its shortest spelling (PT60M as PT1H).",
        default: "PT8H",
    },
    managedByTenantApprovers: {
        shape: {
            kind: "list",
            items: { kind: "object", fields: approverFields },
            label: "a list of approvers ({principalId, displayName?})",
        },
        doc: "Up to 10 users or groups who must approve each activation.",
        default: "none",
    },
} satisfies Record<string, Field>;

/** A permanent authorization's keys (`AuthorizationArgs`). */
export const AUTHORIZATION_FIELDS = {
    principalId: {
        shape: guid("user, group or service principal object"),
        required: true,
        doc: "Object ID of a user, security group or service principal in the managing tenant.",
    },
    role: {
        shape: roleShape,
        required: true,
        doc: "Built-in role name (any case), role GUID or role definition ID. Not Owner, no DataActions.",
    },
    displayName: { shape: text("Contoso admins"), doc: "The name the customer sees for this principal." },
    delegatedRoles: {
        shape: roleList,
        doc: "Only with User Access Administrator: the roles it may assign to managed identities.",
    },
} satisfies Record<string, Field>;

/** An eligible (just-in-time) authorization's keys (`EligibleAuthorizationArgs`). */
export const ELIGIBLE_AUTHORIZATION_FIELDS = {
    principalId: {
        shape: guid("user or group object"),
        required: true,
        doc: "Object ID of a user or group (not a service principal) in the managing tenant.",
    },
    role: { shape: roleShape, required: true, doc: "Built-in role name or GUID; not User Access Administrator." },
    displayName: { shape: text("Contoso on-call engineers"), doc: "The name the customer sees for this principal." },
    delegatedRoles: { shape: roleList, doc: "Not allowed on eligible authorizations (reported with a clear message)." },
    justInTimeAccessPolicy: {
        shape: {
            kind: "object",
            fields: jitPolicyFields,
            example: { multiFactorAuthProvider: "Azure", maximumActivationDuration: "PT4H" },
        },
        doc: "Activation policy, sent in one normal form (approvers sorted, each once, one display name each) so that policies of one role are identical.",
        default: "MFA Azure, PT8H, no approvers (lighthouse-pec's defaults)",
    },
} satisfies Record<string, Field>;

/** The automation account's keys (`AutomationAccountArgs`). */
export const AUTOMATION_ACCOUNT_FIELDS = {
    principalId: {
        shape: guid("service principal object"),
        required: true,
        doc: "The Provider Automation Account's service principal object ID (partner stack output principalId).",
    },
    role: { shape: roleShape, doc: "A PEC-eligible role Lighthouse allows.", default: DEFAULT_AUTOMATION_ROLE },
    displayName: {
        shape: text(DEFAULT_AUTOMATION_DISPLAY_NAME),
        doc: "The name the customer sees.",
        default: DEFAULT_AUTOMATION_DISPLAY_NAME,
    },
} satisfies Record<string, Field>;

/** The preview account's keys (`PreviewAccountArgs`). */
export const PREVIEW_ACCOUNT_FIELDS = {
    principalId: {
        shape: guid("user, group or service principal object"),
        required: true,
        doc: "Object ID of the identity pull-request previews sign in as; not the automation account, and holding no other role that does more than read.",
    },
    displayName: {
        shape: text(DEFAULT_PREVIEW_DISPLAY_NAME),
        doc: "The name the customer sees.",
        default: DEFAULT_PREVIEW_DISPLAY_NAME,
    },
} satisfies Record<string, Field>;

/** A marketplace plan's keys (`PlanArgs`). All four or none: validateDelegation names the missing ones in one finding. */
export const PLAN_FIELDS = {
    name: { shape: text("gold"), doc: "The plan ID." },
    publisher: { shape: text("contoso"), doc: "The publisher ID." },
    product: { shape: text("managed-azure"), doc: "The offer (product) ID." },
    version: { shape: text("1.0.0"), doc: 'The plan version (quote it in YAML: "1.0").' },
} satisfies Record<string, Field>;

/** Explicit Azure names (`DelegationNameOverrides`). */
export const NAMES_FIELDS = {
    registrationDefinition: {
        shape: guid("registration definition name", false),
        doc: "The registration definition's name.",
        default: "guid(offerName)",
    },
    subscriptionAssignment: {
        shape: guid("registration assignment name", false),
        doc: "The subscription-scope assignment's name.",
        default: "guid(offerName)",
    },
    resourceGroupAssignments: {
        shape: {
            kind: "map",
            values: guid("registration assignment name", false),
            label: "an object of resource group name → assignment name GUID",
            example: { "rg-production": EXAMPLE_GUID },
        },
        doc: "Per resource group, the assignment's name.",
        default: "guid(offerName, resourceGroup)",
    },
} satisfies Record<string, Field>;

const objectList = (fields: Record<string, Field>, label: string, example: unknown): Shape => ({
    kind: "list",
    items: { kind: "object", fields },
    label,
    example,
});

/** The keys a customer delegation shares between its component arguments and its stack config. */
const sharedFields = {
    offerName: {
        shape: text("Contoso Managed Services"),
        required: true,
        doc: "The offer name customers see (ARM templates' mspOfferName); resource names derive from it.",
    },
    offerDescription: { shape: text("Azure management by Contoso (CSP)"), doc: "The offer description customers see." },
    managedByTenantId: { shape: guid("managing tenant"), required: true, doc: "The partner's managing tenant ID." },
    subscriptionId: {
        shape: guid("customer subscription"),
        required: true,
        doc: "The customer's Azure subscription ID.",
    },
    authorizations: {
        shape: objectList(
            AUTHORIZATION_FIELDS,
            "a list of objects ({principalId, role, displayName?, delegatedRoles?})",
            [{ principalId: EXAMPLE_GUID, role: "Reader" }],
        ),
        required: true,
        doc: "Permanent authorizations for the partner's people and tools (at least one).",
    },
    eligibleAuthorizations: {
        shape: objectList(
            ELIGIBLE_AUTHORIZATION_FIELDS,
            "a list of objects ({principalId, role, displayName?, justInTimeAccessPolicy?})",
            [{ principalId: EXAMPLE_GUID, role: "Contributor" }],
        ),
        doc: "Just-in-time authorizations (users or groups; need Entra ID P2). Never earn PEC.",
        default: "none",
    },
    automationAccount: {
        shape: {
            kind: "object",
            fields: AUTOMATION_ACCOUNT_FIELDS,
            example: { principalId: EXAMPLE_GUID, role: DEFAULT_AUTOMATION_ROLE },
        },
        doc: "The partner-linked Provider Automation Account: a permanent, PEC-eligible authorization.",
    },
    previewAccount: {
        shape: { kind: "object", fields: PREVIEW_ACCOUNT_FIELDS, example: { principalId: EXAMPLE_GUID } },
        doc: `A read-only identity for pull-request previews: a permanent ${PREVIEW_ACCOUNT_ROLE} authorization (never earns PEC).`,
        default: "none",
    },
    resourceGroups: {
        shape: {
            kind: "list",
            items: text("rg-production"),
            label: "a list of resource group names",
            example: ["rg-production"],
        },
        doc: "Delegate only these resource groups (they must exist).",
        default: "the whole subscription",
    },
    plan: {
        shape: { kind: "object", fields: PLAN_FIELDS },
        doc: "Marketplace plan of a published managed services offer; all four keys or none.",
    },
    names: {
        shape: { kind: "object", fields: NAMES_FIELDS, example: { registrationDefinition: EXAMPLE_GUID } },
        doc: "Explicit Azure names, for delegations created elsewhere.",
    },
    adopt: {
        shape: { kind: "boolean" },
        doc: "Adopt the delegation that already exists in Azure (Pulumi import) instead of creating it.",
        default: "false",
    },
    onboardedWith: {
        shape: { kind: "string", enum: ONBOARDED_WITH, suggest: suggestOnboardedWith },
        doc: "Which template onboarded the customer, which fixes the names to adopt: Microsoft's subscription, rg or multi-rg sample, or lighthouse-pec.",
        default: "lighthouse-pec",
    },
} satisfies Record<string, Field>;

/** `CustomerDelegationArgs`: a component's arguments, or a JSON/YAML file of them. */
export const DELEGATION_ARGS_FIELDS = sharedFields;

/** The schema of `CustomerDelegationArgs`. */
export const delegationArgsShape: ObjectShape = { kind: "object", fields: DELEGATION_ARGS_FIELDS };

/** A copy of an object shape in which the named keys are optional (a value that comes from elsewhere). */
export function withOptional(shape: ObjectShape, keys: readonly string[]): ObjectShape {
    return {
        ...shape,
        fields: Object.fromEntries(
            Object.entries(shape.fields).map(([k, f]) => [k, keys.includes(k) ? { ...f, required: false } : f]),
        ),
    };
}

/** A copy of a shape with a nested object field replaced (e.g. the automation account without required principalId). */
export function withField(shape: ObjectShape, key: string, field: Field): ObjectShape {
    return { ...shape, fields: { ...shape.fields, [key]: field } };
}

/** The automation account as a file or stack config gives it: its principal may come from the partner stack. */
export const automationAccountWithoutPrincipal: Field = {
    ...DELEGATION_ARGS_FIELDS.automationAccount,
    shape: withOptional(
        {
            kind: "object",
            fields: AUTOMATION_ACCOUNT_FIELDS,
            example: DELEGATION_ARGS_FIELDS.automationAccount.shape.example,
        },
        ["principalId"],
    ),
};

/** One entry of the customer stack's `subscriptions` list. */
export const SUBSCRIPTION_ENTRY_FIELDS = {
    subscriptionId: {
        shape: guid("customer subscription", false),
        required: true,
        doc: "The customer's Azure subscription ID.",
    },
    resourceGroups: {
        ...sharedFields.resourceGroups,
        doc: "Delegate only these resource groups of this subscription (they must exist).",
        default: "the stack's resourceGroups",
    },
    keepsLegacyNames: {
        shape: { kind: "boolean", text: true },
        doc: "This entry was the stack's subscriptionId: it keeps that stack's Pulumi names (aliases) and provider, so moving to a list deletes nothing. At most one entry.",
        default: "false",
    },
} satisfies Record<string, Field>;

/**
 * The customer stack's `lighthouse-pec:*` keys. Top-level scalars arrive as text (`pulumi config set`
 * stores text). Whether the required keys are set is checked by the config reader (`required` here documents
 * it), whose fixes name the `pulumi config set` command.
 */
export const CUSTOMER_CONFIG_FIELDS = {
    ...sharedFields,
    managedByTenantId: {
        ...sharedFields.managedByTenantId,
        required: false,
        default: "the partner stack's tenantId output",
    },
    automationAccount: {
        ...automationAccountWithoutPrincipal,
        default: "the partner stack's principalId output, role Contributor",
    },
    adopt: { ...sharedFields.adopt, shape: { kind: "boolean", text: true } },
    subscriptionId: {
        ...sharedFields.subscriptionId,
        required: false,
        doc: "The customer's Azure subscription ID. Exactly one of subscriptionId and subscriptions.",
    },
    subscriptions: {
        shape: {
            kind: "list",
            items: {
                kind: "object",
                fields: SUBSCRIPTION_ENTRY_FIELDS,
                shorthand: "subscriptionId",
                label: "a subscription ID or an object ({subscriptionId, resourceGroups?, keepsLegacyNames?})",
            },
            label: "a list of subscription IDs or objects ({subscriptionId, resourceGroups?, keepsLegacyNames?})",
            example: [EXAMPLE_GUID, { subscriptionId: EXAMPLE_GUID, resourceGroups: ["rg-production"] }],
        },
        doc: "Several subscriptions of the customer, one delegation each (same offer and authorizations). An entry is a subscription ID, or an object for more. Exactly one of subscriptionId and subscriptions.",
        default: "none",
    },
    customerTenantId: {
        shape: guid("customer tenant", false),
        doc: "The customer's tenant, for the azure-native provider that deploys into it.",
    },
    csp: {
        shape: { kind: "boolean", text: true },
        doc: "A CSP customer the partner deploys through admin-on-behalf-of (AOBO): needs customerTenantId; fleet up --csp selects it.",
        default: "false",
    },
    partnerStack: {
        shape: { kind: "string", label: "a string (org/project/stack)", example: "contoso/lighthouse-pec/partner" },
        doc: "The partner stack to read principalId and tenantId (managedByTenantId) from.",
    },
    managementGroupId: {
        shape: { kind: "string", label: "a string (management group ID)", example: "contoso-landing-zones" },
        doc: "Delegate every subscription of this management group through Azure Policy (ManagementGroupDelegation) instead of one subscription; not with subscriptionId, resourceGroups or adopt.",
    },
    policyLocation: {
        shape: text("westeurope"),
        doc: "With managementGroupId: the region of the policy assignment's identity and of each subscription's deployment record.",
        default: "westeurope",
    },
    registerProviderIn: {
        shape: {
            kind: "list",
            items: guid("subscription", false),
            label: "a list of subscription IDs",
            example: [EXAMPLE_GUID],
        },
        doc: "Subscriptions in which to register the Microsoft.ManagedServices resource provider (the policy does nothing without it); never unregistered.",
        default: "none",
    },
} satisfies Record<string, Field>;

/** The schema of the customer stack's config (keys without the `lighthouse-pec:` namespace). */
export const customerConfigShape: ObjectShape = { kind: "object", fields: CUSTOMER_CONFIG_FIELDS };

/**
 * Checks a component's arguments against {@link delegationArgsShape} as JavaScript callers may pass them:
 * unknown keys and wrong types are errors; Outputs and Promises are accepted wherever the argument is an Input.
 */
export function checkDelegationArgs(args: unknown): Finding[] {
    return checkShape(args, delegationArgsShape, "", { allowInputs: true });
}

const {
    subscriptionId: _subscription,
    resourceGroups: _groups,
    adopt: _adopt,
    ...managementGroupShared
} = sharedFields;

/** `ManagementGroupDelegationArgs`: a customer delegation minus subscription, resource groups and adopt, at a management group. */
export const MANAGEMENT_GROUP_DELEGATION_FIELDS = {
    ...managementGroupShared,
    managementGroupId: {
        shape: {
            kind: "string",
            label: "a string (management group ID)",
            example: "contoso-landing-zones",
            input: true,
        },
        required: true,
        doc: "The customer's management group whose subscriptions are delegated (its ID, not its display name).",
    },
    location: {
        shape: text("westeurope"),
        doc: "Azure region of the policy assignment's managed identity and of each subscription deployment's record.",
        default: "westeurope",
    },
    remediate: {
        shape: { kind: "boolean" },
        doc: "Create a remediation task for subscriptions that already exist (non-compliant ones).",
        default: "true",
    },
} satisfies Record<string, Field>;

/** The schema of `ManagementGroupDelegationArgs`. */
export const managementGroupDelegationArgsShape: ObjectShape = {
    kind: "object",
    fields: MANAGEMENT_GROUP_DELEGATION_FIELDS,
};

/** {@link checkDelegationArgs} for `ManagementGroupDelegationArgs`. */
export function checkManagementGroupDelegationArgs(args: unknown): Finding[] {
    return checkShape(args, managementGroupDelegationArgsShape, "", { allowInputs: true });
}
