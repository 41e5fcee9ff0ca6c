// PartnerAdminLink over the engine protocol against the fake's "spec" dialect (PUT 201, DELETE 204,
// 409 Conflict): the serialized `__provider` reads those answers and a racing writer's link as the
// in-process provider does (test/components/partnerAdminLink/dialects.integration.test.ts).
import * as assert from "node:assert/strict";
import { PartnerAdminLink } from "../../../components/partnerAdminLink";
import { FakeAzure } from "../../kit/fakeAzure";
import { captureRegistrations, isDynamicType } from "../../kit/captureRegistrations";
import { EngineHarness, ProviderCallError } from "../../kit/engineHarness";
import { allStrings, stripSecrets, WireObject } from "../../kit/wireValues";

const TYPE = "pulumi-nodejs:dynamic/lighthouse-pec:PartnerAdminLink";
const PARTNERS = "/providers/Microsoft.ManagementPartner/partners";
const SECRET = "pal-dialect-engine-secret-5K~do-not-print";
const app = {
    tenantId: "12121212-1212-4121-8121-121212121212",
    clientId: "34343434-3434-4343-8343-343434343434",
    objectId: "56565656-5656-4565-8565-565656565656",
};

describe("PartnerAdminLink over the engine protocol, spec dialect and a racing writer", function () {
    this.timeout(90_000);
    let fake: FakeAzure;
    let harness: EngineHarness;
    let inputs: WireObject;

    before(async () => {
        fake = await FakeAzure.start();
        fake.partners.dialect = "spec";
        fake.identity.addApp({ ...app, clientSecret: SECRET });
        const registrations = await captureRegistrations(
            () =>
                new PartnerAdminLink("link", {
                    partnerId: "1234567",
                    credential: {
                        kind: "clientSecret",
                        tenantId: app.tenantId,
                        clientId: app.clientId,
                        clientSecret: SECRET,
                    },
                    endpoints: { authorityHost: fake.url, resourceManager: fake.url },
                    propagationTimeoutSeconds: 5,
                }),
            { project: "lighthouse-pec", stack: "partner" },
        );
        inputs = registrations.find((r) => isDynamicType(r.type) && r.type === TYPE)!.inputs;
        harness = await EngineHarness.start({
            env: { NODE_EXTRA_CA_CERTS: fake.certs.caFile },
            urn: `urn:pulumi:partner::lighthouse-pec::${TYPE}::link`,
        });
    });

    after(async () => {
        await harness?.close();
        await fake?.close();
    });

    /** The next read finds no link; the link appears before the PUT, which the spec dialect refuses with 409 Conflict. */
    const linkedBetweenReadAndPut = () => {
        let first = true;
        return fake.route("GET", new RegExp(`^${PARTNERS}$`), (ctx) => {
            if (ctx.caller?.objectId !== app.objectId || !first) return undefined;
            first = false;
            fake.partners.setOutOfBand(app, "1234567");
            return { status: 404, body: fake.armError("NotFound", "none") };
        });
    };

    it('onExistingLink "fail": Create reports the other writer and changes nothing', async () => {
        const checked = await harness.check({ ...inputs, onExistingLink: "fail" });
        fake.clearLog();
        const unroute = linkedBetweenReadAndPut();
        const err = await harness.create(checked.inputs).then(
            () => assert.fail("Create should fail"),
            (e: unknown) => e as ProviderCallError,
        );
        unroute();
        assert.ok(err instanceof ProviderCallError);
        assert.match(err.details, /Another writer .*between this run's read and its PUT.*onExistingLink is "fail"/s);
        assert.deepEqual(
            fake.calls("PUT").map((c) => c.status),
            [409],
        );
        assert.deepEqual(fake.callLines(/ManagementPartner/), [
            `GET ${PARTNERS}`,
            `PUT ${PARTNERS}/1234567`,
            `GET ${PARTNERS}`,
        ]);
        fake.partners.removeOutOfBand(app);
    });

    it('default "adopt": Create takes over after 409 Conflict; Delete accepts 204', async () => {
        const checked = await harness.check(inputs);
        fake.clearLog();
        const unroute = linkedBetweenReadAndPut();
        const created = await harness.create(checked.inputs);
        unroute();
        assert.equal(stripSecrets(created.outputs).plain.partnerId, "1234567");
        assert.deepEqual(
            fake.calls("PUT").map((c) => c.status),
            [409],
        );
        await harness.delete(created.id, created.outputs);
        assert.deepEqual(
            fake.calls("DELETE").map((c) => c.status),
            [204],
        );
        assert.equal(fake.partners.get(app), undefined);
        assert.ok(
            ![harness.stderr, harness.stdout, ...allStrings(harness.engineLogs)].join("\n").includes(SECRET),
            "no secret printed",
        );
    });
});
