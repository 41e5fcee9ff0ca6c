import { UNKNOWN_SENTINEL } from "../core/validation/formats";

// Exported at runtime but marked internal, so absent from @pulumi/policy's type declarations.
const { UnknownValueError } = require("@pulumi/policy") as { UnknownValueError: new (...args: never[]) => Error };

/**
 * Copies a policy's resource properties into plain values. @pulumi/policy hands them over behind a proxy that
 * throws on a value not known yet (preview); here such a value becomes UNKNOWN_SENTINEL, so the rules can skip
 * just that value instead of the whole resource.
 * @param value the properties (or any value inside them)
 */
export function plainProps(value: unknown): unknown {
    if (typeof value !== "object" || value === null) {
        return value;
    }
    if (Array.isArray(value)) {
        return Array.from({ length: value.length }, (_, i) => read(value, i));
    }
    return Object.fromEntries(Object.keys(value).map((key) => [key, read(value, key)]));
}

function read(container: object, key: string | number): unknown {
    try {
        return plainProps((container as Record<string | number, unknown>)[key]);
    } catch (err) {
        if (err instanceof UnknownValueError) {
            return UNKNOWN_SENTINEL;
        }
        throw err;
    }
}
