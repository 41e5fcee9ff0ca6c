// The component's argument types. They are generated from the delegation schema (core/validation/delegationSchema.ts)
// into args.generated.ts by scripts/generate-model.ts, with every field declared and its TSDoc written out: Pulumi's
// schema analyzer (components/provider.ts, for Python, C#, Go and YAML) reads only declared members of named
// interfaces (a mapped member has no declaration: its type and description are lost) and enums written as
// `as const` objects.
import type * as pulumi from "@pulumi/pulumi";
import type { InputKey } from "../../core/validation";

export * from "./args.generated";

/** The model's keys that are Inputs become required `pulumi.Input`s; the others keep their modifiers and map deeply. */
type InputsAndPlain<T> = { [K in keyof T as K extends InputKey ? K : never]-?: pulumi.Input<NonNullable<T[K]>> } & {
    [K in keyof T as K extends InputKey ? never : K]: InputsDeep<T[K]>;
};

type InputsDeep<T> = T extends readonly (infer E)[] ? InputsDeep<E>[] : T extends object ? Inputs<T> : T;

/**
 * An object type of the plain model as a component's arguments: each of the `INPUT_KEYS`, at any depth, is a
 * required `pulumi.Input`; every other field keeps its type, optionality and TSDoc (a homomorphic mapped type,
 * flattened into one object type). The generated `…Args` interfaces are these types written out.
 */
export type Inputs<T> = { [K in keyof InputsAndPlain<T>]: InputsAndPlain<T>[K] };
