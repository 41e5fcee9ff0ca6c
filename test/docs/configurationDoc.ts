// The rows of docs/configuration.md's key tables, derived from the schema (configurationDoc.test.ts keeps the two equal).
import { describeShape, Field, Shape } from "../../core/validation";

function nested(shape: Shape): Readonly<Record<string, Field>> | undefined {
    if (shape.kind === "object") {
        return shape.fields;
    }
    return shape.kind === "list" && shape.items.kind === "object" ? shape.items.fields : undefined;
}

/** One Markdown table row per key, nested keys as `parent[].child` / `parent.child`. */
export function referenceRows(fields: Readonly<Record<string, Field>>, prefix = ""): string[] {
    return Object.entries(fields).flatMap(([key, field]) => {
        const name = `${prefix}${key}`;
        const row = `| \`${name}\` | ${describeShape(field.shape).replace(/\|/g, "\\|")} | ${field.required ? "required" : (field.default ?? "-")} | ${field.doc} |`;
        const children = nested(field.shape);
        const separator = field.shape.kind === "list" ? "[]." : ".";
        return [row, ...(children ? referenceRows(children, `${name}${separator}`) : [])];
    });
}
