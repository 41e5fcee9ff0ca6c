import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";

const TENANT = "11111111-2222-3333-4444-555555555555";
const SECRET = "mock-secret-value-0123456789";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A registration's inputs; a secret credential arrives as the SDK's wrapper, its plain value under `value`. */
type MockInputs = Record<string, unknown> & { credential?: { value: Record<string, unknown> } };
const registered: Array<Omit<pulumi.runtime.MockResourceArgs, "inputs"> & { inputs: MockInputs }> = [];
/** What a transformation on the component saw for each child: type, name, parent and options. */
const children: Array<{ type: string; name: string; parent?: pulumi.Resource; opts: pulumi.ResourceOptions }> = [];

/** Resolves an Output's value in mocks (preview=false, so apply runs). */
function value<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** True when a deserialized mock input is a secret wrapper. */
function isSecretValue(v: unknown): boolean {
    return typeof v === "object" && v !== null && Object.values(v).includes(SECRET_SIG);
}

describe("ProviderAutomationAccount and PartnerAdminLink under Pulumi mocks", () => {
    let account: import("../../../components/providerAutomationAccount").ProviderAutomationAccount;

    before(async () => {
        registered.length = 0;
        await pulumi.runtime.setMocks({
            newResource(args) {
                registered.push(args);
                const state: Record<string, unknown> = { ...(args.inputs as Record<string, unknown>) };
                if (args.type === "azuread:index/application:Application") Object.assign(state, { clientId: "aaaaaaaa-0000-0000-0000-000000000001", objectId: "app-object-id" });
                if (args.type === "azuread:index/servicePrincipal:ServicePrincipal") Object.assign(state, { objectId: "sp-object-id" });
                if (args.type === "azuread:index/applicationPassword:ApplicationPassword") Object.assign(state, { value: SECRET, keyId: "key-1" });
                if (args.type === "pulumi-nodejs:dynamic/lighthouse-pec:PartnerAdminLink") Object.assign(state, { state: "Active", tenantId: TENANT, objectId: "sp-object-id" });
                return { id: `${args.name}-id`, state };
            },
            call(args) {
                if (args.token === "azuread:index/getClientConfig:getClientConfig") return { tenantId: TENANT, clientId: "caller", objectId: "caller-oid" };
                return args.inputs as Record<string, unknown>;
            },
        }, "lighthouse-pec", "partner", false);
        const { ProviderAutomationAccount } = await import("../../../components/providerAutomationAccount");
        account = new ProviderAutomationAccount("pec", { partnerId: "1234567", secretRotation: "2025-Q3", owners: ["owner-oid"] }, {
            transformations: [(a) => {
                children.push({ type: a.type, name: a.name, parent: a.opts.parent, opts: a.opts });
                return undefined;
            }],
        });
        await value(pulumi.all([account.principalId, account.linkState, account.partnerId, account.tenantId, account.clientId]));
    });

    const byType = (suffix: string) => {
        const r = registered.filter((x) => x.type.endsWith(suffix) && (x.name.startsWith("pec")));
        assert.equal(r.length, 1, `one ${suffix}`);
        return r[0];
    };

    it("registers the component and its four children with derived names", () => {
        const types = registered.filter((r) => r.name.startsWith("pec")).map((r) => `${r.type}::${r.name}`).sort();
        assert.deepEqual(types, [
            "azuread:index/application:Application::pec-app",
            "azuread:index/applicationPassword:ApplicationPassword::pec-secret",
            "azuread:index/servicePrincipal:ServicePrincipal::pec-sp",
            "lighthouse-pec:index:ProviderAutomationAccount::pec",
            "pulumi-nodejs:dynamic/lighthouse-pec:PartnerAdminLink::pec-link",
        ]);
        assert.equal(byType(":ProviderAutomationAccount").custom, false);
    });

    it("parents every child to the component (URN type chain)", async () => {
        const kids = children.filter((c) => c.name !== "pec");
        assert.equal(kids.length, 4);
        const componentUrn = await value(account.urn);
        assert.match(componentUrn, /::lighthouse-pec:index:ProviderAutomationAccount::pec$/);
        for (const c of kids) {
            assert.equal(c.parent, account, c.name);
            assert.equal(await value(c.parent.urn), componentUrn);
        }
        const link = kids.find((c) => c.type.endsWith(":PartnerAdminLink"))!;
        assert.ok((link.opts as pulumi.CustomResourceOptions).additionalSecretOutputs?.includes("credential"));
        assert.equal(((link.opts.dependsOn ?? []) as pulumi.Resource[]).length, 1, "the link waits for the service principal");
    });

    it("wires app → SP → password → link, with rotation and owners", () => {
        assert.equal(byType(":ServicePrincipal").inputs.clientId, "aaaaaaaa-0000-0000-0000-000000000001");
        assert.deepEqual(byType(":ServicePrincipal").inputs.owners, ["owner-oid"]);
        const password = byType(":ApplicationPassword").inputs;
        assert.equal(password.applicationId, "pec-app-id");
        assert.deepEqual(password.rotateWhenChanged, { rotation: "2025-Q3" });
        const link = byType(":PartnerAdminLink").inputs;
        assert.equal(link.partnerId, "1234567");
        assert.deepEqual({ ...link.credential?.value, clientSecret: undefined }, { kind: "clientSecret", tenantId: TENANT, clientId: "aaaaaaaa-0000-0000-0000-000000000001", clientSecret: undefined });
    });

    it("exposes principalId, clientId, tenantId, partnerId and linkState", async () => {
        assert.deepEqual(await value(pulumi.all({
            principalId: account.principalId, clientId: account.clientId, tenantId: account.tenantId, partnerId: account.partnerId, linkState: account.linkState,
        })), { principalId: "sp-object-id", clientId: "aaaaaaaa-0000-0000-0000-000000000001", tenantId: TENANT, partnerId: "1234567", linkState: "Active" });
    });

    it("passes the client secret to the PartnerAdminLink as a secret (the SDK lifts it to the credential input)", async () => {
        const link = byType(":PartnerAdminLink").inputs;
        assert.ok(isSecretValue(link.credential), "credential input is secret");
        assert.equal(link.credential?.value.clientSecret, SECRET);
        assert.equal(isSecretValue(link.partnerId), false);
    });

    it("makes a plain-text clientSecret secret in a standalone PartnerAdminLink, but not other credential kinds", async () => {
        const { PartnerAdminLink } = await import("../../../components/partnerAdminLink");
        new PartnerAdminLink("plain", { partnerId: "1", credential: { kind: "clientSecret", tenantId: TENANT, clientId: "c", clientSecret: "plain-text-secret" } });
        new PartnerAdminLink("cli", { partnerId: "1", credential: { kind: "azureCli" } });
        await new Promise((resolve) => setTimeout(resolve, 200));
        const plain = registered.find((r) => r.name === "plain")!.inputs;
        assert.ok(isSecretValue(plain.credential));
        assert.equal(registered.find((r) => r.name === "plain")!.inputs.__provider, byType(":PartnerAdminLink").inputs.__provider, "one provider instance, one __provider text");
        assert.equal(isSecretValue(registered.find((r) => r.name === "cli")!.inputs.credential), false);
    });

    it("serializes a __provider without secrets or inlined third-party code, within the size budget", () => {
        const text = byType(":PartnerAdminLink").inputs.__provider as string;
        assert.equal(typeof text, "string");
        assert.ok(!text.includes(SECRET), "no secret in __provider");
        assert.ok(!text.includes(SECRET_SIG), "__provider is not a secret value");
        assert.match(text, /exports\.handler/);
        const requires = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).sort();
        assert.deepEqual([...new Set(requires)], ["@azure/core-rest-pipeline", "@azure/identity"]);
        // Third-party code would show up as big captured module objects; only our own functions are inlined.
        assert.ok(!/msal|ClientSecretCredential\s*=\s*class|createPipelineRequest\s*=\s*function/.test(text));
        // By value (this repository) the provider carries its own logic; installed from npm it is ~2.6 KB of require()s (see bench:link).
        const bytes = Buffer.byteLength(text);
        assert.ok(bytes <= 32 * 1024, `__provider is ${bytes} bytes`);
    });

    it("the serialized provider runs: check and diff work after deserialization", async () => {
        const text = byType(":PartnerAdminLink").inputs.__provider as string;
        const mod = { exports: {} as { handler: () => import("@pulumi/pulumi").dynamic.ResourceProvider } };
        // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the serialized provider text the way Pulumi's host loads it
        const load = new Function("exports", "module", "require", text) as (exports: object, module: object, require: NodeJS.Require) => void;
        load(mod.exports, mod, require);
        const provider = mod.exports.handler();
        const checked = await provider.check!({}, { partnerId: "12x", credential: { kind: "azureCli" } });
        assert.equal(checked.failures?.[0].property, "partnerId");
        const olds = { partnerId: "1", credential: { kind: "azureCli" } };
        assert.deepEqual(await provider.diff!("id", olds, { partnerId: "2", credential: { kind: "azureCli" } }), { changes: true, replaces: [] });
    });
});
