import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { npm } from "../kit/consumerProject";

const REPO = path.resolve(__dirname, "..", "..");
/** What a clone holds: tracked sources, no build output. */
const NOT_IN_A_CLONE = new Set(["node_modules", "bin", ".git", "coverage", ".bench-data", "examples"]);

// `npm install github:<org>/lighthouse-pec#<tag>` (README): npm's git fetcher (pacote lib/git.js) clones,
// runs `npm install` there, then packs the clone with pacote's DirFetcher, which runs the `prepare`
// script and only that (pacote lib/dir.js: "we *only* run prepare"; prepack/postpack are run by
// `npm pack`/`npm publish` alone). This test does the same steps on a copy of the repo.
describe("installing from git ships the compiled package", function () {
    // `prepare` runs tsc, the policy pack's tsc and Pulumi's analyzer (the component schema): minutes under load.
    this.timeout(360_000);
    let clone: string;

    before(() => {
        clone = fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-pec-git-"));
        for (const entry of fs.readdirSync(REPO)) {
            if (!NOT_IN_A_CLONE.has(entry) && !entry.endsWith(".tgz"))
                fs.cpSync(path.join(REPO, entry), path.join(clone, entry), { recursive: true });
        }
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(clone, "node_modules"), "dir");
    });

    after(() => fs.rmSync(clone, { recursive: true, force: true }));

    it("`prepare` alone builds bin/, so the packed git dependency has its entry points", async () => {
        await npm(clone, ["run", "prepare", "--silent"], 300_000);
        const out = await npm(clone, ["pack", "--dry-run", "--json", "--ignore-scripts"]);
        const [result] = JSON.parse(out.slice(out.indexOf("["))) as Array<{ files: Array<{ path: string }> }>;
        const files = result.files.map((f) => f.path);
        const pkg = JSON.parse(fs.readFileSync(path.join(clone, "package.json"), "utf8")) as {
            main: string;
            bin: Record<string, string>;
        };
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
});
