// The stale-build check the tests of compiled code rely on (test/kit/builtOutput.ts), on a throwaway tree.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { assertBuildIsFresh, BUILD_OUTPUTS, orphanOutputs } from "./builtOutput";

describe("test kit: a bin/ older than the source is refused", () => {
    let repo: string;
    const write = (rel: string, at: number) => {
        fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
        fs.writeFileSync(path.join(repo, rel), "");
        fs.utimesSync(path.join(repo, rel), at, at);
    };

    beforeEach(() => {
        repo = fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-pec-built-"));
        const source = 1_000_000;
        for (const dir of ["core", "components", "pec", "doctor", "io", "cli", "azure", "program", "fleet", "policy"]) {
            write(`${dir}/a.ts`, source);
        }
        write("policy/package-lock.json", source + 500); // written by npm install in policy/, not a build input
        for (const file of ["package.json", "tsconfig.json", "tsconfig.build.json", "policy/tsconfig.json"]) {
            write(file, source);
        }
        write("scripts/build-component-schema.js", source);
        // Each output's source (bin/x/y.js is built from x/y.ts); policy/bin/ is not packed, so not compared.
        BUILD_OUTPUTS.filter((rel) => rel.startsWith("bin/") && rel.endsWith(".js")).forEach((rel) =>
            write(rel.slice("bin/".length).replace(/\.js$/, ".ts"), source),
        );
        BUILD_OUTPUTS.forEach((rel) => write(rel, source + 100));
    });
    afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

    it("passes when every output is newer than every input", () => {
        assert.doesNotThrow(() => assertBuildIsFresh(repo));
    });

    it("names the changed source, the stale output and the fix", () => {
        write("components/a.ts", 1_000_200);
        assert.throws(
            () => assertBuildIsFresh(repo),
            /^Error: bin\/.* is older than components\/a\.ts \(changed .*\): the tests would run a stale build\. Fix: run `npm run build`\.$/,
        );
    });

    it("names an output whose source is gone (removed or renamed since the build), and the clean build that fixes it", () => {
        write("bin/pec/removed.js", 1_000_100);
        write("bin/pec/removed.d.ts", 1_000_100);
        assert.throws(
            () => assertBuildIsFresh(repo),
            /^Error: bin\/pec\/removed\.d\.ts, bin\/pec\/removed\.js in bin\/ have no source: .* Fix: run `npm run clean && npm run build`\.$/,
        );
        assert.deepEqual(orphanOutputs(repo), ["bin/pec/removed.d.ts", "bin/pec/removed.js"]);
        write("pec/removed.ts", 1_000_000);
        assert.doesNotThrow(() => assertBuildIsFresh(repo));
    });

    it("names what is not built", () => {
        fs.rmSync(path.join(repo, "bin", "components", "componentSchema.json"));
        assert.throws(() => assertBuildIsFresh(repo), /^Error: bin\/components\/componentSchema\.json not built\. Fix/);
    });
});
