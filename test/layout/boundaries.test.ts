// The layout's rules (CONTRIBUTING.md, "Layout"), checked on every import in the repository.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

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
function importsOf(file: string): string[] {
    const text = fs.readFileSync(path.join(REPO, file), "utf8");
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

const under = (target: string, ...dirs: string[]) => dirs.some((d) => target === d || target.startsWith(`${d}/`));
const isIntegrationSpec = (file: string) => file.endsWith(".integration.test.ts");

describe("repository layout (CONTRIBUTING.md)", () => {
    it("core/ is Pulumi-free and imports nothing outside core/ but Node and packages", () => {
        assert.ok(tsFiles("core").length > 10, "core/ holds the domain rules");
        assert.deepEqual(
            violations(
                ["core"],
                (t) => t.startsWith("@pulumi/") || (!t.startsWith("core") && !/^(node:|[a-z@])/.test(t)),
            ),
            [],
        );
    });

    it("pec/, cli/ and policy/ use core/, never components/", () => {
        assert.deepEqual(
            violations(["pec", "cli", "policy"], (t) => under(t, "components")),
            [],
        );
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
