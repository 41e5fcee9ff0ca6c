// One measurement for bench:subscriptions, in its own process so that peak RSS is this run's alone.
// argv: <K subscriptions>. Runs the customer stack program (config reader + customerStack) under mocks.
// Prints one JSON line: { k, ms, registered, peakRssMb }.
import * as pulumi from "@pulumi/pulumi";
import { readCustomerConfig } from "../program/customerConfig";
import { customerStack } from "../program/customerStack";

const k = Number(process.argv[2]);
const guid = (i: number, kind: number) =>
    `${String(i).padStart(8, "0")}-${String(kind).padStart(4, "0")}-4000-8000-000000000000`;

/** A customer stack config: `subscriptionId` for K = 1 (the legacy shape), a `subscriptions` list otherwise. */
function config(): Record<string, unknown> {
    const subscriptions = Array.from({ length: k }, (_, i) => ({ subscriptionId: guid(i, 9) }));
    return {
        offerName: "Contoso Managed Services",
        managedByTenantId: guid(0, 1),
        customerTenantId: guid(0, 7),
        automationAccount: { principalId: guid(0, 4) },
        authorizations: [
            { principalId: guid(0, 3), role: "Reader", displayName: "Admins" },
            { principalId: guid(0, 3), role: "Managed Services Registration assignment Delete Role" },
            { principalId: guid(0, 2), role: "Virtual Machine Contributor", displayName: "Ops" },
            { principalId: guid(0, 5), role: "Support Request Contributor", displayName: "Support" },
        ],
        ...(k === 1 ? { subscriptionId: subscriptions[0].subscriptionId } : { subscriptions }),
    };
}

async function main(): Promise<void> {
    let registered = 0;
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered++;
                return { id: `${args.name}_id`, state: args.inputs as Record<string, unknown> };
            },
            call: (args) => args.inputs as Record<string, unknown>,
        },
        "bench",
        "subscriptions",
        false,
    );
    const expected = 1 + 3 * k; // the provider, then per subscription the component, definition and assignment
    const values = config();
    const start = process.hrtime.bigint();
    const outputs = customerStack(readCustomerConfig((key) => values[key]));
    await (outputs.pecPrincipalIds as unknown as { promise(): Promise<unknown> }).promise();
    // Registrations finish asynchronously; bounded wait (at most 10 s) for every one of them.
    for (let i = 0; registered < expected && i < 10_000; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (registered !== expected) {
        throw new Error(`registered ${registered} resources, expected ${expected}`);
    }
    console.log(JSON.stringify({ k, ms, registered, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
