import * as pulumi from "@pulumi/pulumi";
import type { DelegationSpec } from "../core/validation";
import type { CustomerDelegationArgs } from "./customerDelegation/args";

/** A component's arguments with only the values known at construction. */
export interface PlainArgs {
    /** The arguments with every Output and Promise replaced by `undefined`. */
    spec: DelegationSpec;
    /** Whether nothing was an Output or a Promise: the arguments are the spec. */
    allPlain: boolean;
}

/**
 * The arguments' plain values, by the shape of each value rather than a list of fields: Outputs and
 * Promises (not known at construction) become `undefined`, lists and plain objects are walked. Call it
 * after the schema check, which bounds the shapes (no unknown keys, no cycles).
 */
export function resolvePlain(args: CustomerDelegationArgs): PlainArgs {
    const found = { deferred: false };
    const spec = plainValue(args, found) as DelegationSpec;
    return { spec, allPlain: !found.deferred };
}

function plainValue(value: unknown, found: { deferred: boolean }): unknown {
    if (pulumi.Output.isInstance(value) || isThenable(value)) {
        found.deferred = true;
        return undefined;
    }
    if (Array.isArray(value)) {
        return value.map((item) => plainValue(item, found));
    }
    if (isPlainObject(value)) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainValue(item, found)]));
    }
    return value;
}

function isThenable(value: unknown): boolean {
    return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    if (typeof value !== "object" || value === null) {
        return false;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    return proto === Object.prototype || proto === null;
}
