// Tests and benchmarks that run the compiled package (the plugin, the policy pack, the CLI as `npm run
// lighthouse-pec` runs it, the schema the build computed) must not run a bin/ older than the source: `npm ci` builds
// it, but a developer who edits a file and runs the tests would otherwise test yesterday's build. tsc rewrites every
// output on each build, so "every output is newer than every input" is the check. The tests build it themselves when
// it is stale, once per run (ensureBuilt); benchmarks refuse to run (assertBuildIsFresh).
import * as fs from "node:fs";
import * as path from "node:path";
import { npm } from "./npm";

/** The repository root. */
export const REPO = path.resolve(__dirname, "..", "..");

/** What `npm run build` reads: the source folders of tsconfig.build.json, the policy pack, the build's own files. */
const BUILD_INPUTS = ["core", "components", "pec", "doctor", "io", "cli", "azure", "program", "fleet", "policy"];
const BUILD_FILES = [
    "package.json",
    "tsconfig.json",
    "tsconfig.build.json",
    "policy/tsconfig.json",
    "scripts/build-component-schema.js",
];

/** What `npm run build` writes last or uses most: each must be newer than every input. */
export const BUILD_OUTPUTS = [
    "bin/cli/main.js",
    "bin/components/index.js",
    "bin/components/providerHost.js",
    "bin/components/componentSchema.json",
    "policy/bin/policy/index.js",
];

/** The `.ts` and `.json` files under `dir` (relative to `repo`), without node_modules/ and bin/. */
function sources(repo: string, dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(path.join(repo, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== "node_modules" && entry.name !== "bin")
            out.push(...sources(repo, rel));
        else if (entry.isFile() && /\.(ts|json)$/.test(entry.name) && entry.name !== "package-lock.json") out.push(rel);
    }
    return out;
}

/** What the build writes that has no source file of its own. */
const WRITTEN_BY_THE_BUILD = new Set(["bin/components/componentSchema.json"]);

/**
 * Files under bin/ whose source is gone (a module removed or renamed since the last build): tsc never deletes them,
 * and `npm pack` would ship them.
 * @param repo the repository
 */
export function orphanOutputs(repo = REPO): string[] {
    const out: string[] = [];
    const walk = (rel: string): void => {
        for (const entry of fs.readdirSync(path.join(repo, rel), { withFileTypes: true })) {
            const child = `${rel}/${entry.name}`;
            if (entry.isDirectory()) walk(child);
            else if (!WRITTEN_BY_THE_BUILD.has(child)) {
                const source = child.slice("bin/".length).replace(/(\.d\.ts|\.js\.map|\.js)$/, ".ts");
                if (!fs.existsSync(path.join(repo, source))) out.push(child);
            }
        }
    };
    if (fs.existsSync(path.join(repo, "bin"))) walk("bin");
    return out.sort();
}

/**
 * Throws, naming the file and the fix, when bin/ (or policy/bin/) is missing or older than a source file, or bin/
 * holds a file whose source is gone.
 * @param repo the repository (default: this one)
 */
export function assertBuildIsFresh(repo = REPO): void {
    const mtime = (rel: string) => fs.statSync(path.join(repo, rel)).mtimeMs;
    const missing = BUILD_OUTPUTS.filter((rel) => !fs.existsSync(path.join(repo, rel)));
    if (missing.length > 0) {
        throw new Error(`${missing.join(", ")} not built. Fix: run \`npm run build\` (npm ci runs it).`);
    }
    const inputs = [...BUILD_INPUTS.flatMap((dir) => sources(repo, dir)), ...BUILD_FILES];
    const newest = inputs.reduce((a, b) => (mtime(a) >= mtime(b) ? a : b));
    const oldest = BUILD_OUTPUTS.reduce((a, b) => (mtime(a) <= mtime(b) ? a : b));
    const orphans = orphanOutputs(repo);
    if (orphans.length > 0) {
        throw new Error(
            `${orphans.slice(0, 3).join(", ")}${orphans.length > 3 ? ` and ${orphans.length - 3} more` : ""} in bin/ ha${orphans.length === 1 ? "s" : "ve"} no source: the tests would run and pack a removed module. Fix: run \`npm run clean && npm run build\`.`,
        );
    }
    if (mtime(newest) > mtime(oldest)) {
        throw new Error(
            `${oldest} (built ${new Date(mtime(oldest)).toISOString()}) is older than ${newest} (changed ${new Date(mtime(newest)).toISOString()}): the tests would run a stale build. Fix: run \`npm run build\`.`,
        );
    }
}

let built: Promise<void> | undefined;

/**
 * Makes sure bin/ and policy/bin/ are built from the current source, once per test run: when
 * {@link assertBuildIsFresh} finds them missing or stale, runs `npm run clean` and `npm run build` (tsc, the policy
 * pack, the component schema) and checks again. The root hook (test/kit/rootHooks.ts) awaits it before the first spec; the kit's helpers
 * that run compiled code await it too, for runs without the root hook (`mocha --no-config`).
 */
export function ensureBuilt(): Promise<void> {
    built ??= (async () => {
        try {
            assertBuildIsFresh();
            return;
        } catch (err) {
            const why = (err as Error).message.replace(
                /(: the tests would run (a stale build|and pack a removed module))?\. Fix: .*$/,
                "",
            );
            process.stderr.write(`lighthouse-pec tests: ${why}; building once for this run (npm run build)\n`);
        }
        try {
            // From an empty bin/, as `prepare` builds a clone: nothing of an earlier build is left to pack.
            await npm(REPO, ["run", "clean", "--silent"]);
            await npm(REPO, ["run", "build", "--silent"], 600_000);
        } catch (err) {
            throw new Error(
                `the tests build bin/ when it is older than the source, and \`npm run build\` failed: ${(err as Error).message}\nFix: correct what the build reports (npx tsc --noEmit -p tsconfig.json shows type errors), then run the tests again.`,
            );
        }
        assertBuildIsFresh();
    })();
    return built;
}
