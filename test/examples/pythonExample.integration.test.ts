// The Python example is valid Python (test/examples/otherLanguages.test.ts checks it uses the schema's names). A child
// process, so it runs with the integration specs; skipped where python3 is not installed.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const PROGRAM = path.resolve(__dirname, "..", "..", "examples", "python-customer", "__main__.py");

describe("examples/python-customer", () => {
    it("__main__.py compiles (python3 -m py_compile)", function () {
        const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-pec-pycache-"));
        try {
            const compiled = spawnSync("python3", ["-m", "py_compile", PROGRAM], {
                timeout: 30_000,
                encoding: "utf8",
                env: { ...process.env, PYTHONPYCACHEPREFIX: cache },
            });
            if ((compiled.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") this.skip();
            assert.equal(compiled.error, undefined);
            assert.equal(compiled.status, 0, compiled.stderr);
        } finally {
            fs.rmSync(cache, { recursive: true, force: true });
        }
    });

    it("a syntax error in it would be caught (the check runs the compiler)", function () {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-pec-pybroken-"));
        try {
            const broken = path.join(dir, "__main__.py");
            fs.writeFileSync(broken, fs.readFileSync(PROGRAM, "utf8").replace(/\)\s*$/, ""));
            const compiled = spawnSync("python3", ["-m", "py_compile", broken], {
                timeout: 30_000,
                encoding: "utf8",
                env: { ...process.env, PYTHONPYCACHEPREFIX: dir },
            });
            if ((compiled.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") this.skip();
            assert.notEqual(compiled.status, 0);
            assert.match(compiled.stderr, /SyntaxError|Error/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
