import { strict as assert } from "node:assert";
import { buildRegistrationProperties } from "../../../core/delegation";
import { DelegationSpec, validateDelegation } from "../../../core/validation";
import { canonicalIsoDuration } from "../../../core/validation/formats";
import { canonicalJitPolicy, JIT_POLICY_DEFAULTS } from "../../../core/validation/jitPolicy";
import { ids, validArgs } from "../../kit/fixtures";
const G = (n: number) =>
    `${String(n).repeat(8)}-${String(n).repeat(4)}-4${String(n).repeat(3)}-8${String(n).repeat(3)}-${String(n).repeat(12)}`;
const LEADS = G(6);
const MANAGERS = G(7);

type Policy = NonNullable<NonNullable<DelegationSpec["eligibleAuthorizations"]>[number]["justInTimeAccessPolicy"]>;

/** A valid delegation whose engineer (with a permanent Reader) is eligible for Contributor once per policy given. */
function withPolicies(...policies: (Policy | undefined)[]): DelegationSpec {
    return {
        ...validArgs(),
        authorizations: [...validArgs().authorizations, { principalId: ids.engineer, role: "Reader" }],
        eligibleAuthorizations: policies.map((justInTimeAccessPolicy, i) => ({
            principalId: i === 0 ? ids.engineer : ids.adminGroup,
            role: i % 2 === 0 ? "Contributor" : "contributor",
            ...(justInTimeAccessPolicy ? { justInTimeAccessPolicy } : {}),
        })),
    } as DelegationSpec;
}

function sentPolicies(spec: DelegationSpec): unknown[] {
    return (buildRegistrationProperties(spec).eligibleAuthorizations ?? []).map((e) => e.justInTimeAccessPolicy);
}

describe("just-in-time policies: one normal form, sent as compared", () => {
    it("spells a duration as its shortest PT#H#M", () => {
        const cases: [string, string][] = [
            ["PT60M", "PT1H"],
            ["PT90M", "PT1H30M"],
            ["pt1h", "PT1H"],
            [" PT4H30M ", "PT4H30M"],
            ["PT270M", "PT4H30M"],
            ["P0DT8H", "PT8H"],
            ["PT1800S", "PT30M"],
            ["PT0H45M", "PT45M"],
            ["PT1H60M", "PT2H"],
            ["PT30M30S", "PT30M30S"],
            ["PT8H", "PT8H"],
        ];
        assert.deepEqual(
            cases.map(([given]) => [given, canonicalIsoDuration(given)]),
            cases,
        );
        assert.equal(
            canonicalIsoDuration("eight hours"),
            "EIGHT HOURS",
            "not a duration: as normalizeIsoDuration gives it",
        );
    });

    it("sends identical policies for PT1H, PT60M and pt1h, approvers in any order, duplicated, named once", () => {
        const spec = withPolicies(
            {
                maximumActivationDuration: "PT1H",
                managedByTenantApprovers: [
                    { principalId: MANAGERS, displayName: "Managers" },
                    { principalId: LEADS, displayName: "Leads" },
                ],
            },
            {
                multiFactorAuthProvider: "Azure",
                maximumActivationDuration: "PT60M",
                managedByTenantApprovers: [
                    { principalId: LEADS.toUpperCase() },
                    { principalId: MANAGERS },
                    { principalId: LEADS, displayName: "Leads" },
                ],
            },
            {
                maximumActivationDuration: "pt1h",
                managedByTenantApprovers: [{ principalId: LEADS }, { principalId: MANAGERS, displayName: "Managers" }],
            },
        );
        assert.deepEqual(validateDelegation(spec), [], "one policy, said three ways; no finding");
        const expected = {
            multiFactorAuthProvider: "Azure",
            maximumActivationDuration: "PT1H",
            managedByTenantApprovers: [
                { principalId: LEADS, principalIdDisplayName: "Leads" },
                { principalId: MANAGERS, principalIdDisplayName: "Managers" },
            ],
        };
        assert.deepEqual(sentPolicies(spec), [expected, expected, expected]);
        assert.deepEqual(
            [LEADS, MANAGERS],
            [LEADS, MANAGERS].sort(),
            "the fixture's approvers sort in this order, so the assertion above checks the sorting",
        );
    });

    it("sends the same defaults whether a policy is left out, empty or explicit (this project's defaults, not Azure's)", () => {
        assert.deepEqual(JIT_POLICY_DEFAULTS, { multiFactorAuthProvider: "Azure", maximumActivationDuration: "PT8H" });
        const spec = withPolicies(
            undefined,
            {},
            { multiFactorAuthProvider: "Azure", maximumActivationDuration: "PT480M", managedByTenantApprovers: [] },
        );
        assert.deepEqual(validateDelegation(spec), []);
        const expected = { multiFactorAuthProvider: "Azure", maximumActivationDuration: "PT8H" };
        assert.deepEqual(sentPolicies(spec), [expected, expected, expected], "no empty approver list is sent");
    });

    it("leaves a policy already in normal form exactly as written (no diff for stacks that wrote it so)", () => {
        const canonical = {
            multiFactorAuthProvider: "None" as const,
            maximumActivationDuration: "PT4H30M",
            managedByTenantApprovers: [
                { principalId: LEADS, displayName: "Leads" },
                { principalId: MANAGERS, displayName: "Managers" },
            ],
        };
        assert.deepEqual(sentPolicies(withPolicies(canonical)), [
            {
                multiFactorAuthProvider: "None",
                maximumActivationDuration: "PT4H30M",
                managedByTenantApprovers: [
                    { principalId: LEADS, principalIdDisplayName: "Leads" },
                    { principalId: MANAGERS, principalIdDisplayName: "Managers" },
                ],
            },
        ]);
        assert.deepEqual(
            canonicalJitPolicy(
                { maximumActivationDuration: "PT8H", managedByTenantApprovers: [{ principalId: LEADS }] },
                new Map(),
            ),
            {
                multiFactorAuthProvider: "Azure",
                maximumActivationDuration: "PT8H",
                managedByTenantApprovers: [{ principalId: LEADS }],
            },
        );
    });

    it("gives an approver the first name given anywhere, and warns at each other name", () => {
        const spec = withPolicies(
            {
                managedByTenantApprovers: [
                    { principalId: LEADS, displayName: "Leads" },
                    { principalId: LEADS, displayName: "Team leads" },
                ],
            },
            { managedByTenantApprovers: [{ principalId: LEADS.toUpperCase(), displayName: "On-call leads" }] },
        );
        const findings = validateDelegation(spec);
        assert.deepEqual(
            findings.map((f) => [f.severity, f.field, f.value]),
            [
                [
                    "warning",
                    "eligibleAuthorizations[0].justInTimeAccessPolicy.managedByTenantApprovers[1].displayName",
                    "Team leads",
                ],
                [
                    "warning",
                    "eligibleAuthorizations[1].justInTimeAccessPolicy.managedByTenantApprovers[0].displayName",
                    "On-call leads",
                ],
            ],
            "names only: the two policies are the same (one approver), so no conflict error",
        );
        assert.match(
            findings[0].message,
            /named "Leads" in eligibleAuthorizations\[0\]\.justInTimeAccessPolicy\.managedByTenantApprovers\[0\]/,
        );
        assert.match(findings[0].fix, /same displayName everywhere \("Leads"\)/);
        const expected = {
            multiFactorAuthProvider: "Azure",
            maximumActivationDuration: "PT8H",
            managedByTenantApprovers: [{ principalId: LEADS, principalIdDisplayName: "Leads" }],
        };
        assert.deepEqual(sentPolicies(spec), [expected, expected]);
    });

    it("still refuses policies of one role that differ in meaning, showing them as they would be sent", () => {
        const findings = validateDelegation(
            withPolicies({ maximumActivationDuration: "PT90M" }, { maximumActivationDuration: "PT2H" }),
        );
        assert.deepEqual(
            findings.map((f) => [f.severity, f.field]),
            [["error", "eligibleAuthorizations[1].justInTimeAccessPolicy"]],
        );
        assert.match(findings[0].message, /maximumActivationDuration "PT2H" vs "PT1H30M"/);
        assert.match(findings[0].message, /lighthouse-pec's defaults: "Azure", "PT8H"/);
    });
});
