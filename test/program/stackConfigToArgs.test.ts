// Issue 19, item 1: one mapping from a customer stack's config to a delegation component's arguments, by the schema.
import { strict as assert } from "node:assert";
import {
    CUSTOMER_CONFIG_FIELDS,
    DELEGATION_ARGS_FIELDS,
    MANAGEMENT_GROUP_DELEGATION_FIELDS,
} from "../../core/validation";
import { CustomerStackConfig, readCustomerConfig } from "../../program/customerConfig";
import { stackConfigToArgs } from "../../program/stackConfigToArgs";
import { ids } from "../kit/fixtures";

const G = (n: number) => `${String(n).padStart(8, "0")}-0000-4000-8000-000000000000`;

/** A customer stack config setting every key (all of them valid), as the config reader returns it. */
function everyKey(): CustomerStackConfig {
    const values: Record<string, unknown> = {
        offerName: "Contoso Managed Services",
        offerDescription: "Azure management by Contoso",
        managedByTenantId: ids.partnerTenant,
        subscriptionId: ids.subscription,
        authorizations: [{ principalId: ids.adminGroup, role: "Reader", displayName: "Admins" }],
        eligibleAuthorizations: [
            {
                principalId: ids.engineer,
                role: "Contributor",
                justInTimeAccessPolicy: { managedByTenantApprovers: [{ principalId: ids.approver }] },
            },
        ],
        automationAccount: { principalId: ids.automation, role: "Contributor", displayName: "PAA" },
        previewAccount: { principalId: ids.preview },
        resourceGroups: ["rg-a"],
        plan: { name: "gold", publisher: "contoso", product: "managed", version: "1.0.0" },
        names: { registrationDefinition: G(1) },
        adopt: "true",
        onboardedWith: "rg",
        customerTenantId: G(2),
        csp: "false",
        partnerStack: "contoso/lighthouse-pec/partner",
        policyLocation: "swedencentral",
        registerProviderIn: [ids.subscription],
    };
    return readCustomerConfig((key) => values[key]);
}

describe("stackConfigToArgs: a customer stack's config as a component's arguments (issue 19)", () => {
    it("passes every key the config and CustomerDelegation's schema share, as read, with the partner values in place", () => {
        const config = everyKey();
        const args = stackConfigToArgs(config, { managedByTenantId: "tenant-output", principalId: "principal-output" });
        const shared = Object.keys(DELEGATION_ARGS_FIELDS).filter((key) => key in CUSTOMER_CONFIG_FIELDS);
        assert.deepEqual(Object.keys(args).sort(), shared.sort(), "exactly the shared keys, none listed by hand");
        for (const key of shared.filter((k) => k !== "managedByTenantId" && k !== "automationAccount")) {
            assert.deepEqual(args[key as keyof typeof args], config[key as keyof CustomerStackConfig], key);
        }
        assert.equal(args.managedByTenantId, "tenant-output");
        assert.deepEqual(args.automationAccount, {
            principalId: "principal-output",
            role: "Contributor",
            displayName: "PAA",
        });
        assert.equal(args.adopt, true, "the config reader's boolean, not its text");
        assert.equal(
            "customerTenantId" in args || "partnerStack" in args || "csp" in args,
            false,
            "stack-only keys stay",
        );
    });

    it("leaves out what the config does not set (stacks register what they did before), but always the automation account", () => {
        const args = stackConfigToArgs(
            { offerName: "Contoso", subscriptionId: ids.subscription, authorizations: [] },
            { managedByTenantId: undefined, principalId: undefined },
        );
        assert.deepEqual(args, {
            offerName: "Contoso",
            subscriptionId: ids.subscription,
            authorizations: [],
            managedByTenantId: undefined,
            automationAccount: { principalId: undefined },
        });
    });

    it("with a component's schema, passes only that component's keys (ManagementGroupDelegation: no subscription, no adopt)", () => {
        const args = stackConfigToArgs(
            everyKey(),
            { managedByTenantId: "t", principalId: "p" },
            MANAGEMENT_GROUP_DELEGATION_FIELDS,
        );
        for (const key of ["subscriptionId", "resourceGroups", "adopt", "policyLocation"]) {
            assert.equal(key in args, false, key);
        }
        assert.equal((args as Record<string, unknown>).onboardedWith, "rg");
        assert.deepEqual((args as Record<string, unknown>).previewAccount, { principalId: ids.preview });
    });
});
