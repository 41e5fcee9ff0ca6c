// ResourceProviderRegistration over the engine protocol: the real serialized `__provider` runs in the real
// dynamic-provider host, which talks HTTPS to the fake Azure on 127.0.0.1 (trusted through NODE_EXTRA_CA_CERTS).
import * as assert from "node:assert/strict";
import { ResourceProviderRegistration } from "../../../components/resourceProviderRegistration";
import { captureRegistrations, isDynamicType } from "../../kit/captureRegistrations";
import { EngineHarness } from "../../kit/engineHarness";
import { addResourceProviderRoutes, FakeAzure, ResourceProviderState } from "../../kit/fakeAzure";
import { isSecret, stripSecrets, UNKNOWN, WireObject } from "../../kit/wireValues";

const TYPE = "pulumi-nodejs:dynamic/lighthouse-pec:ResourceProviderRegistration";
const URN = `urn:pulumi:customer::lighthouse-pec::${TYPE}::rp`;
const SUBSCRIPTION = "22222222-2222-4222-8222-222222222222";
const SECRET = "rp-engine-test-secret-5X~do-not-print";
const app = {
    tenantId: "11111111-1111-4111-8111-111111111111",
    clientId: "77777777-7777-4777-8777-777777777777",
    objectId: "44444444-4444-4444-8444-444444444444",
};

describe("ResourceProviderRegistration over the engine protocol (real host, fake Azure over HTTPS)", function () {
    this.timeout(90_000);
    let fake: FakeAzure;
    let providers: ResourceProviderState;
    let harness: EngineHarness;
    let inputs: WireObject;

    before(async () => {
        fake = await FakeAzure.start();
        fake.identity.addApp({ ...app, clientSecret: SECRET });
        providers = addResourceProviderRoutes(fake);
        providers.subscriptions.add(SUBSCRIPTION);
        providers.readsUntilRegistered = 0; // no real-time poll wait in the host
        const registrations = await captureRegistrations(
            () =>
                new ResourceProviderRegistration("rp", {
                    subscriptionId: SUBSCRIPTION,
                    credential: { kind: "clientSecret", ...app, clientSecret: SECRET },
                    endpoints: { authorityHost: fake.url, resourceManager: fake.url },
                    registrationTimeoutSeconds: 60,
                }),
            { project: "lighthouse-pec", stack: "customer" },
        );
        const registration = registrations.find((r) => isDynamicType(r.type))!;
        assert.equal(registration.type, TYPE);
        inputs = registration.inputs;
        harness = await EngineHarness.start({ env: { NODE_EXTRA_CA_CERTS: fake.certs.caFile }, urn: URN });
    });

    after(async () => {
        await harness?.close();
        await fake?.close();
    });

    it("keeps the secret out of __provider and marks the credential secret", () => {
        assert.ok(!(inputs.__provider as string).includes(SECRET));
        assert.ok(isSecret(inputs.credential));
    });

    it("Check (no network) → Create (registers) → Read → Diff → Delete (calls nothing)", async () => {
        const preview = await harness.check({ ...inputs, subscriptionId: UNKNOWN });
        assert.deepEqual(preview.failures, []);
        assert.equal(fake.requests.length, 0, "Check makes no network call");
        const checked = await harness.check(inputs);
        assert.deepEqual(checked.failures, []);
        assert.equal(checked.inputs.namespace, "Microsoft.ManagedServices", "Check fills the default");

        const created = await harness.create(checked.inputs);
        assert.equal(created.id, `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ManagedServices`);
        assert.equal(stripSecrets(created.outputs).plain.registrationState, "Registered");
        assert.ok(isSecret(created.outputs.credential), "the credential output stays secret");
        assert.deepEqual(fake.callLines(/\/providers\/Microsoft\.ManagedServices/), [
            `POST /subscriptions/${SUBSCRIPTION}/providers/Microsoft.ManagedServices/register`,
        ]);

        const read = await harness.read(created.id, created.outputs);
        assert.equal(stripSecrets(read.outputs).plain.registrationState, "Registered");
        assert.equal((await harness.diff(created.id, read.outputs, checked.inputs)).changes, "none");

        fake.clearLog();
        await harness.delete(created.id, created.outputs);
        assert.deepEqual(fake.requests, [], "delete never unregisters");
        assert.equal(providers.stateOf(SUBSCRIPTION, "Microsoft.ManagedServices"), "Registered");
    });

    it("fails Check with every bad input, before any call", async () => {
        fake.clearLog();
        const bad = await harness.check({ ...inputs, subscriptionId: "not-a-guid", namespace: "x" });
        assert.deepEqual(
            bad.failures.map((f) => f.property),
            ["subscriptionId", "namespace"],
        );
        assert.equal(fake.requests.length, 0);
    });
});
