// TSDoc comments for generated declarations: one line when it fits, else wrapped at the project's print width
// (Prettier leaves comments as they are written, so the generator wraps them itself).
import type { Field } from "../../core/validation/shape";

/** Prettier's print width (`.prettierrc.json`). */
const PRINT_WIDTH = 120;

/** What a field's TSDoc says: its doc, its default (unless it is "none": an optional list or object), then the details. */
export function fieldDocText(field: Field): string {
    const stated = field.default !== undefined && field.default !== "none";
    return [field.doc, stated ? `Default: ${field.default}.` : "", field.details ?? ""]
        .filter((part) => part !== "")
        .join(" ");
}

/**
 * A TSDoc comment of `text` at `indent` spaces: `/** text *\/` when it fits in the print width, otherwise one
 * word-wrapped ` * ` line per part.
 */
export function tsdoc(text: string, indent: number): string {
    if (text.includes("*/")) {
        throw new Error(`a doc cannot contain "*/": ${text}`);
    }
    const pad = " ".repeat(indent);
    const single = `${pad}/** ${text} */`;
    if (single.length <= PRINT_WIDTH) {
        return single;
    }
    const width = PRINT_WIDTH - indent - " * ".length;
    const lines: string[] = [];
    let line = "";
    // Words, a `code span` counting as one (a line break inside it would show in the rendered TSDoc).
    for (const word of text.match(/(?:`[^`]*`|[^\s`])+/g) ?? []) {
        if (line !== "" && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        } else {
            line = line === "" ? word : `${line} ${word}`;
        }
    }
    lines.push(line);
    return [`${pad}/**`, ...lines.map((l) => `${pad} * ${l}`), `${pad} */`].join("\n");
}
