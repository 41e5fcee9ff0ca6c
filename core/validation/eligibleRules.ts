import { resolveRole, roleGuidOf } from "../roles";
import { accountAuthorizations } from "./accountAuthorizations";
import { DelegationSpec, EligibleAuthorizationSpec } from "./delegationSpec";
import { Finding } from "./findings";
import { isoDurationMinutes, normalizeIsoDuration, UNKNOWN_SENTINEL } from "./formats";

/** Azure's defaults for an eligible authorization without (part of) a justInTimeAccessPolicy. */
export const JIT_POLICY_DEFAULTS = { multiFactorAuthProvider: "Azure", maximumActivationDuration: "PT8H" } as const;

function known(value: string | undefined): value is string {
    return value !== undefined && value !== UNKNOWN_SENTINEL;
}

/** The policy an eligible authorization gets once defaults apply, in a form that compares by meaning. */
interface EffectivePolicy {
    multiFactorAuthProvider: string;
    maximumActivationDuration: string;
    /** Duration in minutes, so that PT1H and PT60M (or pt1h) are the same policy. */
    minutes: number | undefined;
    /** Approver principal IDs, lower case, sorted; undefined when one is not known yet. */
    approvers: string[] | undefined;
}

function effectivePolicy(e: EligibleAuthorizationSpec): EffectivePolicy {
    const policy = e.justInTimeAccessPolicy;
    const duration = normalizeIsoDuration(
        policy?.maximumActivationDuration ?? JIT_POLICY_DEFAULTS.maximumActivationDuration,
    );
    const ids = (policy?.managedByTenantApprovers ?? []).map((a) => a.principalId);
    return {
        multiFactorAuthProvider: policy?.multiFactorAuthProvider ?? JIT_POLICY_DEFAULTS.multiFactorAuthProvider,
        maximumActivationDuration: duration,
        minutes: isoDurationMinutes(duration),
        approvers: ids.every(known) ? [...new Set(ids.map((id) => id.toLowerCase()))].sort() : undefined,
    };
}

/** The fields in which two effective policies differ, described for a message; empty when they agree. */
function policyDifferences(first: EffectivePolicy, second: EffectivePolicy): string[] {
    const out: string[] = [];
    if (first.multiFactorAuthProvider !== second.multiFactorAuthProvider) {
        out.push(`multiFactorAuthProvider "${second.multiFactorAuthProvider}" vs "${first.multiFactorAuthProvider}"`);
    }
    const sameDuration =
        first.minutes !== undefined && second.minutes !== undefined
            ? first.minutes === second.minutes
            : first.maximumActivationDuration === second.maximumActivationDuration;
    if (!sameDuration) {
        out.push(
            `maximumActivationDuration "${second.maximumActivationDuration}" vs "${first.maximumActivationDuration}"`,
        );
    }
    if (first.approvers && second.approvers && first.approvers.join() !== second.approvers.join()) {
        const list = (ids: string[]) => (ids.length === 0 ? "none" : `[${ids.join(", ")}]`);
        out.push(`managedByTenantApprovers ${list(second.approvers)} vs ${list(first.approvers)}`);
    }
    return out;
}

function roleKey(role: string): string {
    return resolveRole(role)?.id ?? roleGuidOf(role) ?? role.trim().toLowerCase();
}

/**
 * Eligible authorizations that share a role must carry the same justInTimeAccessPolicy after defaults
 * (Microsoft Learn, "Create eligible authorizations"): PIM keeps one activation policy per role and
 * scope. Compared by meaning: durations by length (PT1H = PT60M = pt1h), approvers as a set of
 * principal IDs (order and display names do not change who may approve). One error per entry that
 * differs from the first entry with its role.
 */
export function eligiblePolicyConflicts(eligible: EligibleAuthorizationSpec[]): Finding[] {
    const findings: Finding[] = [];
    const firstByRole = new Map<string, number>();
    eligible.forEach((e, i) => {
        if (typeof e.role !== "string" || e.role.trim() === "") {
            return;
        }
        const key = roleKey(e.role);
        const first = firstByRole.get(key);
        if (first === undefined) {
            firstByRole.set(key, i);
            return;
        }
        const differences = policyDifferences(effectivePolicy(eligible[first]), effectivePolicy(e));
        if (differences.length > 0) {
            const roleName = resolveRole(e.role)?.name ?? e.role;
            findings.push({
                severity: "error",
                field: `eligibleAuthorizations[${i}].justInTimeAccessPolicy`,
                value: e.justInTimeAccessPolicy,
                message:
                    `eligibleAuthorizations[${i}] and eligibleAuthorizations[${first}] both make "${roleName}" eligible, with different activation policies ` +
                    `(${differences.join("; ")}; defaults: "Azure", "PT8H", no approvers), and Azure requires one identical justInTimeAccessPolicy per role`,
                fix: `give eligibleAuthorizations[${i}] the same justInTimeAccessPolicy as eligibleAuthorizations[${first}], or make one of them eligible for another role`,
            });
        }
    });
    return findings;
}

/**
 * An eligible principal with no permanent authorization of its own cannot activate its role from
 * "My customers" in the Azure portal (Microsoft Learn, "Create eligible authorizations": give the same
 * principal ID a permanent Reader too). Matched by principal ID only: membership of a permanently
 * authorized group does not count. Skipped while a principal of `authorizations` is not known yet.
 */
export function eligibleWithoutPermanent(spec: DelegationSpec): Finding[] {
    const permanentIds = spec.authorizations.map((a) => a.principalId);
    if (!permanentIds.every(known)) {
        return [];
    }
    // The accounts (automation, preview) count when known. Either one being eligible too is an error of its own
    // (a service principal cannot be eligible; the preview identity must only read).
    const accounts = accountAuthorizations(spec)
        .map((a) => a.principalId)
        .filter(known);
    const permanent = new Set([...permanentIds, ...accounts].map((id) => id.toLowerCase()));
    const warned = new Set<string>();
    const findings: Finding[] = [];
    (spec.eligibleAuthorizations ?? []).forEach((e, i) => {
        if (typeof e.principalId !== "string" || !known(e.principalId)) {
            return;
        }
        const id = e.principalId.toLowerCase();
        if (permanent.has(id) || warned.has(id)) {
            return;
        }
        warned.add(id);
        const who = e.displayName ? `the eligible principal "${e.displayName}"` : "the eligible principal";
        findings.push({
            severity: "warning",
            field: `eligibleAuthorizations[${i}].principalId`,
            value: e.principalId,
            message: `${who} has no permanent authorization, so it cannot activate its eligible role from "My customers" in the Azure portal`,
            fix: `add a permanent authorization for the same principal, e.g. { principalId: "${e.principalId}", role: "Reader"${e.displayName ? `, displayName: "${e.displayName}"` : ""} }`,
        });
    });
    return findings;
}
