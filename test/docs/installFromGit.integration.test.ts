import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { npm, packedLibrary } from "../kit/consumerProject";

const REPO = path.resolve(__dirname, "..", "..");

// `npm install github:<owner>/lighthouse-pec#<tag>`: npm's git fetcher (pacote lib/git.js) clones, runs `npm install`
// there, then packs the clone with pacote's DirFetcher, which runs the `prepare` script and only that (pacote
// lib/dir.js: "we *only* run prepare"; prepack/postpack are run by `npm pack`/`npm publish` alone). `prepare` is the
// build; packedLibrary() packs what that build wrote (test/kit/consumerProject.ts). That it does so in a fresh clone
// is what `.ci/run` and CI run on: a fresh clone whose `npm ci` runs `prepare` before anything reads bin/.
describe("installing from git ships the compiled package", function () {
    // The tests' build of bin/ (when stale) and `npm pack`: minutes under load.
    this.timeout(360_000);

    it("`prepare` is the build, and the package it packs has its entry points", async () => {
        const { files } = await packedLibrary();
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
            main: string;
            bin: Record<string, string>;
            scripts: Record<string, string>;
        };
        assert.equal(pkg.scripts.prepare, "npm run build");
        const entries = [
            pkg.main, // the component provider's host (what `pulumi package add` starts)
            "bin/components/componentSchema.json", // the schema it serves, computed by the build
            "bin/components/index.js", // the library (exports ".")
            ...Object.values(pkg.bin),
            "bin/components/partnerAdminLink/operations.js",
        ];
        for (const entry of entries) {
            assert.ok(files.includes(entry), `${entry} is not in the package`);
        }
    });

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
