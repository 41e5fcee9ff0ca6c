// docs/configuration.md's key tables from the schema: one row per key, nested keys as `parent[].child` / `parent.child`.
// The page's text around them is written by hand; each table sits between two markers naming its source.
import { describeShape, Field, Shape } from "../../core/validation/shape";

/** A Markdown table cell: pipes escaped, on one line. */
function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

function nested(shape: Shape): Readonly<Record<string, Field>> | undefined {
    if (shape.kind === "object") {
        return shape.fields;
    }
    return shape.kind === "list" && shape.items.kind === "object" ? shape.items.fields : undefined;
}

/** One Markdown table row per key, nested keys after their parent. */
export function referenceRows(fields: Readonly<Record<string, Field>>, prefix = ""): string[] {
    return Object.entries(fields).flatMap(([key, field]) => {
        const name = `${prefix}${key}`;
        const required = field.required === true || field.typeRequired === true;
        const row = `| \`${name}\` | ${cell(describeShape(field.shape))} | ${cell(required ? "required" : (field.default ?? "-"))} | ${cell(field.doc)} |`;
        const children = nested(field.shape);
        const separator = field.shape.kind === "list" ? "[]." : ".";
        return [row, ...(children ? referenceRows(children, `${name}${separator}`) : [])];
    });
}

/** The whole table of `fields`, header included. */
export function referenceTable(fields: Readonly<Record<string, Field>>): string {
    return ["| Key | Type | Default | What it is |", "|---|---|---|---|", ...referenceRows(fields)].join("\n");
}

/** The marker lines around a generated table. */
export function tableMarkers(name: string): { start: string; end: string } {
    return {
        start: `<!-- generated: ${name} (scripts/generate-model.ts; edit the schema, then npm run generate) -->`,
        end: `<!-- end generated: ${name} -->`,
    };
}

/**
 * The page with each named table replaced between its markers. Throws when a marker is missing, so a table
 * cannot silently stop being generated.
 */
export function withTables(page: string, tables: Record<string, string>, file: string): string {
    let out = page;
    for (const [name, table] of Object.entries(tables)) {
        const { start, end } = tableMarkers(name);
        const from = out.indexOf(start);
        const to = out.indexOf(end, from);
        if (from < 0 || to < 0) {
            throw new Error(`${file}: the markers of the "${name}" table are missing (${start} … ${end})`);
        }
        out = `${out.slice(0, from + start.length)}\n${table}\n${out.slice(to)}`;
    }
    return out;
}
