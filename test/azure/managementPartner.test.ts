// Microsoft.ManagementPartner answers read once, for the PartnerAdminLink provider and for doctor.
import * as assert from "node:assert/strict";
import type { ArmClient } from "../../azure/armClient";
import { managementPartnerClient, parsePartnerLink } from "../../azure/managementPartner";
import { parseLink } from "../../doctor/parse";

/** The answer Azure CLI's recordings show (ManagementPartner 2018-02-01), `version` as a number. */
const RECORDED = {
    id: "/providers/microsoft.managementpartner/partners/123456",
    type: "Microsoft.ManagementPartner/partners",
    name: "123456",
    etag: 57,
    properties: {
        partnerId: "123456",
        tenantId: "11111111-1111-4111-8111-111111111111",
        objectId: "44444444-4444-4444-8444-444444444444",
        version: 57,
        updatedTime: "2018-02-11T22:18:03.2858169Z",
        createdTime: "2018-01-20T01:23:40.5280496Z",
        state: "Active",
    },
};

const withProperties = (over: Record<string, unknown>) => ({ properties: { ...RECORDED.properties, ...over } });

describe("azure: Microsoft.ManagementPartner (one parser for the provider and doctor)", () => {
    it("reads the recorded answer, and the spec's string version as a number", () => {
        assert.deepEqual(parsePartnerLink(RECORDED), {
            partnerId: "123456",
            tenantId: "11111111-1111-4111-8111-111111111111",
            objectId: "44444444-4444-4444-8444-444444444444",
            state: "Active",
            partnerName: undefined,
            createdTime: "2018-01-20T01:23:40.5280496Z",
            updatedTime: "2018-02-11T22:18:03.2858169Z",
            version: 57,
        });
        assert.equal(parsePartnerLink(withProperties({ version: "58" }))?.version, 58);
        assert.equal(parsePartnerLink(withProperties({ version: "v2" }))?.version, "v2");
        assert.equal(parsePartnerLink(withProperties({ state: undefined }))?.state, "Active");
    });

    it("takes a numeric partnerId as its digits, for the provider and for doctor alike", () => {
        const numeric = withProperties({ partnerId: 123456 });
        assert.equal(parsePartnerLink(numeric)?.partnerId, "123456");
        assert.equal(parseLink(numeric)?.partnerId, "123456");
    });

    it("a Deleted link is no link for the provider, and an inactive one for doctor", () => {
        const deleted = withProperties({ state: "Deleted" });
        assert.equal(parsePartnerLink(deleted), undefined, "the provider links again");
        assert.equal(parsePartnerLink(withProperties({ state: "deleted" })), undefined, "any case");
        assert.equal(parsePartnerLink(deleted, true)?.state, "Deleted");
        assert.deepEqual(parseLink(deleted), { partnerId: "123456", partnerName: null, state: "Deleted" });
    });

    it("no partner ID, no link", () => {
        for (const body of [undefined, null, {}, { properties: {} }, withProperties({ partnerId: "" }), "text"])
            assert.equal(parsePartnerLink(body), undefined, JSON.stringify(body));
    });

    it("the client sends the documented request and reads the answer; it words no failure itself", async () => {
        const sent: string[] = [];
        const arm = (status: number, json: unknown): ArmClient => ({
            send: async (method, url) => (sent.push(`${method} ${url}`), { status, text: "", json }),
        });
        const link = managementPartnerClient(arm(200, RECORDED), "https://arm.example");
        assert.equal((await link.send("GET")).answer, "ok");
        assert.equal((await link.send("PUT", "12 34")).answer, "ok");
        assert.deepEqual(sent, [
            "GET https://arm.example/providers/Microsoft.ManagementPartner/partners?api-version=2018-02-01",
            "PUT https://arm.example/providers/Microsoft.ManagementPartner/partners/12%2034?api-version=2018-02-01",
        ]);
        const conflict = managementPartnerClient(arm(400, { error: { code: "PartnerIdAlreadyLinked" } }), "https://a");
        assert.equal((await conflict.send("PUT", "1")).answer, "conflict");
        assert.equal((await managementPartnerClient(arm(404, undefined), "https://a").send("GET")).answer, "notLinked");
        const down: ArmClient = { send: () => Promise.reject(new Error("a.example: no answer in 30 s (5 tries)")) };
        await assert.rejects(managementPartnerClient(down, "https://a").send("GET"), /^Error: a\.example: no answer/);
    });
});
