// What a `subscriptionId` customer stack registers, in a stable text form: the fixture
// test/fixtures/customer-stack/legacy-registrations.json was written by this file run on the code
// before `subscriptions` existed (commit 4a0c116), so a change to a single-subscription stack's URNs or inputs shows.
import { readCustomerConfig } from "../../program/customerConfig";
import { customerStack } from "../../program/customerStack";
import { runUnderMocks } from "../kit/pulumiMocks";

const base: Record<string, unknown> = {
    "lighthouse-pec:offerName": "Contoso Managed Services",
    "lighthouse-pec:offerDescription": "Azure management by Contoso (CSP)",
    "lighthouse-pec:subscriptionId": "22222222-2222-4222-8222-222222222222",
    "lighthouse-pec:customerTenantId": "77777777-7777-4777-8777-777777777777",
    "lighthouse-pec:managedByTenantId": "11111111-1111-4111-8111-111111111111",
    "lighthouse-pec:automationAccount": { principalId: "44444444-4444-4444-8444-444444444444" },
    "lighthouse-pec:authorizations": [
        { principalId: "33333333-3333-4333-8333-333333333333", role: "Reader", displayName: "Contoso admins" },
        {
            principalId: "33333333-3333-4333-8333-333333333333",
            role: "Managed Services Registration assignment Delete Role",
        },
        { principalId: "55555555-5555-4555-8555-555555555555", role: "Reader" },
    ],
};

/** The single-subscription configs the fixture covers: whole subscription, resource groups, multi-rg, eligible. */
export const LEGACY_CONFIGS: Record<string, Record<string, unknown>> = {
    subscription: base,
    resourceGroups: { ...base, "lighthouse-pec:resourceGroups": ["rg-a", "rg-b"] },
    multiRg: { ...base, "lighthouse-pec:resourceGroups": ["rg-a", "rg-b"], "lighthouse-pec:onboardedWith": "multi-rg" },
    eligible: {
        ...base,
        "lighthouse-pec:eligibleAuthorizations": [
            { principalId: "55555555-5555-4555-8555-555555555555", role: "Contributor" },
        ],
    },
};

/** Each registration (type, name, provider reference, inputs) of one config, then every URN, as JSON text. */
export async function legacyRegistrations(values: Record<string, unknown>): Promise<string[]> {
    const { resources } = await runUnderMocks(
        () => customerStack(readCustomerConfig((key) => values[`lighthouse-pec:${key}`])),
        { stack: "customer-contoso" },
    );
    // The mock monitor keys every resource by the URN it handed out (parent type included).
    const settings = require("@pulumi/pulumi/runtime/settings") as {
        getMonitor(): { resources: Map<string, unknown> };
    };
    return [
        ...resources.map((r) => JSON.stringify({ type: r.type, name: r.name, provider: r.provider, inputs: r.inputs })),
        ...settings.getMonitor().resources.keys(),
    ];
}

if (require.main === module) {
    void (async () => {
        const out: Record<string, string[]> = {};
        for (const [name, values] of Object.entries(LEGACY_CONFIGS)) {
            out[name] = await legacyRegistrations(values);
        }
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    })();
}
