import { strict as assert } from "node:assert";
import { ConfigurationError } from "../../components";
import { readCustomerConfig } from "../../program/customerConfig";
import { customerStack } from "../../program/customerStack";
import { ids } from "../kit/fixtures";
import { runUnderMocks } from "../kit/pulumiMocks";

const CUSTOMER_TENANT = "77777777-7777-4777-8777-777777777777";
const PARTNER_SECRET = "partner-secret-value-that-must-not-reach-state";

function cspConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        "lighthouse-pec:offerName": "Contoso Managed Services",
        "lighthouse-pec:subscriptionId": "22222222-2222-4222-8222-222222222222",
        "lighthouse-pec:customerTenantId": CUSTOMER_TENANT,
        "lighthouse-pec:csp": "true",
        "lighthouse-pec:managedByTenantId": ids.partnerTenant,
        "lighthouse-pec:automationAccount": { principalId: ids.automation },
        "lighthouse-pec:authorizations": [
            { principalId: ids.adminGroup, role: "Reader", displayName: "Contoso admins" },
        ],
        ...overrides,
    };
}

const reader = (values: Record<string, unknown>) => (key: string) => values[`lighthouse-pec:${key}`];

describe("CSP admin-on-behalf-of customer stack", () => {
    it("reads csp: true (text, as pulumi config set stores it)", () => {
        assert.equal(readCustomerConfig(reader(cspConfig())).csp, true);
        assert.equal(readCustomerConfig(reader(cspConfig({ "lighthouse-pec:csp": "false" }))).csp, false);
    });

    it("requires the customer's tenant ID when csp is true, with the command that sets it", () => {
        assert.throws(
            () => readCustomerConfig(reader(cspConfig({ "lighthouse-pec:customerTenantId": undefined }))),
            (err: unknown) => {
                assert.ok(err instanceof ConfigurationError);
                const f = err.findings.find((x) => x.field === "lighthouse-pec:customerTenantId");
                assert.ok(f, JSON.stringify(err.findings));
                assert.match(f.fix, /pulumi config set lighthouse-pec:customerTenantId/);
                return true;
            },
        );
    });

    it("rejects a csp value that is not true or false", () => {
        assert.throws(
            () => readCustomerConfig(reader(cspConfig({ "lighthouse-pec:csp": "yes please" }))),
            (err: unknown) => err instanceof ConfigurationError && err.findings.some((f) => /csp/.test(f.field)),
        );
    });

    it("deploys with the customer's tenant on the provider and the partner's credentials left to the environment", async () => {
        const saved = { ...process.env };
        // The partner's own sign-in, as a CI job would have it: the home tenant is the partner's.
        process.env.ARM_TENANT_ID = ids.partnerTenant;
        process.env.ARM_CLIENT_ID = "99999999-9999-4999-8999-999999999999";
        process.env.ARM_CLIENT_SECRET = PARTNER_SECRET;
        try {
            const { resources } = await runUnderMocks(() => customerStack(readCustomerConfig(reader(cspConfig()))));
            const provider = resources.find((r) => r.type === "pulumi:providers:azure-native");
            assert.ok(provider);
            assert.equal(provider.inputs.tenantId, CUSTOMER_TENANT, "signs in to the customer's tenant (AOBO)");
            assert.equal(provider.inputs.subscriptionId, "22222222-2222-4222-8222-222222222222");
            for (const key of ["clientId", "clientSecret", "useMsi", "useOidc"]) {
                assert.equal(provider.inputs[key], undefined, `${key} comes from the environment, not the stack`);
            }
            assert.ok(!JSON.stringify(resources).includes(PARTNER_SECRET), "the partner's secret never reaches state");
            const definition = resources.find((r) => r.type === "azure-native:managedservices:RegistrationDefinition");
            assert.match(definition?.provider ?? "", /::customer::/);
            const properties = definition?.inputs.properties as { managedByTenantId: string };
            assert.equal(properties.managedByTenantId, ids.partnerTenant, "delegated to the partner's tenant");
        } finally {
            for (const key of ["ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET"]) {
                if (saved[key] === undefined) delete process.env[key];
                else process.env[key] = saved[key];
            }
        }
    });
});
