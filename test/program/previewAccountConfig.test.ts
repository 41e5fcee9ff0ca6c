// Issue 18 §1: lighthouse-pec:previewAccount in a customer stack's config: read strictly, passed to every
// delegation of the stack, and absent (not undefined) when not set, so existing stacks register what they did.
import { strict as assert } from "node:assert";
import { ConfigurationError } from "../../components";
import { CustomerStackConfig, readCustomerConfig } from "../../program/customerConfig";
import { customerStack } from "../../program/customerStack";
import { ids } from "../kit/fixtures";
import { RegisteredResource, runUnderMocks } from "../kit/pulumiMocks";

const SECOND = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

const base: Record<string, unknown> = {
    "lighthouse-pec:offerName": "Contoso Managed Services",
    "lighthouse-pec:subscriptions": [{ subscriptionId: ids.subscription }, { subscriptionId: SECOND }],
    "lighthouse-pec:managedByTenantId": ids.partnerTenant,
    "lighthouse-pec:automationAccount": { principalId: ids.automation },
    "lighthouse-pec:authorizations": [
        { principalId: ids.adminGroup, role: "Reader" },
        { principalId: ids.adminGroup, role: "Managed Services Registration assignment Delete Role" },
    ],
};

function read(values: Record<string, unknown>): CustomerStackConfig {
    return readCustomerConfig((key) => values[`lighthouse-pec:${key}`]);
}

function findingsOf(values: Record<string, unknown>): string[] {
    try {
        read(values);
    } catch (err) {
        assert.ok(err instanceof ConfigurationError, String(err));
        return err.findings.map((f) => `${f.field}: ${f.message}. Fix: ${f.fix}`);
    }
    assert.fail("expected a ConfigurationError");
}

function definitions(resources: RegisteredResource[]) {
    return resources.filter((r) => r.type === "azure-native:managedservices:RegistrationDefinition");
}

describe("customer stack config: lighthouse-pec:previewAccount (issue 18)", () => {
    it("is read as given, and absent when not set", () => {
        assert.deepEqual(
            read({ ...base, "lighthouse-pec:previewAccount": { principalId: ids.preview } }).previewAccount,
            {
                principalId: ids.preview,
            },
        );
        assert.equal("previewAccount" in read(base), false);
    });

    it("every delegation of a subscriptions list gets the Reader; without the key the registrations are the same minus it", async () => {
        const withPreview = await runUnderMocks(() =>
            customerStack(read({ ...base, "lighthouse-pec:previewAccount": { principalId: ids.preview } })),
        );
        const without = await runUnderMocks(() => customerStack(read(base)));
        assert.equal(definitions(withPreview.resources).length, 2);
        for (const definition of definitions(withPreview.resources)) {
            const { authorizations } = definition.inputs.properties as { authorizations: { principalId: string }[] };
            assert.equal(authorizations.at(-1)?.principalId, ids.preview, definition.name);
        }
        const dropPreview = (r: RegisteredResource) => {
            if (r.type !== "azure-native:managedservices:RegistrationDefinition") {
                return r;
            }
            const properties = r.inputs.properties as { authorizations: { principalId: string }[] };
            return {
                ...r,
                inputs: {
                    ...r.inputs,
                    properties: {
                        ...properties,
                        authorizations: properties.authorizations.filter((a) => a.principalId !== ids.preview),
                    },
                },
            };
        };
        assert.deepEqual(withPreview.resources.map(dropPreview), without.resources);
    });

    for (const [what, value, expected] of [
        [
            "a role (the preview account is always Reader)",
            { principalId: ids.preview, role: "Contributor" },
            "lighthouse-pec:previewAccount.role: unknown key. Fix: remove it; the keys here are principalId, displayName",
        ],
        [
            "no principalId",
            {},
            "lighthouse-pec:previewAccount.principalId: required but not set. Fix: pulumi config set --path 'lighthouse-pec:previewAccount.principalId' 00000000-0000-0000-0000-000000000000",
        ],
        [
            "a number",
            { principalId: 123 },
            "lighthouse-pec:previewAccount.principalId: must be a string (user, group or service principal object GUID), not a number. Fix: pulumi config set --path 'lighthouse-pec:previewAccount.principalId' 00000000-0000-0000-0000-000000000000",
        ],
        [
            "a mistyped key",
            { principalID: ids.preview },
            'lighthouse-pec:previewAccount.principalID: unknown key (did you mean "principalId"?). Fix: rename it to "principalId" in Pulumi.<stack>.yaml',
        ],
    ] as const) {
        it(`refuses ${what} with one finding naming the key and the fix`, () => {
            assert.deepEqual(findingsOf({ ...base, "lighthouse-pec:previewAccount": value }), [expected]);
        });
    }
});
