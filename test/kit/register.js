// What `ts-node/register/transpile-only` does, with a disk cache of its output, for the test runs (.mocharc.json
// `require`).
// Loading the specs transpiles some 300 TypeScript files; TypeScript's emit was more than half of the ~13 s of CPU
// that loading took (a CPU profile of `mocha --dry-run`, issue 20). The output of a transpile-only compile depends on
// the file's text and name, the compiler options and the versions of TypeScript and ts-node only, so it is kept under
// node_modules/.cache/lighthouse-pec-ts/, one file per source file, and used again while all of those are unchanged.
// Plain JavaScript: it is loaded before anything can compile TypeScript.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const REPO = path.resolve(__dirname, "..", "..");
/** Where compiled outputs are kept (`rm -rf` it at any time: the next run fills it again); its test sets another. */
const CACHE_DIR = process.env.LIGHTHOUSE_PEC_TS_CACHE || path.join(REPO, "node_modules", ".cache", "lighthouse-pec-ts");

const sha256 = (text) => crypto.createHash("sha256").update(text).digest("hex");

/** The tsconfig.json ts-node reads: TS_NODE_PROJECT, else the nearest one at or above the working directory. */
function tsconfigText() {
    if (process.env.TS_NODE_PROJECT) return fs.readFileSync(path.resolve(process.env.TS_NODE_PROJECT), "utf8");
    for (let dir = process.cwd(), depth = 0; depth < 64; depth++) {
        const file = path.join(dir, "tsconfig.json");
        if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
        const parent = path.dirname(dir);
        if (parent === dir) break;
        dir = parent;
    }
    return "";
}

/**
 * Compiles `.ts` files as `ts-node/register/transpile-only` does, with a cache around the compile: ts-node (and
 * TypeScript, ~0.5 s to load in every process) is loaded on the first file the cache does not hold. Returns how many
 * files were served from the cache and how many compiled so far (test/kit/register.integration.test.ts reads them).
 */
function register() {
    /** @type {import("ts-node").Service | undefined} */
    let service;
    // Everything besides the file that changes the output: versions, the project's options, ts-node's environment.
    const salt = sha256(
        JSON.stringify([
            require("ts-node/package.json").version,
            require("typescript/package.json").version,
            tsconfigText(),
            { transpileOnly: true },
            Object.entries(process.env).filter(([k]) => k.startsWith("TS_NODE_")),
            fs.readFileSync(__filename, "utf8"),
        ]),
    );
    /** Every output, by file name: the stack-trace mapper reads their inline source maps. */
    const served = new Map();
    const counts = { cached: 0, compiled: 0 };
    const compile = (code, fileName) => {
        const key = sha256(`${salt}\0${fileName}\0${code}`);
        const file = path.join(CACHE_DIR, `${sha256(fileName)}.js`);
        try {
            const stored = fs.readFileSync(file, "utf8");
            const newline = stored.indexOf("\n");
            if (stored.slice(0, newline) === `// ${key}`) {
                counts.cached++;
                return stored.slice(newline + 1);
            }
        } catch {
            // not cached yet
        }
        service ??= require("ts-node").create({ transpileOnly: true });
        const output = service.compile(code, fileName);
        counts.compiled++;
        try {
            fs.mkdirSync(CACHE_DIR, { recursive: true });
            // Written whole, then renamed: a concurrent run never reads half a file.
            const temp = `${file}.${process.pid}.tmp`;
            fs.writeFileSync(temp, `// ${key}\n${output}`);
            fs.renameSync(temp, file);
        } catch {
            // a read-only node_modules: compile every time, as without the cache
        }
        return output;
    };
    require.extensions[".ts"] = (module, fileName) => {
        const output = compile(fs.readFileSync(fileName, "utf8"), fileName);
        served.set(fileName, output);
        module._compile(output, fileName);
    };
    require("@cspotcode/source-map-support").install({
        environment: "node",
        retrieveFile: (fileName) => served.get(fileName) ?? "",
    });
    keepPulumiBookkeepingStacksUnmapped();
    return counts;
}

/** Where @pulumi/pulumi takes a stack trace as bookkeeping: `debuggablePromise` and `Resource.callsites`. */
const PULUMI_BOOKKEEPING = /[\\/]@pulumi[\\/]pulumi[\\/](?:runtime[\\/]debuggable|resource)\.js$/;

/**
 * @pulumi/pulumi takes a whole stack trace (`new Error().stack`) for every promise it tracks (its leak report) and every
 * resource it registers (a source position that Pulumi mocks ignore). Mapped through the source maps, those frames
 * were ~2.7 s of CPU in a ~16 s `npm run test:unit` (a CPU profile of it): they keep V8's own formatting. Every other
 * stack trace, a failing test's included, is still mapped to TypeScript lines.
 */
function keepPulumiBookkeepingStacksUnmapped() {
    const mapped = Error.prepareStackTrace;
    if (typeof mapped !== "function") return;
    Error.prepareStackTrace = function prepareStackTrace(error, frames) {
        const top = frames.length > 0 ? frames[0].getFileName() : undefined;
        if (top && PULUMI_BOOKKEEPING.test(top) && !error.message) {
            // A promise's trace is only printed in a leak report: its first frames say where it was made.
            const kept = top.endsWith("debuggable.js") ? frames.slice(0, 3) : frames;
            return `${error.name || "Error"}${kept.map((frame) => `\n    at ${frame}`).join("")}`;
        }
        return mapped.call(this, error, frames);
    };
}

module.exports = { CACHE_DIR, counts: register() };
