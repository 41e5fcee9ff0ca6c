// Issue 12: the Pulumi YAML and Python examples use CustomerDelegation by the names of the component provider's
// schema (what `pulumi package add` generates their SDKs from). test/examples/examples.test.ts runs only the
// TypeScript examples (it discovers examples by their index.ts); these are checked here, without the Pulumi CLI.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { componentProvider, PackageSchema, SchemaProperty, TOKEN } from "../kit/componentSchema";

const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");

/** Every mismatch between a YAML value and a schema property (unknown keys, missing required ones, wrong types). */
function yamlProblems(schema: PackageSchema, value: unknown, property: SchemaProperty, at: string): string[] {
    if (typeof value === "string" && /^\$\{[^}]+\}$/.test(value)) return []; // an interpolation: typed by the engine
    if (property.$ref?.startsWith("#/types/")) {
        const type = schema.types[property.$ref.slice("#/types/".length)];
        if (!type) return [`${at}: unknown type ${property.$ref}`];
        if (type.enum) {
            const values = type.enum.map((e) => e.value);
            return values.includes(value as string)
                ? []
                : [`${at}: ${JSON.stringify(value)} is not one of ${values.join(", ")}`];
        }
        return objectProblems(schema, value, type.properties ?? {}, type.required ?? [], at);
    }
    if (property.type === "array") {
        if (!Array.isArray(value)) return [`${at}: a list expected`];
        return value.flatMap((v, i) => yamlProblems(schema, v, property.items!, `${at}[${i}]`));
    }
    if (property.type === "object" && property.additionalProperties) {
        if (typeof value !== "object" || value === null) return [`${at}: a map expected`];
        return Object.entries(value).flatMap(([k, v]) =>
            yamlProblems(schema, v, property.additionalProperties!, `${at}.${k}`),
        );
    }
    return typeof value === property.type
        ? []
        : [`${at}: ${property.type ?? property.$ref} expected, got ${JSON.stringify(value)}`];
}

function objectProblems(
    schema: PackageSchema,
    value: unknown,
    properties: Record<string, SchemaProperty>,
    required: string[],
    at: string,
): string[] {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${at}: an object expected`];
    const fields = value as Record<string, unknown>;
    return [
        ...required.filter((k) => !(k in fields)).map((k) => `${at}.${k}: required, missing`),
        ...Object.entries(fields).flatMap(([k, v]) =>
            properties[k] ? yamlProblems(schema, v, properties[k], `${at}.${k}`) : [`${at}.${k}: not in the schema`],
        ),
    ];
}

interface YamlProgram {
    packages?: Record<string, string>;
    resources: Record<string, { type: string; properties?: Record<string, unknown> }>;
    outputs?: Record<string, unknown>;
}

/** Problems of a Pulumi YAML program's use of this package: types, properties, and outputs it reads. */
function yamlProgramProblems(schema: PackageSchema, program: YamlProgram): string[] {
    const ours = Object.entries(program.resources).filter(([, r]) => r.type.startsWith("lighthouse-pec:"));
    const problems = ours.flatMap(([name, r]) => {
        const resource = schema.resources[r.type];
        if (!resource) return [`${name}: unknown type ${r.type}`];
        return objectProblems(schema, r.properties ?? {}, resource.inputProperties, resource.requiredInputs, name);
    });
    const outputsRead = [...JSON.stringify(program.outputs ?? {}).matchAll(/\$\{(\w+)\.(\w+)/g)];
    for (const [, resource, output] of outputsRead) {
        const type = program.resources[resource]?.type;
        if (type && schema.resources[type] && !(output in schema.resources[type].properties)) {
            problems.push(`outputs: ${resource}.${output} is not an output of ${type}`);
        }
    }
    if (ours.length === 0) problems.push("no lighthouse-pec resource");
    return problems;
}

/** Python's names for the schema's: snake_case properties, `<Type>Args` input classes (Pulumi's Python codegen). */
function pythonNames(schema: PackageSchema): { classes: Set<string>; keywords: Set<string> } {
    const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
    const typeNames = Object.keys(schema.types).map((t) => t.split(":")[2]);
    const objectTypes = Object.entries(schema.types).filter(([, t]) => t.properties);
    const keywords = [
        ...Object.keys(schema.resources[TOKEN].inputProperties),
        ...objectTypes.flatMap(([, t]) => Object.keys(t.properties ?? {})),
    ].map(snake);
    return {
        classes: new Set([
            "CustomerDelegation",
            ...objectTypes.map(([t]) => `${t.split(":")[2]}Args`),
            ...typeNames.filter((n) => schema.types[`lighthouse-pec:index:${n}`].enum),
        ]),
        keywords: new Set([...keywords, "opts"]),
    };
}

/** The classes a Python program takes from the SDK and the keyword arguments it passes them (at call depth 1). */
function pythonUses(source: string, module: string): { classes: string[]; keywords: string[] } {
    const classes: string[] = [];
    const keywords: string[] = [];
    for (const m of source.matchAll(new RegExp(`\\b${module}\\.(\\w+)\\(`, "g"))) {
        classes.push(m[1]);
        let depth = 1;
        let i = m.index + m[0].length;
        const start = i;
        for (; i < source.length && depth > 0; i++) {
            if ("([{".includes(source[i])) depth++;
            if (")]}".includes(source[i])) depth--;
        }
        let inner = 0;
        const body = source.slice(start, i - 1);
        let top = "";
        for (const ch of body) {
            if ("([{".includes(ch)) inner++;
            if (inner === 0) top += ch;
            if (")]}".includes(ch)) inner--;
        }
        keywords.push(...[...top.matchAll(/\b(\w+)=(?!=)/g)].map((k) => k[1]));
    }
    return { classes, keywords };
}

describe("the YAML and Python examples use the component provider's schema (issue 12)", function () {
    this.timeout(180_000);
    let schema: PackageSchema;
    before(async () => {
        ({ schema } = await componentProvider());
    });

    it("examples/yaml-customer: types, properties, enum values and outputs are the schema's", () => {
        const program = yaml.load(
            fs.readFileSync(path.join(EXAMPLES, "yaml-customer", "Pulumi.yaml"), "utf8"),
        ) as YamlProgram;
        assert.equal(program.packages?.["lighthouse-pec"], "../..");
        assert.deepEqual(yamlProgramProblems(schema, program), []);
    });

    it("docs/other-languages.md: every YAML program snippet (both components) uses the schema's names", () => {
        const page = fs.readFileSync(path.join(EXAMPLES, "..", "docs", "other-languages.md"), "utf8");
        const programs = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)]
            .map((m) => yaml.load(m[1]) as YamlProgram)
            .filter((p) => p.resources !== undefined);
        assert.deepEqual(programs.flatMap((p) => Object.values(p.resources).map((r) => r.type)).sort(), [
            "lighthouse-pec:index:CustomerDelegation",
            "lighthouse-pec:index:ManagementGroupDelegation",
        ]);
        assert.deepEqual(
            programs.flatMap((p) => yamlProgramProblems(schema, p)),
            [],
        );
    });

    it("the YAML check catches a misspelt property, a missing required one, a bad enum value and an unknown output", () => {
        const program = yaml.load(
            fs.readFileSync(path.join(EXAMPLES, "yaml-customer", "Pulumi.yaml"), "utf8"),
        ) as YamlProgram;
        const props = program.resources.contoso.properties!;
        props.offerNme = props.offerName;
        delete props.offerName;
        props.onboardedWith = "template";
        program.outputs = { ...program.outputs, x: "${contoso.registrationId}" };
        assert.deepEqual(yamlProgramProblems(schema, program).sort(), [
            "contoso.offerName: required, missing",
            "contoso.offerNme: not in the schema",
            'contoso.onboardedWith: "template" is not one of lighthouse-pec, subscription, rg, multi-rg',
            "outputs: contoso.registrationId is not an output of lighthouse-pec:index:CustomerDelegation",
        ]);
    });

    it("examples/python-customer: the SDK's classes and keyword arguments are the schema's names, in Python's form", () => {
        const source = fs.readFileSync(path.join(EXAMPLES, "python-customer", "__main__.py"), "utf8");
        assert.match(source, /^import pulumi_lighthouse_pec as lighthouse_pec$/m);
        const { classes, keywords } = pythonNames(schema);
        const used = pythonUses(source, "lighthouse_pec");
        assert.ok(used.classes.includes("CustomerDelegation") && used.keywords.includes("managed_by_tenant_id"));
        assert.deepEqual(
            used.classes.filter((c) => !classes.has(c)),
            [],
        );
        assert.deepEqual(
            used.keywords.filter((k) => !keywords.has(k)),
            [],
        );
        // The outputs it exports are the schema's.
        const outputs = new Set(Object.keys(schema.resources[TOKEN].properties));
        for (const [, attribute] of source.matchAll(/delegation\.(\w+)/g)) {
            assert.ok(outputs.has(attribute.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())), attribute);
        }
        // A misspelt name is caught.
        const wrong = pythonUses(source.replace("offer_name=", "offer_nam="), "lighthouse_pec");
        assert.deepEqual(
            wrong.keywords.filter((k) => !keywords.has(k)),
            ["offer_nam"],
        );
    });
});
