/**
 * Plain facts and results of `lighthouse-pec watch` (no network, no Pulumi). The JSON output is
 * {@link WatchReport} as is: its field names are a stable contract (docs/watch.md).
 *
 * Sentences in the report (`pecEffect`, `detail`, `fix`) hold only our own words, GUIDs and dates that were
 * checked, and role names from the project's catalogue: text an event or a delegation carries (the caller,
 * an offer name, a description that could not be read) stays in its own fields, which each format escapes.
 */

/**
 * The operations Azure logs in the managing tenant's tenant-level activity log when a customer delegates
 * (or changes a delegation: it is logged as an addition) or removes a delegation (Microsoft Learn, Lighthouse,
 * "Monitor delegation changes in your managing tenant").
 */
export const DELEGATION_OPERATIONS = {
    register: "Microsoft.Resources/tenants/register/action",
    unregister: "Microsoft.Resources/tenants/unregister/action",
} as const;

/** What a delegation event says happened: `added-or-changed` (register) or `removed` (unregister). */
export type DelegationChange = "added-or-changed" | "removed";

/** One `EndRequest` event of a delegation operation, read from the tenant activity log. */
export interface DelegationEvent {
    /** What identifies the event across runs: its `eventDataId`, else its `id`, else a hash of its content. */
    key: string;
    /** Added (or changed) or removed. */
    change: DelegationChange;
    /** `succeeded`, `failed`, or `other` for any other status (the raw value is in {@link rawStatus}). */
    status: "succeeded" | "failed" | "other";
    /** The status as logged, when it is neither Succeeded nor Failed (text from the event); else null. */
    rawStatus: string | null;
    /** When it happened, ISO 8601 in UTC (normalised from `eventTimestamp`), or null when the event's time is not a date. */
    eventTimestamp: string | null;
    /** The customer's tenant (`subscriptionTenantId` of the description), lower case, when it is a GUID. */
    customerTenantId: string | null;
    /** The subscription delegated, or that holds the delegated resource group, lower case, when it is a GUID. */
    subscriptionId: string | null;
    /** The resource group, for a resource-group delegation (a valid Azure resource group name), else null. */
    resourceGroup: string | null;
    /** `delegationResourceId` when it is a subscription or resource group ID, else null. */
    delegatedResourceId: string | null;
    /** Who did it (`caller`: a UPN, an e-mail address or an application ID; text from the event), else null. */
    caller: string | null;
    /** Why the description did not identify the delegation (our words), else null. */
    descriptionProblem: string | null;
    /** The description, shortened, when it did not identify the delegation (text from the event); else null. */
    rawDescription: string | null;
}

/**
 * What a delegation grants the partner-linked identity now, per subscription:
 * `ok` — a permanent, PEC-eligible role (on the whole subscription, or on each resource group the stack delegated);
 * `removed` — the stack's registration assignment is gone, or no delegation to the managing tenant is left;
 * `unreachable` — the identity cannot reach the subscription any more (the delegation was removed or no longer authorizes it);
 * `no-access` — delegated, but no permanent or eligible authorization names the identity (or a `--member-of` group);
 * `jit-only` — only just-in-time (eligible) authorizations, which never earn PEC;
 * `not-pec-eligible-role` — permanent roles, none PEC-eligible (e.g. Reader);
 * `eligibility-unknown` — the best permanent role is one Partner Center's PEC table does not list;
 * `partial-scope` — a PEC-eligible role only on part of the subscription;
 * `unreadable` — Azure did not answer (after retries) or answered with an error other than the above.
 */
export type DelegationVerdict =
    | "ok"
    | "removed"
    | "unreachable"
    | "no-access"
    | "jit-only"
    | "not-pec-eligible-role"
    | "eligibility-unknown"
    | "partial-scope"
    | "unreadable";

/** Every {@link DelegationVerdict}, for checking a state file. */
export const DELEGATION_VERDICTS: readonly DelegationVerdict[] = [
    "ok",
    "removed",
    "unreachable",
    "no-access",
    "jit-only",
    "not-pec-eligible-role",
    "eligibility-unknown",
    "partial-scope",
    "unreadable",
];

/** A delegation the stacks deployed (from `--expect`): a subscription and, when the stack outputs name them, its registration assignments. */
export interface ExpectedDelegation {
    /** Azure subscription ID, lower case. */
    subscriptionId: string;
    /** Full resource IDs of the stack's registration assignments on it (empty for a plain list of subscriptions). */
    assignmentIds: string[];
}

/** A permanent or eligible authorization of a registration definition, as the check judges it. */
export interface CheckedAuthorization {
    /** The principal it names (lower case). */
    principalId: string;
    /** Role definition GUID (lower case), or null when Azure gave something that is not one. */
    roleDefinitionId: string | null;
    /** False for an eligible (just-in-time) authorization. */
    permanent: boolean;
}

/** One registration assignment as read now (definition expanded). */
export interface AssignmentSeen {
    /** The assignment's resource ID (text from Azure). */
    id: string;
    /** The scope it delegates: the subscription or one of its resource groups. */
    scope: string;
    /** The offer name (`registrationDefinitionName`, text from Azure), if known. */
    offerName: string | null;
    /** The managing tenant (lower case), if known. */
    managedByTenantId: string | null;
    /** Provisioning state, if known. */
    provisioningState: string | null;
    /** Permanent and eligible authorizations. */
    authorizations: CheckedAuthorization[];
}

/**
 * What was read now for one expected delegation: the assignments found, or why they could not be read.
 * `missing` lists expected assignment IDs that answered 404.
 */
export type DelegationReading =
    | { kind: "read"; assignments: AssignmentSeen[]; missing: string[]; listedAtSubscription: boolean }
    | { kind: "unreachable"; status: number; code: string | null }
    | { kind: "unreadable"; status: number | null; code: string | null };

/** One new change from the activity log, as reported. */
export interface ChangeRow {
    /** The event's key (see {@link DelegationEvent.key}). */
    key: string;
    /** Added (or changed) or removed. */
    change: DelegationChange;
    /** Succeeded, failed or other. */
    status: DelegationEvent["status"];
    /** The status as logged when other (text from the event), else null. */
    rawStatus: string | null;
    /** When, ISO 8601 UTC, or null when the event carries no valid time. */
    eventTimestamp: string | null;
    /** The customer's tenant, if the event names one. */
    customerTenantId: string | null;
    /** The subscription, if the event names one. */
    subscriptionId: string | null;
    /** The resource group, for a resource-group delegation. */
    resourceGroup: string | null;
    /** The delegated subscription or resource group ID. */
    delegatedResourceId: string | null;
    /** Who did it (text from the event). */
    caller: string | null;
    /** The description, when it did not identify the delegation (text from the event). */
    rawDescription: string | null;
    /** Whether the subscription is one the stacks deployed (`--expect`); null without `--expect`. */
    expected: boolean | null;
    /** What the check finds on the subscription now, when it was checked; else null. */
    currentVerdict: DelegationVerdict | null;
    /** Whether PEC is at risk because of this change. */
    atRisk: boolean;
    /** What the change does to PEC (our words). */
    pecEffect: string;
    /** What to do (our words; empty when nothing). */
    fix: string;
}

/** The last change the activity log shows for a subscription, within the window read. */
export interface LastChange {
    /** Added (or changed) or removed. */
    change: DelegationChange;
    /** Succeeded, failed or other. */
    status: DelegationEvent["status"];
    /** When, ISO 8601 UTC. */
    eventTimestamp: string;
}

/** One expected delegation, checked now. */
export interface DelegationRow {
    /** Azure subscription ID. */
    subscriptionId: string;
    /** The stack's registration assignments on it (from `--expect`), possibly none. */
    assignmentIds: string[];
    /** The verdict. */
    verdict: DelegationVerdict;
    /** Offer names of the managing tenant's assignments found (text from Azure). */
    offers: string[];
    /** The identity's roles there, e.g. `Contributor (permanent)` (catalogue names, or the role GUID). */
    roles: string[];
    /** The last change of the activity log's window for this subscription, if any. */
    lastChange: LastChange | null;
    /** When this verdict was first seen (from `--state`; this run's time when it is new). */
    since: string;
    /** Whether the verdict differs from the one recorded in `--state` (always true without a state file). */
    new: boolean;
    /** Whether PEC is at risk (any verdict but `ok`). */
    atRisk: boolean;
    /** What was found, and what it does to PEC (our words). */
    detail: string;
    /** What to do (our words; empty when nothing). */
    fix: string;
}

/** The whole result (the `--format json` output). */
export interface WatchReport {
    /** The report's format version. */
    version: 1;
    /** The managing tenant (the signed-in identity's tenant, lower case). */
    managingTenantId: string;
    /** The principals whose roles were judged (the partner-linked identity and `--member-of` groups). */
    principalIds: string[];
    /** The activity log window read, or null when the log was not read (`--no-activity-log`). */
    activityLog: {
        /** Start of the window (ISO 8601 UTC; events at or after it were asked for). */
        since: string;
        /** End of the window: when the log was read. */
        until: string;
        /** Delegation events in the window (new and already reported). */
        events: number;
        /** Of those, events reported by an earlier run (`--state`) and left out of `changes`. */
        alreadyReported: number;
    } | null;
    /** New delegation changes, oldest first. */
    changes: ChangeRow[];
    /** The expected delegations, checked now (empty without `--expect`); at risk first. */
    delegations: DelegationRow[];
    /** Counts. */
    summary: {
        /** New changes. */
        changes: number;
        /** Delegations checked. */
        delegations: number;
        /** Rows (changes and delegations) at risk, new or not. */
        atRisk: number;
        /** Rows at risk that no earlier run reported: the exit status is 1 when this is not 0. */
        newAtRisk: number;
    };
}
