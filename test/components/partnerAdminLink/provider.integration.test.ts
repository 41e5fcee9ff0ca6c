import * as assert from "node:assert/strict";
import type { PartnerAdminLinkInputs } from "../../../components/partnerAdminLink";
import { aadstsError, FakeAzure, VirtualClock } from "../../kit/fakeAzure";
import { FakeApp, fakeLinkProvider, linkInputs, rejectsRecorded } from "../../kit/partnerAdminLink";

const TOKEN = /\/oauth2\/v2\.0\/token$/;
const PARTNERS = /^\/providers\/Microsoft\.ManagementPartner\/partners/;
const P = "/providers/Microsoft.ManagementPartner/partners";

describe("PartnerAdminLink provider against the fake Azure (HTTPS)", function () {
    let clock: VirtualClock;
    let fake: FakeAzure;
    let warnings: string[];
    let messages: string[];
    let secrets: string[];

    before(async () => {
        clock = new VirtualClock();
        fake = await FakeAzure.start({ now: clock.now });
        messages = [];
        secrets = [];
    });
    after(async () => {
        await fake.close();
        // Every error and warning of this suite, checked once more for any secret used in it.
        for (const m of [...messages, ...warnings])
            for (const s of secrets) assert.ok(!m.includes(s), `secret leaked in: ${m}`);
    });
    beforeEach(() => {
        fake.clearLog();
        clock.sleeps.length = 0;
        warnings = [];
        fake.options.alreadyLinkedStatus = 409;
        fake.options.legacyErrorShape = false;
        fake.options.versionAsString = false;
    });

    const provider = () => fakeLinkProvider(fake, clock, (m) => warnings.push(m));
    const newApp = (o: Parameters<FakeAzure["identity"]["addApp"]>[0] = {}) => {
        const app = fake.identity.addApp(o);
        secrets.push(app.clientSecret);
        return app;
    };
    const inputs = (app: FakeApp, over: Partial<PartnerAdminLinkInputs> = {}) => linkInputs(app, fake.url, over);
    const rejects = (p: Promise<unknown>, re: RegExp) => rejectsRecorded(p, re, messages);
    const armCalls = () => fake.callLines(PARTNERS);
    const tokenCalls = () => fake.count("POST", TOKEN);

    describe("create", () => {
        it("not linked → 1 token + 1 read + 1 PUT; outputs are the inputs plus the link facts, plain JSON", async () => {
            const app = newApp();
            const r = await provider().create(inputs(app));
            assert.equal(tokenCalls(), 1);
            assert.deepEqual(armCalls(), [`GET ${P}`, `PUT ${P}/1234567`]);
            assert.equal(r.id, `${app.tenantId}/${app.objectId}`);
            const o = r.outs!;
            assert.deepEqual(
                {
                    partnerId: o.partnerId,
                    tenantId: o.tenantId,
                    objectId: o.objectId,
                    state: o.state,
                    version: o.version,
                    onExistingLink: o.onExistingLink,
                },
                {
                    partnerId: "1234567",
                    tenantId: app.tenantId,
                    objectId: app.objectId,
                    state: "Active",
                    version: 1,
                    onExistingLink: "adopt",
                },
            );
            assert.equal(typeof o.createdTime, "string");
            assert.deepEqual(JSON.parse(JSON.stringify(o)), o, "outs must be plain JSON");
            assert.ok(!Object.values(o).includes(undefined as never));
            assert.equal(fake.partners.get(app)?.partnerId, "1234567");
        });

        it("waits out Entra ID replication (AADSTS700016) with bounded exponential backoff", async () => {
            const D = 20_000;
            const app = newApp({ replicationDelayMs: D });
            const start = clock.now();
            await provider().create(inputs(app));
            const waits = clock.sleeps;
            assert.equal(tokenCalls(), waits.length + 1);
            assert.equal(
                fake.calls("POST", TOKEN).filter((c) => c.status === 400).length,
                waits.length,
                "each wait followed a 700016",
            );
            assert.ok(waits[0] <= 2000, `first wait ${waits[0]}`);
            waits
                .slice(1)
                .forEach((w, i) => assert.ok(w <= 2 * waits[i] && w <= 30_000, `wait ${w} after ${waits[i]}`));
            assert.ok(clock.now() - start <= D * 1.25 + 2000, `took ${clock.now() - start} ms for D=${D}`);
            assert.deepEqual(armCalls(), [`GET ${P}`, `PUT ${P}/1234567`]);
        });

        it("waits out a not-yet-replicated secret (AADSTS7000215) too", async () => {
            const app = newApp({ replicationDelayMs: 5000, replicationError: 7000215 });
            await provider().create(inputs(app));
            assert.ok(clock.sleeps.length >= 2);
            assert.equal(fake.calls("POST", TOKEN).filter((c) => c.status === 401).length, clock.sleeps.length);
        });

        it("gives up after propagationTimeoutSeconds with advice, having written nothing", async () => {
            const app = newApp({ replicationDelayMs: 3_600_000 });
            const start = clock.now();
            await rejects(
                provider().create(inputs(app, { propagationTimeoutSeconds: 60 })),
                /AADSTS700016.*tenantId.*clientId.*raise propagationTimeoutSeconds/s,
            );
            assert.ok(clock.now() - start <= 60_000, "total bounded by the timeout");
            assert.ok(clock.now() - start >= 59_000, "used the whole budget");
            assert.deepEqual(armCalls(), []);
            assert.equal(fake.partners.get(app), undefined);
        });

        it("fails at once on an expired secret (AADSTS7000222)", async () => {
            const app = newApp();
            fake.identity.expireSecret(app.clientId);
            await rejects(provider().create(inputs(app)), /AADSTS7000222.*expired.*create a new one/s);
            assert.equal(tokenCalls(), 1);
            assert.deepEqual(clock.sleeps, []);
            assert.deepEqual(armCalls(), []);
        });

        it("fails at once on an unknown tenant (other AADSTS codes are not retried)", async () => {
            const app = newApp();
            fake.route("POST", new RegExp(`^/${app.tenantId}/oauth2/v2\\.0/token$`), () =>
                aadstsError(900023, app.tenantId, app.clientId),
            );
            await rejects(provider().create(inputs(app)), /AADSTS900023.*Check credential\.tenantId/s);
            assert.equal(tokenCalls(), 1);
        });

        it("already linked to the same partner → adopt, no write", async () => {
            const app = newApp();
            fake.partners.setOutOfBand(app, "1234567");
            const r = await provider().create(inputs(app));
            assert.deepEqual(armCalls(), [`GET ${P}`]);
            assert.equal(r.outs!.partnerId, "1234567");
        });

        it("linked to another partner → fails naming both IDs, no write", async () => {
            const app = newApp();
            fake.partners.setOutOfBand(app, "7777777");
            await rejects(provider().create(inputs(app)), /7777777.*1234567.*onExistingLink: "relink"/s);
            assert.deepEqual(armCalls(), [`GET ${P}`]);
            assert.equal(fake.partners.get(app)?.partnerId, "7777777");
        });

        it('linked to another partner with onExistingLink "relink" → PATCH (same createdTime, version+1)', async () => {
            const app = newApp();
            const before = fake.partners.setOutOfBand(app, "7777777");
            const r = await provider().create(inputs(app, { onExistingLink: "relink" }));
            assert.deepEqual(armCalls(), [`GET ${P}`, `PATCH ${P}/1234567`]);
            const o = r.outs!;
            assert.equal(o.createdTime, before.createdTime);
            assert.equal(o.version, before.version + 1);
        });

        it('onExistingLink "fail" refuses even a link to the same partner', async () => {
            const app = newApp();
            fake.partners.setOutOfBand(app, "1234567");
            await rejects(
                provider().create(inputs(app, { onExistingLink: "fail" })),
                /already linked to partner ID 1234567 and onExistingLink is "fail"/,
            );
            assert.deepEqual(armCalls(), [`GET ${P}`]);
        });

        /** A link made between our read and our PUT (e.g. a concurrent run): the first GET sees none. */
        function linkedBetweenReadAndPut(app: ReturnType<typeof newApp>, partnerId: string): void {
            let first = true;
            fake.route("GET", new RegExp(`^${P}$`), (ctx) => {
                if (ctx.caller?.objectId !== app.objectId) return undefined;
                if (first) {
                    first = false;
                    fake.partners.setOutOfBand(app, partnerId);
                    return { status: 404, body: fake.armError("PartnerNotFound", "none") };
                }
                return { status: 200, body: fake.partners.toResponse(fake.partners.get(app)!) };
            });
        }

        for (const status of [409, 400]) {
            it(`PartnerIdAlreadyLinked from the PUT (status ${status}) is keyed on the code: re-read and adopt`, async () => {
                fake.options.alreadyLinkedStatus = status;
                const app = newApp();
                linkedBetweenReadAndPut(app, "1234567");
                const r = await provider().create(inputs(app));
                assert.deepEqual(armCalls(), [`GET ${P}`, `PUT ${P}/1234567`, `GET ${P}`]);
                assert.equal(fake.calls("PUT", PARTNERS)[0].status, status);
                assert.equal(r.outs!.partnerId, "1234567");
            });
        }

        it("PartnerIdAlreadyLinked with a link to another partner fails naming both IDs", async () => {
            const app = newApp();
            linkedBetweenReadAndPut(app, "5555555");
            await rejects(provider().create(inputs(app)), /5555555.*1234567/s);
            assert.equal(fake.partners.get(app)?.partnerId, "5555555");
        });

        it("accepts the spec's string version and the legacy error shape", async () => {
            fake.options.versionAsString = true;
            fake.options.legacyErrorShape = true;
            const app = newApp();
            const r = await provider().create(inputs(app));
            assert.equal(r.outs!.version, 1);
            fake.partners.partnerNames.set("1234567", "Contoso Partner");
            const rd = await provider().read!(r.id, r.outs);
            assert.equal(rd.props!.partnerName, "Contoso Partner");
        });

        it("azureCli credential without a signed-in az fails with login advice and no calls", async function () {
            this.timeout(30_000);
            await rejects(provider().create({ ...inputs(newApp()), credential: { kind: "azureCli" } }), /az login/);
            assert.deepEqual(armCalls(), []);
        });
    });

    describe("faults", () => {
        it("a dropped connection on the PUT is retried; the link exists once", async () => {
            const app = newApp();
            fake.injectFault({ method: "PUT", path: PARTNERS, fault: { kind: "drop" } });
            await provider().create(inputs(app));
            assert.equal(fake.pendingFaults(), 0);
            assert.deepEqual(
                fake.calls("PUT", PARTNERS).map((c) => c.fault ?? c.status),
                ["drop", 200],
            );
            assert.equal(fake.partners.get(app)?.version, 1);
        });

        it("a PUT that went through but whose answer was lost → PartnerIdAlreadyLinked on retry → adopted", async () => {
            const app = newApp();
            fake.route("PUT", new RegExp(`^${P}/1234567$`), (ctx) => {
                if (ctx.caller?.objectId !== app.objectId || fake.partners.get(app)) return undefined;
                fake.partners.setOutOfBand(app, "1234567");
                return { status: 503, body: fake.armError("ServiceUnavailable", "lost answer") };
            });
            const r = await provider().create(inputs(app));
            assert.deepEqual(
                fake.calls("PUT", PARTNERS).map((c) => c.status),
                [503, 409],
            );
            assert.equal(r.outs!.partnerId, "1234567");
        });

        it("429 honours Retry-After", async () => {
            const app = newApp();
            fake.injectFault({
                method: "GET",
                path: PARTNERS,
                times: 2,
                fault: { kind: "status", status: 429, retryAfterSeconds: 7 },
            });
            await provider().create(inputs(app));
            assert.equal(fake.pendingFaults(), 0);
            assert.deepEqual(clock.sleeps, [7000, 7000]);
            assert.deepEqual(armCalls(), [`GET ${P}`, `GET ${P}`, `GET ${P}`, `PUT ${P}/1234567`]);
        });

        it("500 and 503 are retried with backoff", async () => {
            const app = newApp();
            fake.injectFault({ method: "PUT", path: PARTNERS, fault: { kind: "status", status: 500 } });
            fake.injectFault({ method: "PUT", path: PARTNERS, fault: { kind: "status", status: 503 } });
            await provider().create(inputs(app));
            assert.equal(fake.pendingFaults(), 0);
            assert.deepEqual(
                fake.calls("PUT", PARTNERS).map((c) => c.status),
                [500, 503, 200],
            );
            assert.equal(clock.sleeps.length, 2);
            assert.ok(clock.sleeps[0] <= 2000 && clock.sleeps[1] <= 2 * clock.sleeps[0]);
        });

        it("a persistent 503 on the read fails clearly after bounded retries, nothing written", async () => {
            const app = newApp();
            fake.injectFault({ method: "GET", path: PARTNERS, times: 100, fault: { kind: "status", status: 503 } });
            await rejects(provider().create(inputs(app)), /GET .*answered 503.*nothing was changed/s);
            assert.equal(fake.count("GET", PARTNERS), 6);
            assert.equal(fake.count("PUT", PARTNERS), 0);
            assert.equal(fake.partners.get(app), undefined);
        });

        it("a persistent 503 on the PUT says the change may or may not have been applied", async () => {
            const app = newApp();
            fake.injectFault({ method: "PUT", path: PARTNERS, times: 100, fault: { kind: "status", status: 503 } });
            await rejects(
                provider().create(inputs(app)),
                /PUT .*answered 503.*may or may not have been applied.*pulumi up/s,
            );
            assert.equal(fake.count("PUT", PARTNERS), 6);
        });

        it("connections that keep dropping fail clearly", async () => {
            const app = newApp();
            fake.injectFault({ method: "GET", path: PARTNERS, times: 100, fault: { kind: "drop" } });
            await rejects(provider().create(inputs(app)), /GET .*failed: .*nothing was changed/s);
            assert.equal(fake.count("GET", PARTNERS), 6);
        });

        it("400 fails at once with partner ID advice", async () => {
            const app = newApp();
            fake.injectFault({
                method: "PUT",
                path: PARTNERS,
                fault: {
                    kind: "status",
                    status: 400,
                    body: fake.armError("InvalidPartnerId", "Partner ID 1234567 does not exist."),
                },
            });
            await rejects(provider().create(inputs(app)), /answered 400 InvalidPartnerId.*Associated Partner ID/s);
            assert.equal(fake.count("PUT", PARTNERS), 1);
            assert.deepEqual(clock.sleeps, []);
        });

        it("403 fails at once with identity advice", async () => {
            const app = newApp();
            fake.injectFault({
                method: "GET",
                path: PARTNERS,
                fault: { kind: "status", status: 403, body: fake.armError("AuthorizationFailed", "no") },
            });
            await rejects(
                provider().create(inputs(app)),
                /answered 403 AuthorizationFailed.*home \(managing\) tenant/s,
            );
            assert.equal(fake.count(undefined, PARTNERS), 1);
        });

        it("token endpoint 503, 429 and a dropped connection are survived", async () => {
            const app = newApp();
            fake.injectFault({ path: TOKEN, fault: { kind: "status", status: 503 } });
            fake.injectFault({ path: TOKEN, fault: { kind: "status", status: 429, retryAfterSeconds: 1 } });
            fake.injectFault({ path: TOKEN, fault: { kind: "drop" } });
            await provider().create(inputs(app));
            assert.equal(fake.pendingFaults(), 0);
            assert.deepEqual(
                fake.calls("POST", TOKEN).map((c) => c.fault ?? c.status),
                ["503", "429", "drop", 200],
            );
            assert.equal(fake.partners.get(app)?.partnerId, "1234567");
        });
    });

    describe("timeouts (issue 10)", () => {
        it("a stalled token endpoint fails naming the authority host, within timeoutSeconds' deadline, nothing written", async () => {
            const app = newApp();
            fake.injectFault({ path: TOKEN, times: 20, fault: { kind: "stall" } });
            await rejects(
                provider().create(inputs(app, { timeoutSeconds: 0.2 })),
                /Could not get an Entra ID token from https:\/\/127\.0\.0\.1:\d+ after [2-6] attempt\(s\).*did not answer: check endpoints\.authorityHost/s,
            );
            assert.ok(fake.calls("POST", TOKEN).every((c) => c.fault === "stall"));
            assert.deepEqual(armCalls(), []);
        });

        it("a stalled Resource Manager on the PUT fails naming the host and saying the change may or may not be applied", async () => {
            const app = newApp();
            fake.injectFault({ method: "PUT", path: PARTNERS, times: 20, fault: { kind: "stall" } });
            await rejects(
                provider().create(inputs(app, { timeoutSeconds: 0.2 })),
                /PUT \/providers\/Microsoft\.ManagementPartner\/partners\/1234567 as client .* failed: 127\.0\.0\.1:\d+: no answer in 0\.2 s \([2-6] tries\)\..*may or may not have been applied/s,
            );
            assert.ok(fake.calls("PUT", PARTNERS).every((c) => c.fault === "stall"));
        });

        it("check: timeoutSeconds must be 0.1 to 3600 seconds; absent, it is not added to the inputs", async () => {
            const app = newApp();
            for (const bad of [0, "30", 7200]) {
                const c = await provider().check!({} as never, { ...inputs(app), timeoutSeconds: bad } as never);
                assert.deepEqual(c.failures, [
                    {
                        property: "timeoutSeconds",
                        reason: `timeoutSeconds must be 0.1 to 3600 seconds (default 30), got ${JSON.stringify(bad)}.`,
                    },
                ]);
            }
            assert.equal(
                (await provider().check!({} as never, inputs(app, { timeoutSeconds: 5 }))).inputs?.timeoutSeconds,
                5,
            );
            assert.equal("timeoutSeconds" in (await provider().check!({} as never, inputs(app))).inputs!, false);
        });
    });

    describe("read (refresh)", () => {
        const created = async (app = newApp()) => {
            const r = await provider().create(inputs(app));
            fake.clearLog();
            return { app, id: r.id, outs: r.outs! };
        };

        it("in sync → same state; 1 token + 1 read", async () => {
            const { id, outs } = await created();
            const r = await provider().read!(id, outs);
            assert.equal(tokenCalls(), 1);
            assert.deepEqual(armCalls(), [`GET ${P}`]);
            assert.deepEqual(r, { id, props: outs });
        });

        it('link removed out of band → gone (id ""), so the next up recreates it', async () => {
            const { app, id, outs } = await created();
            fake.partners.removeOutOfBand(app);
            assert.deepEqual(await provider().read!(id, outs), { id: "" });
        });

        it("link re-pointed out of band → the actual partner ID, so the next diff shows an update that PATCHes it back", async () => {
            const { app, id, outs } = await created();
            fake.partners.setOutOfBand(app, "7777777");
            const r = await provider().read!(id, outs);
            assert.equal(r.props!.partnerId, "7777777");
            assert.equal(r.props!.version, 2);
            const p = provider();
            assert.deepEqual(await p.diff!(id, r.props!, inputs(app)), { changes: true, replaces: [] });
            fake.clearLog();
            const u = await p.update!(id, r.props!, inputs(app));
            assert.deepEqual(armCalls(), [`GET ${P}`, `PATCH ${P}/1234567`]);
            assert.equal(u.outs!.partnerId, "1234567");
        });

        for (const [what, spoil] of [
            ["expired", "expireSecret"],
            ["revoked", "revokeSecret"],
        ] as const) {
            it(`${what} secret → keeps the last known state with a warning, no ARM call`, async () => {
                const { app, id, outs } = await created();
                fake.identity[spoil](app.clientId);
                const r = await provider().read!(id, outs);
                assert.deepEqual(r, { id, props: outs });
                assert.equal(warnings.length, 1);
                assert.match(warnings[0], /keeping the last known state \(partner ID 1234567\).*AADSTS70002(22|15)/s);
                assert.deepEqual(armCalls(), []);
                assert.equal(tokenCalls(), 1, "no replication retries on refresh");
            });
        }

        it("a persistent 5xx fails the refresh clearly (not silently kept)", async () => {
            const { id, outs } = await created();
            fake.injectFault({ method: "GET", path: PARTNERS, times: 100, fault: { kind: "status", status: 500 } });
            await rejects(provider().read!(id, outs), /answered 500/);
        });
    });

    describe("update and delete", () => {
        it("a new partnerId → PATCH only", async () => {
            const app = newApp();
            const r = await provider().create(inputs(app));
            fake.clearLog();
            const u = await provider().update!(r.id, r.outs!, inputs(app, { partnerId: "7654321" }));
            assert.deepEqual(armCalls(), [`GET ${P}`, `PATCH ${P}/7654321`]);
            assert.equal(u.outs!.partnerId, "7654321");
            assert.equal(fake.partners.get(app)?.version, 2);
        });

        it("a rotated secret → one read, no write (waiting out the new secret's replication)", async () => {
            const app = newApp();
            const r = await provider().create(inputs(app));
            fake.identity.addSecret(app.clientId, "rotated-secret-value-1234", 4000);
            secrets.push("rotated-secret-value-1234");
            fake.clearLog();
            const news = inputs({ ...app, clientSecret: "rotated-secret-value-1234" });
            assert.deepEqual(await provider().diff!(r.id, r.outs!, news), { changes: true, replaces: [] });
            const u = await provider().update!(r.id, r.outs!, news);
            assert.deepEqual(armCalls(), [`GET ${P}`]);
            assert.ok(tokenCalls() >= 2, "retried the new secret until replicated");
            assert.equal((u.outs!.credential as { clientSecret: string }).clientSecret, "rotated-secret-value-1234");
            assert.equal(fake.partners.get(app)?.version, 1, "not unlinked or relinked");
        });

        it("delete → DELETE; already gone → success", async () => {
            const app = newApp();
            const r = await provider().create(inputs(app));
            fake.clearLog();
            await provider().delete!(r.id, r.outs!);
            assert.equal(fake.partners.get(app), undefined);
            await provider().delete!(r.id, r.outs!);
            assert.deepEqual(
                fake.calls("DELETE", PARTNERS).map((c) => c.status),
                [200, 404],
            );
        });

        it("delete leaves a link re-pointed out of band to another partner alone", async () => {
            const app = newApp();
            const r = await provider().create(inputs(app));
            fake.partners.setOutOfBand(app, "7777777");
            await provider().delete!(r.id, r.outs!);
            assert.equal(fake.partners.get(app)?.partnerId, "7777777");
        });

        it("delete when the identity no longer exists → success with a warning", async () => {
            const app = newApp();
            const r = await provider().create(inputs(app, { propagationTimeoutSeconds: 10 }));
            fake.identity.deleteApp(app.clientId);
            fake.clearLog();
            await provider().delete!(r.id, r.outs!);
            assert.match(warnings.join("\n"), /no longer exists/);
            assert.deepEqual(armCalls(), []);
        });

        it("delete with an expired secret fails with a way out, nothing deleted", async () => {
            const app = newApp();
            const r = await provider().create(inputs(app));
            fake.identity.expireSecret(app.clientId);
            await rejects(
                provider().delete!(r.id, r.outs!),
                /AADSTS7000222.*az managementpartner delete --partner-id 1234567.*pulumi state delete/s,
            );
            assert.equal(fake.partners.get(app)?.partnerId, "1234567");
        });
    });

    it("check and diff make no network calls", async () => {
        const app = newApp();
        fake.clearLog();
        const p = provider();
        const c = await p.check!(inputs(app), { ...inputs(app), partnerId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
        assert.deepEqual(c.failures, []);
        await p.diff!(
            "x",
            { ...inputs(app), tenantId: app.tenantId, objectId: app.objectId, state: "Active" },
            inputs(app, { partnerId: "1" }),
        );
        assert.equal(fake.requests.length, 0);
    });
});
