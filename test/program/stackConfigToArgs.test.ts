// Issue 19, item 1: one mapping from a customer stack's config to a delegation component's arguments, by the schema.
import { strict as assert } from "node:assert";
import {
    CUSTOMER_CONFIG_FIELDS,
    DELEGATION_ARGS_FIELDS,
    exampleOf,
    Field,
    MANAGEMENT_GROUP_DELEGATION_FIELDS,
} from "../../core/validation";
import { CustomerStackConfig, readCustomerConfig } from "../../program/customerConfig";
import { stackConfigToArgs } from "../../program/stackConfigToArgs";
import { ids } from "../kit/fixtures";

/**
 * A customer stack config setting every key the schema has, each to the schema's own example (with `subscriptionId`,
 * so not `subscriptions` nor `managementGroupId`), as the config reader returns it: a key added to the schema is in it.
 */
function everyKey(): CustomerStackConfig {
    const values = Object.fromEntries(
        Object.entries(CUSTOMER_CONFIG_FIELDS)
            .filter(([key]) => key !== "subscriptions" && key !== "managementGroupId")
            .map(([key, field]: [string, Field]) => [key, exampleOf(field.shape)]),
    );
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
        assert.deepEqual(args.automationAccount, { ...config.automationAccount, principalId: "principal-output" });
        assert.equal(args.automationAccount.role, "Contributor", "the config's own keys of the account are kept");
        assert.equal(args.adopt, true, "the config reader's boolean");
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
        const config = everyKey();
        for (const key of ["subscriptionId", "resourceGroups", "adopt", "policyLocation"]) {
            assert.ok(key in config, `${key} is set in the config`);
            assert.equal(key in args, false, key);
        }
        const mgKeys = Object.keys(MANAGEMENT_GROUP_DELEGATION_FIELDS).filter((key) => key in config);
        assert.ok(mgKeys.length >= 10, mgKeys.join(", "));
        assert.deepEqual(Object.keys(args).sort(), mgKeys.sort());
    });
});
