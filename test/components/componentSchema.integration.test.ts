// Issue 20: the schema the package ships (bin/components/componentSchema.json, served by the plugin and read by the
// unit specs through test/kit/componentSchema.ts) is what Pulumi's analyzer derives from the source. The analyzer
// runs once more per test run, in a child process started with the run (test/kit/earlyStart.ts) so that it uses the
// second core while the specs before this one run, and writes its schema elsewhere: this compares the two.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { readComponentSchema } from "../../components/componentSchema";
import { ensureBuilt, REPO } from "../kit/builtOutput";
import { SHIPPED_SCHEMA } from "../kit/componentSchema";
import { scratchDirectory } from "../kit/consumerProject";
import { startEarly } from "../kit/earlyStart";

const run = promisify(execFile);

/** The analyzer run from the compiled module, as the build runs it, writing to a scratch file. */
const derivedSchema = startEarly(async (): Promise<string> => {
    await ensureBuilt();
    const file = path.join(scratchDirectory("lighthouse-pec-schema-").path, "componentSchema.json");
    const module = path.join(REPO, "bin", "components", "componentSchema.js");
    const script = `require(${JSON.stringify(module)}).writeComponentSchema(${JSON.stringify(file)}).catch((e) => { console.error(e); process.exit(1); })`;
    await run(process.execPath, ["-e", script], { cwd: REPO, timeout: 300_000 });
    return file;
});

describe("component schema computed at build time (issue 20): the shipped file", function () {
    // The analyzer builds a TypeScript program over the sources: a minute under load.
    this.timeout(600_000);

    it("is what the analyzer derives from the source now", async () => {
        const shipped = readComponentSchema(SHIPPED_SCHEMA);
        const derived = readComponentSchema(await derivedSchema());
        assert.deepEqual(shipped, derived, "a schema older than the source, or an analyzer that varies, differs here");
        assert.ok(
            Object.keys(shipped.schema.resources as object).length >= 2,
            "the schema describes the components' resources",
        );
    });
});
