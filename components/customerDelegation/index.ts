import * as pulumi from "@pulumi/pulumi";
import { RegistrationAssignment, RegistrationDefinition } from "@pulumi/azure-native/managedservices";
import {
    assignmentScope,
    buildRegistrationProperties,
    delegationNames,
    onboardedWithFindings,
    pecPrincipalIds,
    registrationAssignmentResourceId,
    registrationDefinitionResourceId,
    RegistrationDefinitionProperties,
} from "../../core/delegation";
import { assignmentResourceName, definitionResourceName } from "../../core/delegation/resourceNames";
import {
    checkDelegationArgs,
    ConfigurationError,
    formatFinding,
    throwOnErrors,
    validateDelegation,
} from "../../core/validation";
import type { CustomerDelegationArgs } from "./args";
import { resolvePlain } from "../resolvePlain";

export type {
    AuthorizationArgs,
    AutomationAccountArgs,
    CustomerDelegationArgs,
    EligibleApproverArgs,
    EligibleAuthorizationArgs,
    Inputs,
    JustInTimeAccessPolicyArgs,
    OnboardedWithValue,
    PlanArgs,
    PreviewAccountArgs,
} from "./args";

/** With `adopt`, the import IDs must be known when the resources are declared: `import` takes plain strings. */
function adoptedSubscriptionId(subject: string, args: CustomerDelegationArgs): string | undefined {
    if (!args.adopt) {
        return undefined;
    }
    if (typeof args.subscriptionId !== "string") {
        throw new ConfigurationError(subject, [
            {
                severity: "error",
                field: "subscriptionId",
                value: "(an Output, not known until deployment)",
                message:
                    "adopt needs the subscription ID as a plain string: Pulumi's import option takes the resource IDs before anything runs",
                fix: "pass the customer subscription ID as a string (e.g. from config), or drop adopt",
            },
        ]);
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
        const { spec: known, allPlain } = resolvePlain(args);
        const findings = [...validateDelegation(known), ...onboardedWithFindings(args)];
        throwOnErrors(subject, findings);
        const adoptIn = adoptedSubscriptionId(subject, args);
        super("lighthouse-pec:index:CustomerDelegation", name, {}, opts);
        for (const warning of findings.filter((f) => f.severity === "warning")) {
            void pulumi.log.warn(formatFinding(warning), this);
        }

        const names = delegationNames(args.offerName, args.resourceGroups, args.names, args.onboardedWith);
        // Plain configs (the common case) skip the Output machinery: measurably cheaper for large fleets (bench:plan).
        const properties: pulumi.Input<RegistrationDefinitionProperties> = allPlain
            ? buildRegistrationProperties(known)
            : // Values that were Outputs are checked once known (shape first: an Output may resolve to anything);
              // the definition's inputs depend on this check.
              pulumi.output(args).apply((resolved) => {
                  throwOnErrors(subject, checkDelegationArgs(resolved));
                  const full = resolvePlain(resolved as CustomerDelegationArgs).spec;
                  throwOnErrors(
                      subject,
                      validateDelegation(full).filter((f) => f.severity === "error"),
                  );
                  return buildRegistrationProperties(full);
              });
        const withSubscription = <T>(fn: (subscriptionId: string) => T): pulumi.Input<T> =>
            typeof args.subscriptionId === "string"
                ? fn(args.subscriptionId)
                : pulumi.output(args.subscriptionId).apply(fn);

        this.definitions = names.definitions.map(
            (d) =>
                new RegistrationDefinition(
                    definitionResourceName(name, d.resourceGroup),
                    {
                        scope: withSubscription((s) => `/subscriptions/${s}`),
                        registrationDefinitionId: d.name,
                        properties,
                        plan: args.plan,
                    },
                    {
                        // A new offer name is a new definition name: Pulumi replaces it, and Azure needs the old delegation gone
                        // before a new one for the same principals ("Update a delegation"), so never create-before-delete.
                        parent: this,
                        deleteBeforeReplace: true,
                        ...(adoptIn ? { import: registrationDefinitionResourceId(adoptIn, d.name) } : {}),
                    },
                ),
        );
        this.definition = this.definitions[0];

        const definitionIdOf = (definition: string) =>
            withSubscription((s) => registrationDefinitionResourceId(s, definition));
        this.registrationDefinitionId = pulumi.output(definitionIdOf(names.registrationDefinition));
        this.registrationDefinitionIds = pulumi.output(
            withSubscription((s) => names.definitions.map((d) => registrationDefinitionResourceId(s, d.name))),
        );
        this.assignments = names.assignments.map(
            ({ resourceGroup, name: assignmentName, definition }) =>
                new RegistrationAssignment(
                    assignmentResourceName(name, resourceGroup),
                    {
                        scope: withSubscription((s) => assignmentScope(s, resourceGroup)),
                        registrationAssignmentId: assignmentName,
                        properties: { registrationDefinitionId: definitionIdOf(definition) },
                    },
                    {
                        parent: this,
                        dependsOn: [this.definitions[names.definitions.findIndex((d) => d.name === definition)]],
                        deleteBeforeReplace: true,
                        ...(adoptIn
                            ? { import: registrationAssignmentResourceId(adoptIn, assignmentName, resourceGroup) }
                            : {}),
                    },
                ),
        );
        this.assignmentIds = pulumi.output(
            withSubscription((s) =>
                names.assignments.map((a) => registrationAssignmentResourceId(s, a.name, a.resourceGroup)),
            ),
        );
        this.pecPrincipalIds = pulumi.output(properties).apply(pecPrincipalIds);

        this.registerOutputs({
            registrationDefinitionId: this.registrationDefinitionId,
            registrationDefinitionIds: this.registrationDefinitionIds,
            assignmentIds: this.assignmentIds,
            pecPrincipalIds: this.pecPrincipalIds,
        });
    }
}
