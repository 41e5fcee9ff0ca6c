// Builds what an importer has: the library packed with `npm pack`, installed from the tarball into a
// throwaway project. The install runs offline from the npm cache, pinned by a copy of this repo's
// lockfile (so it resolves the versions this repo tested, and needs no network).
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Top-level entries of the repo that are never part of a package build. */
const NOT_COPIED = new Set(["node_modules", "bin", ".git", "coverage", ".bench-data", "examples"]);

/** npm's CLI entry, run by the same Node as the tests (no PATH or shell involved). */
function npmCli(): string {
    const candidates = [
        process.env.npm_execpath,
        path.join(path.dirname(process.execPath), "../lib/node_modules/npm/bin/npm-cli.js"),
    ].filter((p): p is string => !!p && p.endsWith(".js"));
    const found = candidates.find((p) => fs.existsSync(p));
    if (!found) {
        throw new Error(`consumer test: npm-cli.js not found (looked at ${candidates.join(", ")})`);
    }
    return found;
}

/**
 * Runs npm with the given arguments in `cwd`; output is returned, failures carry npm's stderr.
 * @param cwd working directory
 * @param args npm arguments
 * @param timeoutMs kill npm after this long
 */
export async function npm(cwd: string, args: string[], timeoutMs = 120_000): Promise<string> {
    try {
        const { stdout } = await run(process.execPath, [npmCli(), ...args], {
            cwd,
            timeout: timeoutMs,
            maxBuffer: 64 * 1024 * 1024,
            env: {
                ...process.env,
                npm_config_update_notifier: "false",
                npm_config_fund: "false",
                npm_config_audit: "false",
            },
        });
        return stdout;
    } catch (err) {
        const e = err as { stderr?: string; message: string };
        throw new Error(`npm ${args.join(" ")} in ${cwd} failed: ${e.message}\n${(e.stderr ?? "").slice(-4000)}`);
    }
}

/**
 * Packs the library the way `npm publish` would (its `prepack` builds with tsconfig.build.json), from a
 * staging copy of the repo so the working tree's bin/ is left alone. Returns the tarball's path.
 * @param repoDir the library's repo (package.json, sources, node_modules)
 * @param workDir a scratch directory for the staging copy and the tarball
 */
export async function packLibrary(repoDir: string, workDir: string): Promise<{ tarball: string; files: string[] }> {
    const staging = path.join(workDir, "staging");
    fs.mkdirSync(staging, { recursive: true });
    for (const entry of fs.readdirSync(repoDir)) {
        if (!NOT_COPIED.has(entry) && !entry.endsWith(".tgz")) {
            fs.cpSync(path.join(repoDir, entry), path.join(staging, entry), { recursive: true });
        }
    }
    fs.symlinkSync(path.join(repoDir, "node_modules"), path.join(staging, "node_modules"), "dir");
    // npm pack runs `prepare`: tsc, the policy pack and Pulumi's analyzer for the component schema (minutes under load).
    const out = await npm(staging, ["pack", "--json", "--pack-destination", workDir], 300_000);
    const [result] = JSON.parse(out.slice(out.indexOf("["))) as Array<{
        filename: string;
        files: Array<{ path: string }>;
    }>;
    return { tarball: path.join(workDir, result.filename), files: result.files.map((f) => f.path) };
}

/** What the throwaway project depends on besides the tarball, at this repo's versions. */
export interface ConsumerDependencies {
    /** Runtime dependencies (name → version). */
    dependencies: Record<string, string>;
    /** Development dependencies (name → version). */
    devDependencies?: Record<string, string>;
}

/**
 * Creates a consumer project in `dir` that depends on the tarball and installs it offline.
 * @param dir empty directory for the project
 * @param tarball the packed library
 * @param repoDir the library's repo (its lockfile pins the versions)
 * @param deps the consumer's other dependencies
 */
export async function installConsumer(
    dir: string,
    tarball: string,
    repoDir: string,
    deps: ConsumerDependencies,
): Promise<void> {
    fs.mkdirSync(dir, { recursive: true });
    const pkg = {
        name: "lighthouse-pec-consumer",
        version: "1.0.0",
        private: true,
        dependencies: { "lighthouse-pec": `file:${tarball}`, ...deps.dependencies },
        devDependencies: deps.devDependencies ?? {},
    };
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
    fs.writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify(consumerLock(repoDir, pkg), null, 2));
    await npm(
        dir,
        ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
        150_000,
    );
}

/**
 * The repo's lockfile re-rooted at the consumer. Entries get the registry's tarball URL when the lock
 * omits `resolved`, so npm can take the tarballs from its cache without asking the registry for metadata.
 */
function consumerLock(
    repoDir: string,
    pkg: {
        name: string;
        version: string;
        dependencies: Record<string, string>;
        devDependencies: Record<string, string>;
    },
): unknown {
    const lock = JSON.parse(fs.readFileSync(path.join(repoDir, "package-lock.json"), "utf8")) as {
        name: string;
        version: string;
        packages: Record<string, { version?: string; resolved?: string; link?: boolean; [k: string]: unknown }>;
    };
    lock.name = pkg.name;
    lock.version = pkg.version;
    lock.packages[""] = {
        name: pkg.name,
        version: pkg.version,
        dependencies: pkg.dependencies,
        devDependencies: pkg.devDependencies,
    };
    // The cache is keyed by tarball URL: use the registry npm is configured with (npm sets this for scripts).
    const registry = (process.env.npm_config_registry || "https://registry.npmjs.org/").replace(/\/?$/, "/");
    for (const [key, entry] of Object.entries(lock.packages)) {
        if (key === "" || entry.link || entry.resolved || !entry.version) {
            continue;
        }
        const name = key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
        entry.resolved = `${registry}${name}/-/${name.split("/").pop()}-${entry.version}.tgz`;
    }
    return lock;
}

/**
 * Runs the TypeScript compiler this repo pins on the consumer project.
 * @param dir the consumer project (with a tsconfig.json)
 * @param project tsconfig file name
 */
export async function compileConsumer(dir: string, repoDir: string, project = "tsconfig.json"): Promise<void> {
    const tsc = path.join(repoDir, "node_modules", "typescript", "bin", "tsc");
    try {
        await run(process.execPath, [tsc, "-p", project], { cwd: dir, timeout: 90_000 });
    } catch (err) {
        const e = err as { stdout?: string; message: string };
        throw new Error(`tsc -p ${project} in the consumer project failed:\n${e.stdout ?? e.message}`);
    }
}
