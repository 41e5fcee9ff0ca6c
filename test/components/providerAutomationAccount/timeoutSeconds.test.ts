import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ProviderAutomationAccount } from "../../../components";
import { runUnderMocks } from "../../kit/pulumiMocks";

const TENANT = "11111111-1111-4111-8111-111111111111";
const LINK_TYPE = "pulumi-nodejs:dynamic/lighthouse-pec:PartnerAdminLink";

async function linkInputs(extra: { timeoutSeconds?: pulumi.Input<number> }): Promise<Record<string, unknown>> {
    const { resources } = await runUnderMocks(
        () => new ProviderAutomationAccount("pec", { partnerId: "1234567", tenantId: TENANT, ...extra }),
        { preview: false },
    );
    const links = resources.filter((r) => r.type === LINK_TYPE);
    assert.equal(links.length, 1, "one PartnerAdminLink");
    return links[0].inputs;
}

describe("ProviderAutomationAccount: timeoutSeconds reaches its PartnerAdminLink (under mocks)", () => {
    it("passes a plain value and an Output through as the link's timeoutSeconds input; unset when not given", async () => {
        assert.equal((await linkInputs({ timeoutSeconds: 45 })).timeoutSeconds, 45);
        assert.equal((await linkInputs({ timeoutSeconds: pulumi.output(7.5) })).timeoutSeconds, 7.5);
        assert.equal((await linkInputs({})).timeoutSeconds, undefined, "the provider's check applies the default, 30");
    });
});
