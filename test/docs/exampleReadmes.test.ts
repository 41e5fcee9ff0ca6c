import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");
/** The placeholder GUIDs of the sample stack files (11111111-1111-4111-8111-111111111111 and the like). */
const SAMPLE_GUID = /\b([0-9a-f])\1{7}-\1{4}-4\1{3}-8\1{3}-\1{12}\b/;

interface Example {
    dir: string;
    readme: string;
    shell: string[];
    index: string;
    sample: Record<string, unknown>;
}

function examples(): Example[] {
    return fs
        .readdirSync(EXAMPLES, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !isWorkflowExample(path.join(EXAMPLES, e.name)))
        .map((e) => {
            const dir = path.join(EXAMPLES, e.name);
            const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
            const shell = [...readme.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)]
                .flatMap((m) => m[1].split("\n"))
                .map((l) => l.replace(/\s+#.*$/, "").trim())
                .filter(Boolean);
            const project = (yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string })
                .name;
            const config =
                (
                    yaml.load(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8")) as {
                        config?: Record<string, unknown>;
                    }
                ).config ?? {};
            const sample = Object.fromEntries(
                Object.entries(config).map(([k, v]) => [k.replace(`${project}:`, ""), v]),
            );
            return { dir: e.name, readme, shell, index: programReads(dir), sample };
        });
}

/** A CI workflow example (examples/fleet-shards): no Pulumi program, only `.github/workflows/` and a README. */
function isWorkflowExample(dir: string): boolean {
    return !fs.existsSync(path.join(dir, "Pulumi.yaml")) && fs.existsSync(path.join(dir, ".github", "workflows"));
}

/**
 * The program's config reads, as `config.require("key")` text: a TypeScript or Python program's source; for a
 * Pulumi YAML program, one `config.require("key")` line per key of its `config:` block (they are all required).
 */
function programReads(dir: string): string {
    for (const file of ["index.ts", "__main__.py"]) {
        if (fs.existsSync(path.join(dir, file))) return fs.readFileSync(path.join(dir, file), "utf8");
    }
    const project = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as {
        config?: Record<string, unknown>;
    };
    return Object.keys(project.config ?? {})
        .map((k) => `config.require("${k}")`)
        .join("\n");
}

/** `pulumi config set [--path] 'key[0].x' value` → `key`. */
function configKeys(shell: string[]): string[] {
    return shell
        .map((l) => /^pulumi config set (?:--path )?'?([A-Za-z][\w-]*)/.exec(l)?.[1])
        .filter((k): k is string => !!k);
}

describe("the examples' READMEs work as written", () => {
    for (const example of examples()) {
        describe(`examples/${example.dir}`, () => {
            it("`pulumi stack init` names a stack whose config file exists (or is copied there first, or every required key is set)", () => {
                const inits = example.shell
                    .map((l) => /^pulumi stack init (\S+)/.exec(l)?.[1])
                    .filter((s): s is string => !!s);
                assert.equal(inits.length, 1, "one `pulumi stack init <stack>`");
                const stack = inits[0];
                const initAt = example.shell.findIndex((l) => l.startsWith("pulumi stack init"));
                const copiedBefore = example.shell.slice(0, initAt).some((l) => {
                    const m = /^cp (\S+) (\S+)$/.exec(l);
                    return (
                        m !== null &&
                        m[2] === `Pulumi.${stack}.yaml` &&
                        fs.existsSync(path.join(EXAMPLES, example.dir, m[1]))
                    );
                });
                if (fs.existsSync(path.join(EXAMPLES, example.dir, `Pulumi.${stack}.yaml`)) || copiedBefore) return;
                const set = new Set(configKeys(example.shell));
                const required = [...example.index.matchAll(/config\.require\w*(?:<[^>]+>)?\("(\w+)"\)/g)].map(
                    (m) => m[1],
                );
                assert.deepEqual(
                    required.filter((k) => !set.has(k)),
                    [],
                    `stack "${stack}" has no Pulumi.${stack}.yaml and these required keys are never set: preview would fail`,
                );
            });

            it("every `pulumi config set` key is one the program reads", () => {
                for (const key of configKeys(example.shell)) {
                    assert.match(
                        example.index,
                        new RegExp(`config\\.\\w+(?:<[^>]+>)?\\("${key}"\\)`),
                        `index.ts never reads "${key}"`,
                    );
                }
            });

            it("every sample ID of Pulumi.dev.yaml is replaced by a command, or the README says to replace it", () => {
                const set = new Set(configKeys(example.shell));
                const saysReplace = /replace the sample values in Pulumi\.[\w-]+\.yaml/.test(example.readme);
                for (const [key, value] of Object.entries(example.sample)) {
                    if (!SAMPLE_GUID.test(JSON.stringify(value))) continue;
                    assert.ok(
                        set.has(key) || saysReplace,
                        `"${key}" keeps its sample value ${JSON.stringify(value)}: add \`pulumi config set ${key} <...>\``,
                    );
                }
            });
        });
    }
});
