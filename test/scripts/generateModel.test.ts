// Issue 19, item 1: the delegation model is written once, in the schema; scripts/generate-model.ts writes the types and
// the configuration reference from it. `npm test` (and `npm run generate:check` in .ci/run) fails when they are stale.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Field, ObjectShape } from "../../core/validation";
import {
    CONFIGURATION_DOC,
    DOC_HEADER,
    GENERATED_HEADER,
    generatedFiles,
    REPO,
    staleFiles,
} from "../../scripts/generate-model";
import { referenceRows, tableMarkers, withTables } from "../../scripts/model/markdown";
import { tsdoc } from "../../scripts/model/tsdoc";
import { Declared, inputKeys, renderTypeModule } from "../../scripts/model/typescript";

/** A small schema with one of everything the generator writes. */
function sampleShapes(): { spec: ObjectShape; extended: ObjectShape } {
    const member: ObjectShape = {
        kind: "object",
        model: { spec: "MemberSpec", args: "MemberArgs", config: "MemberConfig", doc: "One member." },
        fields: {
            principalId: { shape: { kind: "string", input: true }, required: true, doc: "The member's object ID." },
            nickname: { shape: { kind: "string" }, doc: "What to call it.", default: "its ID" },
        },
    };
    const fields: Record<string, Field> = {
        title: { shape: { kind: "string" }, required: true, doc: "The title." },
        members: { shape: { kind: "list", items: member }, doc: "The members.", details: "In order." },
        mode: {
            shape: {
                kind: "string",
                enum: ["fast-lane", "slow"],
                model: { args: "ModeValue", doc: "How fast." },
            },
            doc: "The mode.",
        },
        labels: { shape: { kind: "map", values: { kind: "string" } }, doc: "Labels." },
        price: {
            shape: {
                kind: "object",
                fields: { amount: { shape: { kind: "integer" }, typeRequired: true, doc: "How much." } },
            },
            doc: "The price; all keys or none.",
        },
    };
    const spec: ObjectShape = {
        kind: "object",
        fields,
        model: {
            spec: "ThingSpec",
            args: "ThingArgs",
            config: "ThingConfig",
            doc: "A thing.",
            argsDoc: "A thing's arguments.",
        },
    };
    const extended: ObjectShape = {
        kind: "object",
        fields: { ...fields, extra: { shape: { kind: "boolean" }, doc: "One more." } },
        model: { args: "BiggerArgs", argsExtends: "ThingArgs", doc: "A bigger thing." },
    };
    return { spec, extended };
}

function render(): Record<"spec" | "args" | "config", string> {
    const { spec, extended } = sampleShapes();
    const declared: Declared = new Map();
    return {
        spec: renderTypeModule({ path: "a/spec.ts", flavour: "spec", roots: [spec] }, declared, "// header"),
        args: renderTypeModule({ path: "b/args.ts", flavour: "args", roots: [spec, extended] }, declared, "// header"),
        config: renderTypeModule({ path: "c/config.ts", flavour: "config", roots: [spec] }, declared, "// header"),
    };
}

describe("scripts/generate-model.ts: the model written once (issue 19)", function () {
    this.timeout(60_000); // Prettier formats the generated modules

    it("the generated files are what the schema gives (else: npm run generate)", async () => {
        assert.deepEqual(await staleFiles(), []);
    });

    it("every generated file says so in its first line", async () => {
        const files = await generatedFiles();
        assert.ok(files.size >= 5, [...files.keys()].join(", "));
        for (const [file, text] of files) {
            const first = text.split("\n")[0];
            assert.equal(first, file === CONFIGURATION_DOC ? DOC_HEADER : GENERATED_HEADER, file);
        }
    });

    it("names a stale file and a missing one (fault injected in a copy of the repository)", async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-generate-"));
        try {
            const files = await generatedFiles();
            for (const [file, text] of files) {
                fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
                fs.writeFileSync(path.join(root, file), text);
            }
            assert.deepEqual(await staleFiles(root), [], "an exact copy is fresh");
            const spec = "core/validation/delegationSpec.generated.ts";
            const edited = files.get(spec)!.replace("offerName: string;", "offerName: string; // edited by hand");
            assert.notEqual(edited, files.get(spec), "the fault was injected");
            fs.writeFileSync(path.join(root, spec), edited);
            fs.rmSync(path.join(root, "program/customerStackConfig.generated.ts"));
            const docRows = fs
                .readFileSync(path.join(root, CONFIGURATION_DOC), "utf8")
                .replace("| `offerName` |", "| `offerName ` |");
            fs.writeFileSync(path.join(root, CONFIGURATION_DOC), docRows);
            assert.deepEqual((await staleFiles(root)).sort(), [
                spec,
                CONFIGURATION_DOC,
                "program/customerStackConfig.generated.ts",
            ]);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("spec flavour: Input keys optional (unknown during preview), required keys required, enums as unions", () => {
        const { spec } = render();
        assert.match(spec, /export interface ThingSpec \{/);
        assert.match(spec, /\n {4}title: string;/);
        assert.match(spec, /\n {4}members\?: MemberSpec\[\];/);
        assert.match(spec, /\n {4}mode\?: "fast-lane" \| "slow";/);
        assert.match(spec, /\n {4}labels\?: Record<string, string>;/);
        assert.match(
            spec,
            /export interface MemberSpec \{\n {4}\/\*\* The member's object ID\. \*\/\n {4}principalId\?: string;/,
        );
        assert.match(spec, /\n {8}amount: number;/, "typeRequired: required in the types");
        assert.match(spec, /\/\*\* What to call it\. Default: its ID\. \*\//);
        assert.match(spec, /\/\*\* The members\. In order\. \*\//);
        assert.doesNotMatch(spec, /pulumi/);
    });

    it("args flavour: Input keys required pulumi.Inputs, enums as `as const` objects, nested types by name, extends", () => {
        const { args } = render();
        assert.match(args, /^\/\/ header\n\nimport type \* as pulumi from "@pulumi\/pulumi";/);
        assert.match(args, /\/\*\* A thing's arguments\. \*\/\nexport interface ThingArgs \{/);
        assert.match(args, /export interface MemberArgs \{\n.*\n {4}principalId: pulumi\.Input<string>;/);
        assert.match(args, /export const ModeValue = \{ FastLane: "fast-lane", Slow: "slow" \} as const;/);
        assert.match(args, /export type ModeValue = \(typeof ModeValue\)\[keyof typeof ModeValue\];/);
        assert.match(args, /\n {4}mode\?: ModeValue;/);
        const bigger = args.slice(args.indexOf("export interface BiggerArgs extends ThingArgs {"));
        assert.ok(bigger.length > 0 && bigger.includes("extra?: boolean;"), args);
        assert.doesNotMatch(bigger, /title/, "the base's fields are not declared again");
    });

    it("config flavour: plain values, required as checked, unnamed objects inline", () => {
        const { config } = render();
        assert.match(config, /export interface ThingConfig \{/);
        assert.match(config, /\n {4}members\?: MemberConfig\[\];/);
        assert.match(config, /export interface MemberConfig \{\n.*\n {4}principalId: string;/);
        assert.match(config, /\n {4}price\?: \{\n.*\n {8}amount: number;\n {4}\};/);
        assert.doesNotMatch(config, /pulumi/);
    });

    it("a later module imports what an earlier one declares, by a relative path", () => {
        const { spec, extended } = sampleShapes();
        const declared: Declared = new Map();
        renderTypeModule({ path: "a/args.ts", flavour: "args", roots: [spec] }, declared, "// h");
        const other: ObjectShape = {
            kind: "object",
            fields: { members: spec.fields.members, mode: spec.fields.mode },
            model: { args: "OtherArgs", doc: "Another." },
        };
        const later = renderTypeModule(
            { path: "b/more.ts", flavour: "args", roots: [extended, other] },
            declared,
            "// h",
        );
        assert.match(later, /\nimport type \{ MemberArgs, ModeValue, ThingArgs \} from "\.\.\/a\/args";\n/);
        assert.doesNotMatch(
            later,
            /export (interface MemberArgs|const ModeValue)/,
            "declared once, in the first module",
        );
    });

    it("refuses a key that is an Input in one object and not in another (INPUT_KEYS selects them by name)", () => {
        const shape: ObjectShape = {
            kind: "object",
            fields: {
                id: { shape: { kind: "string", input: true }, doc: "An ID." },
                inner: {
                    shape: { kind: "object", fields: { id: { shape: { kind: "string" }, doc: "Not an Input." } } },
                    doc: "Inner.",
                },
            },
        };
        assert.throws(() => inputKeys(shape), /"id" is an Input in one object of the model and not in another/);
        assert.deepEqual(inputKeys(sampleShapes().spec), ["principalId"]);
    });

    it("TSDoc: one line when it fits, else wrapped within 120 columns without breaking a `code span`", () => {
        assert.equal(tsdoc("Short.", 4), "    /** Short. */");
        const long = `${"word ".repeat(30)}\`a code span that must stay whole\` ${"tail ".repeat(20)}`.trim();
        const comment = tsdoc(long, 4);
        const lines = comment.split("\n");
        assert.ok(lines.length > 3, comment);
        assert.ok(
            lines.every((l) => l.length <= 120),
            comment,
        );
        assert.ok(
            lines.some((l) => l.includes("`a code span that must stay whole`")),
            comment,
        );
        assert.throws(() => tsdoc("a */ b", 0), /cannot contain/);
    });

    it("Markdown: a table replaces what is between its markers, a missing marker is an error", () => {
        const { start, end } = tableMarkers("keys");
        const page = `# Title\n\n${start}\n| old |\n${end}\n\nText after.\n`;
        const rows = referenceRows({ a: { shape: { kind: "string" }, doc: "A | B", default: "x" } });
        assert.deepEqual(rows, ["| `a` | a string | x | A \\| B |"]);
        assert.equal(
            withTables(page, { keys: rows[0] }, "p.md"),
            `# Title\n\n${start}\n${rows[0]}\n${end}\n\nText after.\n`,
        );
        assert.throws(
            () => withTables("# Title\n", { keys: "x" }, "p.md"),
            /p\.md: the markers of the "keys" table are missing/,
        );
    });

    it("docs/configuration.md keeps its hand-written text around the tables", () => {
        const doc = fs.readFileSync(path.join(REPO, CONFIGURATION_DOC), "utf8");
        assert.match(doc, /## Strict: a key that is not here is an error/);
        assert.equal((doc.match(/<!-- generated: /g) ?? []).length, 3);
    });
});
