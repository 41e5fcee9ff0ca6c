// `ts-node/register/transpile-only` with a disk cache of its output, for the test runs (.mocharc.json `require`).
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

/**
 * Registers ts-node (transpile only) with a cache around its compile. Returns how many files were served from the
 * cache and how many compiled so far (test/kit/register.integration.test.ts reads them).
 */
function register() {
    const service = require("ts-node").register({ transpileOnly: true });
    // Everything besides the file that changes ts-node's output: versions, the options it read, its environment.
    const salt = sha256(
        JSON.stringify([
            require("ts-node/package.json").version,
            require("typescript/package.json").version,
            service.config.options,
            service.options,
            Object.entries(process.env).filter(([k]) => k.startsWith("TS_NODE_")),
            fs.readFileSync(__filename, "utf8"),
        ]),
    );
    /** Outputs served from the cache, by file name: the stack-trace mapper reads their inline source maps. */
    const served = new Map();
    const counts = { cached: 0, compiled: 0 };
    const compile = service.compile.bind(service);
    service.compile = (code, fileName, lineOffset) => {
        const key = sha256(`${salt}\0${fileName}\0${code}`);
        const file = path.join(CACHE_DIR, `${sha256(fileName)}.js`);
        try {
            const stored = fs.readFileSync(file, "utf8");
            const newline = stored.indexOf("\n");
            if (stored.slice(0, newline) === `// ${key}`) {
                const output = stored.slice(newline + 1);
                served.set(fileName, output);
                counts.cached++;
                return output;
            }
        } catch {
            // not cached yet
        }
        const output = compile(code, fileName, lineOffset);
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
    // ts-node maps stack traces through the outputs it compiled; these are the ones it did not.
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
            const kept = top.endsWith("debuggable.js") ? frames.slice(0, 12) : frames;
            return `${error.name || "Error"}${kept.map((frame) => `\n    at ${frame}`).join("")}`;
        }
        return mapped.call(this, error, frames);
    };
}

module.exports = { CACHE_DIR, counts: register() };
