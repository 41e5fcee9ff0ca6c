// Issue 20 item 1 and issue 17 §5: the component provider started as Pulumi starts it, from the compiled package.
// The Node.js language host runs @pulumi/pulumi's run-plugin on the package directory, which loads package.json
// `main`; no Pulumi CLI in pulumi/pulumi's sources reads PulumiPlugin.yaml `main` (docs/other-languages.md), so
// `main` must be the provider host itself, never the library (whose exported components run-plugin would host).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readComponentSchema } from "../../components/componentSchema";
import { ensureBuilt, REPO } from "../kit/builtOutput";
import { PluginHarness } from "../kit/pluginHarness";

describe("the component provider as Pulumi starts it (compiled, schema computed at build time)", function () {
    this.timeout(180_000);
    let scratch: string;
    before(async () => {
        await ensureBuilt();
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-pec-plugin-"));
    });
    after(() => fs.rmSync(scratch, { recursive: true, force: true }));

    it("run-plugin on the package directory prints a port and serves the shipped schema over GetSchema", async () => {
        const plugin = await PluginHarness.start(REPO, { cwd: scratch });
        try {
            const schema = await plugin.getSchema();
            const shipped = readComponentSchema(path.join(REPO, "bin", "components", "componentSchema.json"));
            assert.equal(schema, JSON.stringify(shipped.schema));
            assert.equal((JSON.parse(schema) as { name: string }).name, "lighthouse-pec");
            assert.equal(plugin.stderr, "", "nothing logged");
        } finally {
            const pid = plugin.pid;
            await plugin.close();
            assert.throws(() => process.kill(pid!, 0), "the plugin's process is gone after close");
        }
    });

    it("a package built without its schema file stops before printing a port, naming the file and the fix", async () => {
        // A copy of the package whose bin/ lacks componentSchema.json (everything else links to this repository).
        const broken = path.join(scratch, "package");
        fs.mkdirSync(broken);
        for (const entry of ["package.json", "PulumiPlugin.yaml", "node_modules"]) {
            fs.symlinkSync(path.join(REPO, entry), path.join(broken, entry));
        }
        fs.cpSync(path.join(REPO, "bin"), path.join(broken, "bin"), { recursive: true });
        const missing = path.join(broken, "bin", "components", "componentSchema.json");
        fs.rmSync(missing);
        await assert.rejects(PluginHarness.start(broken, { cwd: scratch }), (err: Error) => {
            assert.match(err.message, /exited with \d+ before printing a port/);
            assert.ok(err.message.includes(`${missing} does not exist`), err.message);
            assert.match(err.message, /Fix: run `npm run build`/);
            return true;
        });
    });
});
