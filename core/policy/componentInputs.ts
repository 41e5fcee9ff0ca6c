// A CustomerDelegation component's inputs as a policy pack receives them: from YAML or Python they can have any
// shape, so the schema is checked first (one finding per malformed value) and the rules only ever see the model.
// The inputs are then read into the model by the same schema, key by key, so a key added to it is read too.
import { checkDelegationArgs, delegationArgsShape } from "../validation/delegationSchema";
import type { DelegationSpec } from "../validation/delegationSpec";
import { Finding } from "../validation/findings";
import { UNKNOWN_SENTINEL } from "../validation/formats";
import type { Field, ObjectShape, Shape } from "../validation/shape";

type Props = Record<string, unknown>;

/** What the component's inputs are: the model, or the findings that say why they cannot be read as one. */
export type ComponentInputs = { spec: DelegationSpec } | { malformed: Finding[] };

const isObject = (value: unknown): value is Props =>
    typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What a value not known yet (preview) stands for, so that the rules skip it rather than apply a default to it: a
 * string not known yet; a list of objects as one object not known yet; an object whose strings that are required or
 * have a default are not known yet, and whose lists of objects hold one object not known yet. Anything else (a flag,
 * a list of strings, a map, an optional string without a default such as a display name, an object inside one not
 * known yet) stands for nothing (undefined), which the rules treat as not given.
 */
function unknownOf(shape: Shape): unknown {
    switch (shape.kind) {
        case "string":
            return UNKNOWN_SENTINEL;
        case "list":
            return shape.items.kind === "object" ? [unknownObject(shape.items)] : undefined;
        case "object":
            return unknownObject(shape);
        default:
            return undefined;
    }
}

function unknownObject(shape: ObjectShape): Props {
    const stands = (field: Field): boolean =>
        field.shape.kind === "string"
            ? field.required === true || field.typeRequired === true || field.default !== undefined
            : field.shape.kind === "list";
    return Object.fromEntries(
        Object.entries(shape.fields)
            .filter(([, field]) => stands(field))
            .map(([key, field]): [string, unknown] => [key, unknownOf(field.shape)])
            .filter(([, value]) => value !== undefined),
    );
}

/**
 * A value read as its shape. Absent keys stay absent. A value of another type got past the schema check only because
 * part of it is not known yet (no finding is made of a value not known yet): it stands for a value not known yet.
 */
function read(value: unknown, shape: Shape): unknown {
    if (value === UNKNOWN_SENTINEL) {
        return unknownOf(shape);
    }
    if (value === undefined) {
        return undefined;
    }
    switch (shape.kind) {
        case "string":
            return typeof value === "string" ? value : partlyUnknown(value, shape);
        case "boolean":
            return typeof value === "boolean" ? value : partlyUnknown(value, shape);
        case "integer":
            return typeof value === "number" ? value : partlyUnknown(value, shape);
        case "list":
            return Array.isArray(value) ? value.map((item) => read(item, shape.items)) : partlyUnknown(value, shape);
        case "map":
            return isObject(value)
                ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, read(item, shape.values)]))
                : partlyUnknown(value, shape);
        case "object":
            return isObject(value) ? readObject(value, shape) : partlyUnknown(value, shape);
    }
}

/** A value of the wrong type that holds a value not known yet, as that; any other as nothing. */
function partlyUnknown(value: unknown, shape: Shape): unknown {
    return JSON.stringify(value ?? null).includes(UNKNOWN_SENTINEL) ? unknownOf(shape) : undefined;
}

function readObject(value: Props, shape: ObjectShape): Props {
    return Object.fromEntries(
        Object.entries(shape.fields)
            .map(([key, field]): [string, unknown] => [key, read(value[key], field.shape)])
            .filter(([, item]) => item !== undefined),
    );
}

/**
 * Reads a CustomerDelegation's inputs (plain values, a value not known yet as UNKNOWN_SENTINEL) into the model.
 * The component's schema is checked first (`checkDelegationArgs`): a value of the wrong type, an unknown key or a
 * missing required key is a finding, and then nothing else is checked (the rules assume the model's types). A
 * value not known yet is never a finding; in the model an unknown list or object stands for one whose values are
 * not known yet, so the rules skip it.
 * @param props the component's inputs
 */
export function readComponentInputs(props: Props): ComponentInputs {
    const malformed = checkDelegationArgs(props).filter(
        (f) => f.severity === "error" && !JSON.stringify(f.value ?? null).includes(UNKNOWN_SENTINEL),
    );
    if (malformed.length > 0) {
        return { malformed };
    }
    const spec = readObject(props, delegationArgsShape) as unknown as DelegationSpec;
    return { spec: { ...spec, offerName: spec.offerName ?? "", authorizations: spec.authorizations ?? [] } };
}
