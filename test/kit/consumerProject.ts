// Builds what an importer has: the library packed with `npm pack`, installed from the tarball into a
// throwaway project. The install runs offline from the npm cache, pinned by a copy of this repo's
// lockfile (so it resolves the versions this repo tested, and needs no network).
import { execFile } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { ensureBuilt, REPO } from "./builtOutput";
import { startEarly } from "./earlyStart";
import { npm, npmCli } from "./npm";

export { npm } from "./npm";

const run = promisify(execFile);

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

/** The library as `npm pack` makes it. */
export interface PackedLibrary {
    /** The tarball. */
    tarball: string;
    /** The files in the tarball, as `npm pack --json` lists them. */
    files: string[];
    /** The tarball's size in bytes. */
    size: number;
    /** The size of its files unpacked, in bytes. */
    unpackedSize: number;
}

/**
 * The library packed once per test run (the specs that need it share it): `npm pack --ignore-scripts` of this
 * repository once bin/ is built from the current source with nothing else in it ({@link ensureBuilt}: the build
 * `prepare` runs). `npm pack` and `npm publish` make the same tarball: their `prepack` removes bin/, then they run
 * that same `prepare`. That `prepare` alone builds the package from a clone is shown where a clone exists:
 * `.ci/run` and CI start from a fresh clone, whose `npm ci` runs `prepare` and nothing else builds bin/ before the
 * tests read it. Started early (test/kit/earlyStart.ts) when a spec that needs it is loaded; removed when the test
 * process exits.
 */
export const packedLibrary = startEarly(async (): Promise<PackedLibrary> => {
    await ensureBuilt();
    const work = scratchDirectory("lighthouse-pec-packed-").path;
    const out = await npm(REPO, ["pack", "--json", "--ignore-scripts", "--pack-destination", work]);
    const [result] = JSON.parse(out.slice(out.indexOf("["))) as Array<{
        filename: string;
        files: Array<{ path: string }>;
        size: number;
        unpackedSize: number;
    }>;
    return {
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
    const pkg = consumerPackage(`file:${tarball}`, deps);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
    fs.writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify(consumerLock(repoDir, pkg), null, 2));
    await npm(
        dir,
        ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
        150_000,
    );
}

/** Where {@link installedConsumer} keeps its project between test runs (`rm -rf` it at any time). */
export const CONSUMER_CACHE = path.join(REPO, "node_modules", ".cache", "lighthouse-pec-consumer");

/** A consumer project with the library installed, from {@link installedConsumer}. */
export interface InstalledConsumer {
    /** The project directory: package.json, package-lock.json and node_modules/, nothing else. */
    dir: string;
    /** True when an earlier run's project was used again (only the library was installed anew). */
    reused: boolean;
    /** Lets the next run use it (and removes it when it was a scratch copy). */
    release(): void;
}

/**
 * A consumer project with `tarball` installed, kept between test runs. Installing the dependencies extracts
 * @pulumi/azure-native (136 MB in 16,744 files: 18 s and ~26 s of CPU, mostly the kernel's, on the 2-core machine);
 * the project is kept under {@link CONSUMER_CACHE}, named by a hash of everything the install depends on besides the
 * library (the lockfile it is given, the other dependencies, the Node and npm versions), and the next run's
 * `npm install` only replaces the library (~2 s): what npm does in an importer's project when a new version is
 * installed. Projects of other hashes are removed. Held by one run at a time (a lock directory); a second run at the
 * same time installs into a scratch directory instead.
 * @param tarball the packed library
 * @param repoDir the library's repo (its lockfile pins the versions)
 * @param deps the consumer's other dependencies
 */
export async function installedConsumer(
    tarball: string,
    repoDir: string,
    deps: ConsumerDependencies,
): Promise<InstalledConsumer> {
    const key = crypto
        .createHash("sha256")
        .update(
            JSON.stringify([
                consumerLock(repoDir, consumerPackage("file:lighthouse-pec.tgz", deps)),
                deps,
                process.version,
                npmVersion(),
            ]),
        )
        .digest("hex")
        .slice(0, 16);
    const dir = path.join(CONSUMER_CACHE, key);
    const lock = `${dir}.lock`;
    fs.mkdirSync(CONSUMER_CACHE, { recursive: true });
    if (!takeLock(lock)) {
        const scratch = scratchDirectory("lighthouse-pec-consumer-");
        const project = path.join(scratch.path, "consumer");
        await installConsumer(project, tarball, repoDir, deps);
        return { dir: project, reused: false, release: () => scratch.removeSoon() };
    }
    const release = () => fs.rmSync(lock, { recursive: true, force: true });
    process.once("exit", release);
    try {
        removeOtherProjects(key);
        const complete = path.join(dir, ".installed");
        const reused = fs.existsSync(complete);
        if (reused) {
            // Only what npm installed is kept: a run's files (its program, tsconfigs, build) are written anew.
            for (const entry of fs.readdirSync(dir)) {
                if (!["node_modules", ".installed"].includes(entry)) {
                    fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
                }
            }
        } else {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        await installConsumer(dir, tarball, repoDir, deps);
        fs.writeFileSync(complete, "");
        return { dir, reused, release };
    } catch (err) {
        release();
        throw err;
    }
}

/** Takes the lock directory, or a lock whose holder has exited; false when a live run holds it. */
function takeLock(lock: string): boolean {
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            fs.mkdirSync(lock);
            fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
            return true;
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
            const holder = Number(readOrEmpty(path.join(lock, "pid")));
            if (holder > 0 && isAlive(holder)) return false;
            fs.rmSync(lock, { recursive: true, force: true });
        }
    }
    return false;
}

function readOrEmpty(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return "";
    }
}

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (err) {
        return (err as NodeJS.ErrnoException).code === "EPERM";
    }
}

/** Removes the kept projects of other hashes (an older lockfile's), unless a live run holds one. */
function removeOtherProjects(key: string): void {
    for (const entry of fs.readdirSync(CONSUMER_CACHE)) {
        if (entry === key || entry === `${key}.lock` || entry.endsWith(".lock")) continue;
        if (takeLock(path.join(CONSUMER_CACHE, `${entry}.lock`))) {
            fs.rmSync(path.join(CONSUMER_CACHE, entry), { recursive: true, force: true });
            fs.rmSync(path.join(CONSUMER_CACHE, `${entry}.lock`), { recursive: true, force: true });
        }
    }
}

/** The version of the npm the kit runs. */
function npmVersion(): string {
    const pkg = path.join(path.dirname(npmCli()), "..", "package.json");
    return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

/** The consumer's package.json. */
function consumerPackage(libraryDependency: string, deps: ConsumerDependencies) {
    return {
        name: "lighthouse-pec-consumer",
        version: "1.0.0",
        private: true,
        dependencies: { "lighthouse-pec": libraryDependency, ...deps.dependencies },
        devDependencies: deps.devDependencies ?? {},
    };
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
