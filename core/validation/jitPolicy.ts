// The one form in which a just-in-time access policy is sent: Azure requires eligible authorizations that share
// a role to carry *identical* policies, so whatever spelling the user chose, the same meaning is sent the same way.
import { EligibleAuthorizationSpec, JustInTimeAccessPolicySpec } from "./delegationSpec";
import { Finding } from "./findings";
import { canonicalIsoDuration } from "./formats";

/**
 * This project's defaults for an eligible authorization without (part of) a justInTimeAccessPolicy, and what it
 * then sends. Not Azure's: the ManagedServices 2022-10-01 API defaults `multiFactorAuthProvider` to "None"
 * (and `maximumActivationDuration` to "PT8H"); lighthouse-pec always sends the provider, "Azure" unless told.
 */
export const JIT_POLICY_DEFAULTS = { multiFactorAuthProvider: "Azure", maximumActivationDuration: "PT8H" } as const;

/** An approver as sent: principal ID in lower case, and the one display name the delegation gives it, if any. */
export interface CanonicalApprover {
    /** The approver's object ID, lower case. */
    principalId: string;
    /** The first display name the delegation gives this principal as an approver. */
    principalIdDisplayName?: string;
}

/** A justInTimeAccessPolicy as sent. */
export interface CanonicalJitPolicy {
    /** "Azure" or "None"; default "Azure" (this project's). */
    multiFactorAuthProvider: string;
    /** The shortest `PT#H#M` spelling of the duration (`PT60M` → `PT1H`); default "PT8H". */
    maximumActivationDuration: string;
    /** Approvers sorted by principal ID, each once; absent when there are none. */
    managedByTenantApprovers?: CanonicalApprover[];
}

/** Where one approver entry sits, and the name it gives. */
interface ApproverEntry {
    field: string;
    key: string;
    principalId: string;
    displayName?: string;
}

function approverEntries(eligible: EligibleAuthorizationSpec[]): ApproverEntry[] {
    return eligible.flatMap((e, i) =>
        (e.justInTimeAccessPolicy?.managedByTenantApprovers ?? []).flatMap((ap, j) =>
            typeof ap?.principalId === "string"
                ? [
                      {
                          field: `eligibleAuthorizations[${i}].justInTimeAccessPolicy.managedByTenantApprovers[${j}]`,
                          key: ap.principalId.trim().toLowerCase(),
                          principalId: ap.principalId,
                          displayName: typeof ap.displayName === "string" ? ap.displayName : undefined,
                      },
                  ]
                : [],
        ),
    );
}

/**
 * The one display name of each approver (by lower-case principal ID) across a delegation's eligible
 * authorizations: the first one given, in list order. Approvers no entry names are absent.
 */
export function approverDisplayNames(eligible: EligibleAuthorizationSpec[]): Map<string, string> {
    const names = new Map<string, string>();
    for (const entry of approverEntries(eligible)) {
        if (entry.displayName !== undefined && entry.displayName.trim() !== "" && !names.has(entry.key)) {
            names.set(entry.key, entry.displayName);
        }
    }
    return names;
}

/**
 * One warning per approver entry that names a principal differently from its first naming (one definition sends
 * one name per approver: the first).
 */
export function approverNameConflicts(eligible: EligibleAuthorizationSpec[]): Finding[] {
    const first = new Map<string, ApproverEntry>();
    const findings: Finding[] = [];
    for (const entry of approverEntries(eligible)) {
        if (entry.displayName === undefined || entry.displayName.trim() === "") {
            continue;
        }
        const named = first.get(entry.key);
        if (!named) {
            first.set(entry.key, entry);
        } else if (named.displayName !== entry.displayName) {
            findings.push({
                severity: "warning",
                field: `${entry.field}.displayName`,
                value: entry.displayName,
                message: `approver ${entry.principalId} is named "${named.displayName}" in ${named.field}; a definition carries one name per approver, so "${named.displayName}" is sent for it everywhere`,
                fix: `give approver ${entry.principalId} the same displayName everywhere ("${named.displayName}"), or leave displayName out here`,
            });
        }
    }
    return findings;
}

/**
 * A justInTimeAccessPolicy in the form this project sends: defaults applied (see {@link JIT_POLICY_DEFAULTS}),
 * the duration as its shortest `PT#H#M` spelling, approvers sorted by lower-case principal ID with duplicates
 * merged and the delegation's one display name each ({@link approverDisplayNames}), no approver list when there
 * is none. Two policies that mean the same are then the same JSON, as Azure compares them.
 * @param policy the policy as given (undefined: all defaults)
 * @param names the delegation's approver display names
 */
export function canonicalJitPolicy(
    policy: JustInTimeAccessPolicySpec | undefined,
    names: Map<string, string>,
): CanonicalJitPolicy {
    const ids = [
        ...new Set(
            (policy?.managedByTenantApprovers ?? [])
                .map((ap) => ap?.principalId)
                .filter((id): id is string => typeof id === "string")
                .map((id) => id.trim().toLowerCase()),
        ),
    ].sort();
    const approvers = ids.map((principalId) => {
        const name = names.get(principalId);
        return name === undefined ? { principalId } : { principalId, principalIdDisplayName: name };
    });
    return {
        multiFactorAuthProvider: policy?.multiFactorAuthProvider ?? JIT_POLICY_DEFAULTS.multiFactorAuthProvider,
        maximumActivationDuration: canonicalIsoDuration(
            policy?.maximumActivationDuration ?? JIT_POLICY_DEFAULTS.maximumActivationDuration,
        ),
        ...(approvers.length > 0 ? { managedByTenantApprovers: approvers } : {}),
    };
}
