// Issue 20: the component provider serves a schema computed at build time (bin/components/componentSchema.json)
// instead of running Pulumi's analyzer on the first GetSchema or Construct of every plugin process.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentSchema, componentProviderWithSchema, readComponentSchema } from "../../components/componentSchema";
import { findPackageRoot, PACKAGE_ROOT } from "../../components/provider";
import { componentProvider, TOKEN } from "../kit/componentSchema";
import { validArgs } from "../kit/fixtures";
import { runUnderMocks } from "../kit/pulumiMocks";

/** A deep copy, as JSON keeps it (no `undefined` members). */
const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

// That the shipped file is what the analyzer derives from the source: componentSchema.integration.test.ts.
describe("component schema computed at build time (issue 20)", function () {
    // Reading the shipped schema may first build bin/ when it is older than the source (test/kit/builtOutput.ts).
    this.timeout(600_000);
    let shipped: ComponentSchema;
    let dir: string;
    before(async () => {
        ({ shipped } = await componentProvider());
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-pec-schema-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("the shipped bin/components/componentSchema.json defines both components, at the package's version", () => {
        assert.deepEqual(Object.keys(shipped.components), ["CustomerDelegation", "ManagementGroupDelegation"]);
        const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string };
        assert.equal(shipped.schema.version, pkg.version, "the package's version");
    });

    it("the provider serves the given schema and constructs from the given definitions: the analyzer never runs", async () => {
        // Marked so that anything the analyzer derived would show: its description, all seven outputs.
        const marked = asJson(shipped);
        marked.schema.description = "computed at build time";
        const definition = marked.components.CustomerDelegation;
        definition.outputs = { registrationDefinitionId: definition.outputs.registrationDefinitionId };
        const provider = componentProviderWithSchema(marked);

        const schema = JSON.parse(await provider.getSchema()) as { description: string };
        assert.equal(schema.description, "computed at build time");
        const run = await runUnderMocks(() => provider.construct("contoso", TOKEN, asJson(validArgs()), {}));
        assert.deepEqual(Object.keys(run.result.state as Record<string, pulumi.Output<unknown>>), [
            "registrationDefinitionId",
        ]);
        assert.ok(run.resources.length >= 3, "the component and its definition and assignment were registered");
    });

    it("a missing, broken or foreign schema file fails with the file's name and the fix", () => {
        const fix = /Fix: run `npm run build` in .*`pulumi package add` runs `npm install` there/;
        const missing = path.join(dir, "missing.json");
        assert.throws(
            () => readComponentSchema(missing),
            (err: Error) => {
                assert.ok(err.message.includes(`${missing} does not exist`), err.message);
                assert.match(err.message, fix);
                return true;
            },
        );
        const broken = path.join(dir, "broken.json");
        fs.writeFileSync(broken, "{");
        assert.throws(
            () => readComponentSchema(broken),
            (err: Error) => {
                assert.ok(err.message.includes(`${broken} is not valid JSON`), err.message);
                assert.match(err.message, fix);
                return true;
            },
        );
        const foreign = path.join(dir, "foreign.json");
        fs.writeFileSync(foreign, JSON.stringify({ schema: { name: "other" }, components: {} }));
        assert.throws(
            () => readComponentSchema(foreign),
            /is not this component provider's schema \(package "other", no definition of CustomerDelegation, ManagementGroupDelegation\)/,
        );
        const good = path.join(dir, "good.json");
        fs.writeFileSync(good, JSON.stringify(shipped));
        assert.deepEqual(readComponentSchema(good), asJson(shipped));
    });

    it("the package root is the nearest directory above with a package.json, from source or from bin/", function () {
        const root = path.join(dir, "package");
        fs.mkdirSync(path.join(root, "bin", "components"), { recursive: true });
        fs.writeFileSync(path.join(root, "package.json"), "{}");
        assert.equal(findPackageRoot(path.join(root, "bin", "components")), root);
        assert.equal(findPackageRoot(root), root);
        assert.equal(PACKAGE_ROOT, path.resolve(__dirname, "..", ".."));
        if (fs.existsSync("/package.json")) this.skip();
        assert.throws(() => findPackageRoot("/"), /no package\.json in \/ or any directory above it\. Fix:/);
    });
});
