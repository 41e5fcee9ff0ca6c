// Issue 20: the schema the package ships (bin/components/componentSchema.json, served by the plugin and read by the
// unit specs through test/kit/componentSchema.ts) is what Pulumi's analyzer derives from the source. The analyzer
// runs once per test run, in the build of the packed library (test/kit/consumerProject.ts), from a copy of the same
// sources: this compares the two.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { readComponentSchema } from "../../components/componentSchema";
import { ensureBuilt } from "../kit/builtOutput";
import { SHIPPED_SCHEMA } from "../kit/componentSchema";
import { packedLibrary } from "../kit/consumerProject";

describe("component schema computed at build time (issue 20): the shipped file", function () {
    // The packed library's build runs tsc and the analyzer: minutes under load.
    this.timeout(600_000);

    it("is what the analyzer derives from the source now (the packed library's build of the same sources)", async () => {
        await ensureBuilt();
        const { clone } = await packedLibrary();
        const shipped = readComponentSchema(SHIPPED_SCHEMA);
        const derived = readComponentSchema(path.join(clone, "bin", "components", "componentSchema.json"));
        assert.deepEqual(shipped, derived, "a schema older than the source, or an analyzer that varies, differs here");
        assert.ok(
            Object.keys(shipped.schema.resources as object).length >= 2,
            "the schema describes the components' resources",
        );
    });
});
