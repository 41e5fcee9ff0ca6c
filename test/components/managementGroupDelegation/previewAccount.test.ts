// Issue 18 §1: ManagementGroupDelegation carries previewAccount into the policy's deployment and existence
// condition (the same builder as CustomerDelegation), and refuses it on the same rules, before registering.
import { strict as assert } from "node:assert";
import { ConfigurationError, ManagementGroupDelegation, ManagementGroupDelegationArgs } from "../../../components";
import { ids, validArgs } from "../../kit/fixtures";
import { runUnderMocks } from "../../kit/pulumiMocks";

const MG = "contoso-landing-zones";

function mgArgs(overrides: Partial<ManagementGroupDelegationArgs> = {}): ManagementGroupDelegationArgs {
    const { subscriptionId: _subscription, ...rest } = validArgs();
    return { ...rest, managementGroupId: MG, ...overrides } as ManagementGroupDelegationArgs;
}

async function policyRule(args: ManagementGroupDelegationArgs): Promise<string> {
    const { resources } = await runUnderMocks(() => new ManagementGroupDelegation("contoso", args));
    const definition = resources.find((r) => r.type === "azure-native:authorization:PolicyDefinitionAtManagementGroup");
    assert.ok(definition, "a policy definition was registered");
    return JSON.stringify(definition.inputs.policyRule);
}

describe("ManagementGroupDelegation previewAccount (issue 18)", () => {
    it("the policy deploys the preview account's Reader and checks for it; without the key it does not", async () => {
        const withPreview = await policyRule(mgArgs({ previewAccount: { principalId: ids.preview } }));
        const without = await policyRule(mgArgs());
        const reader = `{"principalId":"${ids.preview}","principalIdDisplayName":"Pull-request previews (read-only)","roleDefinitionId":"acdd72a7-3385-48ef-bd42-f606fba81ae7"}`;
        assert.ok(withPreview.includes(reader), "the deployment's authorizations include it");
        assert.ok(
            withPreview.includes(
                `{"principalId":"${ids.preview}","roleDefinitionId":"acdd72a7-3385-48ef-bd42-f606fba81ae7"}`,
            ),
            "the existence condition looks for it",
        );
        assert.ok(!without.includes(ids.preview));
        assert.match(
            without,
            /"count":\{"field":"Microsoft\.ManagedServices\/registrationDefinitions\/authorizations\[\*\]"\},"equals":3\}/,
        );
        assert.match(
            withPreview,
            /"count":\{"field":"Microsoft\.ManagedServices\/registrationDefinitions\/authorizations\[\*\]"\},"equals":4\}/,
        );
    });

    it("refuses a preview identity that is eligible for a role, before registering anything", async () => {
        const { resources } = await runUnderMocks(() => {
            assert.throws(
                () =>
                    new ManagementGroupDelegation(
                        "contoso",
                        mgArgs({
                            previewAccount: { principalId: ids.engineer },
                            eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor" }],
                        }),
                    ),
                (err: unknown) => {
                    assert.ok(err instanceof ConfigurationError, String(err));
                    assert.match(
                        err.message,
                        /previewAccount\.principalId = "55555555-[^"]+": the preview identity is also eligible for "Contributor" through eligibleAuthorizations\[0\]/,
                    );
                    return true;
                },
            );
        });
        assert.deepEqual(resources, []);
    });
});
