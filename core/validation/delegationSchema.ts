// The one schema of a customer delegation's configuration: CustomerDelegationArgs (a component's
// arguments, a JSON/YAML arguments file) and the customer stack's `lighthouse-pec:*` config share
// these shapes. It is also the source of the model's types: scripts/generate-model.ts writes DelegationSpec,
// the components' `…Args` interfaces, CustomerStackConfig and docs/configuration.md's key tables from it
// (`npm run generate`; `npm run generate:check` fails when they are stale). A key's doc, default and details
// become its TSDoc, which importers and Pulumi's schema for other languages show.
import {
    DEFAULT_AUTOMATION_DISPLAY_NAME,
    DEFAULT_AUTOMATION_ROLE,
    DEFAULT_PREVIEW_DISPLAY_NAME,
    PREVIEW_ACCOUNT_ROLE,
} from "./delegationSpec";
import { ONBOARDED_WITH_VALUES, OnboardedWith } from "../delegation/names";
import { suggestOnboardedWith } from "../delegation/onboardedWith";
import { Finding } from "./findings";
import { isAzureRegionName } from "./formats";
import { checkShape, Field, ObjectModel, ObjectShape, Shape } from "./shape";

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

/** Whether activating an eligible authorization needs MFA. */
const MULTI_FACTOR_AUTH_PROVIDERS = ["Azure", "None"] as const;

const jitPolicyFields = {
    multiFactorAuthProvider: {
        shape: {
            kind: "string",
            enum: MULTI_FACTOR_AUTH_PROVIDERS,
            label: '"Azure" or "None"',
            model: {
                args: "MultiFactorAuthProvider",
                doc: 'Whether activating an eligible authorization needs MFA: `"Azure"` (it does) or `"None"`.',
            },
        },
        doc: 'Require MFA on activation ("Azure") or not ("None").',
        default: "Azure",
        details: "The default is lighthouse-pec's, always sent; the Microsoft.ManagedServices API's own is \"None\".",
    },
    maximumActivationDuration: {
        shape: text("PT4H"),
        doc: "ISO 8601 duration from PT30M to PT8H, sent as its shortest spelling (`PT60M` as `PT1H`).",
        default: "PT8H",
    },
    managedByTenantApprovers: {
        shape: {
            kind: "list",
            items: {
                kind: "object",
                fields: approverFields,
                model: {
                    spec: "EligibleApproverSpec",
                    args: "EligibleApproverArgs",
                    doc: "An approver of just-in-time activations.",
                },
            },
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
        doc: "Object ID of a user, security group or service principal in the managing (partner) tenant.",
    },
    role: {
        shape: roleShape,
        required: true,
        doc: 'Built-in role name (case-insensitive, e.g. "Contributor"), role GUID or role definition ID. Not Owner, no DataActions.',
    },
    displayName: {
        shape: text("Contoso admins"),
        doc: 'The name the customer sees for this principal in "Service providers".',
    },
    delegatedRoles: {
        shape: roleList,
        doc: 'Only with "User Access Administrator": the roles it may assign to managed identities.',
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
            model: {
                spec: "JustInTimeAccessPolicySpec",
                args: "JustInTimeAccessPolicyArgs",
                doc: "When and how an eligible authorization is activated.",
            },
        },
        doc: "Activation policy, sent in one normal form so that eligible authorizations of one role carry identical policies, as Azure requires.",
        default: "MFA Azure, PT8H, no approvers (lighthouse-pec's defaults, always sent)",
        details:
            "The normal form: the duration's shortest spelling, approvers sorted by principal ID, each once, with one display name.",
    },
} satisfies Record<string, Field>;

/** The automation account's keys (`AutomationAccountArgs`). */
export const AUTOMATION_ACCOUNT_FIELDS = {
    principalId: {
        shape: guid("service principal object"),
        required: true,
        doc: "The Provider Automation Account's service principal object ID (`ProviderAutomationAccount.principalId`, the partner stack's `principalId` output).",
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
        doc: "Object ID of the identity pull-request previews sign in as (a service principal, user or group in the managing tenant); not the automation account, and holding no other role that does more than read.",
    },
    displayName: {
        shape: text(DEFAULT_PREVIEW_DISPLAY_NAME),
        doc: "The name the customer sees.",
        default: DEFAULT_PREVIEW_DISPLAY_NAME,
    },
} satisfies Record<string, Field>;

/** A marketplace plan's keys (`PlanArgs`). All four or none: validateDelegation names the missing ones in one finding. */
export const PLAN_FIELDS = {
    name: { shape: text("gold"), typeRequired: true, doc: "The plan ID." },
    publisher: { shape: text("contoso"), typeRequired: true, doc: "The publisher ID." },
    product: { shape: text("managed-azure"), typeRequired: true, doc: "The offer (product) ID." },
    version: { shape: text("1.0.0"), typeRequired: true, doc: 'The plan version (quote it in YAML: "1.0").' },
} satisfies Record<string, Field>;

/** Explicit Azure names (`DelegationNameOverrides`). */
export const NAMES_FIELDS = {
    registrationDefinition: {
        shape: guid("registration definition name", false),
        doc: "The registration definition's name (a GUID).",
        default: "guid(offerName)",
        details: 'Not with `onboardedWith: "multi-rg"`.',
    },
    subscriptionAssignment: {
        shape: guid("registration assignment name", false),
        doc: "The subscription-scope assignment's name (a GUID).",
        default: "guid(offerName)",
    },
    resourceGroupAssignments: {
        shape: {
            kind: "map",
            values: guid("registration assignment name", false),
            label: "an object of resource group name → assignment name GUID",
            example: { "rg-production": EXAMPLE_GUID },
        },
        doc: "Per resource group, the assignment's name (a GUID).",
        default: "guid(offerName, resourceGroup), or as onboardedWith says",
        details:
            'Customers onboarded with Microsoft\'s `rg.json` before October 2020 have `guid(rgName)` assignments: give `armGuid(rgName)` here (with `onboardedWith: "rg"`) to adopt those.',
    },
} satisfies Record<string, Field>;

const objectList = (fields: Record<string, Field>, model: ObjectModel, label: string, example: unknown): Shape => ({
    kind: "list",
    items: { kind: "object", fields, model },
    label,
    example,
});

/** The keys a customer delegation shares between its component arguments and its stack config. */
const sharedFields = {
    offerName: {
        shape: text("Contoso Managed Services"),
        required: true,
        doc: "The offer name customers see (ARM templates' `mspOfferName`); resource names derive from it.",
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
            {
                spec: "AuthorizationSpec",
                args: "AuthorizationArgs",
                doc: "A permanent authorization: a managing-tenant principal holding a built-in role on the delegated scope.",
            },
            "a list of objects ({principalId, role, displayName?, delegatedRoles?})",
            [{ principalId: EXAMPLE_GUID, role: "Reader" }],
        ),
        required: true,
        doc: "Permanent authorizations for the partner's people and tools (at least one).",
    },
    eligibleAuthorizations: {
        shape: objectList(
            ELIGIBLE_AUTHORIZATION_FIELDS,
            {
                spec: "EligibleAuthorizationSpec",
                args: "EligibleAuthorizationArgs",
                doc: "An eligible (just-in-time) authorization. It never earns PEC; use it for people, not automation.",
            },
            "a list of objects ({principalId, role, displayName?, justInTimeAccessPolicy?})",
            [{ principalId: EXAMPLE_GUID, role: "Contributor" }],
        ),
        doc: "Just-in-time authorizations (users or groups; need Entra ID P2 in the managing tenant). Never earn PEC.",
        default: "none",
    },
    automationAccount: {
        shape: {
            kind: "object",
            fields: AUTOMATION_ACCOUNT_FIELDS,
            example: { principalId: EXAMPLE_GUID, role: DEFAULT_AUTOMATION_ROLE },
            model: {
                spec: "AutomationAccountSpec",
                args: "AutomationAccountArgs",
                doc: "The partner's Provider Automation Account, which earns PEC through a permanent authorization.",
            },
        },
        doc: "The partner-linked Provider Automation Account; becomes a permanent, PEC-eligible authorization.",
    },
    previewAccount: {
        shape: {
            kind: "object",
            fields: PREVIEW_ACCOUNT_FIELDS,
            example: { principalId: EXAMPLE_GUID },
            model: {
                spec: "PreviewAccountSpec",
                args: "PreviewAccountArgs",
                doc: `The read-only identity of pull-request previews: a permanent ${PREVIEW_ACCOUNT_ROLE} authorization, nothing more.`,
            },
        },
        doc: `A read-only identity for pull-request previews (e.g. the app a preview workflow signs in as); becomes a permanent ${PREVIEW_ACCOUNT_ROLE} authorization, which never earns PEC.`,
        default: "none",
        details: "It must not be the automation account nor hold a role that can do more than read.",
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
        shape: {
            kind: "object",
            fields: PLAN_FIELDS,
            model: {
                spec: "PlanSpec",
                args: "PlanArgs",
                doc: "A marketplace (managed services offer) plan; all four fields or none.",
            },
        },
        doc: "The marketplace plan, when the delegation comes from a published managed services offer; all four keys or none.",
    },
    names: {
        shape: {
            kind: "object",
            fields: NAMES_FIELDS,
            example: { registrationDefinition: EXAMPLE_GUID },
            model: {
                spec: "DelegationNameOverrides",
                doc: "Explicit names, for delegations whose resources Azure already knows under other names.",
            },
        },
        doc: "Explicit Azure names, for delegations created elsewhere under other names.",
    },
    adopt: {
        shape: { kind: "boolean" },
        doc: "Adopt a delegation that already exists in Azure (onboarded with Microsoft's sample templates, the `lighthouse-pec template` output, or by hand) instead of creating it.",
        default: "false",
        details:
            "The definition and assignments are declared with Pulumi's `import` option and their deterministic resource IDs, so the first `pulumi up` imports them instead of creating them, and `pulumi preview` shows how Azure differs from this config. Needs `subscriptionId` as a plain string. Give `names` when the existing names are not the defaults.",
    },
    onboardedWith: {
        shape: {
            kind: "string",
            enum: ONBOARDED_WITH,
            suggest: suggestOnboardedWith,
            model: {
                args: "OnboardedWithValue",
                doc: "Which template onboarded the customer: the values of `OnboardedWith`, as an object that other languages see as an enum.",
                spec: { name: "OnboardedWith", module: "core/delegation/names" },
            },
        },
        doc: 'Which template onboarded the customer, so that the Azure names match what is there and adopting replaces nothing: `"subscription"`, `"rg"` or `"multi-rg"` for Microsoft\'s sample templates, `"lighthouse-pec"` for this project\'s names.',
        default: "lighthouse-pec",
        details:
            "Microsoft's samples: Azure-Lighthouse-samples `templates/delegated-resource-management/` and their eligible-authorization variants; this project's names: `lighthouse-pec template`, or a stack that created the delegation. `\"multi-rg\"` means one registration definition per resource group. Changing it on a deployed stack changes the names, i.e. replaces the delegation.",
    },
} satisfies Record<string, Field>;

/** `CustomerDelegationArgs`: a component's arguments, or a JSON/YAML file of them. */
export const DELEGATION_ARGS_FIELDS = sharedFields;

/** The schema of `CustomerDelegationArgs`. */
export const delegationArgsShape: ObjectShape = {
    kind: "object",
    fields: DELEGATION_ARGS_FIELDS,
    model: {
        spec: "DelegationSpec",
        args: "CustomerDelegationArgs",
        doc: "A customer delegation's configuration as plain values: the one model of it. `CustomerDelegationArgs` and its nested argument types are this model with the {@link INPUT_KEYS} as Pulumi Inputs; what `CustomerDelegation` validates is this model with the values not known yet `undefined` (the rules that need them are skipped until they are known).",
        argsDoc: "Arguments of `CustomerDelegation`: the {@link DelegationSpec} with its IDs as Pulumi Inputs.",
    },
};

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
                model: {
                    config: "SubscriptionEntry",
                    doc: "One subscription of a customer stack's `subscriptions` list.",
                },
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
export const customerConfigShape: ObjectShape = {
    kind: "object",
    fields: CUSTOMER_CONFIG_FIELDS,
    model: {
        config: "CustomerStackConfig",
        doc: "A customer stack's configuration, as `readCustomerConfig` reads it from `Pulumi.<stack>.yaml` (the `lighthouse-pec:` keys, `adopt` and `csp` as booleans, each `subscriptions` entry as an object).",
    },
};

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

/** `ManagementGroupDelegationSpecArgs`: the delegation every subscription of a management group gets. */
export const MANAGEMENT_GROUP_DELEGATION_SPEC_FIELDS = managementGroupShared;

/** The schema of `ManagementGroupDelegationSpecArgs`. */
export const managementGroupDelegationSpecArgsShape: ObjectShape = {
    kind: "object",
    fields: MANAGEMENT_GROUP_DELEGATION_SPEC_FIELDS,
    model: {
        args: "ManagementGroupDelegationSpecArgs",
        doc: "The delegation every subscription of the management group gets: `CustomerDelegationArgs` minus subscription, resource groups and adopt.",
    },
};

/** `ManagementGroupDelegationArgs`: a customer delegation minus subscription, resource groups and adopt, at a management group. */
export const MANAGEMENT_GROUP_DELEGATION_FIELDS = {
    ...MANAGEMENT_GROUP_DELEGATION_SPEC_FIELDS,
    managementGroupId: {
        shape: {
            kind: "string",
            label: "a string (management group ID)",
            example: "contoso-landing-zones",
            input: true,
        },
        required: true,
        doc: "The customer's management group whose subscriptions (present and future) are delegated: its ID, not its display name.",
    },
    location: {
        shape: text("westeurope"),
        doc: "Region of the policy assignment's managed identity and of each subscription deployment's record.",
        default: "westeurope",
    },
    remediate: {
        shape: { kind: "boolean" },
        doc: "Create a remediation task for subscriptions that exist already and are non-compliant.",
        default: "true",
    },
} satisfies Record<string, Field>;

/** The schema of `ManagementGroupDelegationArgs`. */
export const managementGroupDelegationArgsShape: ObjectShape = {
    kind: "object",
    fields: MANAGEMENT_GROUP_DELEGATION_FIELDS,
    model: {
        args: "ManagementGroupDelegationArgs",
        argsExtends: "ManagementGroupDelegationSpecArgs",
        doc: "Arguments of `ManagementGroupDelegation`.",
    },
};

/** {@link checkDelegationArgs} for `ManagementGroupDelegationArgs`, and `location` a region's name. */
export function checkManagementGroupDelegationArgs(args: unknown): Finding[] {
    const findings = checkShape(args, managementGroupDelegationArgsShape, "", { allowInputs: true });
    const location = (args as { location?: unknown } | null)?.location;
    if (typeof location === "string") findings.push(...regionFindings("location", location, 'location: "westeurope"'));
    return findings;
}

/**
 * A value that is not an Azure region's name (`westeurope`, not `West Europe`): ARM refuses it only once the policy
 * assignment is created, after the policy definition exists.
 * @param field the argument or config key
 * @param value its value
 * @param fix how to give a region's name there
 */
export function regionFindings(field: string, value: string, fix: string): Finding[] {
    return isAzureRegionName(value)
        ? []
        : [
              {
                  severity: "error",
                  field,
                  value,
                  message:
                      "not an Azure region's name (lower-case letters and digits, as `az account list-locations --query [].name` prints them)",
                  fix: `${fix}  (the region's name, e.g. westeurope or eastus2, not its display name)`,
              },
          ];
}
