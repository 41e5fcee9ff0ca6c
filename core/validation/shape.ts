// A small declarative description of a configuration's shape (keys, types, nesting, enums) and the
// walker that checks a plain value against it. No Pulumi import: Outputs and Promises are recognised
// by their markers, so the same schema serves files, stack config and a component's arguments.
import { Finding } from "./findings";

/** What every shape may say about itself. */
interface ShapeBase {
    /** How the expected type reads in messages, e.g. "a list of resource group names". */
    label?: string;
    /** A valid example value, shown in fixes. */
    example?: unknown;
    /** An `Input<T>` of a component: a Pulumi Output or a Promise is accepted there (and not checked). */
    input?: boolean;
}

/** A string, optionally one of a fixed set. */
export interface StringShape extends ShapeBase {
    kind: "string";
    /** The only values allowed (compared exactly). */
    enum?: readonly string[];
    /** A domain-specific "did you mean" for a value outside the enum (before the edit-distance one). */
    suggest?: (value: string) => string | undefined;
    /** With `enum`: the TypeScript names scripts/generate-model.ts gives the values. */
    model?: EnumModel;
}

/** How scripts/generate-model.ts writes an enum's type. */
export interface EnumModel {
    /**
     * The arguments' `as const` object of the values (members named in PascalCase), e.g. `MultiFactorAuthProvider`:
     * what Pulumi's schema analyzer turns into an enum for other languages. A type of the same name is its values.
     */
    args: string;
    /** That object's TSDoc. */
    doc: string;
    /**
     * The plain model's type of the values and the repository module that declares it (e.g. `OnboardedWith` in
     * `core/delegation/names`); when absent the model writes the union of the values.
     */
    spec?: { name: string; module: string };
}

/** `true` or `false`. */
export interface BooleanShape extends ShapeBase {
    kind: "boolean";
    /** Also accept the text "true"/"false" (any case), as `pulumi config set` stores booleans. */
    text?: boolean;
}

/** A whole number. */
export interface IntegerShape extends ShapeBase {
    kind: "integer";
    /** Also accept the number as text ("300"), as `pulumi config set` stores numbers. */
    text?: boolean;
}

/** A list whose every item has the same shape. */
export interface ListShape extends ShapeBase {
    kind: "list";
    /** The shape of each item. */
    items: Shape;
}

/** An object with a fixed set of keys: any other key is an error. */
export interface ObjectShape extends ShapeBase {
    kind: "object";
    /** The TypeScript interfaces scripts/generate-model.ts writes for it; without, it is written inline. */
    model?: ObjectModel;
    /** The known keys. */
    fields: Readonly<Record<string, Field>>;
    /**
     * A key whose value may be written alone, as a string: `"<value>"` then means `{ [shorthand]: "<value>" }`
     * (e.g. a list of subscriptions whose entries are plain subscription IDs or objects). Checked as that key.
     */
    shorthand?: string;
}

/** An object with free-form keys (e.g. resource group name → GUID) and values of one shape. */
export interface MapShape extends ShapeBase {
    kind: "map";
    /** The shape of each value. */
    values: Shape;
}

/** The interfaces scripts/generate-model.ts names after an object shape (each written where its flavour goes). */
export interface ObjectModel {
    /** The plain model's interface (`core/validation/delegationSpec.generated.ts`), e.g. `AuthorizationSpec`. */
    spec?: string;
    /**
     * The component arguments' interface (`components/<component>/args.generated.ts`), e.g. `AuthorizationArgs`:
     * the model with its Input keys as required `pulumi.Input`s. When absent the arguments use the spec's interface.
     */
    args?: string;
    /** The customer stack config's interface (`program/customerStackConfig.generated.ts`), e.g. `SubscriptionEntry`. */
    config?: string;
    /** The interfaces' TSDoc. */
    doc: string;
    /** The arguments' interface's TSDoc, when it says something else than `doc`. */
    argsDoc?: string;
    /** The arguments' interface extends this one (of the same shapes) and declares only the fields it adds. */
    argsExtends?: string;
}

/** The expected shape of a configuration value. */
export type Shape = StringShape | BooleanShape | IntegerShape | ListShape | ObjectShape | MapShape;

/** One key of an {@link ObjectShape}. */
export interface Field {
    /** The value's shape. */
    shape: Shape;
    /** Whether the key must be present. */
    required?: boolean;
    /**
     * Required in the generated types, though the shape check lets it be absent because a rule reports its absence
     * instead (a plan's four keys: all or none, in one finding of validateDelegation).
     */
    typeRequired?: boolean;
    /** What the key means: the configuration reference's text and the first sentences of the generated TSDoc. */
    doc: string;
    /** More about the key, for the generated TSDoc only (after `doc` and the default). */
    details?: string;
    /** The default when absent, as documentation text (the reference's Default column; "Default: …" in TSDoc). */
    default?: string;
}

/** How findings are worded for one kind of source (a file of arguments, stack config, component arguments). */
export interface ShapeContext {
    /** Accept Outputs and Promises where a shape is marked `input` (a component's arguments at run time). */
    allowInputs?: boolean;
    /** The fix for a value of the wrong type or a missing key; default: "give <label>, e.g. <key>: <example>". */
    fix?: (path: string, shape: Shape, value: unknown) => string;
    /** The fix for an unknown key; default: rename it to the suggestion, or remove it. */
    unknownKeyFix?: (path: string, suggestion: string | undefined, known: readonly string[]) => string;
}

const has = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);

/** Whether a value is a Pulumi Output (its `__pulumiOutput` marker) or a Promise (thenable). */
export function isDeferred(value: unknown): boolean {
    if ((typeof value !== "object" && typeof value !== "function") || value === null) {
        return false;
    }
    const marked = value as { __pulumiOutput?: unknown; then?: unknown };
    return Boolean(marked.__pulumiOutput) || typeof marked.then === "function";
}

/** The kind of a value as a user would call it: "a string", "a number", "a list", "an object", "null", ... */
export function kindOf(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "a list";
    }
    if (typeof value === "boolean") {
        return "true/false";
    }
    if (typeof value === "object") {
        return isDeferred(value) ? "an Output or Promise" : "an object";
    }
    return typeof value === "number" ? "a number" : `a ${typeof value}`;
}

/** The expected type in words: the shape's label, or one derived from its kind. */
export function describeShape(shape: Shape): string {
    if (shape.label) {
        return shape.label;
    }
    switch (shape.kind) {
        case "string":
            return shape.enum ? `one of ${shape.enum.join(", ")}` : "a string";
        case "boolean":
            return "true or false";
        case "integer":
            return "a whole number";
        case "list":
            return `a list of ${describeShape(shape.items).replace(/^an? /, "")}s`;
        case "object":
            return shape.shorthand !== undefined && has(shape.fields, shape.shorthand)
                ? `${describeShape(shape.fields[shape.shorthand].shape)} or an object with ${Object.keys(shape.fields).join(", ")}`
                : `an object with ${Object.keys(shape.fields).join(", ")}`;
        case "map":
            return `an object of ${describeShape(shape.values)} values`;
    }
}

/** A valid example of the shape: its own example, or one built from its parts. */
export function exampleOf(shape: Shape): unknown {
    if (shape.example !== undefined) {
        return shape.example;
    }
    switch (shape.kind) {
        case "string":
            return shape.enum?.[0] ?? "...";
        case "boolean":
            return true;
        case "integer":
            return 1;
        case "list":
            return [exampleOf(shape.items)];
        case "object":
            return Object.fromEntries(
                Object.entries(shape.fields)
                    .filter(([, f]) => f.required)
                    .map(([k, f]) => [k, exampleOf(f.shape)]),
            );
        case "map":
            return { name: exampleOf(shape.values) };
    }
}

/** Edit distance counting an insertion, deletion, substitution or swap of neighbours as one (bounded inputs: configuration keys). */
export function editDistance(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.length][b.length];
}

/**
 * The known key a mistyped one most likely meant: same letters in another case (`principalID`), or a few
 * edits away (`resourceGroup`, `versoin`); undefined when nothing is close.
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
    const needle = key.toLowerCase();
    if (needle.length > 100) {
        return undefined; // no key is that long; spares the quadratic distance on pasted text
    }
    const ranked = known
        .map((k) => ({ k, distance: editDistance(needle, k.toLowerCase()) }))
        .filter(
            ({ k, distance }) =>
                distance <= Math.max(1, Math.min(3, Math.floor(Math.max(k.length, needle.length) / 3))),
        )
        .sort((x, y) => x.distance - y.distance);
    return ranked[0]?.k;
}

/** The last key of a path, with its index if it has one: `authorizations[1].role` → `role`, `resourceGroups[0]` → `resourceGroups[0]`. */
export function lastSegment(path: string): string {
    return /([^.:]+)$/.exec(path)?.[1] ?? path;
}

function defaultFix(path: string, shape: Shape, value: unknown): string {
    if (shape.kind === "list" && shape.items.kind === "string" && typeof value === "string") {
        return `write a list, even of one: ${lastSegment(path)}: ${JSON.stringify([value])}`;
    }
    return `give ${describeShape(shape)}, e.g. ${lastSegment(path)}: ${JSON.stringify(exampleOf(shape))}`;
}

function defaultUnknownKeyFix(path: string, suggestion: string | undefined, known: readonly string[]): string {
    return suggestion !== undefined
        ? `rename it to "${suggestion}"`
        : `remove it; the keys here are ${known.join(", ")}`;
}

/** Joins a parent path and a key: `authorizations[1]` + `role` = `authorizations[1].role`. */
export function childPath(path: string, key: string): string {
    return path === "" || path.endsWith(":") ? `${path}${key}` : `${path}.${key}`;
}

/**
 * Checks a plain value against a shape and returns one finding per problem: an unknown key (with "did
 * you mean"), a value of the wrong type, a value outside an enum, a missing required key. Keys whose value
 * is `undefined` count as absent. A value that has the wrong type is not looked into further.
 * @param value the value to check
 * @param shape its expected shape
 * @param path where the value is, for findings (e.g. `lighthouse-pec:authorizations`, or "" for the root)
 * @param context how to word fixes, and whether Outputs/Promises are allowed
 */
export function checkShape(value: unknown, shape: Shape, path: string, context: ShapeContext = {}): Finding[] {
    const findings: Finding[] = [];
    walk(value, shape, path, context, findings);
    return findings;
}

function wrongType(findings: Finding[], path: string, value: unknown, shape: Shape, context: ShapeContext): void {
    findings.push({
        severity: "error",
        field: path || "(root)",
        value: isDeferred(value) ? "(an Output or Promise)" : value,
        // A text form is accepted ("true", "300"), so "not a string" would mislead: say only what is expected.
        message: `must be ${describeShape(shape)}${"text" in shape && shape.text && typeof value === "string" ? "" : `, not ${kindOf(value)}`}`,
        fix: (context.fix ?? defaultFix)(path, shape, value),
    });
}

function walk(value: unknown, shape: Shape, path: string, context: ShapeContext, findings: Finding[]): void {
    if (shape.input && context.allowInputs && isDeferred(value)) {
        return;
    }
    switch (shape.kind) {
        case "string":
            if (typeof value !== "string") {
                return wrongType(findings, path, value, shape, context);
            }
            if (shape.enum && !shape.enum.includes(value)) {
                const close = shape.suggest?.(value) ?? suggestKey(value, shape.enum);
                findings.push({
                    severity: "error",
                    field: path,
                    value,
                    message: `must be ${describeShape(shape)}`,
                    fix:
                        close !== undefined
                            ? `did you mean "${close}"? ${(context.fix ?? defaultFix)(path, { ...shape, example: close }, value)}`
                            : (context.fix ?? defaultFix)(path, shape, value),
                });
            }
            return;
        case "boolean":
            if (
                typeof value !== "boolean" &&
                !(shape.text && typeof value === "string" && /^(true|false)$/i.test(value.trim()))
            ) {
                wrongType(findings, path, value, shape, context);
            }
            return;
        case "integer": {
            const number =
                shape.text && typeof value === "string" && /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : value;
            if (typeof number !== "number" || !Number.isInteger(number)) {
                wrongType(findings, path, value, shape, context);
            }
            return;
        }
        case "list":
            if (!Array.isArray(value)) {
                return wrongType(findings, path, value, shape, context);
            }
            value.forEach((item, i) => walk(item, shape.items, `${path}[${i}]`, context, findings));
            return;
        case "map":
            if (!isPlainObject(value)) {
                return wrongType(findings, path, value, shape, context);
            }
            for (const key of Object.keys(value as object)) {
                walk((value as Record<string, unknown>)[key], shape.values, childPath(path, key), context, findings);
            }
            return;
        case "object":
            if (shape.shorthand !== undefined && typeof value === "string" && has(shape.fields, shape.shorthand)) {
                return walk(value, shape.fields[shape.shorthand].shape, path, context, findings);
            }
            if (!isPlainObject(value)) {
                return wrongType(findings, path, value, shape, context);
            }
            walkObject(value as Record<string, unknown>, shape, path, context, findings);
            return;
    }
}

function isPlainObject(value: unknown): boolean {
    return typeof value === "object" && value !== null && !Array.isArray(value) && !isDeferred(value);
}

function walkObject(
    value: Record<string, unknown>,
    shape: ObjectShape,
    path: string,
    context: ShapeContext,
    findings: Finding[],
): void {
    const known = Object.keys(shape.fields);
    for (const key of Object.keys(value)) {
        if (value[key] === undefined) {
            continue;
        }
        if (!has(shape.fields, key)) {
            // A key already given is not suggested again, unless only the case differs (offername next to offerName).
            const suggestion = suggestKey(
                key,
                known.filter((k) => !has(value, k) || value[k] === undefined || k.toLowerCase() === key.toLowerCase()),
            );
            findings.push({
                severity: "error",
                field: childPath(path, key),
                value: isDeferred(value[key]) ? "(an Output or Promise)" : value[key],
                message: suggestion !== undefined ? `unknown key (did you mean "${suggestion}"?)` : "unknown key",
                fix: (context.unknownKeyFix ?? defaultUnknownKeyFix)(childPath(path, key), suggestion, known),
            });
            continue;
        }
        walk(value[key], shape.fields[key].shape, childPath(path, key), context, findings);
    }
    for (const key of known) {
        const field = shape.fields[key];
        if (field.required && (!has(value, key) || value[key] === undefined)) {
            const misspelt = Object.keys(value).some(
                (k) => !has(shape.fields, k) && suggestKey(k, [key]) !== undefined,
            );
            if (!misspelt) {
                findings.push({
                    severity: "error",
                    field: childPath(path, key),
                    value: undefined,
                    message: "required but not set",
                    fix: (context.fix ?? defaultFix)(childPath(path, key), field.shape, undefined),
                });
            }
        }
    }
}
