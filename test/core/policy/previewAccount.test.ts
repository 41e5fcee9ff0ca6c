// Issue 18 §1: the policy pack reads a CustomerDelegation's previewAccount as one more permanent authorization
// (Reader), like the automation account, and reports the read-only rule on the component's own field.
import { strict as assert } from "node:assert";
import { checkDefinition, DefinitionModel, readLighthouseResource } from "../../../core/policy";
import { UNKNOWN_SENTINEL } from "../../../core/validation";

const TENANT = "22222222-2222-4222-8222-222222222222";
const PAL = "33333333-3333-4333-8333-333333333333";
const ADMINS = "44444444-4444-4444-8444-444444444444";
const PREVIEW = "12121212-1212-4212-8212-121212121212";

function component(previewAccount: Record<string, unknown>): DefinitionModel {
    const resource = readLighthouseResource("lighthouse-pec:index:CustomerDelegation", {
        offerName: "Contoso",
        managedByTenantId: TENANT,
        subscriptionId: "55555555-5555-4555-8555-555555555555",
        authorizations: [
            { principalId: ADMINS, role: "Reader" },
            { principalId: ADMINS, role: "Managed Services Registration assignment Delete Role" },
        ],
        automationAccount: { principalId: PAL },
        previewAccount,
    });
    assert.equal(resource?.what, "definition");
    return (resource as { model: DefinitionModel }).model;
}

describe("core/policy: previewAccount", () => {
    it("a valid preview account passes every policy, with the partner-linked principal configured", () => {
        assert.deepEqual(checkDefinition(component({ principalId: PREVIEW }), { pecPrincipalIds: [PAL] }), []);
    });

    it("the automation account as preview identity is a mandatory violation on previewAccount.principalId", () => {
        const violations = checkDefinition(component({ principalId: PAL }), { pecPrincipalIds: [PAL] });
        assert.deepEqual(
            violations.map((v) => [v.policy, v.field, v.subject]),
            [["lighthouse-definition-rules", "previewAccount.principalId", `principal ${PAL}, role "Reader"`]],
        );
        assert.match(violations[0].message, /the preview identity is the automation account/);
    });

    it("a preview principal not known yet makes the permanent list unknown, so PEC is not judged from a guess", () => {
        const model = component({ principalId: UNKNOWN_SENTINEL });
        assert.equal(model.permanentUnknown, true);
        assert.equal(component({ principalId: PREVIEW }).permanentUnknown, false);
    });

    it("a preview identity in pecPrincipalIds does not count as earning: Reader is not PEC-eligible", () => {
        const violations = checkDefinition(component({ principalId: PREVIEW }), { pecPrincipalIds: [PREVIEW] });
        assert.deepEqual(
            violations.map((v) => v.policy),
            ["pec-partner-linked-permanent"],
        );
        assert.match(
            violations[0].message,
            /no partner-linked principal .* has a permanent authorization with a PEC-eligible role/,
        );
    });
});
