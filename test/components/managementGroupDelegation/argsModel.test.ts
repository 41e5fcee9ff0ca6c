// Issue 12: ManagementGroupDelegation's arguments re-declare every field for Pulumi's schema analyzer
// (components/managementGroupDelegation/args.ts). Importers must see the same types as before.
/* eslint-disable @typescript-eslint/no-empty-object-type -- the copy is the mapped model, as it was written */
import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import type { ManagementGroupDelegationArgs, ManagementGroupDelegationSpecArgs } from "../../../components";
import type { Inputs } from "../../../components/customerDelegation/args";
import type { ManagementGroupDelegationSpec } from "../../../core/delegation/managementGroupPolicy";

// Compile-time (tsc -p tsconfig.json fails otherwise): identical, not only mutually assignable, to the interfaces
// as they were before the fields were declared again (copied from components/managementGroupDelegation/args.ts).
interface BeforeSpecArgs extends Inputs<ManagementGroupDelegationSpec> {}
interface BeforeArgs extends BeforeSpecArgs {
    managementGroupId: pulumi.Input<string>;
    location?: string;
    remediate?: boolean;
}
type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameTypesAsBefore: true[] = [
    true satisfies Identical<ManagementGroupDelegationArgs, BeforeArgs>,
    true satisfies Identical<ManagementGroupDelegationSpecArgs, BeforeSpecArgs>,
    true satisfies Identical<ManagementGroupDelegationArgs["authorizations"], BeforeArgs["authorizations"]>,
    true satisfies Identical<
        ManagementGroupDelegationArgs["eligibleAuthorizations"],
        BeforeArgs["eligibleAuthorizations"]
    >,
    true satisfies Identical<ManagementGroupDelegationArgs["automationAccount"], BeforeArgs["automationAccount"]>,
    true satisfies Identical<ManagementGroupDelegationArgs["previewAccount"], BeforeArgs["previewAccount"]>,
    true satisfies Identical<ManagementGroupDelegationArgs["plan"], BeforeArgs["plan"]>,
    true satisfies Identical<ManagementGroupDelegationArgs["names"], BeforeArgs["names"]>,
    true satisfies Identical<ManagementGroupDelegationArgs["onboardedWith"], BeforeArgs["onboardedWith"]>,
];

describe("ManagementGroupDelegationArgs (issue 12)", () => {
    it("has the same types as the mapped model it re-declares (checked by tsc; here: every check is present)", () => {
        assert.equal(sameTypesAsBefore.length, 9);
    });
});
