// Which files the Pulumi program loads (fleet/programClosure.ts), and so which changes preview every stack.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { projectFileReader } from "../../cli/changedStacks";
import { changedStacks } from "../../fleet/changedStacks";
import {
    isProgramPath,
    PROGRAM_SETTINGS_FILES,
    programClosure,
    ProjectFileReader,
    relativeImports,
} from "../../fleet/programClosure";

/** A reader over an in-memory project. */
function project(files: Record<string, string>): ProjectFileReader & { reads: string[] } {
    const reads: string[] = [];
    const read = (p: string) => {
        reads.push(p);
        return Object.prototype.hasOwnProperty.call(files, p) ? files[p] : undefined;
    };
    return Object.assign(read, { reads });
}

/** A small program laid out as this repository is: a CLI beside it that the program never loads. */
const SMALL = {
    "index.ts": 'import { stack } from "./program/stack";\nexport = stack();\n',
    "program/stack.ts": 'import { Delegation } from "../components";\nimport { rule } from "../core/rules";\n',
    "components/index.ts": 'export { Delegation } from "./delegation";\n',
    "components/delegation/index.ts":
        'import data from "../../core/roles.json";\nimport type { Spec } from "../../core/spec";\n',
    "core/rules.ts": "export const rule = 1;\n",
    "core/spec.ts": "export interface Spec { a: string }\n",
    "core/roles.json": "{}\n",
    "core/cliOnly.ts": 'import { rule } from "./rules";\n',
    "cli/main.ts": 'import { rule } from "../core/cliOnly";\nimport { stack } from "../program/stack";\n',
    "doctor/verdict.ts": 'import { rule } from "../core/rules";\n',
};
const STACK_FILES = ["Pulumi.yaml", "index.ts", "Pulumi.customer-a.yaml", "Pulumi.customer-b.yaml"];

describe("the program's files (fleet/programClosure.ts)", () => {
    it("reads every kind of relative import, and only relative ones", () => {
        const source = [
            'import * as pulumi from "@pulumi/pulumi";',
            'import { a } from "./a";',
            'import type { B } from "../b";',
            "import {\n    c,\n    d,\n} from './c';",
            'export { e } from "./e";',
            'export * from "./f";',
            'import "./g";',
            'const h = require("./h");',
            'const i = await import("../i/index.js");',
            'type J = typeof import("./j");',
            'import * as fs from "node:fs";',
            'import k from ".";',
        ].join("\n");
        assert.deepEqual(relativeImports(source).sort(), [
            ".",
            "../b",
            "../i/index.js",
            "./a",
            "./c",
            "./e",
            "./f",
            "./g",
            "./h",
            "./j",
        ]);
    });

    it("walks from index.ts through sources, folder indexes and JSON, plus the settings files", () => {
        const program = programClosure(project(SMALL));
        assert.deepEqual(
            program.files,
            [
                ...PROGRAM_SETTINGS_FILES,
                "components/delegation/index.ts",
                "components/index.ts",
                "core/roles.json",
                "core/rules.ts",
                "core/spec.ts",
                "index.ts",
                "program/stack.ts",
            ].sort(),
        );
        assert.deepEqual(program.unresolved, []);
        for (const cliOnly of ["cli/main.ts", "core/cliOnly.ts", "doctor/verdict.ts"]) {
            assert.ok(!program.files.includes(cliOnly), `${cliOnly} is not loaded by the program`);
        }
    });

    it("an edit to a CLI-only file, or to a core file only the CLI uses, previews nothing", () => {
        const program = programClosure(project(SMALL));
        for (const changed of ["cli/main.ts", "core/cliOnly.ts", "doctor/verdict.ts", "README.md"]) {
            assert.deepEqual(
                changedStacks([changed], STACK_FILES, "customer-*", program),
                { stacks: [], reason: "none" },
                changed,
            );
        }
    });

    it("an edit to a component, to a core file the program uses or to a settings file previews every stack", () => {
        const program = programClosure(project(SMALL));
        for (const changed of [
            "components/delegation/index.ts",
            "core/rules.ts",
            "core/spec.ts",
            "core/roles.json",
            "program/stack.ts",
            "index.ts",
            "package-lock.json",
            "tsconfig.json",
        ]) {
            assert.deepEqual(
                changedStacks([changed], STACK_FILES, "customer-*", program),
                { stacks: ["customer-a", "customer-b"], reason: "program" },
                changed,
            );
        }
    });

    it("resolves as TypeScript does: extension first, then the folder's index; .js names the .ts source", () => {
        const program = programClosure(
            project({
                "index.ts": 'import "./a";\nimport "./b";\nimport "./c.js";\nimport "./d.json";\n',
                "a.ts": "",
                "a/index.ts": "",
                "b/index.ts": "",
                "c.ts": "",
                "d.json": 'import "./not-followed";',
            }),
        );
        assert.deepEqual(
            program.files.filter((f) => !PROGRAM_SETTINGS_FILES.includes(f)),
            ["a.ts", "b/index.ts", "c.ts", "d.json", "index.ts"],
        );
    });

    it("reads each file once, ends on import cycles, and never leaves the project", () => {
        const files = project({
            "index.ts": 'import "./a";\nimport "../outside/x";\nimport "./a";\n',
            "a.ts": 'import "./b";\nimport "./index";\n',
            "b.ts": 'import "./a";\n',
        });
        const program = programClosure(files);
        assert.deepEqual(
            program.files.filter((f) => !PROGRAM_SETTINGS_FILES.includes(f)),
            ["a.ts", "b.ts", "index.ts"],
        );
        assert.deepEqual(program.unresolved, []);
        assert.ok(!files.reads.some((p) => p.startsWith("..")), "no read outside the project");
        assert.equal(files.reads.filter((p) => p === "a.ts").length, 1, "a.ts read once");
    });

    it("an import of a file that is gone counts as the program: restoring or adding it previews every stack", () => {
        // The fault: program/stack.ts still imports core/gone, whose file the change deleted.
        const broken = {
            ...SMALL,
            "program/stack.ts": `${SMALL["program/stack.ts"]}import { x } from "../core/gone";\n`,
        };
        const program = programClosure(project(broken));
        assert.deepEqual(program.unresolved, ["core/gone"]);
        for (const changed of ["core/gone.ts", "core/gone/index.ts", "core/gone.d.ts"]) {
            assert.ok(isProgramPath(changed, program), changed);
            assert.equal(changedStacks([changed], STACK_FILES, "customer-*", program).reason, "program", changed);
        }
        assert.ok(!isProgramPath("core/goner.ts", program), "only that path");
    });

    it("a missing entry is unresolved, not an exception (the CLI checks for it first)", () => {
        const program = programClosure(project({}));
        assert.deepEqual(program.files, [...PROGRAM_SETTINGS_FILES].sort());
        assert.deepEqual(program.unresolved, ["index.ts"]);
    });

    it("the walk is bounded: past maxFiles it stops with an error naming the entry and the bound", () => {
        const chain: Record<string, string> = {};
        for (let i = 0; i < 20; i++) chain[i === 0 ? "index.ts" : `m${i}.ts`] = `import "./m${i + 1}";\n`;
        assert.equal(programClosure(project(chain), "index.ts", 50).files.length, 20 + PROGRAM_SETTINGS_FILES.length);
        assert.throws(
            () => programClosure(project(chain), "index.ts", 5),
            /^Error: index\.ts reaches more than 5 files through relative imports \(at m5\.ts\).*Fix: /,
        );
    });
});

describe("this repository's program (index.ts) and what it loads", () => {
    const program = programClosure(projectFileReader(path.resolve(__dirname, "..", "..")));

    it("every relative import of the program resolves to a file", () => {
        assert.deepEqual(program.unresolved, []);
        assert.ok(program.files.length > 40, `${program.files.length} files`);
    });

    it("loads the components, the core rules they use, the role catalogue and program/", () => {
        for (const file of [
            "index.ts",
            "program/customerStack.ts",
            "program/partnerStack.ts",
            "components/customerDelegation/index.ts",
            "components/partnerAdminLink/runtime.ts",
            "core/validation/validateDelegation.ts",
            "core/roles/catalogue.json",
            "azure/credential.ts",
        ]) {
            assert.ok(program.files.includes(file), file);
        }
    });

    it("does not load the CLI, the doctor, the user-file reader, the policy pack's rules or verify", () => {
        for (const file of [
            "cli/main.ts",
            "cli/newCustomerPlan.ts",
            "cli/stackFile.ts",
            "doctor/verdict.ts",
            "io/userFile.ts",
            "pec/verify.ts",
            "fleet/changedStacks.ts",
            "core/policy/rules.ts",
            "policy/index.ts",
        ]) {
            assert.ok(!program.files.includes(file), file);
        }
    });
});
