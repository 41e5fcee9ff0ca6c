// Property values as they travel between the Pulumi engine and a provider: plain JSON plus two
// markers, the unknown sentinel and the secret signature object. Pure functions, no Pulumi imports.

/** The string the engine sends in place of a value that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Key of the signature field in Pulumi's special wire objects. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Signature value that marks `{ [SIG_KEY]: SECRET_SIG, value }` as a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A property bag in wire form (what goes into a `google.protobuf.Struct`). */
export type WireObject = Record<string, unknown>;

/**
 * Wraps a value the way the engine marks a secret on the wire.
 * @param value the secret value
 */
export function secret<T>(value: T): { [SIG_KEY]: typeof SECRET_SIG; value: T } {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * Whether a wire value is a secret wrapper.
 * @param value any wire value
 */
export function isSecret(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as WireObject)[SIG_KEY] === SECRET_SIG;
}

/**
 * Removes secret wrappers, as the engine does before calling a provider that did not accept
 * secrets, and reports which top-level keys held a secret anywhere inside them (the engine
 * re-marks outputs with those keys as secret).
 * @param props a property bag in wire form
 */
export function stripSecrets(props: WireObject): { plain: WireObject; secretKeys: string[] } {
    const secretKeys: string[] = [];
    const plain: WireObject = {};
    for (const [key, value] of Object.entries(props)) {
        const found = { secret: false };
        plain[key] = unwrap(value, found);
        if (found.secret) {
            secretKeys.push(key);
        }
    }
    return { plain, secretKeys };
}

function unwrap(value: unknown, found: { secret: boolean }): unknown {
    if (isSecret(value)) {
        found.secret = true;
        return unwrap(value.value, found);
    }
    if (Array.isArray(value)) {
        return value.map((v) => unwrap(v, found));
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v, found)]));
    }
    return value;
}

/**
 * Drops `undefined` members recursively. The engine never sends them, and
 * `Struct.fromJavaScript` rejects them ("Unexpected struct type").
 * @param value any JSON-like value
 */
export function withoutUndefined<T>(value: T): T {
    if (Array.isArray(value)) {
        return value.map((v: unknown) => withoutUndefined(v)) as T;
    }
    if (typeof value === "object" && value !== null) {
        const entries = Object.entries(value).filter(([, v]) => v !== undefined);
        return Object.fromEntries(entries.map(([k, v]) => [k, withoutUndefined(v)])) as T;
    }
    return value;
}

/**
 * Every string found anywhere inside a value, for "this secret must not appear" assertions.
 * @param value any JSON-like value
 */
export function allStrings(value: unknown): string[] {
    if (typeof value === "string") {
        return [value];
    }
    if (Array.isArray(value)) {
        return value.flatMap(allStrings);
    }
    if (typeof value === "object" && value !== null) {
        return Object.values(value).flatMap(allStrings);
    }
    return [];
}
