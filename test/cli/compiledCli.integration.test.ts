// Issue 20 item 3: `npm run lighthouse-pec` runs the compiled CLI (bin/cli/main.js), not ts-node over cli/main.ts.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureBuilt, REPO } from "../kit/builtOutput";

describe("the compiled CLI (`npm run lighthouse-pec`)", function () {
    this.timeout(60_000);

    it("the npm script is `node bin/cli/main.js`, the package's `bin`", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
            scripts: Record<string, string>;
            bin: Record<string, string>;
        };
        assert.equal(pkg.scripts["lighthouse-pec"], "node bin/cli/main.js");
        assert.equal(pkg.bin["lighthouse-pec"], "bin/cli/main.js");
    });

    it("bin/cli/main.js --help prints the usage and exits 0", async () => {
        await ensureBuilt();
        const run = spawnSync(process.execPath, [path.join(REPO, "bin", "cli", "main.js"), "--help"], {
            cwd: REPO,
            encoding: "utf8",
            timeout: 45_000,
            env: { PATH: process.env.PATH, HOME: process.env.HOME },
        });
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stdout, /^Usage: lighthouse-pec /);
        assert.equal(run.stderr, "");
    });
});
