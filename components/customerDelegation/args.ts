// The component's argument types, derived from the one plain model (core/validation/delegationSpec.ts):
// a field's type and TSDoc are written once, there. Named interfaces (not type aliases) keep hover text
// readable and give tools that accept only interfaces something to read.
/* eslint-disable @typescript-eslint/no-empty-object-type -- each interface is its mapped model, by design */
import type * as pulumi from "@pulumi/pulumi";
import type {
    AuthorizationSpec,
    AutomationAccountSpec,
    DelegationSpec,
    EligibleApproverSpec,
    EligibleAuthorizationSpec,
    InputKey,
    PlanSpec,
} from "../../core/validation";

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
export interface AuthorizationArgs extends Inputs<AuthorizationSpec> {}

/** An approver of just-in-time activations. */
export interface EligibleApproverArgs extends Inputs<EligibleApproverSpec> {}

/** An eligible (just-in-time) authorization. It never earns PEC; use it for people, not automation. */
export interface EligibleAuthorizationArgs extends Inputs<EligibleAuthorizationSpec> {}

/** The partner's Provider Automation Account, which earns PEC through a permanent authorization. */
export interface AutomationAccountArgs extends Inputs<AutomationAccountSpec> {}

/** A marketplace (managed services offer) plan; all four fields or none. */
export interface PlanArgs extends Inputs<PlanSpec> {}

/** Arguments of `CustomerDelegation`: the {@link DelegationSpec} with its IDs as Pulumi Inputs. */
export interface CustomerDelegationArgs extends Inputs<DelegationSpec> {}
