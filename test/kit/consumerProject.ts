// Builds what an importer has: the library packed with `npm pack`, installed from the tarball into a
// throwaway project. The install runs offline from the npm cache, pinned by a copy of this repo's
// lockfile (so it resolves the versions this repo tested, and needs no network).
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEarly } from "./earlyStart";
import { npm } from "./npm";

export { npm } from "./npm";

const run = promisify(execFile);

/** Top-level entries of the repo left out of a clone's copy: build output, installed packages, local data, and
 * examples/ (their own projects, not part of the package). */
export const NOT_IN_A_CLONE = new Set(["node_modules", "bin", ".git", "coverage", ".bench-data", "examples"]);

/** A scratch directory of the test run: removed when the process exits, or sooner in the background. */
export interface ScratchDirectory {
    /** Its path. */
    path: string;
    /** Starts removing it in the background (a consumer project is ~300 MB in 36,000 files: seconds of I/O). */
    removeSoon(): void;
}

/**
 * Makes a scratch directory under the OS temp directory that is removed when the test process exits (what is left
 * of it, when {@link ScratchDirectory.removeSoon} already started).
 * @param prefix the start of its name
 */
export function scratchDirectory(prefix: string): ScratchDirectory {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    process.once("exit", () => {
        try {
            fs.rmSync(dir, { recursive: true, force: true });
        } catch {
            // a removal started by removeSoon() still owns some entries; the OS cleans its temp directory
        }
    });
    return {
        path: dir,
        removeSoon: () => void fs.promises.rm(dir, { recursive: true, force: true }).catch(() => undefined),
    };
}

/** The library as npm builds and packs it from a clone of this repository. */
export interface PackedLibrary {
    /** The copy of the repository (what a clone holds, node_modules linked) after `npm run prepare`. */
    clone: string;
    /** The tarball packed from it. */
    tarball: string;
    /** The files in the tarball, as `npm pack --json` lists them. */
    files: string[];
    /** The tarball's size in bytes. */
    size: number;
    /** The size of its files unpacked, in bytes. */
    unpackedSize: number;
}

/**
 * The library built and packed once per test run (the specs that need it share it): a copy of the repository's
 * sources as a clone has them, `npm run prepare` there — npm's git fetcher runs exactly this (pacote lib/dir.js runs
 * `prepare` and only that) — then `npm pack --ignore-scripts`. `npm pack` and `npm publish` in a clone make the same
 * tarball: their `prepack` only removes a bin/ that a clone has not got, then they run this same `prepare`. The
 * build (tsc, the policy pack, Pulumi's analyzer for the component schema) is the only one of a test run besides
 * the repository's own bin/ when that is stale; the working tree is left alone. Started early (test/kit/earlyStart.ts)
 * when a spec that needs it is loaded; removed when the test process exits.
 */
export const packedLibrary = startEarly(async (): Promise<PackedLibrary> => {
    const repo = path.resolve(__dirname, "..", "..");
    const work = scratchDirectory("lighthouse-pec-packed-").path;
    const clone = path.join(work, "clone");
    fs.mkdirSync(clone);
    for (const entry of fs.readdirSync(repo)) {
        if (!NOT_IN_A_CLONE.has(entry) && !entry.endsWith(".tgz")) {
            fs.cpSync(path.join(repo, entry), path.join(clone, entry), { recursive: true });
        }
    }
    fs.symlinkSync(path.join(repo, "node_modules"), path.join(clone, "node_modules"), "dir");
    // Minutes under load: tsc, the policy pack's tsc and the analyzer.
    await npm(clone, ["run", "prepare", "--silent"], 300_000);
    const out = await npm(clone, ["pack", "--json", "--ignore-scripts", "--pack-destination", work]);
    const [result] = JSON.parse(out.slice(out.indexOf("["))) as Array<{
        filename: string;
        files: Array<{ path: string }>;
        size: number;
        unpackedSize: number;
    }>;
    return {
        clone,
        tarball: path.join(work, result.filename),
        files: result.files.map((f) => f.path),
        size: result.size,
        unpackedSize: result.unpackedSize,
    };
});

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
