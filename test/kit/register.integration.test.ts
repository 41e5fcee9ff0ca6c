// The cached ts-node registration the test runs use (test/kit/register.js): a changed file is compiled again, an
// unchanged one is served from the cache, and stack traces still point at the TypeScript lines.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REGISTER = path.join(__dirname, "register.js");

/** A module whose throw is on line 11 of the TypeScript and on a much earlier line of the JavaScript. */
const MODULE = (message: string) =>
    [
        'import type { Stats } from "node:fs";',
        "interface A {",
        "    x: number;",
        "}",
        "interface C {",
        "    s: Stats;",
        "}",
        "type B = A & { y: string };",
        "type D = C | B;",
        "export function boom(): D {",
        `    throw new Error(${JSON.stringify(message)});`,
        "}",
        "",
    ].join("\n");

describe("test kit: ts-node with a disk cache (test/kit/register.js)", function () {
    this.timeout(60_000);
    let dir: string;
    let cache: string;
    let source: string;

    /** Loads the module in a fresh process through register.js; what it threw and what the cache did. */
    function load(): { message: string; at: string; counts: { cached: number; compiled: number } } {
        const script = `try { require(${JSON.stringify(source)}).boom() } catch (e) { console.log(JSON.stringify({ message: e.message, at: e.stack.split("\\n")[1].trim(), counts: require(${JSON.stringify(REGISTER)}).counts })) }`;
        // In the repository, as mocha runs: ts-node reads its tsconfig.json.
        const run = spawnSync(process.execPath, ["-r", REGISTER, "-e", script], {
            cwd: path.resolve(__dirname, "..", ".."),
            encoding: "utf8",
            timeout: 45_000,
            env: { PATH: process.env.PATH, LIGHTHOUSE_PEC_TS_CACHE: cache },
        });
        assert.equal(run.status, 0, run.stderr);
        return JSON.parse(run.stdout) as { message: string; at: string; counts: { cached: number; compiled: number } };
    }

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-pec-register-"));
        cache = path.join(dir, "cache");
        source = path.join(dir, "thrower.ts");
        fs.writeFileSync(source, MODULE("first"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("compiles a file once, then serves it from the cache, with stack traces on the TypeScript line", () => {
        const first = load();
        assert.deepEqual(first.counts, { cached: 0, compiled: 1 });
        assert.equal(fs.readdirSync(cache).length, 1, "one cache file per source file");
        const second = load();
        assert.deepEqual(second.counts, { cached: 1, compiled: 0 }, "served from the cache");
        assert.equal(second.message, "first");
        assert.equal(second.at, `at Object.boom (${source}:11:11)`, "mapped through the cached output's source map");
        assert.equal(first.at, second.at);
    });

    it("compiles a changed file again (never runs stale code) and a cache file it did not write", () => {
        load();
        fs.writeFileSync(source, MODULE("second"));
        const changed = load();
        assert.deepEqual(changed.counts, { cached: 0, compiled: 1 });
        assert.equal(changed.message, "second");
        const [file] = fs.readdirSync(cache);
        fs.writeFileSync(
            path.join(cache, file),
            "// not a key\nmodule.exports = { boom() { throw new Error('stale'); } };",
        );
        const rewritten = load();
        assert.deepEqual(rewritten.counts, { cached: 0, compiled: 1 });
        assert.equal(rewritten.message, "second");
        assert.deepEqual(load().counts, { cached: 1, compiled: 0 }, "and caches it again");
    });
});
