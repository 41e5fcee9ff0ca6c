// Issue 13, item 5: one delegation model. The argument types derive from DelegationSpec; one walker,
// driven by the values' shapes, replaces the per-field lists of known and plain values.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import {
    AuthorizationArgs,
    AutomationAccountArgs,
    ConfigurationError,
    CustomerDelegation,
    CustomerDelegationArgs,
    DelegationNameOverrides,
    EligibleApproverArgs,
    EligibleAuthorizationArgs,
    OnboardedWith,
    PlanArgs,
    PreviewAccountArgs,
} from "../../../components";
import { resolvePlain } from "../../../components/resolvePlain";
import { DELEGATION_ARGS_FIELDS, Field, INPUT_KEYS, Shape } from "../../../core/validation";
import { ids, validArgs } from "../../kit/fixtures";
import { runUnderMocks, unwrap } from "../../kit/pulumiMocks";

// Compile-time (tsc -p tsconfig.json fails otherwise): the generated types (scripts/generate-model.ts) give every key
// the type, identical and not only mutually assignable, it had in the interfaces as they were written out before the
// model (copied here from components/customerDelegation.ts, TSDoc left out), and any key added since is optional.
// Importers' programs keep compiling as they did.
interface BeforeAuthorizationArgs {
    principalId: pulumi.Input<string>;
    role: string;
    displayName?: string;
    delegatedRoles?: string[];
}
interface BeforeEligibleApproverArgs {
    principalId: pulumi.Input<string>;
    displayName?: string;
}
interface BeforeEligibleAuthorizationArgs {
    principalId: pulumi.Input<string>;
    role: string;
    displayName?: string;
    delegatedRoles?: string[];
    justInTimeAccessPolicy?: {
        multiFactorAuthProvider?: "Azure" | "None";
        maximumActivationDuration?: string;
        managedByTenantApprovers?: BeforeEligibleApproverArgs[];
    };
}
interface BeforeAutomationAccountArgs {
    principalId: pulumi.Input<string>;
    role?: string;
    displayName?: string;
}
interface BeforePreviewAccountArgs {
    principalId: pulumi.Input<string>;
    displayName?: string;
}
interface BeforePlanArgs {
    name: string;
    publisher: string;
    product: string;
    version: string;
}
interface BeforeCustomerDelegationArgs {
    offerName: string;
    offerDescription?: string;
    managedByTenantId: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
    resourceGroups?: string[];
    authorizations: BeforeAuthorizationArgs[];
    eligibleAuthorizations?: BeforeEligibleAuthorizationArgs[];
    automationAccount?: BeforeAutomationAccountArgs;
    previewAccount?: BeforePreviewAccountArgs;
    plan?: BeforePlanArgs;
    names?: DelegationNameOverrides;
    onboardedWith?: OnboardedWith;
    adopt?: boolean;
}
type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** The keys `Before` had keep identical types; keys added since are optional (`{}` is a valid value of them). */
type Compatible<Now, Before> =
    Identical<Pick<Now, keyof Before & keyof Now>, Before> extends true
        ? object extends Omit<Now, keyof Before>
            ? true
            : false
        : false;
const _sameTypesAsBefore: true[] = [
    true satisfies Compatible<CustomerDelegationArgs, BeforeCustomerDelegationArgs>,
    true satisfies Compatible<AuthorizationArgs, BeforeAuthorizationArgs>,
    true satisfies Compatible<EligibleAuthorizationArgs, BeforeEligibleAuthorizationArgs>,
    true satisfies Compatible<EligibleApproverArgs, BeforeEligibleApproverArgs>,
    true satisfies Compatible<AutomationAccountArgs, BeforeAutomationAccountArgs>,
    true satisfies Compatible<PreviewAccountArgs, BeforePreviewAccountArgs>,
    true satisfies Compatible<PlanArgs, BeforePlanArgs>,
    true satisfies Identical<CustomerDelegationArgs["authorizations"], AuthorizationArgs[]>,
    true satisfies Identical<CustomerDelegationArgs["eligibleAuthorizations"], EligibleAuthorizationArgs[] | undefined>,
];

const G = (n: number) => `${String(n).padStart(8, "0")}-0000-4000-8000-000000000000`;

describe("one delegation model (issue 13, item 5)", () => {
    it("the schema accepts an Output or Promise exactly at the model's Input keys (INPUT_KEYS), at every depth", () => {
        const inputKeys = new Set<string>();
        const visit = (shape: Shape, key: string): void => {
            if (shape.input) {
                inputKeys.add(key);
            }
            if (shape.kind === "list") {
                visit(shape.items, key);
            } else if (shape.kind === "map") {
                visit(shape.values, key);
            } else if (shape.kind === "object") {
                Object.entries(shape.fields).forEach(([k, f]: [string, Field]) => visit(f.shape, k));
            }
        };
        Object.entries(DELEGATION_ARGS_FIELDS).forEach(([k, f]: [string, Field]) => visit(f.shape, k));
        assert.deepEqual([...inputKeys].sort(), [...INPUT_KEYS].sort());
    });

    it("resolvePlain: plain arguments are the spec, with nothing unknown", () => {
        const args = validArgs({
            plan: { name: "gold", publisher: "contoso", product: "managed", version: "1.0.0" },
            names: { resourceGroupAssignments: { "rg-a": G(1) } },
        });
        assert.deepEqual(resolvePlain(args), { spec: args, allPlain: true });
    });

    it("resolvePlain: Outputs and Promises anywhere become undefined, by their shape, not by a list of fields", () => {
        const args = validArgs({
            subscriptionId: pulumi.output(ids.subscription),
            authorizations: [{ principalId: Promise.resolve(ids.adminGroup), role: "Reader" }],
            eligibleAuthorizations: [
                {
                    principalId: ids.engineer,
                    role: "Reader",
                    justInTimeAccessPolicy: {
                        managedByTenantApprovers: [{ principalId: pulumi.output(ids.approver), displayName: "Leads" }],
                    },
                },
            ],
        });
        const { spec, allPlain } = resolvePlain(args);
        assert.equal(allPlain, false);
        assert.equal(spec.subscriptionId, undefined);
        assert.equal(spec.managedByTenantId, ids.partnerTenant);
        assert.deepEqual(spec.authorizations, [{ principalId: undefined, role: "Reader" }]);
        assert.deepEqual(spec.eligibleAuthorizations?.[0].justInTimeAccessPolicy?.managedByTenantApprovers, [
            { principalId: undefined, displayName: "Leads" },
        ]);
        assert.equal(spec.eligibleAuthorizations?.[0].principalId, ids.engineer);
        // A key the walker was never told about is handled the same way (what a new Input field would get for free).
        const { spec: other, allPlain: otherPlain } = resolvePlain({
            ...validArgs(),
            someFutureInput: pulumi.output("x"),
        } as never);
        assert.equal(otherPlain, false);
        assert.equal((other as unknown as Record<string, unknown>).someFutureInput, undefined);
    });

    for (const [where, args, field] of [
        [
            "an authorization",
            validArgs({ authorizations: [{ principalId: pulumi.output(42 as unknown as string), role: "Reader" }] }),
            "authorizations[0].principalId",
        ],
        [
            "the automation account",
            validArgs({ automationAccount: { principalId: pulumi.output(42 as unknown as string) } }),
            "automationAccount.principalId",
        ],
        [
            "the preview account",
            validArgs({ previewAccount: { principalId: pulumi.output(42 as unknown as string) } }),
            "previewAccount.principalId",
        ],
        ["the subscription", validArgs({ subscriptionId: pulumi.output(42 as unknown as string) }), "subscriptionId"],
    ] as const) {
        it(`an Output resolving to a number in ${where} is a ConfigurationError naming ${field}, not a crash`, async () => {
            const { result } = await runUnderMocks(() => new CustomerDelegation("contoso", args), { preview: false });
            await assert.rejects(unwrap(result.pecPrincipalIds), (err: unknown) => {
                assert.ok(err instanceof ConfigurationError, `a ConfigurationError, got ${String(err)}`);
                assert.deepEqual(
                    err.findings.map((f) => [f.field, f.value]),
                    [[field, 42]],
                );
                assert.match(err.findings[0].message, /must be a string .*, not a number/);
                return true;
            });
        });
    }
});
