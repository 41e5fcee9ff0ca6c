/* eslint-disable @typescript-eslint/no-empty-object-type -- the interface is its mapped model, by design */
import type * as pulumi from "@pulumi/pulumi";
import type { ManagementGroupDelegationSpec } from "../../core/delegation/managementGroupPolicy";
import type { Inputs } from "../customerDelegation/args";

/** The delegation every subscription of the management group gets: `CustomerDelegationArgs` minus subscription, resource groups and adopt. */
export interface ManagementGroupDelegationSpecArgs extends Inputs<ManagementGroupDelegationSpec> {}

/** Arguments of `ManagementGroupDelegation`. */
export interface ManagementGroupDelegationArgs extends ManagementGroupDelegationSpecArgs {
    /** The customer's management group whose subscriptions (present and future) are delegated: its ID, not its display name. */
    managementGroupId: pulumi.Input<string>;
    /** Region of the policy assignment's managed identity and of each subscription deployment's record. Default "westeurope". */
    location?: string;
    /** Create a remediation task for subscriptions that exist already and are non-compliant. Default true. */
    remediate?: boolean;
}
