// TypeScript declarations from the delegation schema, in three flavours: the plain model (`…Spec`), the components'
// arguments (`…Args`, Input keys as required `pulumi.Input`s, enums as `as const` objects: the shapes Pulumi's
// schema analyzer reads for other languages), and the customer stack's config (plain values, required as checked).
import * as path from "node:path";
import type { EnumModel, Field, ObjectShape, Shape, StringShape } from "../../core/validation/shape";
import { fieldDocText, tsdoc } from "./tsdoc";

/** Which declarations a module holds. */
export type Flavour = "spec" | "args" | "config";

/** One generated TypeScript module. */
export interface TypeModule {
    /** Its repository-relative path. */
    path: string;
    /** The flavour of every declaration in it. */
    flavour: Flavour;
    /** The object shapes whose interfaces it declares, with the named shapes they contain (unless declared earlier). */
    roots: ObjectShape[];
    /** Declarations written before the interfaces. */
    preamble?: string;
}

/** Where each generated name is declared, across the modules of one run (a later module imports an earlier one's). */
export type Declared = Map<string, { path: string; shape?: ObjectShape }>;

/** The interface name a shape has in a flavour: arguments fall back to the spec's name (types without Inputs). */
function nameOf(shape: ObjectShape, flavour: Flavour): string | undefined {
    const model = shape.model;
    return flavour === "args" ? (model?.args ?? model?.spec) : model?.[flavour];
}

function isRequired(field: Field): boolean {
    return field.required === true || field.typeRequired === true;
}

/** A module path relative to another module, as an import specifier. */
function specifier(from: string, to: string): string {
    // Another component's types come through its index (test/layout/boundaries.test.ts: no component internals).
    const component = (file: string) => /^components\/([^/]+)\//.exec(file)?.[1];
    const target =
        component(to) !== undefined && component(to) !== component(from) ? `components/${component(to)}` : to;
    const relative = path.posix.relative(path.posix.dirname(from), target).replace(/\.ts$/, "");
    return relative.startsWith(".") ? relative : `./${relative}`;
}

/** PascalCase member name of an enum value: `multi-rg` → `MultiRg`. */
function memberName(value: string): string {
    return value
        .split(/[^A-Za-z0-9]+/)
        .filter((part) => part !== "")
        .map((part) => part[0].toUpperCase() + part.slice(1))
        .join("");
}

/** Renders one module's declarations; `declared` is shared by the modules of a run, in order. */
export function renderTypeModule(module: TypeModule, declared: Declared, header: string): string {
    const imports = new Map<string, Set<string>>();
    const declarations: string[] = [];
    let pulumiInput = false;

    const use = (name: string, from: string): string => {
        if (from !== module.path) {
            const names = imports.get(from) ?? new Set<string>();
            names.add(name);
            imports.set(from, names);
        }
        return name;
    };

    const enumType = (shape: StringShape & { model: EnumModel }): string => {
        const { model } = shape;
        if (module.flavour !== "args") {
            return model.spec ? use(model.spec.name, `${model.spec.module}.ts`) : union(shape.enum ?? []);
        }
        const known = declared.get(model.args);
        if (known) {
            return use(model.args, known.path);
        }
        declared.set(model.args, { path: module.path });
        const members = (shape.enum ?? []).map((v) => `${memberName(v)}: ${JSON.stringify(v)}`).join(", ");
        declarations.push(
            [
                tsdoc(model.doc, 0),
                `export const ${model.args} = { ${members} } as const;`,
                tsdoc(`One of {@link ${model.args}}'s values.`, 0),
                `export type ${model.args} = (typeof ${model.args})[keyof typeof ${model.args}];`,
            ].join("\n"),
        );
        return model.args;
    };

    const typeOf = (shape: Shape, indent: number): string => {
        switch (shape.kind) {
            case "string":
                return shape.enum && shape.model
                    ? enumType(shape as StringShape & { model: EnumModel })
                    : shape.enum
                      ? union(shape.enum)
                      : "string";
            case "boolean":
                return "boolean";
            case "integer":
                return "number";
            case "list": {
                const item = typeOf(shape.items, indent);
                return /^[\w.]+$/.test(item) || item.startsWith("{") ? `${item}[]` : `(${item})[]`;
            }
            case "map":
                return `Record<string, ${typeOf(shape.values, indent)}>`;
            case "object": {
                const name = nameOf(shape, module.flavour);
                return name !== undefined
                    ? declareObject(shape, name)
                    : `{\n${fieldLines(shape.fields, indent + 4)}\n${" ".repeat(indent)}}`;
            }
        }
    };

    const fieldLines = (fields: Readonly<Record<string, Field>>, indent: number): string =>
        Object.entries(fields)
            .map(([key, field]) => {
                const input = module.flavour === "args" && field.shape.input === true;
                const optional = input
                    ? false
                    : module.flavour === "spec"
                      ? field.shape.input === true || !isRequired(field)
                      : !isRequired(field);
                const plain = typeOf(field.shape, indent);
                if (input) {
                    pulumiInput = true;
                }
                const type = input ? `pulumi.Input<${plain}>` : plain;
                return `${tsdoc(fieldDocText(field), indent)}\n${" ".repeat(indent)}${key}${optional ? "?" : ""}: ${type};`;
            })
            .join("\n");

    const declareObject = (shape: ObjectShape, name: string): string => {
        const known = declared.get(name);
        if (known) {
            return use(name, known.path);
        }
        const model = shape.model!;
        if (module.flavour === "args" && model.args === undefined && hasInput(shape)) {
            throw new Error(`${name} has Input keys: give its shape an args interface name`);
        }
        declared.set(name, { path: module.path, shape });
        const slot = declarations.push("") - 1; // the interface before the interfaces it contains
        const base = module.flavour === "args" && model.argsExtends ? declared.get(model.argsExtends) : undefined;
        if (model.argsExtends && module.flavour === "args" && !base?.shape) {
            throw new Error(`${name} extends ${model.argsExtends}, which no earlier shape declares`);
        }
        const own = base?.shape
            ? Object.fromEntries(Object.entries(shape.fields).filter(([key]) => !(key in base.shape!.fields)))
            : shape.fields;
        const heritage = base ? ` extends ${use(model.argsExtends!, base.path)}` : "";
        const doc = module.flavour === "args" ? (model.argsDoc ?? model.doc) : model.doc;
        declarations[slot] = `${tsdoc(doc, 0)}\nexport interface ${name}${heritage} {\n${fieldLines(own, 4)}\n}`;
        return name;
    };

    for (const root of module.roots) {
        const name = nameOf(root, module.flavour);
        if (name === undefined) {
            throw new Error(`a root shape of ${module.path} has no ${module.flavour} interface name`);
        }
        declareObject(root, name);
    }

    const importLines = [
        ...(pulumiInput ? ['import type * as pulumi from "@pulumi/pulumi";'] : []),
        ...[...imports.entries()].map(
            ([from, names]) =>
                `import type { ${[...names].sort().join(", ")} } from "${specifier(module.path, from)}";`,
        ),
    ];
    return [header, importLines.join("\n"), module.preamble ?? "", ...declarations]
        .filter((part) => part !== "")
        .join("\n\n")
        .concat("\n");
}

function union(values: readonly string[]): string {
    return values.map((v) => JSON.stringify(v)).join(" | ");
}

function hasInput(shape: ObjectShape): boolean {
    return Object.values(shape.fields).some((f) => f.shape.input === true);
}

/**
 * The keys that are Pulumi Inputs anywhere in the shape (the spec's optional, the arguments' required Input keys).
 * A key must be an Input everywhere or nowhere: the mapped `Inputs<T>` type selects them by name.
 */
export function inputKeys(shape: Shape): string[] {
    const byKey = new Map<string, boolean>();
    const visit = (s: Shape): void => {
        if (s.kind === "list") {
            visit(s.items);
        } else if (s.kind === "map") {
            visit(s.values);
        } else if (s.kind === "object") {
            for (const [key, field] of Object.entries(s.fields)) {
                const input = field.shape.input === true;
                if (byKey.has(key) && byKey.get(key) !== input) {
                    throw new Error(`"${key}" is an Input in one object of the model and not in another`);
                }
                byKey.set(key, input);
                visit(field.shape);
            }
        }
    };
    visit(shape);
    return [...byKey.entries()].filter(([, input]) => input).map(([key]) => key);
}
