import * as assert from "node:assert/strict";
import {
    createResourceProviderRegistrationProvider,
    ResourceProviderRegistrationInputs,
    ResourceProviderRegistrationOutputs,
} from "../../../components/resourceProviderRegistration";
import { checkRegistration } from "../../../components/resourceProviderRegistration/check";
import { diffRegistration } from "../../../components/resourceProviderRegistration/diff";
import { addResourceProviderRoutes, FakeAzure, ResourceProviderState, VirtualClock } from "../../kit/fakeAzure";

const SUBSCRIPTION = "22222222-2222-4222-8222-222222222222";
const PROVIDERS = /^\/subscriptions\/[^/]+\/providers\//;
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("ResourceProviderRegistration provider against the fake Azure (HTTPS)", function () {
    let clock: VirtualClock;
    let fake: FakeAzure;
    let providers: ResourceProviderState;
    let app: { tenantId: string; clientId: string; clientSecret: string; objectId: string };

    before(async () => {
        clock = new VirtualClock();
        fake = await FakeAzure.start({ now: clock.now });
        providers = addResourceProviderRoutes(fake);
        providers.subscriptions.add(SUBSCRIPTION);
        app = fake.identity.addApp();
    });
    after(() => fake.close());
    beforeEach(() => {
        fake.clearLog();
        clock.sleeps.length = 0;
        providers.readsUntilRegistered = 2;
        providers.forbidden.clear();
    });

    const provider = () =>
        createResourceProviderRegistrationProvider({
            clock: { sleep: clock.sleep, now: clock.now, random: () => 0.5 },
            agent: fake.agent,
            pollIntervalMs: 5000,
        });
    const inputs = (over: Partial<ResourceProviderRegistrationInputs> = {}): ResourceProviderRegistrationInputs => ({
        subscriptionId: SUBSCRIPTION,
        namespace: "Microsoft.ManagedServices",
        credential: {
            kind: "clientSecret",
            tenantId: app.tenantId,
            clientId: app.clientId,
            clientSecret: app.clientSecret,
        },
        endpoints: fake.endpoints,
        ...over,
    });
    const providerCalls = () => fake.callLines(PROVIDERS);

    it("registers Microsoft.ManagedServices and reads until Registered, bounded", async () => {
        providers.set(SUBSCRIPTION, "Microsoft.ManagedServices", "NotRegistered");
        const { id, outs } = await provider().create(inputs());
        assert.equal(id, `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ManagedServices`);
        assert.equal(outs!.registrationState, "Registered");
        assert.equal(providers.stateOf(SUBSCRIPTION, "Microsoft.ManagedServices"), "Registered");
        const calls = fake.calls(undefined, PROVIDERS).map((c) => `${c.method} ${c.path} ${c.query["api-version"]}`);
        assert.deepEqual(calls, [
            `POST /subscriptions/${SUBSCRIPTION}/providers/Microsoft.ManagedServices/register 2021-04-01`,
            `GET /subscriptions/${SUBSCRIPTION}/providers/Microsoft.ManagedServices 2021-04-01`,
            `GET /subscriptions/${SUBSCRIPTION}/providers/Microsoft.ManagedServices 2021-04-01`,
        ]);
        assert.deepEqual(clock.sleeps, [5000, 5000], "one poll interval before each read");
    });

    it("adopts a provider that is registered already (one POST, no wait)", async () => {
        providers.set(SUBSCRIPTION, "Microsoft.ManagedServices", "Registered");
        const outs = (await provider().create(inputs())).outs!;
        assert.equal(outs.registrationState, "Registered");
        assert.equal(providerCalls().length, 1);
        assert.deepEqual(clock.sleeps, []);
    });

    it("gives up after registrationTimeoutSeconds with a message that says what to do", async () => {
        providers.readsUntilRegistered = 1000;
        providers.set(SUBSCRIPTION, "Microsoft.Insights", "NotRegistered");
        await assert.rejects(
            provider().create(inputs({ namespace: "Microsoft.Insights", registrationTimeoutSeconds: 20 })),
            /Microsoft\.Insights is still "Registering" .* after 20 s.*pulumi up/,
        );
        assert.ok(providerCalls().length <= 6, providerCalls().join("\n"));
    });

    it("explains a missing register permission and an unknown subscription", async () => {
        providers.forbidden.add(app.objectId);
        await assert.rejects(provider().create(inputs()), (err: Error) => {
            assert.match(err.message, /HTTP 403 AuthorizationFailed/);
            assert.match(err.message, /Microsoft\.ManagedServices\/register\/action .* \(Contributor or Owner/);
            assert.ok(!err.message.includes(app.clientSecret));
            return true;
        });
        providers.forbidden.clear();
        const other = "99999999-9999-4999-8999-999999999999";
        await assert.rejects(
            provider().create(inputs({ subscriptionId: other })),
            /HTTP 404 SubscriptionNotFound.*exists/,
        );
    });

    it("survives a 429 and a dropped connection (retried)", async () => {
        providers.set(SUBSCRIPTION, "Microsoft.ManagedServices", "NotRegistered");
        fake.injectFault({
            method: "POST",
            path: PROVIDERS,
            fault: { kind: "status", status: 429, retryAfterSeconds: 3 },
        });
        fake.injectFault({ method: "GET", path: PROVIDERS, fault: { kind: "drop" } });
        const outs = (await provider().create(inputs())).outs!;
        assert.equal(outs.registrationState, "Registered");
        assert.equal(fake.pendingFaults(), 0);
    });

    it("reads the state on refresh and never unregisters on delete", async () => {
        providers.set(SUBSCRIPTION, "Microsoft.ManagedServices", "Registered");
        const p = provider();
        const outs = (await p.create(inputs())).outs!;
        const read = await p.read!(`/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ManagedServices`, outs);
        assert.equal((read.props as ResourceProviderRegistrationOutputs).registrationState, "Registered");
        fake.clearLog();
        await p.delete!(`/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ManagedServices`, outs);
        assert.deepEqual(fake.requests, [], "delete calls nothing");
        assert.equal(providers.stateOf(SUBSCRIPTION, "Microsoft.ManagedServices"), "Registered");
    });
});

describe("ResourceProviderRegistration check and diff (no network)", () => {
    const credential = { kind: "default" };
    it("fills the namespace, accepts unknowns and reports every bad input", () => {
        const ok = checkRegistration(undefined, { subscriptionId: SUBSCRIPTION, credential });
        assert.deepEqual(ok.failures, []);
        assert.equal(ok.inputs.namespace, "Microsoft.ManagedServices");
        assert.deepEqual(checkRegistration(undefined, { subscriptionId: UNKNOWN, credential: UNKNOWN }).failures, []);
        const bad = checkRegistration(undefined, {
            subscriptionId: "nope",
            namespace: "managed services",
            credential: { kind: "clientSecret", tenantId: "t" },
            timeoutSeconds: 0,
        });
        assert.deepEqual(
            bad.failures.map((f) => f.property),
            ["subscriptionId", "namespace", "credential", "credential", "timeoutSeconds"],
        );
    });

    it("replaces for another subscription or namespace, updates for settings, ignores case and outputs", () => {
        const olds = {
            subscriptionId: SUBSCRIPTION,
            namespace: "Microsoft.ManagedServices",
            credential,
            registrationState: "Registered",
        };
        const news = { subscriptionId: SUBSCRIPTION.toUpperCase(), namespace: "microsoft.managedservices", credential };
        assert.deepEqual(diffRegistration("", olds, news), { changes: false, replaces: [] });
        assert.deepEqual(diffRegistration("", olds, { ...news, subscriptionId: UNKNOWN }), {
            changes: true,
            replaces: ["subscriptionId"],
        });
        assert.deepEqual(diffRegistration("", olds, { ...news, namespace: "Microsoft.Insights" }), {
            changes: true,
            replaces: ["namespace"],
        });
        assert.deepEqual(diffRegistration("", olds, { ...news, timeoutSeconds: 60 }), { changes: true, replaces: [] });
    });
});
