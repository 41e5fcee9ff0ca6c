// The layout's rules (CONTRIBUTING.md, "Layout"), checked on every import in the repository.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { projectFileReader } from "../../cli/changedStacks";
import { programClosure } from "../../fleet/programClosure";

const REPO = path.resolve(__dirname, "..", "..");
const SKIP = new Set(["node_modules", "bin", ".git", "examples", ".bench-data"]);

/** Repository-relative paths of the TypeScript files under `dir`. */
function tsFiles(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
        const rel = path.posix.join(dir, entry.name);
        if (entry.isDirectory() && !SKIP.has(entry.name)) out.push(...tsFiles(rel));
        else if (entry.isFile() && entry.name.endsWith(".ts")) out.push(rel);
    }
    return out;
}

/** What a file imports: package names as written, relative specifiers resolved to repository paths. */
function importsOf(file: string, text = fs.readFileSync(path.join(REPO, file), "utf8")): string[] {
    const specs = [
        ...text.matchAll(/^\s*(?:import|export)\b[^;"']*?\bfrom\s+["']([^"']+)["']/gm), // import … from "x", export … from "x"
        ...text.matchAll(/^\s*import\s+["']([^"']+)["']/gm), // import "x"
        ...text.matchAll(/\b(?:require|import)\s*\(\s*["']([^"']+)["']\s*\)/g), // require("x"), import("x")
    ].map((m) => m[1]);
    return specs.map((s) =>
        s.startsWith(".") ? path.posix.normalize(path.posix.join(path.posix.dirname(file), s)) : s,
    );
}

/** `file imports target` for every import of the files under `dirs` that `bad` flags. */
function violations(dirs: string[], bad: (target: string, file: string) => boolean): string[] {
    return dirs.flatMap(tsFiles).flatMap((file) =>
        importsOf(file)
            .filter((t) => bad(t, file))
            .map((t) => `${file} imports ${t}`),
    );
}

/** importsOf resolves relative imports to repository paths: a target that is a file of the repository is one. */
const isRepoFile = (t: string) =>
    fs.existsSync(path.join(REPO, `${t}.ts`)) || fs.existsSync(path.join(REPO, t, "index.ts"));
const under = (target: string, ...dirs: string[]) => dirs.some((d) => target === d || target.startsWith(`${d}/`));
const isIntegrationSpec = (file: string) => file.endsWith(".integration.test.ts");

/** The component a path belongs to (`partnerAdminLink` for `components/partnerAdminLink/resource`), if any. */
const componentOf = (p: string) => /^components\/([^/]+)\//.exec(p)?.[1];

/**
 * A file of one component (`components/<name>/…`) importing another component's internals: anything of it but its
 * `index.ts` (`components/<other>` or `components/<other>/index`). Files at `components/` top level are shared.
 */
const otherComponentInternals = (target: string, file: string): boolean => {
    const own = componentOf(file);
    const other = componentOf(`${target}/`);
    return (
        own !== undefined &&
        other !== undefined &&
        other !== own &&
        target !== `components/${other}` &&
        target !== `components/${other}/index`
    );
};

/** An import of Pulumi or of the components, for folders that stay Pulumi-free. */
const pulumiOrComponents = (target: string): boolean => target.startsWith("@pulumi/") || under(target, "components");

describe("repository layout (CONTRIBUTING.md)", () => {
    it("core/ is Pulumi-free and imports nothing outside core/ but Node and packages", () => {
        assert.ok(tsFiles("core").length > 10, "core/ holds the domain rules");
        const outsideCore = (t: string) => t.startsWith("@pulumi/") || (isRepoFile(t) && !under(t, "core"));
        assert.deepEqual(violations(["core"], outsideCore), []);
        // The rule's own check: a core/ file importing doctor/ or azure/ is reported; core/, Node and packages are not.
        const text =
            'import { a } from "../doctor/parse";\nimport { b } from "../azure/errors";\nimport { c } from "./formats";\nimport "node:fs";\nimport "js-yaml";\n';
        assert.deepEqual(importsOf("core/errors.ts", text).filter(outsideCore), ["doctor/parse", "azure/errors"]);
    });

    it("pec/, cli/ and policy/ use core/, never components/ (so the CLI imports no component internals either)", () => {
        assert.deepEqual(
            violations(["pec", "cli", "policy"], (t) => under(t, "components")),
            [],
        );
    });

    it("doctor/ and io/ are Pulumi-free like pec/: no @pulumi, no components/", () => {
        assert.ok(tsFiles("doctor").length > 3 && tsFiles("io").length > 0, "the folders exist");
        assert.deepEqual(violations(["doctor", "io"], pulumiOrComponents), []);
    });

    it("azure/ imports only azure/, core/, Node and packages (no Pulumi): the commands build on it, never the reverse", () => {
        const outsideAzure = (t: string) => t.startsWith("@pulumi/") || (isRepoFile(t) && !under(t, "azure", "core"));
        assert.deepEqual(violations(["azure"], outsideAzure), []);
        // The rule's own check: an azure/ file importing doctor/ would be reported, core/ and packages would not.
        const text =
            'import { a } from "../doctor/parse";\nimport { b } from "../core/errors";\nimport "@azure/identity";\n';
        assert.deepEqual(importsOf("azure/armSession.ts", text).filter(outsideAzure), ["doctor/parse"]);
    });

    it("a component imports another only through its index.ts, never its internals", () => {
        assert.deepEqual(violations(["components"], otherComponentInternals), []);
    });

    it("the component rule flags internals and lets indexes, own files and shared files through", () => {
        const from = "components/providerAutomationAccount/index.ts";
        assert.equal(otherComponentInternals("components/partnerAdminLink/resource", from), true);
        assert.equal(otherComponentInternals("components/partnerAdminLink/types", from), true);
        assert.equal(otherComponentInternals("components/partnerAdminLink", from), false);
        assert.equal(otherComponentInternals("components/partnerAdminLink/index", from), false);
        assert.equal(otherComponentInternals("components/providerAutomationAccount/args", from), false);
        assert.equal(otherComponentInternals("components/providerWithRuntime", from), false);
        assert.equal(otherComponentInternals("core/validation", from), false);
        assert.equal(otherComponentInternals("components/customerDelegation/args", "components/index.ts"), false);
    });

    it("program/ never imports cli/ (the CLI reads stack config through program/, not the reverse)", () => {
        assert.deepEqual(
            violations(["program"], (t) => under(t, "cli")),
            [],
        );
        // The rule's own check: a program/ file importing cli/ would be reported.
        assert.deepEqual(
            importsOf("program/config.ts", 'import { stackFileReader } from "../cli/stackFile";\n').filter((t) =>
                under(t, "cli"),
            ),
            ["cli/stackFile"],
        );
    });

    it("program/ holds only what index.ts loads; what only the CLI uses lives in cli/", () => {
        const loaded = programClosure(projectFileReader(REPO)).files;
        const program = tsFiles("program");
        assert.ok(program.length > 3, "program/ holds the stacks");
        assert.deepEqual(
            program.filter((f) => !loaded.includes(f)),
            [],
            "not loaded by index.ts: move it where its users are",
        );
        assert.ok(!loaded.includes("cli/newCustomerPlan.ts"), "the check can tell a file index.ts does not load");
    });

    it("bench/ imports from test/ only test/kit/", () => {
        assert.deepEqual(
            violations(["bench"], (t) => under(t, "test") && !under(t, "test/kit")),
            [],
        );
    });

    it("test/kit/ imports no spec", () => {
        assert.deepEqual(
            violations(["test/kit"], (t) => under(t, "test") && !under(t, "test/kit", "test/fixtures")),
            [],
        );
    });

    it("unit specs (*.test.ts but not *.integration.test.ts) start no process, server or engine", () => {
        const heavy = [
            "node:child_process",
            "child_process",
            "test/kit/childCli",
            "test/kit/engineHarness",
            "test/kit/policyHarness",
            "test/kit/pluginHarness",
            "test/kit/pluginProcess",
            "test/kit/doctorFixture",
            "test/kit/consumerProject",
        ];
        const imports = violations(
            ["test"],
            (t, file) => file.endsWith(".test.ts") && !isIntegrationSpec(file) && heavy.includes(t),
        );
        const calls = tsFiles("test")
            .filter((f) => f.endsWith(".test.ts") && !isIntegrationSpec(f))
            .filter((f) =>
                /FakeAzure\.start\(|captureRegistrationsInChild\(/.test(fs.readFileSync(path.join(REPO, f), "utf8")),
            );
        assert.deepEqual([...imports, ...calls], []);
    });
});
