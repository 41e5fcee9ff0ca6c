// Issue 20: the schema the package ships (bin/components/componentSchema.json, served by the plugin and read by the
// unit specs through test/kit/componentSchema.ts) is what Pulumi's analyzer derives from the source. The analyzer
// runs once more per test run, here, in the spec's own process (it has @pulumi/pulumi loaded already; a child process
// loading it again, at the same time as the other specs, cost more than the analysis), and this compares the two.
import { strict as assert } from "node:assert";
import { analyzeComponentSchema, readComponentSchema } from "../../components/componentSchema";
import { SHIPPED_SCHEMA } from "../kit/componentSchema";

describe("component schema computed at build time (issue 20): the shipped file", function () {
    // The analyzer builds a TypeScript program over the sources: a minute under load.
    this.timeout(600_000);

    it("is what the analyzer derives from the source now", async () => {
        const shipped = readComponentSchema(SHIPPED_SCHEMA);
        // Through JSON, as the build writes it: undefined members are dropped there too.
        const derived = JSON.parse(JSON.stringify(await analyzeComponentSchema())) as typeof shipped;
        assert.deepEqual(shipped, derived, "a schema older than the source, or an analyzer that varies, differs here");
        assert.ok(
            Object.keys(shipped.schema.resources as object).length >= 2,
            "the schema describes the components' resources",
        );
    });
});
