import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toReconCsv } from "../../kit/generate";
import { runCli } from "../../kit/cliHarness";
import { SCENARIO_LINES } from "../../kit/scenario";

describe("verify --out", () => {
    let dir: string;
    let input: string;
    before(() => {
        dir = mkdtempSync(join(tmpdir(), "pec-out-"));
        input = join(dir, "usage.csv");
        writeFileSync(input, toReconCsv(SCENARIO_LINES));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("writes one report per --out in the format of its extension, nothing on stdout, exit status kept", async () => {
        const html = join(dir, "r.html");
        const md = join(dir, "r.md");
        const run = await runCli(["verify", "--input", input, "--out", html, "--out", md]);
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "");
        assert.match(run.stderr, /wrote .*r\.html\nwrote .*r\.md\n$/);
        assert.match(readFileSync(html, "utf8"), /^<!DOCTYPE html>/);
        assert.match(readFileSync(md, "utf8"), /^## ❌ Partner earned credit[\s\S]*```mermaid\nxychart-beta/);
    });

    it("--format html to stdout", async () => {
        const run = await runCli(["verify", "--input", input, "--format", "html"]);
        assert.equal(run.code, 1);
        assert.match(run.stdout, /^<!DOCTYPE html>[\s\S]*<\/html>\n$/);
    });

    it("never overwrites without --force (exit 2, file unchanged), replaces with it", async () => {
        const target = join(dir, "keep.html");
        writeFileSync(target, "mine");
        const refused = await runCli(["verify", "--input", input, "--out", target]);
        assert.equal(refused.code, 2);
        assert.match(refused.stderr, /already exists; nothing was written/);
        assert.equal(readFileSync(target, "utf8"), "mine");
        const forced = await runCli(["verify", "--input", input, "--out", target, "--force"]);
        assert.equal(forced.code, 1);
        assert.match(readFileSync(target, "utf8"), /^<!DOCTYPE html>/);
    });
});
