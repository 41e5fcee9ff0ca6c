// JSON text that is safe to print: shared by the error messages (core/errors.ts) and every JSON output.

/** What `escapeControls` (pec/format/cells.ts) escapes beyond C0 controls (which `JSON.stringify` escapes itself). */
const JSON_UNSAFE = /[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * JSON text with the characters `JSON.stringify` leaves raw but a terminal acts on (C1 controls, DEL,
 * bidi overrides and isolates, line and paragraph separators) written as `\uXXXX` escapes: the same JSON
 * value, safe to print. They can only occur inside strings, where the escape means the same character.
 * @param json the output of `JSON.stringify`
 */
export function escapeJsonControls(json: string): string {
    return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
