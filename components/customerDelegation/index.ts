import * as pulumi from "@pulumi/pulumi";
import { RegistrationAssignment, RegistrationDefinition } from "@pulumi/azure-native/managedservices";
import {
    assignmentScope, buildRegistrationProperties, DelegationNameOverrides, delegationNames, OnboardedWith, onboardedWithFindings, pecPrincipalIds,
    registrationAssignmentResourceId, registrationDefinitionResourceId, RegistrationDefinitionProperties,
} from "../../core/delegation";
import { assignmentResourceName, definitionResourceName } from "../../core/delegation/resourceNames";
import { checkDelegationArgs, ConfigurationError, DelegationSpec, formatFinding, throwOnErrors, validateDelegation } from "../../core/validation";

/** A permanent authorization: a managing-tenant principal holding a built-in role on the delegated scope. */
export interface AuthorizationArgs {
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
export interface EligibleApproverArgs {
    /** Object ID of a user or group in the managing tenant. */
    principalId: pulumi.Input<string>;
    /** The approver's display name. */
    displayName?: string;
}

/** An eligible (just-in-time) authorization. It never earns PEC; use it for people, not automation. */
export interface EligibleAuthorizationArgs {
    /** Object ID of a user or group (not a service principal) in the managing tenant. */
    principalId: pulumi.Input<string>;
    /** Built-in role name or GUID; not User Access Administrator. */
    role: string;
    /** The name the customer sees for this principal. */
    displayName?: string;
    /** Not allowed here; present so that the mistake is reported clearly. */
    delegatedRoles?: string[];
    /** Activation policy. Defaults: MFA "Azure", at most "PT8H", no approvers. */
    justInTimeAccessPolicy?: {
        /** "Azure" (require MFA on activation) or "None". */
        multiFactorAuthProvider?: "Azure" | "None";
        /** ISO-8601 duration between PT30M and PT8H. */
        maximumActivationDuration?: string;
        /** Up to 10 principals who must approve each activation. */
        managedByTenantApprovers?: EligibleApproverArgs[];
    };
}

/** The partner's Provider Automation Account, which earns PEC through a permanent authorization. */
export interface AutomationAccountArgs {
    /** The service principal's object ID (`ProviderAutomationAccount.principalId`). */
    principalId: pulumi.Input<string>;
    /** A role that is PEC-eligible and delegable by Lighthouse. Default "Contributor". */
    role?: string;
    /** The name the customer sees. Default "Provider Automation Account". */
    displayName?: string;
}

/** A marketplace (managed services offer) plan; all four fields or none. */
export interface PlanArgs {
    /** The plan ID. */
    name: string;
    /** The publisher ID. */
    publisher: string;
    /** The offer (product) ID. */
    product: string;
    /** The plan version. */
    version: string;
}

/** Arguments of {@link CustomerDelegation}. */
export interface CustomerDelegationArgs {
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

function plain(value: pulumi.Input<string> | undefined): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** Whether every Input in the args is a plain value (no Output or Promise anywhere). */
function isFullyKnown(args: CustomerDelegationArgs): boolean {
    const inputs = [
        args.managedByTenantId, args.subscriptionId, args.automationAccount?.principalId,
        ...(args.authorizations ?? []).map((a) => a.principalId),
        ...(args.eligibleAuthorizations ?? []).flatMap((e) => [e.principalId, ...(e.justInTimeAccessPolicy?.managedByTenantApprovers ?? []).map((ap) => ap.principalId)]),
    ];
    return inputs.every((v) => v === undefined || typeof v === "string");
}

/** The spec with only the values already known at construction (Outputs become undefined). */
function knownSpec(args: CustomerDelegationArgs): DelegationSpec {
    return {
        ...args,
        managedByTenantId: plain(args.managedByTenantId),
        subscriptionId: plain(args.subscriptionId),
        authorizations: (args.authorizations ?? []).map((a) => ({ ...a, principalId: plain(a.principalId) })),
        eligibleAuthorizations: args.eligibleAuthorizations?.map((e) => ({
            ...e,
            principalId: plain(e.principalId),
            justInTimeAccessPolicy: e.justInTimeAccessPolicy && {
                ...e.justInTimeAccessPolicy,
                managedByTenantApprovers: e.justInTimeAccessPolicy.managedByTenantApprovers?.map((ap) => ({ ...ap, principalId: plain(ap.principalId) })),
            },
        })),
        automationAccount: args.automationAccount && { ...args.automationAccount, principalId: plain(args.automationAccount.principalId) },
    };
}

/** With `adopt`, the import IDs must be known when the resources are declared: `import` takes plain strings. */
function adoptedSubscriptionId(subject: string, args: CustomerDelegationArgs): string | undefined {
    if (!args.adopt) {
        return undefined;
    }
    if (typeof args.subscriptionId !== "string") {
        throw new ConfigurationError(subject, [{
            severity: "error", field: "subscriptionId", value: "(an Output, not known until deployment)",
            message: "adopt needs the subscription ID as a plain string: Pulumi's import option takes the resource IDs before anything runs",
            fix: "pass the customer subscription ID as a string (e.g. from config), or drop adopt",
        }]);
    }
    return args.subscriptionId;
}

/**
 * An Azure Lighthouse delegation of one customer subscription (or some of its resource groups) to the
 * partner's managing tenant: a registration definition plus one assignment per scope. Validates the
 * configuration against Lighthouse's role rules and PEC's conditions before anything is registered.
 */
export class CustomerDelegation extends pulumi.ComponentResource {
    /** Full resource ID of the registration definition (with `onboardedWith: "multi-rg"`: the first resource group's). */
    public readonly registrationDefinitionId: pulumi.Output<string>;
    /** Full resource IDs of every registration definition: one, or with `"multi-rg"` one per resource group. */
    public readonly registrationDefinitionIds: pulumi.Output<string[]>;
    /** Full resource IDs of the registration assignments, one per scope. */
    public readonly assignmentIds: pulumi.Output<string[]>;
    /** Principals holding a permanent, PEC-eligible role: the ones that can earn PEC if partner-linked. */
    public readonly pecPrincipalIds: pulumi.Output<string[]>;
    /** The registration definition resource (with `"multi-rg"`: the first resource group's). */
    public readonly definition: RegistrationDefinition;
    /** Every registration definition resource: one, or with `"multi-rg"` one per resource group, in order. */
    public readonly definitions: RegistrationDefinition[];
    /** The registration assignments, one per scope, in `resourceGroups` order. */
    public readonly assignments: RegistrationAssignment[];

    constructor(name: string, args: CustomerDelegationArgs, opts?: pulumi.ComponentResourceOptions) {
        const subject = `CustomerDelegation "${name}"`;
        // Everything known now is checked before the component registers, so a bad config deploys nothing.
        throwOnErrors(subject, checkDelegationArgs(args));
        const known = knownSpec(args);
        const findings = [...validateDelegation(known), ...onboardedWithFindings(args)];
        throwOnErrors(subject, findings);
        const adoptIn = adoptedSubscriptionId(subject, args);
        super("lighthouse-pec:index:CustomerDelegation", name, {}, opts);
        for (const warning of findings.filter((f) => f.severity === "warning")) {
            void pulumi.log.warn(formatFinding(warning), this);
        }

        const names = delegationNames(args.offerName, args.resourceGroups, args.names, args.onboardedWith);
        // Plain configs (the common case) skip the Output machinery: measurably cheaper for large fleets (bench:plan).
        const properties: pulumi.Input<RegistrationDefinitionProperties> = isFullyKnown(args)
            ? buildRegistrationProperties(known)
            // Values that were Outputs are checked once known; the definition's inputs depend on this check.
            : pulumi.output(args).apply((resolved) => {
                const full = resolved as unknown as DelegationSpec;
                throwOnErrors(subject, validateDelegation(full).filter((f) => f.severity === "error"));
                return buildRegistrationProperties(full);
            });
        const withSubscription = <T>(fn: (subscriptionId: string) => T): pulumi.Input<T> =>
            typeof args.subscriptionId === "string" ? fn(args.subscriptionId) : pulumi.output(args.subscriptionId).apply(fn);

        this.definitions = names.definitions.map((d) => new RegistrationDefinition(definitionResourceName(name, d.resourceGroup), {
            scope: withSubscription((s) => `/subscriptions/${s}`),
            registrationDefinitionId: d.name,
            properties,
            plan: args.plan,
        }, {
            // A new offer name is a new definition name: Pulumi replaces it, and Azure needs the old delegation gone
            // before a new one for the same principals ("Update a delegation"), so never create-before-delete.
            parent: this, deleteBeforeReplace: true,
            ...(adoptIn ? { import: registrationDefinitionResourceId(adoptIn, d.name) } : {}),
        }));
        this.definition = this.definitions[0];

        const definitionIdOf = (definition: string) => withSubscription((s) => registrationDefinitionResourceId(s, definition));
        this.registrationDefinitionId = pulumi.output(definitionIdOf(names.registrationDefinition));
        this.registrationDefinitionIds = pulumi.output(withSubscription((s) => names.definitions.map((d) => registrationDefinitionResourceId(s, d.name))));
        this.assignments = names.assignments.map(({ resourceGroup, name: assignmentName, definition }) =>
            new RegistrationAssignment(assignmentResourceName(name, resourceGroup), {
                scope: withSubscription((s) => assignmentScope(s, resourceGroup)),
                registrationAssignmentId: assignmentName,
                properties: { registrationDefinitionId: definitionIdOf(definition) },
            }, {
                parent: this, dependsOn: [this.definitions[names.definitions.findIndex((d) => d.name === definition)]], deleteBeforeReplace: true,
                ...(adoptIn ? { import: registrationAssignmentResourceId(adoptIn, assignmentName, resourceGroup) } : {}),
            }));
        this.assignmentIds = pulumi.output(withSubscription((s) =>
            names.assignments.map((a) => registrationAssignmentResourceId(s, a.name, a.resourceGroup))));
        this.pecPrincipalIds = pulumi.output(properties).apply(pecPrincipalIds);

        this.registerOutputs({
            registrationDefinitionId: this.registrationDefinitionId,
            registrationDefinitionIds: this.registrationDefinitionIds,
            assignmentIds: this.assignmentIds,
            pecPrincipalIds: this.pecPrincipalIds,
        });
    }
}
