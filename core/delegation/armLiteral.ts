/**
 * Writing literal text into ARM templates (and Azure Policy rules, which use the same expression language).
 *
 * ARM's rule (Learn, "Syntax and expressions in ARM templates", Escape characters): a string that starts with `[`
 * and ends with `]` is an expression, unless it starts with `[[`, which stands for the literal with the first `[`
 * dropped; every other string is literal as written (`"[test] value"` stays `[test] value`, `"[[test] value"` stays
 * `[[test] value`). Template parameter default values are evaluated; values in a parameters file are literal.
 */

/**
 * The template text that ARM evaluates to exactly `value`: `"[" + value` when `value` starts with `[` and ends with
 * `]` (so `[Contoso]` is written `[[Contoso]`), else `value` unchanged (`[Managed] by Fabrikam` needs no escape, and
 * escaping it would deploy `[[Managed] by Fabrikam`).
 *
 * @param value The literal text a deployment must produce.
 */
export function armLiteral(value: string): string {
    return value.startsWith("[") && value.endsWith("]") ? `[${value}` : value;
}

/**
 * Escapes every string in `value` (arrays and objects recursively; keys, numbers and booleans as they are) for
 * `layers` evaluations in a row: each layer is one ARM deployment (or one Azure Policy evaluation) that reads the
 * text before handing it on. A user value in the template that a policy deploys, inside a management-group template,
 * is evaluated twice (the management-group deployment, then the policy's deployment): `layers` 2. Zero layers
 * returns the value unchanged.
 *
 * @param value A JSON value: what the last layer must produce.
 * @param layers How many evaluations the text goes through before it is used.
 */
export function armLiterals<T>(value: T, layers = 1): T {
    if (layers <= 0) {
        return value;
    }
    if (typeof value === "string") {
        let text: string = value;
        for (let layer = 0; layer < layers; layer++) {
            text = armLiteral(text);
        }
        return text as T;
    }
    if (Array.isArray(value)) {
        return value.map((v: unknown) => armLiterals(v, layers)) as T;
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, armLiterals(v, layers)])) as T;
    }
    return value;
}
