// One measurement for bench:plan, in its own process so that peak RSS is this run's alone.
// argv: <variant: component|direct> <N>. Prints one JSON line: { variant, n, ms, peakRssMb }.
import * as pulumi from "@pulumi/pulumi";
import { RegistrationAssignment, RegistrationDefinition } from "@pulumi/azure-native/managedservices";
import { armGuid, CustomerDelegation } from "../components";

const [variant, nText] = process.argv.slice(2);
const n = Number(nText);
const tenant = "11111111-1111-4111-8111-111111111111";

function guidFor(i: number, kind: number): string {
    return `${String(i).padStart(8, "0")}-${String(kind).padStart(4, "0")}-4000-8000-000000000000`;
}

const authorizations = (i: number) => [
    { principalId: guidFor(i, 1), role: "Reader", displayName: "Admins" },
    { principalId: guidFor(i, 1), role: "Managed Services Registration assignment Delete Role", displayName: "Admins" },
    { principalId: guidFor(i, 2), role: "Virtual Machine Contributor", displayName: "Ops" },
    { principalId: guidFor(i, 3), role: "Support Request Contributor", displayName: "Support" },
];

function viaComponent(i: number): pulumi.Resource[] {
    const d = new CustomerDelegation(`customer-${i}`, {
        offerName: `Offer ${i}`, managedByTenantId: tenant, subscriptionId: guidFor(i, 9),
        authorizations: authorizations(i), automationAccount: { principalId: guidFor(0, 4) },
    });
    return [d.definition, ...d.assignments];
}

/** The same azure-native resources and inputs, registered directly: no component, no validation. */
function direct(i: number): pulumi.Resource[] {
    const name = armGuid(`Offer ${i}`);
    const scope = `/subscriptions/${guidFor(i, 9)}`;
    const definition = new RegistrationDefinition(`customer-${i}-definition`, {
        scope, registrationDefinitionId: name,
        properties: {
            registrationDefinitionName: `Offer ${i}`, managedByTenantId: tenant,
            authorizations: [
                { principalId: guidFor(0, 4), principalIdDisplayName: "Provider Automation Account", roleDefinitionId: "b24988ac-6180-42a0-ab88-20f7382dd24c" },
                { principalId: guidFor(i, 1), principalIdDisplayName: "Admins", roleDefinitionId: "acdd72a7-3385-48ef-bd42-f606fba81ae7" },
                { principalId: guidFor(i, 1), principalIdDisplayName: "Admins", roleDefinitionId: "91c1777a-f3dc-4fae-b103-61d183457e46" },
                { principalId: guidFor(i, 2), principalIdDisplayName: "Ops", roleDefinitionId: "9980e02c-c2be-4d73-94e8-173b1dc7cf3c" },
                { principalId: guidFor(i, 3), principalIdDisplayName: "Support", roleDefinitionId: "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e" },
            ],
        },
    });
    const assignment = new RegistrationAssignment(`customer-${i}-assignment`, {
        scope, registrationAssignmentId: name,
        properties: { registrationDefinitionId: `${scope}/providers/Microsoft.ManagedServices/registrationDefinitions/${name}` },
    }, { dependsOn: [definition] });
    return [definition, assignment];
}

async function main(): Promise<void> {
    let registered = 0;
    await pulumi.runtime.setMocks({
        newResource: (args) => { registered++; return { id: `${args.name}_id`, state: args.inputs as Record<string, unknown> }; },
        call: (args) => args.inputs as Record<string, unknown>,
    }, "bench", "plan", false);
    // Quiet the component's advisory warnings: the bench measures registration, not console output.
    (pulumi.log as { warn: unknown }).warn = () => Promise.resolve();
    const build = variant === "component" ? viaComponent : direct;
    // Warm up (lazy module loads, source maps, the role catalogue) so that N measures the steady state.
    const warmup = Array.from({ length: 5 }, (_, i) => build(1_000_000 + i)).flat();
    await Promise.all(warmup.map((r) => (r.urn as unknown as { promise(): Promise<string> }).promise()));
    registered = 0;
    const start = process.hrtime.bigint();
    const resources: pulumi.Resource[] = [];
    for (let i = 0; i < n; i++) {
        resources.push(...build(i));
    }
    await Promise.all(resources.map((r) => (r.urn as unknown as { promise(): Promise<string> }).promise()));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ variant, n, ms, registered, peakRssMb }));
}

main().catch((err) => { console.error(err); process.exit(1); });
