// Microsoft.ManagementPartner as its REST spec allows it to answer (and as the Azure CLI recordings
// show it does), and two creates racing for one identity.
import * as assert from "node:assert/strict";
import type { PartnerAdminLinkInputs } from "../../../components/partnerAdminLink";
import { readPartnerAnswer } from "../../../azure/managementPartner";
import { decideLink } from "../../../components/partnerAdminLink/decide";
import { FakeAzure, PartnerDialect, VirtualClock } from "../../kit/fakeAzure";
import { FakeApp, fakeLinkProvider, linkInputs, rejectsRecorded } from "../../kit/partnerAdminLink";

const PARTNERS = /^\/providers\/Microsoft\.ManagementPartner\/partners/;
const P = "/providers/Microsoft.ManagementPartner/partners";

describe("PAL answers (pure): the spec's statuses, conflicts and the decision after a conflict", () => {
    it("accepts exactly the statuses the spec lists per method (plus the recorded 200s)", () => {
        const ok = (m: string, s: number) => readPartnerAnswer(m, s, undefined);
        assert.deepEqual(
            [200, 201, 202, 204].map((s) => ok("PUT", s)),
            ["ok", "ok", "undocumented", "undocumented"],
        );
        assert.deepEqual(
            [200, 201, 204].map((s) => ok("PATCH", s)),
            ["ok", "undocumented", "undocumented"],
        );
        assert.deepEqual(
            [200, 202, 204].map((s) => ok("DELETE", s)),
            ["ok", "undocumented", "ok"],
        );
        assert.deepEqual(
            [200, 201, 204].map((s) => ok("GET", s)),
            ["ok", "undocumented", "undocumented"],
        );
    });

    it("404 is 'not linked' for GET and DELETE only; a conflict is any 409 or the code on PUT/PATCH", () => {
        assert.equal(readPartnerAnswer("GET", 404, "NotFound"), "notLinked");
        assert.equal(readPartnerAnswer("DELETE", 404, "PartnerNotFound"), "notLinked");
        assert.equal(readPartnerAnswer("PATCH", 404, "NotFound"), "error");
        for (const code of ["Conflict", "PartnerIdAlreadyLinked", "AnythingElse", undefined])
            assert.equal(readPartnerAnswer("PUT", 409, code), "conflict", String(code));
        assert.equal(readPartnerAnswer("PUT", 400, "PartnerIdAlreadyLinked"), "conflict");
        assert.equal(readPartnerAnswer("PATCH", 400, "conflict"), "conflict");
        assert.equal(readPartnerAnswer("PUT", 400, "BadRequest"), "error");
        assert.equal(readPartnerAnswer("GET", 409, "Conflict"), "error");
        assert.equal(readPartnerAnswer("DELETE", 409, "Conflict"), "error");
    });

    it('after a conflicting PUT, "fail" refuses a link to the same partner and says whose it surely was, or that it cannot tell', () => {
        const concurrent = decideLink("1", "1", "fail", { conflict: "concurrent" });
        assert.equal(concurrent.action, "fail");
        assert.match(
            (concurrent as { message: string }).message,
            /Another writer .*between this run's read and its PUT.*changed nothing.*onExistingLink: "adopt"/s,
        );
        const ambiguous = decideLink("1", "1", "fail", { conflict: "ambiguous" });
        assert.match(
            (ambiguous as { message: string }).message,
            /retried after an answer was lost.*cannot be told apart.*az managementpartner delete --partner-id 1/s,
        );
        assert.deepEqual(decideLink("1", "1", "adopt", { conflict: "concurrent" }), { action: "adopt" });
        assert.deepEqual(
            decideLink("1", "1", "fail", { conflict: "ambiguous", ours: true }),
            { action: "adopt" },
            "an update's own link stays its own",
        );
    });
});

describe("PartnerAdminLink against the fake's spec and recorded dialects (HTTPS)", function () {
    this.timeout(60_000);
    let clock: VirtualClock;
    let fake: FakeAzure;
    const secrets: string[] = [];
    const messages: string[] = [];

    before(async () => {
        clock = new VirtualClock();
        fake = await FakeAzure.start({ now: clock.now });
    });
    after(async () => {
        await fake.close();
        for (const m of messages) for (const s of secrets) assert.ok(!m.includes(s), `secret leaked in: ${m}`);
    });
    beforeEach(() => {
        fake.clearLog();
        fake.partners.dialect = "recorded";
        fake.partners.idempotentPut = false;
        fake.options.legacyErrorShape = false;
    });

    const provider = () => fakeLinkProvider(fake, clock, () => undefined);
    const newApp = () => {
        const app = fake.identity.addApp();
        secrets.push(app.clientSecret);
        return app;
    };
    const inputs = (app: FakeApp, over: Partial<PartnerAdminLinkInputs> = {}) => linkInputs(app, fake.url, over);
    const rejects = (p: Promise<unknown>, re: RegExp) => rejectsRecorded(p, re, messages);
    const statuses = (method: string) => fake.calls(method, PARTNERS).map((c) => c.status);
    /**
     * Links the identity out of band between the provider's first read and its PUT, which then answers
     * 409 with the spec's code `Conflict` (in the error shape the fake is set to).
     */
    const linkedBetweenReadAndPut = (app: ReturnType<typeof newApp>, partnerId: string) => {
        let first = true;
        fake.route("GET", new RegExp(`^${P}$`), (ctx) => {
            if (ctx.caller?.objectId !== app.objectId || !first) return undefined;
            first = false;
            fake.partners.setOutOfBand(app, partnerId);
            return { status: 404, body: fake.armError("NotFound", "none") };
        });
        fake.route("PUT", new RegExp(`^${P}/\\d+$`), (ctx) =>
            ctx.caller?.objectId === app.objectId && fake.partners.get(app)
                ? {
                      status: 409,
                      body: fake.armError(
                          "Conflict",
                          "This user or service principal is already linked with a Partner ID.",
                      ),
                  }
                : undefined,
        );
    };

    describe('spec dialect: PUT 201, PATCH 200, DELETE 204, 404 "NotFound", 409 "Conflict"', () => {
        beforeEach(() => (fake.partners.dialect = "spec"));

        it("create (201) → refresh (200, then 404 NotFound → gone) → update (PATCH 200) → delete (204) → delete again (404 NotFound) is success", async () => {
            const app = newApp();
            const r = await provider().create(inputs(app));
            assert.deepEqual(statuses("PUT"), [201]);
            assert.equal(r.outs!.partnerId, "1234567");
            assert.equal(r.outs!.version, 1);
            assert.deepEqual(await provider().read!(r.id, r.outs), { id: r.id, props: r.outs });
            fake.partners.removeOutOfBand(app);
            assert.deepEqual(await provider().read!(r.id, r.outs), { id: "" }, "GET 404 NotFound → gone");
            fake.partners.setOutOfBand(app, "1234567");
            const u = await provider().update!(r.id, r.outs!, inputs(app, { partnerId: "7654321" }));
            assert.deepEqual(statuses("PATCH"), [200]);
            assert.equal(u.outs!.partnerId, "7654321");
            await provider().delete!(r.id, u.outs!);
            await provider().delete!(r.id, u.outs!);
            assert.deepEqual(statuses("DELETE"), [204, 404]);
            assert.equal(fake.calls("DELETE", PARTNERS)[1].status, 404);
            assert.equal(fake.partners.get(app), undefined);
        });

        for (const legacy of [false, true]) {
            it(`a PUT answered 409 Conflict (${legacy ? "top-level" : "ARM"} error shape) re-reads and adopts a link to the same partner`, async () => {
                fake.options.legacyErrorShape = legacy;
                const app = newApp();
                linkedBetweenReadAndPut(app, "1234567");
                const r = await provider().create(inputs(app));
                assert.deepEqual(fake.callLines(PARTNERS), [`GET ${P}`, `PUT ${P}/1234567`, `GET ${P}`]);
                assert.deepEqual(statuses("PUT"), [409]);
                assert.equal(r.outs!.partnerId, "1234567");
            });
        }

        it("a PUT answered 409 Conflict with a link to another partner fails naming both IDs, nothing changed", async () => {
            const app = newApp();
            linkedBetweenReadAndPut(app, "5555555");
            await rejects(provider().create(inputs(app)), /5555555, not 1234567/);
            assert.equal(fake.partners.get(app)?.partnerId, "5555555");
            assert.equal(fake.count("PATCH", PARTNERS), 0);
        });
    });

    describe("conflicts and statuses the spec does not list", () => {
        it("a 409 with any other code is a conflict too: re-read, adopt", async () => {
            const app = newApp();
            fake.route("PUT", new RegExp(`^${P}/1234567$`), (ctx) => {
                if (ctx.caller?.objectId !== app.objectId) return undefined;
                fake.partners.setOutOfBand(app, "1234567");
                return { status: 409, body: fake.armError("AnotherOperationInProgress", "busy") };
            });
            const r = await provider().create(inputs(app));
            assert.deepEqual(fake.callLines(PARTNERS), [`GET ${P}`, `PUT ${P}/1234567`, `GET ${P}`]);
            assert.equal(r.outs!.partnerId, "1234567");
        });

        it("a 409 after which no link can be read fails clearly, having changed nothing", async () => {
            const app = newApp();
            fake.injectFault({
                method: "PUT",
                path: PARTNERS,
                fault: { kind: "status", status: 409, body: fake.armError("Conflict", "x") },
            });
            await rejects(
                provider().create(inputs(app)),
                /refused as a conflict .*no link can be read back; nothing was changed/,
            );
            assert.equal(fake.pendingFaults(), 0);
            assert.equal(fake.partners.get(app), undefined);
        });

        for (const [method, doIt] of [
            ["PUT", (p: ReturnType<typeof provider>, app: ReturnType<typeof newApp>) => p.create(inputs(app))],
            [
                "DELETE",
                async (p: ReturnType<typeof provider>, app: ReturnType<typeof newApp>) => {
                    const r = await p.create(inputs(app));
                    await p.delete!(r.id, r.outs!);
                },
            ],
        ] as const) {
            it(`${method} answered 202 (not in the spec) fails saying the change may or may not have been applied`, async () => {
                const app = newApp();
                fake.injectFault({ method, path: PARTNERS, fault: { kind: "status", status: 202, body: "" } });
                await rejects(
                    doIt(provider(), app),
                    new RegExp(
                        `${method} .*answered 202, which the Microsoft\\.ManagementPartner API \\(2018-02-01\\) does not define for ${method}; the change may or may not have been applied`,
                    ),
                );
                assert.equal(fake.pendingFaults(), 0);
                assert.equal(fake.count(method, PARTNERS), 1, "not retried");
            });
        }
    });

    describe('two concurrent creates for one identity with onExistingLink "fail"', () => {
        /** Holds the identity's first `n` reads until all of them arrived, so every create sees "not linked". */
        const readsMeet = (app: ReturnType<typeof newApp>, n: number) => {
            const waiting: Array<() => void> = [];
            fake.route("GET", new RegExp(`^${P}$`), async (ctx) => {
                if (ctx.caller?.objectId !== app.objectId || waiting.length >= n) return undefined;
                await new Promise<void>((resolve) => {
                    waiting.push(resolve);
                    if (waiting.length === n) waiting.forEach((r) => r());
                    setTimeout(resolve, 10_000).unref();
                });
                return undefined;
            });
        };
        const race = async (app: ReturnType<typeof newApp>) => {
            readsMeet(app, 2);
            return Promise.allSettled([
                provider().create(inputs(app, { onExistingLink: "fail" })),
                provider().create(inputs(app, { onExistingLink: "fail" })),
            ]);
        };

        for (const dialect of ["recorded", "spec"] as PartnerDialect[]) {
            it(`${dialect}: the create whose PUT was refused fails naming the other writer; the link exists once`, async () => {
                fake.partners.dialect = dialect;
                const app = newApp();
                const results = await race(app);
                assert.deepEqual(
                    fake
                        .calls("GET", PARTNERS)
                        .slice(0, 2)
                        .map((c) => c.status),
                    [404, 404],
                    "both saw no link",
                );
                assert.deepEqual(statuses("PUT").sort(), dialect === "spec" ? [201, 409] : [200, 409]);
                const failed = results.filter((r) => r.status === "rejected");
                assert.equal(failed.length, 1, JSON.stringify(results.map((r) => r.status)));
                messages.push(String((failed[0].reason as Error | undefined)?.message));
                assert.match(
                    (failed[0].reason as Error).message,
                    /Another writer .*linked this identity to partner ID 1234567 between this run's read and its PUT.*onExistingLink is "fail"/s,
                );
                assert.equal(fake.partners.get(app)?.version, 1);
            });
        }

        it("a PUT retried after a lost answer and then refused cannot be told apart from another writer's: it fails, saying so", async () => {
            const app = newApp();
            fake.route("PUT", new RegExp(`^${P}/1234567$`), (ctx) => {
                if (ctx.caller?.objectId !== app.objectId || fake.partners.get(app)) return undefined;
                fake.partners.setOutOfBand(app, "1234567");
                return { status: 503, body: fake.armError("ServiceUnavailable", "lost answer") };
            });
            await rejects(
                provider().create(inputs(app, { onExistingLink: "fail" })),
                /retried after an answer was lost .*cannot be told apart.*az managementpartner delete --partner-id 1234567/s,
            );
            assert.deepEqual(statuses("PUT"), [503, 409]);
            assert.equal(fake.partners.get(app)?.partnerId, "1234567", "the link is left for the user to judge");
        });

        it("undetectable: when Azure answers a PUT for the same partner with success, both creates succeed", async () => {
            fake.partners.idempotentPut = true;
            const app = newApp();
            const results = await race(app);
            assert.deepEqual(
                results.map((r) => r.status),
                ["fulfilled", "fulfilled"],
            );
            assert.deepEqual(statuses("PUT"), [200, 200]);
            const outs = (
                results as Array<PromiseFulfilledResult<{ outs?: { version?: unknown; createdTime?: unknown } }>>
            ).map((r) => r.value.outs);
            assert.deepEqual(outs[0]?.createdTime, outs[1]?.createdTime, "both hold the one link");
            assert.equal(fake.partners.get(app)?.version, 1);
        });
    });
});
