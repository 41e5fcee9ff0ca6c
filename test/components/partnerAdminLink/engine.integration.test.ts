// PartnerAdminLink over the engine protocol: the real serialized `__provider` (taken from a
// registration under mocks) runs in the real dynamic-provider host, which talks HTTPS to the fake
// Azure on 127.0.0.1 (trusted through NODE_EXTRA_CA_CERTS, as a user's CA bundle would be).
import * as assert from "node:assert/strict";
import { PartnerAdminLink } from "../../../components/partnerAdminLink";
import { FakeAzure } from "../../kit/fakeAzure";
import { captureRegistrations, isDynamicType } from "../../kit/captureRegistrations";
import { EngineHarness, ProviderCallError, ResourceResult } from "../../kit/engineHarness";
import { allStrings, isSecret, stripSecrets, UNKNOWN, WireObject } from "../../kit/wireValues";

const TYPE = "pulumi-nodejs:dynamic/lighthouse-pec:PartnerAdminLink";
const URN = `urn:pulumi:partner::lighthouse-pec::${TYPE}::link`;
const PARTNERS = "/providers/Microsoft.ManagementPartner/partners";
const SECRET = "pal-engine-test-secret-7Q~do-not-print";
const EXPIRED_SECRET = "pal-engine-expired-secret-3R~do-not-print";
const app = {
    tenantId: "11111111-1111-4111-8111-111111111111",
    clientId: "77777777-7777-4777-8777-777777777777",
    objectId: "44444444-4444-4444-8444-444444444444",
};
const expiredApp = {
    ...app,
    clientId: "88888888-8888-4888-8888-888888888888",
    objectId: "99999999-9999-4999-8999-999999999999",
};

/** The fake's Microsoft.ManagementPartner calls, as `METHOD path` lines. */
function partnerCalls(fake: FakeAzure): string[] {
    return fake.callLines(/ManagementPartner/);
}

function tokenCalls(fake: FakeAzure): number {
    return fake.count("POST", /\/oauth2\/v2\.0\/token$/);
}

function plain(result: ResourceResult | { outputs: WireObject }): WireObject {
    return stripSecrets(result.outputs).plain;
}

describe("PartnerAdminLink over the engine protocol (real host, fake Azure over HTTPS)", function () {
    this.timeout(90_000);
    let fake: FakeAzure;
    let harness: EngineHarness;
    let inputs: WireObject;
    let providerText: string;

    before(async () => {
        fake = await FakeAzure.start();
        fake.identity.addApp({ ...app, clientSecret: SECRET });
        fake.identity.addApp({ ...expiredApp, clientSecret: EXPIRED_SECRET });
        fake.identity.expireSecret(expiredApp.clientId);
        const registrations = await captureRegistrations(
            () =>
                new PartnerAdminLink("link", {
                    partnerId: "1234567",
                    credential: { kind: "clientSecret", ...pick(app), clientSecret: SECRET },
                    endpoints: { authorityHost: fake.url, resourceManager: fake.url },
                    propagationTimeoutSeconds: 5,
                }),
            { project: "lighthouse-pec", stack: "partner" },
        );
        const link = registrations.find((r) => isDynamicType(r.type))!;
        assert.equal(link.type, TYPE);
        inputs = link.inputs;
        providerText = inputs.__provider as string;
        harness = await EngineHarness.start({ env: { NODE_EXTRA_CA_CERTS: fake.certs.caFile }, urn: URN });
    });

    after(async () => {
        await harness?.close();
        await fake?.close();
    });

    it("registers a __provider without the secret, and the credential as a secret input", () => {
        assert.equal(typeof providerText, "string");
        assert.ok(!providerText.includes(SECRET), "the client secret is not in __provider");
        assert.ok(isSecret(inputs.credential), "credential is a secret input");
        assert.ok(!isSecret(inputs.__provider), "__provider captured no secret");
    });

    it("Check → Create → Read → Diff → Check → Diff → Update → Delete, asserting the fake's request log", async () => {
        const preview = await harness.check({ ...inputs, partnerId: UNKNOWN });
        assert.deepEqual(preview.failures, [], "an unknown partnerId (preview) passes Check");
        assert.equal(fake.requests.length, 0, "Check makes no network call");

        const checked = await harness.check(inputs);
        assert.deepEqual(checked.failures, []);
        assert.equal(checked.inputs.onExistingLink, "adopt", "Check fills the default");
        assert.ok(isSecret(checked.inputs.credential), "the engine keeps the credential secret");

        const created = await harness.create(checked.inputs);
        assert.equal(created.id, `${app.tenantId}/${app.objectId}`);
        assert.ok(isSecret(created.outputs.credential), "the credential output is secret");
        const outs = plain(created);
        assert.equal(outs.partnerId, "1234567");
        assert.equal(outs.tenantId, app.tenantId);
        assert.equal(outs.objectId, app.objectId);
        assert.equal(outs.state, "Active");
        assert.equal(created.outputs.__provider, providerText);
        assert.deepEqual(partnerCalls(fake), [`GET ${PARTNERS}`, `PUT ${PARTNERS}/1234567`]);
        assert.equal(tokenCalls(fake), 1);
        assert.equal(fake.partners.get(app)?.partnerId, "1234567");

        fake.clearLog();
        const refreshed = await harness.read(created.id, created.outputs);
        assert.equal(refreshed.id, created.id);
        assert.equal(plain(refreshed).partnerId, "1234567");
        assert.deepEqual(partnerCalls(fake), [`GET ${PARTNERS}`], "refresh only reads");

        assert.equal(
            (await harness.diff(created.id, refreshed.outputs, checked.inputs)).changes,
            "none",
            "a second preview shows no change",
        );

        const repointed = await harness.check({ ...inputs, partnerId: "7654321" });
        const diff = await harness.diff(created.id, refreshed.outputs, repointed.inputs);
        assert.deepEqual([diff.changes, diff.replaces], ["some", []], "a new partnerId is an in-place update");
        const otherIdentity = await harness.check({
            ...inputs,
            credential: { kind: "clientSecret", ...pick(expiredApp), clientSecret: EXPIRED_SECRET },
        });
        assert.deepEqual(
            (await harness.diff(created.id, refreshed.outputs, otherIdentity.inputs)).replaces,
            ["credential"],
            "another identity replaces",
        );

        fake.clearLog();
        const updated = await harness.update(created.id, refreshed.outputs, repointed.inputs);
        assert.equal(plain(updated).partnerId, "7654321");
        assert.deepEqual(partnerCalls(fake), [`GET ${PARTNERS}`, `PATCH ${PARTNERS}/7654321`]);
        assert.equal(fake.partners.get(app)?.partnerId, "7654321");
        assert.equal(fake.partners.get(app)?.version, 2, "PATCH re-points the existing link");

        fake.clearLog();
        await harness.delete(created.id, updated.outputs);
        assert.deepEqual(partnerCalls(fake), [`DELETE ${PARTNERS}/7654321`]);
        assert.equal(fake.partners.get(app), undefined);
        await harness.delete(created.id, updated.outputs);
        assert.equal(fake.count("DELETE"), 2, "deleting a link that is already gone succeeds");
    });

    it("refresh reports a link re-pointed outside Pulumi, so the next diff repairs it", async () => {
        const checked = await harness.check(inputs);
        const created = await harness.create(checked.inputs);
        fake.partners.setOutOfBand(app, "5555555");
        const refreshed = await harness.read(created.id, created.outputs);
        assert.equal(plain(refreshed).partnerId, "5555555");
        assert.equal((await harness.diff(created.id, refreshed.outputs, checked.inputs)).changes, "some");
        fake.partners.removeOutOfBand(app);
        assert.equal((await harness.read(created.id, created.outputs)).id, "", "a removed link reads as gone");
    });

    it("refresh with an expired secret keeps the last state and warns on stderr (where the engine shows provider logs)", async () => {
        const stale = {
            ...plain({ outputs: inputs }),
            credential: { kind: "clientSecret", ...pick(expiredApp), clientSecret: EXPIRED_SECRET },
            partnerId: "1234567",
        };
        const refreshed = await harness.read(`${expiredApp.tenantId}/${expiredApp.objectId}`, stale);
        assert.equal(plain(refreshed).partnerId, "1234567");
        assert.match(harness.stderr, /keeping the last known state/);
    });

    it("returns a bad partnerId from Check as a failure naming the field and the value", async () => {
        const checked = await harness.check({ ...inputs, partnerId: "12ab" });
        assert.equal(checked.failures.length, 1);
        assert.equal(checked.failures[0].property, "partnerId");
        assert.match(checked.failures[0].reason, /"12ab"/);
    });

    it("fails Create at once on an expired secret (AADSTS7000222) with advice, no write and no secret in the error", async () => {
        const checked = await harness.check({
            ...inputs,
            credential: { kind: "clientSecret", ...pick(expiredApp), clientSecret: EXPIRED_SECRET },
        });
        fake.clearLog();
        const err = await harness.create(checked.inputs).then(
            () => assert.fail("Create should fail"),
            (e: unknown) => e as ProviderCallError,
        );
        assert.ok(err instanceof ProviderCallError);
        assert.equal(err.method, "Create");
        assert.equal(err.codeName, "UNKNOWN");
        assert.match(err.details, /AADSTS7000222/);
        assert.match(err.details, /expired/i);
        assert.ok(!err.message.includes(EXPIRED_SECRET));
        assert.equal(tokenCalls(fake), 1, "an expired secret is not retried");
        assert.deepEqual(partnerCalls(fake), [], "nothing was written");
    });

    it("a thrown AzureCallError crosses the host whole: its message to the engine, its class in the host's log", async () => {
        const stale = {
            ...plain({ outputs: inputs }),
            credential: { kind: "clientSecret", ...pick(expiredApp), clientSecret: EXPIRED_SECRET },
            partnerId: "1234567",
            propagationTimeoutSeconds: 0,
        };
        const logged = harness.stderr.length;
        const err = await harness.delete(`${expiredApp.tenantId}/${expiredApp.objectId}`, stale).then(
            () => assert.fail("Delete should fail"),
            (e: unknown) => e as ProviderCallError,
        );
        assert.match(err.details, /^Could not get an Entra ID token \(AADSTS7000222\).* To remove the link anyway/);
        // Delete's host logs `${e}: ${e.stack}`. The class name and a stack come only from a deserialized class whose
        // prototype chain reaches Error (core/errors.ts); a plain object prints "[object Object]: undefined".
        const expected = `AzureCallError: ${err.details}`;
        for (let i = 0; i < 200 && !harness.stderr.slice(logged).includes(expected); i++)
            await new Promise((resolve) => setTimeout(resolve, 10));
        const log = harness.stderr.slice(logged);
        assert.ok(log.includes(`${expected}: AzureCallError: ${err.details}\n    at `), log);
        assert.doesNotMatch(log, /\[object Object\]|: undefined/);
        assert.ok(!log.includes(EXPIRED_SECRET));
    });

    it("propagates an ARM refusal (403) from Create with its code and what to do", async () => {
        const checked = await harness.check(inputs);
        fake.clearLog();
        fake.injectFault({
            method: "GET",
            path: /ManagementPartner/,
            fault: {
                kind: "status",
                status: 403,
                body: fake.armError("AuthorizationFailed", "The client does not have authorization."),
            },
        });
        await assert.rejects(harness.create(checked.inputs), (err: ProviderCallError) => {
            assert.equal(err.method, "Create");
            assert.match(err.details, /403 AuthorizationFailed/);
            assert.match(err.details, /credential\.tenantId/, "the advice names the field to check");
            return true;
        });
        assert.equal(fake.pendingFaults(), 0, "the injected 403 was served");
        assert.deepEqual(partnerCalls(fake), [`GET ${PARTNERS}`], "a 403 is not retried and nothing is written");
    });

    it("never printed a secret on the host's stdout or stderr, or in engine logs", () => {
        const seen = [harness.stderr, harness.stdout, ...allStrings(harness.engineLogs)].join("\n");
        assert.ok(!seen.includes(SECRET));
        assert.ok(!seen.includes(EXPIRED_SECRET));
    });
});

function pick(a: typeof app): { tenantId: string; clientId: string } {
    return { tenantId: a.tenantId, clientId: a.clientId };
}
