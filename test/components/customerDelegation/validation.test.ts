import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
    ConfigurationError,
    CustomerDelegation,
    CustomerDelegationArgs,
    DelegationSpec,
    resolveRole,
    validateDelegation,
    WellKnownRoles,
} from "../../../components";
import { readCustomerConfig } from "../../../program/customerConfig";
import { discoverExamples, runExample } from "../../kit/exampleRunner";
import { resolvePackageToSource } from "../../kit/packageSource";
import { ids, validArgs } from "../../kit/fixtures";
import { runUnderMocks, unwrap } from "../../kit/pulumiMocks";

const G = (n: number) => `${String(n).padStart(8, "0")}-0000-4000-8000-000000000000`;

interface Case {
    rule: string;
    args: Partial<CustomerDelegationArgs>;
    field: string;
    message: RegExp;
}

const cases: Case[] = [
    {
        rule: "empty authorizations",
        args: { authorizations: [] },
        field: "authorizations",
        message: /at least one permanent authorization/,
    },
    {
        rule: "malformed tenant GUID",
        args: { managedByTenantId: "contoso.onmicrosoft.com" },
        field: "managedByTenantId",
        message: /not a GUID.*managing tenant ID/,
    },
    {
        rule: "malformed subscription GUID",
        args: { subscriptionId: "sub-1" },
        field: "subscriptionId",
        message: /not a GUID.*subscription ID/,
    },
    {
        rule: "malformed principal GUID",
        args: { authorizations: [{ principalId: "alice@contoso.com", role: "Reader" }] },
        field: "authorizations[0].principalId",
        message: /not a GUID/,
    },
    {
        rule: "malformed automation principal",
        args: { automationAccount: { principalId: "sp" } },
        field: "automationAccount.principalId",
        message: /not a GUID/,
    },
    {
        rule: "Owner",
        args: { authorizations: [{ principalId: ids.adminGroup, role: "Owner" }] },
        field: "authorizations[0].role",
        message: /does not support the Owner role.*Contributor/,
    },
    {
        rule: "DataActions role",
        args: { authorizations: [{ principalId: ids.adminGroup, role: "Log Analytics Contributor" }] },
        field: "authorizations[0].role",
        message: /DataActions/,
    },
    {
        rule: "access-changing role",
        args: { authorizations: [{ principalId: ids.adminGroup, role: "Role Based Access Control Administrator" }] },
        field: "authorizations[0].role",
        message: /restricts roles that can change access/,
    },
    {
        rule: "unknown role name",
        args: { authorizations: [{ principalId: ids.adminGroup, role: "Contributer" }] },
        field: "authorizations[0].role",
        message: /not a known built-in role name.*did you mean "Contributor"/,
    },
    {
        rule: "UAA without delegatedRoles",
        args: { authorizations: [{ principalId: ids.adminGroup, role: "User Access Administrator" }] },
        field: "authorizations[0].delegatedRoles",
        message: /only with delegatedRoles/,
    },
    {
        rule: "UAA delegating Owner",
        args: {
            authorizations: [
                { principalId: ids.adminGroup, role: "User Access Administrator", delegatedRoles: ["Owner"] },
            ],
        },
        field: "authorizations[0].delegatedRoles[0]",
        message: /"Owner" cannot be a delegated role/,
    },
    {
        rule: "UAA delegating UAA",
        args: {
            authorizations: [
                {
                    principalId: ids.adminGroup,
                    role: "User Access Administrator",
                    delegatedRoles: ["User Access Administrator"],
                },
            ],
        },
        field: "authorizations[0].delegatedRoles[0]",
        message: /cannot be a delegated role/,
    },
    {
        rule: "delegatedRoles on another role",
        args: { authorizations: [{ principalId: ids.adminGroup, role: "Contributor", delegatedRoles: ["Reader"] }] },
        field: "authorizations[0].delegatedRoles",
        message: /only allowed with "User Access Administrator", not "Contributor"/,
    },
    {
        rule: "automation account with Reader",
        args: { automationAccount: { principalId: ids.automation, role: "Reader" } },
        field: "automationAccount.role",
        message: /does not earn partner earned credit/,
    },
    {
        rule: "automation account with Owner",
        args: { automationAccount: { principalId: ids.automation, role: "Owner" } },
        field: "automationAccount.role",
        message: /Owner/,
    },
    {
        rule: "automation account with a DataActions role",
        args: { automationAccount: { principalId: ids.automation, role: "Storage Blob Data Contributor" } },
        field: "automationAccount.role",
        message: /DataActions/,
    },
    {
        rule: "eligible UAA",
        args: { eligibleAuthorizations: [{ principalId: ids.engineer, role: "User Access Administrator" }] },
        field: "eligibleAuthorizations[0].role",
        message: /cannot be an eligible/,
    },
    {
        rule: "eligible with delegatedRoles",
        args: {
            eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor", delegatedRoles: ["Reader"] }],
        },
        field: "eligibleAuthorizations[0].delegatedRoles",
        message: /cannot have delegatedRoles/,
    },
    {
        rule: "eligible automation account",
        args: { eligibleAuthorizations: [{ principalId: ids.automation, role: "Contributor" }] },
        field: "eligibleAuthorizations[0].principalId",
        message: /service principal.*never earns PEC/,
    },
    {
        rule: "activation too short",
        args: {
            eligibleAuthorizations: [
                {
                    principalId: ids.engineer,
                    role: "Contributor",
                    justInTimeAccessPolicy: { maximumActivationDuration: "PT15M" },
                },
            ],
        },
        field: "eligibleAuthorizations[0].justInTimeAccessPolicy.maximumActivationDuration",
        message: /between 30 minutes and 8 hours/,
    },
    {
        rule: "activation too long",
        args: {
            eligibleAuthorizations: [
                {
                    principalId: ids.engineer,
                    role: "Contributor",
                    justInTimeAccessPolicy: { maximumActivationDuration: "PT8H1M" },
                },
            ],
        },
        field: "eligibleAuthorizations[0].justInTimeAccessPolicy.maximumActivationDuration",
        message: /between 30 minutes and 8 hours/,
    },
    {
        rule: "activation not a duration",
        args: {
            eligibleAuthorizations: [
                {
                    principalId: ids.engineer,
                    role: "Contributor",
                    justInTimeAccessPolicy: { maximumActivationDuration: "8 hours" },
                },
            ],
        },
        field: "eligibleAuthorizations[0].justInTimeAccessPolicy.maximumActivationDuration",
        message: /not an ISO-8601 duration/,
    },
    {
        rule: "more than 10 approvers",
        args: {
            eligibleAuthorizations: [
                {
                    principalId: ids.engineer,
                    role: "Contributor",
                    justInTimeAccessPolicy: {
                        managedByTenantApprovers: Array.from({ length: 11 }, (_, i) => ({ principalId: G(i + 1) })),
                    },
                },
            ],
        },
        field: "eligibleAuthorizations[0].justInTimeAccessPolicy.managedByTenantApprovers",
        message: /at most 10 approvers/,
    },
    {
        rule: "bad MFA provider",
        args: {
            eligibleAuthorizations: [
                {
                    principalId: ids.engineer,
                    role: "Contributor",
                    justInTimeAccessPolicy: { multiFactorAuthProvider: "Okta" as "Azure" },
                },
            ],
        },
        field: "eligibleAuthorizations[0].justInTimeAccessPolicy.multiFactorAuthProvider",
        message: /"Azure" or "None"/,
    },
    {
        rule: "duplicate principal and role",
        args: {
            authorizations: [
                { principalId: ids.adminGroup, role: "Reader" },
                { principalId: ids.adminGroup.toUpperCase(), role: "acdd72a7-3385-48ef-bd42-f606fba81ae7" },
            ],
        },
        field: "authorizations[1]",
        message: /already authorized by authorizations\[0\]/,
    },
    {
        rule: "automation account duplicated in authorizations",
        args: { authorizations: [{ principalId: ids.automation, role: "Contributor" }] },
        field: "automationAccount",
        message: /already authorized by authorizations\[0\]/,
    },
    {
        rule: "duplicate resource groups",
        args: { resourceGroups: ["rg-prod", "RG-PROD"] },
        field: "resourceGroups[1]",
        message: /listed twice/,
    },
    {
        rule: "invalid resource group name",
        args: { resourceGroups: ["rg prod!"] },
        field: "resourceGroups[0]",
        message: /not a valid resource group name/,
    },
    {
        rule: "empty resource group list",
        args: { resourceGroups: [] },
        field: "resourceGroups",
        message: /delegates nothing/,
    },
    {
        rule: "partial plan",
        args: { plan: { name: "gold", publisher: "contoso" } as never },
        field: "plan",
        message: /missing product, version/,
    },
    { rule: "missing offer name", args: { offerName: " " }, field: "offerName", message: /offer name is required/ },
    {
        rule: "a role with lock management (Locks Contributor)",
        args: { authorizations: [{ principalId: ids.adminGroup, role: "Locks Contributor" }] },
        field: "authorizations[0].role",
        message:
            /"Locks Contributor" includes Microsoft\.Authorization\/locks\/write, Microsoft\.Authorization\/locks\/delete.*Fix: choose a built-in role that includes none of .*locks\/write.*"Contributor"/,
    },
    {
        rule: "an automation account with Storage Account Backup Contributor",
        args: { automationAccount: { principalId: ids.automation, role: "Storage Account Backup Contributor" } },
        field: "automationAccount.role",
        message: /includes Microsoft\.Authorization\/locks\/write/,
    },
    {
        rule: "an eligible Azure Migrate Decide and Plan Expert",
        args: {
            eligibleAuthorizations: [{ principalId: ids.adminGroup, role: "Azure Migrate Decide and Plan Expert" }],
        },
        field: "eligibleAuthorizations[0].role",
        message: /includes Microsoft\.Authorization\/locks\/write.*Fix: choose a built-in role/,
    },
    {
        rule: "eligible authorizations of one role with different durations",
        args: {
            eligibleAuthorizations: [
                {
                    principalId: ids.adminGroup,
                    role: "Contributor",
                    justInTimeAccessPolicy: { maximumActivationDuration: "PT4H" },
                },
                { principalId: ids.adminGroup.toUpperCase(), role: "b24988ac-6180-42a0-ab88-20f7382dd24c" },
            ],
        },
        field: "eligibleAuthorizations[1].justInTimeAccessPolicy",
        message:
            /eligibleAuthorizations\[1\] and eligibleAuthorizations\[0\] both make "Contributor" eligible.*maximumActivationDuration "PT8H" vs "PT4H".*Fix: give eligibleAuthorizations\[1\] the same justInTimeAccessPolicy as eligibleAuthorizations\[0\]/,
    },
    {
        rule: "eligible authorizations of one role with different approvers or MFA",
        args: {
            eligibleAuthorizations: [
                {
                    principalId: ids.adminGroup,
                    role: "Reader",
                    justInTimeAccessPolicy: { managedByTenantApprovers: [{ principalId: ids.approver }] },
                },
                { principalId: ids.engineer, role: "Contributor" },
                { principalId: G(8), role: "Reader", justInTimeAccessPolicy: { multiFactorAuthProvider: "None" } },
            ],
        },
        field: "eligibleAuthorizations[2].justInTimeAccessPolicy",
        message:
            /and eligibleAuthorizations\[0\] both make "Reader".*multiFactorAuthProvider "None" vs "Azure".*managedByTenantApprovers none vs \[66666666-/,
    },
];

describe("CustomerDelegation validation (at construction, before anything registers)", () => {
    for (const c of cases) {
        it(`rejects ${c.rule}`, async () => {
            const { resources } = await runUnderMocks(() => {
                assert.throws(
                    () => new CustomerDelegation("contoso", validArgs(c.args)),
                    (err: unknown) => {
                        assert.ok(err instanceof ConfigurationError, String(err));
                        const finding = err.findings.find((f) => f.field === c.field);
                        assert.ok(finding, `no finding for ${c.field} in:\n${err.message}`);
                        assert.match(`${finding.message}. Fix: ${finding.fix}`, c.message);
                        assert.match(err.message, /nothing was deployed/);
                        assert.ok(err.message.includes(c.field), "the message names the field");
                        return true;
                    },
                );
            });
            assert.deepEqual(resources, [], "nothing was registered");
        });
    }

    it("reports every problem at once, not only the first", () => {
        const findings = validateDelegation({
            offerName: "x",
            managedByTenantId: "bad",
            subscriptionId: "bad",
            authorizations: [{ principalId: ids.adminGroup, role: "Owner" }],
            automationAccount: { principalId: ids.automation, role: "Reader" },
        })
            .filter((f) => f.severity === "error")
            .map((f) => f.field);
        assert.deepEqual(findings.sort(), [
            "authorizations[0].role",
            "automationAccount.role",
            "managedByTenantId",
            "subscriptionId",
        ]);
    });

    it("accepts the valid configuration with no warnings", () => {
        assert.deepEqual(validateDelegation(validArgs() as never), []);
    });

    it("warns (does not fail) on a role GUID the catalogue does not know, on a missing automation account and delete role", () => {
        const findings = validateDelegation({
            ...validArgs(),
            automationAccount: undefined,
            authorizations: [{ principalId: ids.adminGroup, role: G(9) }],
        } as never);
        assert.deepEqual(
            findings.map((f) => [f.severity, f.field]),
            [
                ["warning", "authorizations[0].role"],
                ["warning", "automationAccount"],
                ["warning", "authorizations"],
                ["warning", "authorizations"],
            ],
        );
        assert.match(findings[1].message, /no PEC will be tracked unless one of the principals is linked/);
        assert.match(findings[2].message, /no permanent authorization has a PEC-eligible role/);
        assert.match(findings[3].message, /Registration assignment Delete Role/);
    });

    it("skips unknown values (preview) and checks them once known", async () => {
        assert.deepEqual(
            validateDelegation({
                ...validArgs(),
                subscriptionId: undefined,
                managedByTenantId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
            } as never),
            [],
        );
        const { resources, result } = await runUnderMocks(
            () =>
                new CustomerDelegation(
                    "contoso",
                    validArgs({ automationAccount: { principalId: pulumi.output("not-a-guid") } }),
                ),
        );
        await assert.rejects(
            unwrap(result.pecPrincipalIds),
            /automationAccount.principalId = "not-a-guid": not a GUID/,
        );
        assert.deepEqual(
            resources.map((r) => r.type),
            ["lighthouse-pec:index:CustomerDelegation"],
            "no definition or assignment was registered",
        );
    });

    it("compares the JIT policies of one role after defaults: duration by length in any case, approvers as a set", () => {
        const approvers = [
            { principalId: ids.approver, displayName: "Leads" },
            { principalId: G(7), displayName: "Managers" },
        ];
        const spec = (secondApprovers: { principalId: string; displayName?: string }[]) =>
            ({
                ...validArgs(),
                authorizations: [...validArgs().authorizations, { principalId: ids.engineer, role: "Reader" }],
                eligibleAuthorizations: [
                    {
                        principalId: ids.adminGroup,
                        role: "Contributor",
                        justInTimeAccessPolicy: {
                            maximumActivationDuration: "PT4H",
                            managedByTenantApprovers: approvers,
                        },
                    },
                    {
                        principalId: ids.engineer,
                        role: "contributor",
                        justInTimeAccessPolicy: {
                            multiFactorAuthProvider: "Azure",
                            maximumActivationDuration: "pt240m",
                            managedByTenantApprovers: secondApprovers,
                        },
                    },
                    { principalId: ids.adminGroup, role: "Virtual Machine Contributor" },
                    {
                        principalId: ids.engineer,
                        role: "Virtual Machine Contributor",
                        justInTimeAccessPolicy: {
                            multiFactorAuthProvider: "Azure",
                            maximumActivationDuration: "PT8H",
                            managedByTenantApprovers: [],
                        },
                    },
                ],
            }) as never;
        const sameSet = [{ principalId: G(7).toUpperCase() }, { principalId: ids.approver, displayName: "Team leads" }];
        assert.deepEqual(
            validateDelegation(spec(sameSet)).map((f) => [f.severity, f.field, f.value]),
            [
                [
                    "warning",
                    "eligibleAuthorizations[1].justInTimeAccessPolicy.managedByTenantApprovers[1].displayName",
                    "Team leads",
                ],
            ],
            "same approvers in another order, PT4H = pt240m, defaults = explicit defaults: one policy; only the second name for one approver is a finding",
        );
        const oneMore = [{ principalId: G(7).toUpperCase() }, { principalId: ids.approver }, { principalId: G(8) }];
        assert.deepEqual(
            validateDelegation(spec(oneMore)).map((f) => [f.severity, f.field]),
            [["error", "eligibleAuthorizations[1].justInTimeAccessPolicy"]],
            "one more approver is another policy",
        );
    });

    it("warns, naming the principal, when an eligible principal has no permanent authorization of its own", () => {
        const findings = validateDelegation({
            ...validArgs(),
            eligibleAuthorizations: [
                { principalId: ids.engineer, role: "Contributor", displayName: "On-call engineers" },
                { principalId: ids.engineer, role: "Virtual Machine Contributor", displayName: "On-call engineers" },
                { principalId: ids.adminGroup.toUpperCase(), role: "Contributor" },
            ],
        } as never);
        assert.deepEqual(
            findings.map((f) => [f.severity, f.field, f.value]),
            [["warning", "eligibleAuthorizations[0].principalId", ids.engineer]],
            "once per principal; the admin group holds permanent Reader (IDs compare case-insensitively)",
        );
        assert.match(
            findings[0].message,
            /"On-call engineers" has no permanent authorization, so it cannot activate its eligible role from "My customers"/,
        );
        assert.match(findings[0].fix, new RegExp(`principalId: "${ids.engineer}", role: "Reader"`));
        // A group only counts by its own principal ID: a permanent authorization of another group (even one
        // the eligible principal belongs to) does not let it activate.
        const withReader = validateDelegation({
            ...validArgs(),
            authorizations: [...validArgs().authorizations, { principalId: ids.engineer, role: "Reader" }],
            eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor" }],
        } as never);
        assert.deepEqual(withReader, []);
    });

    it("ships JIT configurations that give each eligible principal a permanent Reader, warning-free", async () => {
        const yaml = require("js-yaml") as typeof import("js-yaml");
        const values = (
            yaml.load(readFileSync(join(__dirname, "..", "..", "..", "Pulumi.customer-example.yaml"), "utf8")) as {
                config: Record<string, unknown>;
            }
        ).config;
        const config = readCustomerConfig((key) => values[`lighthouse-pec:${key}`]);
        const spec = {
            ...config,
            managedByTenantId: ids.partnerTenant,
            automationAccount: { principalId: ids.automation },
        } as never as DelegationSpec;
        assertReaderForEachEligible(spec);
        assert.deepEqual(validateDelegation(spec), [], "Pulumi.customer-example.yaml");

        let restore: () => void = () => undefined;
        const warnings: string[] = [];
        const originalWarn = pulumi.log.warn;
        try {
            restore = resolvePackageToSource();
            (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async (message: string) => {
                warnings.push(message);
            };
            const example = discoverExamples().find((e) => e.dir === "jit-authorizations")!;
            const run = await runExample(example);
            const definition = run.resources.find(
                (r) => r.type === "azure-native:managedservices:RegistrationDefinition",
            )!;
            const properties = definition.inputs.properties as {
                authorizations: { principalId: string; roleDefinitionId: string }[];
                eligibleAuthorizations: { principalId: string }[];
            };
            for (const e of properties.eligibleAuthorizations) {
                assert.ok(
                    properties.authorizations.some(
                        (a) => a.principalId === e.principalId && a.roleDefinitionId === WellKnownRoles.reader,
                    ),
                    `examples/jit-authorizations: ${e.principalId} has a permanent Reader`,
                );
            }
        } finally {
            (pulumi.log as { warn: typeof pulumi.log.warn }).warn = originalWarn;
            restore();
        }
        assert.deepEqual(warnings, [], "examples/jit-authorizations deploys warning-free");
    });
});

function assertReaderForEachEligible(spec: DelegationSpec): void {
    assert.ok((spec.eligibleAuthorizations ?? []).length > 0, "the example shows a JIT authorization");
    for (const e of spec.eligibleAuthorizations ?? []) {
        assert.ok(
            spec.authorizations.some(
                (a) => a.principalId === e.principalId && resolveRole(a.role)?.id === WellKnownRoles.reader,
            ),
            `${e.principalId} has a permanent Reader`,
        );
    }
}
