// What an importer's `pulumi up` does with our package: `npm pack` the library, install the tarball
// into a consumer project (kept between runs: test/kit/consumerProject.ts), type-check and run a program there under mocks, take the serialized
// `__provider` it registers and run it in the real dynamic-provider host started in that project's
// directory (so every require() resolves from the consumer's node_modules), against the fake Azure.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { captureRegistrationsInChild, isDynamicType, Registration } from "../kit/captureRegistrations";
import { EngineHarness } from "../kit/engineHarness";
import { isSecret, stripSecrets, UNKNOWN } from "../kit/wireValues";
import { FakeAzure } from "../kit/fakeAzure";
import { compileConsumer, InstalledConsumer, installedConsumer, packedLibrary } from "../kit/consumerProject";
import { startEarly } from "../kit/earlyStart";

const REPO = path.resolve(__dirname, "../..");
/** The one module an installed PartnerAdminLink `__provider` requires. */
const RUNTIME_MODULE = "lighthouse-pec/internal/components/partnerAdminLink/runtime.js";
/**
 * A `__provider` as stacks made before runtime.js store it: serialized from the installed package at
 * main 2fa355d by this test (it requires check.js, diff.js and operations.js).
 */
const LEGACY_PROVIDER = fs.readFileSync(
    path.join(REPO, "test/fixtures/partner-admin-link/provider-before-runtime.installed.js"),
    "utf8",
);
const repoPackage = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
};

const ids = {
    partnerTenant: "11111111-1111-4111-8111-111111111111",
    subscription: "22222222-2222-4222-8222-222222222222",
    adminGroup: "33333333-3333-4333-8333-333333333333",
    automationClient: "77777777-7777-4777-8777-777777777777",
    automationObject: "44444444-4444-4444-8444-444444444444",
};
const PARTNER_ID = "1234567";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const CLIENT_SECRET = "consumer-test-secret-Zq8~not-for-logs";

/** The importer's program: both public components, configured from an env var the test sets. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { CustomerDelegation, ProviderAutomationAccount, armGuid } from "lighthouse-pec";

const settings = JSON.parse(process.env.CONSUMER_SETTINGS ?? "{}");

const automation = new ProviderAutomationAccount("automation", {
    partnerId: settings.partnerId,
    endpoints: settings.endpoints,
});

export const delegation = new CustomerDelegation("contoso", {
    offerName: "Contoso Managed Services",
    managedByTenantId: settings.partnerTenant,
    subscriptionId: settings.subscription,
    authorizations: [
        { principalId: settings.adminGroup, role: "Reader", displayName: "Contoso admins" },
        { principalId: settings.adminGroup, role: "Managed Services Registration assignment Delete Role" },
    ],
    automationAccount: { principalId: automation.principalId },
});

export const offerGuid: string = armGuid("Contoso Managed Services");
export const principalId: pulumi.Output<string> = automation.principalId;
`;

const TSCONFIG = {
    compilerOptions: {
        target: "ES2022",
        module: "node16",
        moduleResolution: "node16",
        strict: true,
        outDir: "bin",
        skipLibCheck: true,
        types: ["node"],
    },
    files: ["index.ts"],
};

/** What `pulumi new typescript` projects commonly use: CommonJS with Node 10 resolution (no exports map). */
const TSCONFIG_NODE10 = {
    compilerOptions: { ...TSCONFIG.compilerOptions, module: "commonjs", moduleResolution: "node", noEmit: true },
    files: ["index.ts"],
};

/**
 * The importer's project, installed from the packed library and compiled with both tsconfigs: child processes only,
 * so it starts with the test run (test/kit/earlyStart.ts) and the specs before this one run meanwhile.
 */
const consumerProject = startEarly(async () => {
    const packed = await packedLibrary();
    const installed = await installedConsumer(packed.tarball, REPO, {
        dependencies: {
            "@pulumi/pulumi": repoPackage.dependencies["@pulumi/pulumi"],
            "@pulumi/azuread": repoPackage.dependencies["@pulumi/azuread"],
        },
        devDependencies: { "@types/node": repoPackage.devDependencies["@types/node"] },
    });
    const consumer = installed.dir;
    fs.writeFileSync(path.join(consumer, "index.ts"), PROGRAM);
    fs.writeFileSync(path.join(consumer, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
    fs.writeFileSync(path.join(consumer, "tsconfig.node10.json"), JSON.stringify(TSCONFIG_NODE10, null, 2));
    fs.writeFileSync(path.join(consumer, "Pulumi.yaml"), "name: consumer\nruntime: nodejs\nmain: bin/index.js\n");
    // tsc emits bin/index.js even when it reports type errors; the type-check tests assert on them. One after the
    // other: each parses some 575,000 lines of declarations, and two at once beside the other specs cost more CPU.
    const compile = (project: string) =>
        compileConsumer(consumer, REPO, project).then(
            () => undefined,
            (e: Error) => e,
        );
    const compileError = await compile("tsconfig.json");
    const compileNode10Error = await compile("tsconfig.node10.json");
    return { consumer, packedFiles: packed.files, compileError, compileNode10Error, installed };
});

describe("consumer install: the packed library in an importer's project", function () {
    this.timeout(420_000);
    let consumer: string;
    let packedFiles: string[];
    let fake: FakeAzure;
    let captured: Promise<Registration[]> | undefined;
    let compileError: Error | undefined;
    let compileNode10Error: Error | undefined;
    let installed: InstalledConsumer | undefined;

    before(async function () {
        this.timeout(420_000);
        const started = FakeAzure.start();
        ({ consumer, packedFiles, compileError, compileNode10Error, installed } = await consumerProject());

        fake = await started;
        fake.identity.addApp({
            tenantId: ids.partnerTenant,
            clientId: ids.automationClient,
            objectId: ids.automationObject,
            clientSecret: CLIENT_SECRET,
        });
    });

    after(async () => {
        await fake?.close();
        installed?.release();
    });

    it("installs this run's build, also into a project kept from an earlier run", () => {
        for (const file of ["bin/components/index.js", "bin/cli/main.js", "bin/components/componentSchema.json"]) {
            assert.ok(
                fs
                    .readFileSync(path.join(consumer, "node_modules", "lighthouse-pec", file))
                    .equals(fs.readFileSync(path.join(REPO, file))),
                `${file} installed${installed?.reused ? " into the kept project" : ""} is not this run's build`,
            );
        }
    });

    it("`prepare` is the build, and package.json's entry points are in the package it packs", () => {
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
            assert.ok(packedFiles.includes(entry), `${entry} is not in the package`);
        }
    });

    it("packs compiled JS, declarations and the role catalogue, and no sources or tests", () => {
        assert.ok(packedFiles.includes("bin/components/index.js"));
        assert.ok(packedFiles.includes("bin/components/index.d.ts"));
        assert.ok(packedFiles.includes("bin/core/roles/catalogue.json"), "the role catalogue ships with the package");
        assert.deepEqual(
            packedFiles.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
            [],
            "no TypeScript sources",
        );
        assert.deepEqual(
            packedFiles.filter((f) => f.startsWith("test/") || f.startsWith("bin/test/") || f.endsWith(".map")),
            [],
            "no tests or source maps",
        );
    });

    it("packs only what runs (package.json `files`): each compiled module and its .d.ts, the JSON it reads, the docs", () => {
        // The sources `npm run build` compiles (tsconfig.build.json) map one to one onto what the package holds.
        const build = JSON.parse(fs.readFileSync(path.join(REPO, "tsconfig.build.json"), "utf8")) as {
            include: string[];
        };
        const roots = [...new Set(build.include.map((glob) => glob.split("/")[0]))];
        const walk = (rel: string): string[] =>
            fs
                .readdirSync(path.join(REPO, rel), { withFileTypes: true })
                .flatMap((e) => (e.isDirectory() ? walk(`${rel}/${e.name}`) : [`${rel}/${e.name}`]));
        const sources = roots.flatMap(walk);
        const expected = [
            ...sources
                .filter((f) => f.endsWith(".ts"))
                .flatMap((f) => [`bin/${f.replace(/\.ts$/, ".js")}`, `bin/${f.replace(/\.ts$/, ".d.ts")}`]),
            ...sources.filter((f) => f.endsWith(".json")).map((f) => `bin/${f}`),
            "bin/components/componentSchema.json", // written by the build (Pulumi's analyzer), served by the plugin
            "package.json",
            "README.md",
            "LICENSE",
            "CHANGELOG.md",
        ].sort();
        assert.ok(expected.length > 250, `${expected.length} files expected: the walk found the sources`);
        assert.deepEqual([...packedFiles].sort(), expected);
    });

    it("type-checks an importer's program against the installed declarations (exports map, node16 resolution)", () => {
        assert.equal(compileError, undefined);
        assert.ok(fs.existsSync(path.join(consumer, "bin", "index.js")));
    });

    it('type-checks it with the older "moduleResolution": "node" too (top-level types field)', () => {
        assert.equal(compileNode10Error, undefined);
    });

    it("resolves the public entry point, and no deep path into bin/", () => {
        // createRequire anchors resolution in the consumer (plain require.resolve would self-reference this repo).
        const fromConsumer = (id: string) => createRequire(path.join(consumer, "index.js")).resolve(id);
        assert.equal(
            fromConsumer("lighthouse-pec"),
            path.join(consumer, "node_modules/lighthouse-pec/bin/components/index.js"),
        );
        assert.throws(() => fromConsumer("lighthouse-pec/bin/core/roles/index.js"), /not defined by "exports"/);
        assert.throws(
            () => fromConsumer("lighthouse-pec/internal/components/index.js"),
            /not defined by "exports"/,
            "internal/ is not a door into bin/",
        );
        // Not public API: the module the serialized PartnerAdminLink provider require()s.
        assert.equal(
            fromConsumer(RUNTIME_MODULE),
            path.join(consumer, "node_modules/lighthouse-pec/bin/components/partnerAdminLink/runtime.js"),
        );
        // The same contract for ResourceProviderRegistration's provider (the consumer program does not use it).
        assert.equal(
            fromConsumer("lighthouse-pec/internal/components/resourceProviderRegistration/runtime.js"),
            path.join(consumer, "node_modules/lighthouse-pec/bin/components/resourceProviderRegistration/runtime.js"),
        );
    });

    it("keeps the modules that providers serialized before runtime.js require, exporting what they call", () => {
        const fromConsumer = createRequire(path.join(consumer, "index.js"));
        // What the stored provider calls, read from its text: `(0, check_1.checkLinkInputs)(news)` etc.
        const calls: Record<string, string[]> = {};
        for (const [, variable, file] of LEGACY_PROVIDER.matchAll(
            /const (\w+) = require\("lighthouse-pec\/internal\/components\/partnerAdminLink\/(\w+\.js)"\)/g,
        )) {
            calls[file] = [
                ...new Set([...LEGACY_PROVIDER.matchAll(new RegExp(`${variable}\\.(\\w+)`, "g"))].map((m) => m[1])),
            ].sort();
        }
        assert.deepEqual(calls, {
            "check.js": ["checkLinkInputs"],
            "diff.js": ["diffLink"],
            "operations.js": ["ensureLink", "refreshLink", "removeLink"],
        });
        for (const [file, names] of Object.entries(calls)) {
            const mod = fromConsumer(`lighthouse-pec/internal/components/partnerAdminLink/${file}`) as Record<
                string,
                unknown
            >;
            for (const name of names) assert.equal(typeof mod[name], "function", `${file} exports ${name}`);
        }
    });

    /** Runs the program under mocks in the consumer project, once, for the tests that need its registrations. */
    function registrations(): Promise<Registration[]> {
        captured ??= captureRegistrationsInChild({
            cwd: consumer,
            program: "bin/index.js",
            env: {
                CONSUMER_SETTINGS: JSON.stringify({
                    ...ids,
                    partnerId: PARTNER_ID,
                    endpoints: { authorityHost: fake.url, resourceManager: fake.url },
                }),
            },
            resourceOutputs: {
                "azuread:index/application:Application": { clientId: ids.automationClient },
                "azuread:index/servicePrincipal:ServicePrincipal": { objectId: ids.automationObject },
                "azuread:index/applicationPassword:ApplicationPassword": { value: CLIENT_SECRET },
            },
            callResults: {
                "azuread:index/getClientConfig:getClientConfig": {
                    tenantId: ids.partnerTenant,
                    clientId: ids.automationClient,
                    objectId: ids.automationObject,
                },
            },
        });
        return captured;
    }

    it("runs the program under mocks in the consumer project and registers the components", async () => {
        const types = (await registrations()).map((r) => r.type);
        assert.ok(types.includes("lighthouse-pec:index:CustomerDelegation"));
        assert.ok(types.includes("lighthouse-pec:index:ProviderAutomationAccount"));
        assert.ok(types.includes("pulumi-nodejs:dynamic/lighthouse-pec:PartnerAdminLink"));
        const definition = (await registrations()).find(
            (r) => r.type === "azure-native:managedservices:RegistrationDefinition",
        )!;
        const authorizations = (
            definition.inputs.properties as { authorizations: Array<{ principalId: string; roleDefinitionId: string }> }
        ).authorizations;
        assert.ok(
            authorizations.some((a) => a.principalId === ids.automationObject && a.roleDefinitionId === CONTRIBUTOR),
            "the automation account's service principal is delegated with Contributor",
        );
    });

    it("runs the registered PartnerAdminLink through the engine protocol from the consumer's directory", async () => {
        const link = (await registrations()).find((r) => isDynamicType(r.type))!;
        const providerText = link.inputs.__provider as string;
        assert.ok(!providerText.includes(CLIENT_SECRET), "the secret is not in __provider");
        assert.ok(isSecret(link.inputs.credential), "the credential input is secret");
        assert.deepEqual(
            [...providerText.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]),
            [RUNTIME_MODULE],
            "one module, required by package path, not copied",
        );
        assert.ok(
            providerText.length <= 16 * 1024,
            `__provider in an importer's state is ${providerText.length} bytes; issue 3 allows 16 KiB`,
        );

        const harness = await EngineHarness.start({ cwd: consumer, env: { NODE_EXTRA_CA_CERTS: fake.certs.caFile } });
        try {
            const preview = await harness.check({ ...link.inputs, partnerId: UNKNOWN });
            assert.deepEqual(preview.failures, [], "preview (unknown partnerId) passes Check");
            const checked = await harness.check(link.inputs);
            assert.deepEqual(checked.failures, []);
            fake.clearLog();
            const created = await harness.create(checked.inputs);
            assert.equal(stripSecrets(created.outputs).plain.partnerId, PARTNER_ID);
            assert.equal(
                fake.partners.get({ tenantId: ids.partnerTenant, objectId: ids.automationObject })?.partnerId,
                PARTNER_ID,
            );
            assert.equal(fake.count("PUT", /\/providers\/Microsoft\.ManagementPartner\/partners\//), 1);
            assert.ok(!harness.stderr.includes(CLIENT_SECRET));
        } finally {
            await harness.close();
        }
    });

    it("refreshes and destroys with a provider serialized before runtime.js (as stored in older stacks' state)", async () => {
        const link = (await registrations()).find((r) => isDynamicType(r.type))!;
        const stored = { ...link.inputs, __provider: LEGACY_PROVIDER };
        const harness = await EngineHarness.start({ cwd: consumer, env: { NODE_EXTRA_CA_CERTS: fake.certs.caFile } });
        try {
            const checked = await harness.check(stored);
            assert.deepEqual(checked.failures, []);
            assert.deepEqual(
                (await harness.diff("x", stored, { ...checked.inputs, partnerId: "7654321" })).changes,
                "some",
            );
            const created = await harness.create(checked.inputs);
            const refreshed = await harness.read(created.id, created.outputs);
            assert.equal(stripSecrets(refreshed.outputs).plain.partnerId, PARTNER_ID);
            await harness.delete(created.id, created.outputs);
            assert.equal(
                fake.partners.get({ tenantId: ids.partnerTenant, objectId: ids.automationObject }),
                undefined,
                "the link is gone",
            );
        } finally {
            await harness.close();
        }
    });
});
