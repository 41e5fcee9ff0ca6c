import type * as pulumi from "@pulumi/pulumi";

/** A validation failure for one input property. */
export interface CheckFailure {
    /** Top-level property name. */
    property: string;
    /** What is wrong and how to fix it (never contains a secret). */
    reason: string;
}

/** What a provider's `check` returns: the inputs with defaults filled (unknown values passed through), and the problems. */
export interface CheckOutcome<I> {
    /** The checked inputs. */
    inputs: I;
    /** Problems found; empty when valid. */
    failures: CheckFailure[];
}

/**
 * A dynamic provider's runtime module (`components/<name>/runtime.ts`): the six provider methods, the
 * network-free `check` / `diff` returning directly and the others taking an injected runtime last.
 */
export interface RuntimeModule<I, O, R> {
    /** Validates and normalizes the inputs, no network. */
    check(olds: unknown, news: Record<string, unknown>): pulumi.dynamic.CheckResult<I>;
    /** Compares old outputs with new inputs, no network. */
    diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): pulumi.dynamic.DiffResult;
    /** Creates the resource. */
    create(inputs: I, runtime?: R): Promise<pulumi.dynamic.CreateResult<O>>;
    /** Reads the resource (refresh). */
    read(id: string, props: O, runtime?: R): Promise<pulumi.dynamic.ReadResult<O>>;
    /** Updates the resource. */
    update(id: string, olds: O, news: I, runtime?: R): Promise<pulumi.dynamic.UpdateResult<O>>;
    /** Deletes the resource. */
    delete(id: string, props: O, runtime?: R): Promise<void>;
}

/**
 * A provider that hands `runtime` (tests: clock, HTTPS agent, …) to every operation of `runtimeModule`.
 * Production uses the runtime module itself as the provider (one `require` in `__provider`).
 * @param runtimeModule - the provider's runtime module
 * @param runtime - the injected environment
 */
export function providerWithRuntime<I, O, R>(
    runtimeModule: RuntimeModule<I, O, R>,
    runtime: R,
): pulumi.dynamic.ResourceProvider<I, O> {
    return {
        check: async (olds, news) => runtimeModule.check(olds, news as unknown as Record<string, unknown>),
        diff: async (id, olds, news) =>
            runtimeModule.diff(
                id,
                olds as unknown as Record<string, unknown>,
                news as unknown as Record<string, unknown>,
            ),
        create: (inputs) => runtimeModule.create(inputs, runtime),
        read: (id, props) => runtimeModule.read(id, props as O, runtime),
        update: (id, olds, news) => runtimeModule.update(id, olds, news, runtime),
        delete: (id, props) => runtimeModule.delete(id, props, runtime),
    };
}
