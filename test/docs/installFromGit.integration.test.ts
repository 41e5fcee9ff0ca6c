import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { npm } from "../kit/consumerProject";

const REPO = path.resolve(__dirname, "..", "..");

// `npm install github:<owner>/lighthouse-pec#<tag>`: npm's git fetcher (pacote lib/git.js) clones, runs `npm install`
// there, then packs the clone with pacote's DirFetcher, which runs the `prepare` script and only that (pacote
// lib/dir.js: "we *only* run prepare"; prepack/postpack are run by `npm pack`/`npm publish` alone). `prepare` is the
// build, and the consumer-install spec checks the package packed from what it wrote (test/consumer/, its entry points
// included). That it builds in a fresh clone is what `.ci/run` and CI run on: a fresh clone whose `npm ci` runs
// `prepare` before anything reads bin/.
describe("installing from git ships the compiled package", function () {
    this.timeout(120_000);

    it("`npm pack` and `npm publish` add only `prepack`, which removes bin/ and nothing else: they pack what `prepare` built", async () => {
        const scripts = (
            JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> }
        ).scripts;
        const lifecycle = ["prepublish", "prepublishOnly", "prepack", "prepare", "postpack", "publish", "postpublish"];
        assert.deepEqual(
            lifecycle.filter((name) => name in scripts),
            ["prepack", "prepare"],
            "no other script runs when npm packs or publishes",
        );
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-pec-prepack-"));
        try {
            fs.copyFileSync(path.join(REPO, "package.json"), path.join(dir, "package.json"));
            fs.mkdirSync(path.join(dir, "bin", "cli"), { recursive: true });
            fs.writeFileSync(path.join(dir, "bin", "cli", "stale.js"), "");
            fs.writeFileSync(path.join(dir, "index.ts"), "");
            await npm(dir, ["run", "prepack", "--silent"]);
            assert.deepEqual(fs.readdirSync(dir).sort(), ["index.ts", "package.json"], "bin/ removed, the rest kept");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
