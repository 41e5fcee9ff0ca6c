// Issue 13, item 5: one delegation model. The argument types derive from DelegationSpec; one walker,
// driven by the values' shapes, replaces the per-field lists of known and plain values.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import {
    AuthorizationArgs, AutomationAccountArgs, ConfigurationError, CustomerDelegation, CustomerDelegationArgs, DelegationNameOverrides,
    EligibleApproverArgs, EligibleAuthorizationArgs, OnboardedWith, PlanArgs,
} from "../../../components";
import { resolvePlain } from "../../../components/customerDelegation/resolvePlain";
import { ids, validArgs } from "../../kit/fixtures";
import { runUnderMocks, unwrap } from "../../kit/pulumiMocks";

// Compile-time: the derived types are identical (not only mutually assignable) to the interfaces as they were
// written out before the model (copied here from components/customerDelegation.ts, TSDoc left out).
namespace Before {
    export interface AuthorizationArgs { principalId: pulumi.Input<string>; role: string; displayName?: string; delegatedRoles?: string[] }
    export interface EligibleApproverArgs { principalId: pulumi.Input<string>; displayName?: string }
    export interface EligibleAuthorizationArgs {
        principalId: pulumi.Input<string>;
        role: string;
        displayName?: string;
        delegatedRoles?: string[];
        justInTimeAccessPolicy?: {
            multiFactorAuthProvider?: "Azure" | "None";
            maximumActivationDuration?: string;
            managedByTenantApprovers?: EligibleApproverArgs[];
        };
    }
    export interface AutomationAccountArgs { principalId: pulumi.Input<string>; role?: string; displayName?: string }
    export interface PlanArgs { name: string; publisher: string; product: string; version: string }
    export interface CustomerDelegationArgs {
        offerName: string;
        offerDescription?: string;
        managedByTenantId: pulumi.Input<string>;
        subscriptionId: pulumi.Input<string>;
        resourceGroups?: string[];
        authorizations: AuthorizationArgs[];
        eligibleAuthorizations?: EligibleAuthorizationArgs[];
        automationAccount?: AutomationAccountArgs;
        plan?: PlanArgs;
        names?: DelegationNameOverrides;
        onboardedWith?: OnboardedWith;
        adopt?: boolean;
    }
}
type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const sameTypesAsBefore: true[] = [
    true satisfies Identical<CustomerDelegationArgs, Before.CustomerDelegationArgs>,
    true satisfies Identical<AuthorizationArgs, Before.AuthorizationArgs>,
    true satisfies Identical<EligibleAuthorizationArgs, Before.EligibleAuthorizationArgs>,
    true satisfies Identical<EligibleApproverArgs, Before.EligibleApproverArgs>,
    true satisfies Identical<AutomationAccountArgs, Before.AutomationAccountArgs>,
    true satisfies Identical<PlanArgs, Before.PlanArgs>,
    true satisfies Identical<CustomerDelegationArgs["authorizations"], Before.AuthorizationArgs[]>,
    true satisfies Identical<CustomerDelegationArgs["eligibleAuthorizations"], Before.EligibleAuthorizationArgs[] | undefined>,
];

const G = (n: number) => `${String(n).padStart(8, "0")}-0000-4000-8000-000000000000`;

describe("one delegation model (issue 13, item 5)", () => {
    it("derives the argument types from the model without changing them (checked at compile time)", () => {
        assert.equal(sameTypesAsBefore.length, 8);
    });

    it("resolvePlain: plain arguments are the spec, with nothing unknown", () => {
        const args = validArgs({ plan: { name: "gold", publisher: "contoso", product: "managed", version: "1.0.0" }, names: { resourceGroupAssignments: { "rg-a": G(1) } } });
        assert.deepEqual(resolvePlain(args), { spec: args, allPlain: true });
    });

    it("resolvePlain: Outputs and Promises anywhere become undefined, by their shape, not by a list of fields", () => {
        const args = validArgs({
            subscriptionId: pulumi.output(ids.subscription),
            authorizations: [{ principalId: Promise.resolve(ids.adminGroup), role: "Reader" }],
            eligibleAuthorizations: [{
                principalId: ids.engineer, role: "Reader",
                justInTimeAccessPolicy: { managedByTenantApprovers: [{ principalId: pulumi.output(ids.approver), displayName: "Leads" }] },
            }],
        });
        const { spec, allPlain } = resolvePlain(args);
        assert.equal(allPlain, false);
        assert.equal(spec.subscriptionId, undefined);
        assert.equal(spec.managedByTenantId, ids.partnerTenant);
        assert.deepEqual(spec.authorizations, [{ principalId: undefined, role: "Reader" }]);
        assert.deepEqual(spec.eligibleAuthorizations?.[0].justInTimeAccessPolicy?.managedByTenantApprovers, [{ principalId: undefined, displayName: "Leads" }]);
        assert.equal(spec.eligibleAuthorizations?.[0].principalId, ids.engineer);
        // A key the walker was never told about is handled the same way (what a new Input field would get for free).
        const { spec: other, allPlain: otherPlain } = resolvePlain({ ...validArgs(), someFutureInput: pulumi.output("x") } as never);
        assert.equal(otherPlain, false);
        assert.equal((other as unknown as Record<string, unknown>).someFutureInput, undefined);
    });

    for (const [where, args, field] of [
        ["an authorization", validArgs({ authorizations: [{ principalId: pulumi.output(42 as unknown as string), role: "Reader" }] }), "authorizations[0].principalId"],
        ["the automation account", validArgs({ automationAccount: { principalId: pulumi.output(42 as unknown as string) } }), "automationAccount.principalId"],
        ["the subscription", validArgs({ subscriptionId: pulumi.output(42 as unknown as string) }), "subscriptionId"],
    ] as const) {
        it(`an Output resolving to a number in ${where} is a ConfigurationError naming ${field}, not a crash`, async () => {
            const { result } = await runUnderMocks(() => new CustomerDelegation("contoso", args), { preview: false });
            await assert.rejects(unwrap(result.pecPrincipalIds), (err: unknown) => {
                assert.ok(err instanceof ConfigurationError, `a ConfigurationError, got ${String(err)}`);
                assert.deepEqual(err.findings.map((f) => [f.field, f.value]), [[field, 42]]);
                assert.match(err.findings[0].message, /must be a string .*, not a number/);
                return true;
            });
        });
    }
});
