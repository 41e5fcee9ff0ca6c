import { strict as assert } from "node:assert";
import { ProviderAutomationAccount } from "../../../components";
import { checkLinkInputs } from "../../../components/partnerAdminLink/check";
import type { PartnerLinkSettings } from "../../../components/partnerAdminLink/types";
import { PARTNER_CONFIG_FIELDS } from "../../../program/partnerConfig";
import { runUnderMocks } from "../../kit/pulumiMocks";

const LINK_TYPE = "pulumi-nodejs:dynamic/lighthouse-pec:PartnerAdminLink";

/** One value for every setting of a link: a new setting fails to compile here until it is added. */
const SETTINGS: Required<PartnerLinkSettings> = {
    partnerId: "1234567",
    endpoints: { authorityHost: "https://login.example", resourceManager: "https://arm.example" },
    onExistingLink: "relink",
    propagationTimeoutSeconds: 42,
    timeoutSeconds: 7,
};

describe("ProviderAutomationAccount: the link's settings, written once", () => {
    it("passes every setting of the link on to its PartnerAdminLink (under mocks)", async () => {
        const { resources } = await runUnderMocks(
            () =>
                new ProviderAutomationAccount("pec", { ...SETTINGS, tenantId: "11111111-1111-4111-8111-111111111111" }),
            { preview: false },
        );
        const links = resources.filter((r) => r.type === LINK_TYPE);
        assert.equal(links.length, 1, "one PartnerAdminLink");
        for (const [key, value] of Object.entries(SETTINGS))
            assert.deepEqual(links[0].inputs[key], value, `${key} reaches the link`);
    });

    it("the partner stack's config has every setting but timeoutSeconds, with the provider's choices and defaults", () => {
        const settings = Object.keys(SETTINGS).filter((k) => k !== "timeoutSeconds");
        assert.deepEqual(
            settings.filter((k) => !(k in PARTNER_CONFIG_FIELDS)),
            [],
            "every link setting is a config key",
        );
        const failuresOf = (onExistingLink: string) =>
            checkLinkInputs({ partnerId: "1", credential: { kind: "azureCli" }, onExistingLink }).failures;
        const choices = PARTNER_CONFIG_FIELDS.onExistingLink.shape.enum;
        assert.deepEqual([...choices], ["adopt", "relink", "fail"]);
        for (const choice of choices) assert.deepEqual(failuresOf(choice), [], `the provider accepts ${choice}`);
        assert.equal(failuresOf("keep")[0]?.property, "onExistingLink", "and nothing else");
        const defaults = checkLinkInputs({ partnerId: "1", credential: { kind: "azureCli" } }).inputs;
        assert.equal(defaults.onExistingLink, PARTNER_CONFIG_FIELDS.onExistingLink.default);
        assert.equal(
            String(defaults.propagationTimeoutSeconds),
            PARTNER_CONFIG_FIELDS.propagationTimeoutSeconds.default,
        );
    });
});
