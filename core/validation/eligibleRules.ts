import { resolveRole, roleGuidOf } from "../roles";
import { accountAuthorizations } from "./accountAuthorizations";
import { DelegationSpec, EligibleAuthorizationSpec } from "./delegationSpec";
import { Finding } from "./findings";
import { UNKNOWN_SENTINEL } from "./formats";
import { canonicalJitPolicy, CanonicalJitPolicy, JIT_POLICY_DEFAULTS } from "./jitPolicy";

export { JIT_POLICY_DEFAULTS } from "./jitPolicy";

function known(value: string | undefined): value is string {
    return value !== undefined && value !== UNKNOWN_SENTINEL;
}

/** The policy as sent, and whether its approvers are all known (else they are not compared yet). */
interface ComparablePolicy {
    sent: CanonicalJitPolicy;
    approversKnown: boolean;
}

function comparable(e: EligibleAuthorizationSpec): ComparablePolicy {
    // Names are left out: the delegation sends one name per approver, so they cannot make two policies differ.
    const sent = canonicalJitPolicy(e.justInTimeAccessPolicy, new Map());
    const ids = (e.justInTimeAccessPolicy?.managedByTenantApprovers ?? []).map((a) => a?.principalId);
    return { sent, approversKnown: ids.every((id) => typeof id === "string" && known(id)) };
}

/** The fields in which two policies differ, described for a message; empty when they agree. */
function policyDifferences(first: ComparablePolicy, second: ComparablePolicy): string[] {
    const out: string[] = [];
    const [a, b] = [first.sent, second.sent];
    if (a.multiFactorAuthProvider !== b.multiFactorAuthProvider) {
        out.push(`multiFactorAuthProvider "${b.multiFactorAuthProvider}" vs "${a.multiFactorAuthProvider}"`);
    }
    if (a.maximumActivationDuration !== b.maximumActivationDuration) {
        out.push(`maximumActivationDuration "${b.maximumActivationDuration}" vs "${a.maximumActivationDuration}"`);
    }
    const ids = (p: CanonicalJitPolicy) => (p.managedByTenantApprovers ?? []).map((ap) => ap.principalId);
    if (first.approversKnown && second.approversKnown && ids(a).join() !== ids(b).join()) {
        const list = (list: string[]) => (list.length === 0 ? "none" : `[${list.join(", ")}]`);
        out.push(`managedByTenantApprovers ${list(ids(b))} vs ${list(ids(a))}`);
    }
    return out;
}

function roleKey(role: string): string {
    return resolveRole(role)?.id ?? roleGuidOf(role) ?? role.trim().toLowerCase();
}

/**
 * Eligible authorizations that share a role must carry the same justInTimeAccessPolicy after defaults
 * (Microsoft Learn, "Create eligible authorizations"): PIM keeps one activation policy per role and
 * scope. Compared as sent (`canonicalJitPolicy`): durations by length (PT1H = PT60M = pt1h), approvers as a
 * set of principal IDs (order, duplicates and display names do not change who may approve, and the one form
 * sent makes them identical for Azure too). One error per entry that differs from the first entry with its role.
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
        const differences = policyDifferences(comparable(eligible[first]), comparable(e));
        if (differences.length > 0) {
            const roleName = resolveRole(e.role)?.name ?? e.role;
            findings.push({
                severity: "error",
                field: `eligibleAuthorizations[${i}].justInTimeAccessPolicy`,
                value: e.justInTimeAccessPolicy,
                message:
                    `eligibleAuthorizations[${i}] and eligibleAuthorizations[${first}] both make "${roleName}" eligible, with different activation policies ` +
                    `(${differences.join("; ")}; lighthouse-pec's defaults: "${JIT_POLICY_DEFAULTS.multiFactorAuthProvider}", "${JIT_POLICY_DEFAULTS.maximumActivationDuration}", no approvers), and Azure requires one identical justInTimeAccessPolicy per role`,
                fix: `give eligibleAuthorizations[${i}] the same justInTimeAccessPolicy as eligibleAuthorizations[${first}], or make one of them eligible for another role`,
            });
        }
    });
    return findings;
}

/** A permanent authorization of one principal, by role. */
interface PermanentRole {
    /** The role as given. */
    role: string;
    /** The role's catalogue key (GUID when known). */
    key: string;
    /** Whether the role includes Reader access; undefined when the catalogue does not know the role. */
    readerAccess: boolean | undefined;
}

function permanentRolesByPrincipal(spec: DelegationSpec): Map<string, PermanentRole[]> | undefined {
    const entries = [
        ...spec.authorizations.map((a) => ({ principalId: a.principalId, role: a.role })),
        // The accounts (automation, preview) count when known; when one is not, it cannot be the eligible principal
        // anyway (a service principal cannot be eligible, and the preview identity being eligible is an error of its own).
        ...accountAuthorizations(spec)
            .filter((a) => known(a.principalId))
            .map((a) => ({ principalId: a.principalId, role: a.role })),
    ];
    if (!spec.authorizations.every((a) => known(a.principalId))) {
        return undefined;
    }
    const byPrincipal = new Map<string, PermanentRole[]>();
    for (const { principalId, role } of entries) {
        if (typeof principalId !== "string" || typeof role !== "string") {
            continue;
        }
        const info = known(role) ? resolveRole(role) : undefined;
        const id = principalId.toLowerCase();
        byPrincipal.set(id, [
            ...(byPrincipal.get(id) ?? []),
            { role, key: roleKey(role), readerAccess: info?.includesReaderAccess },
        ]);
    }
    return byPrincipal;
}

/**
 * An eligible principal needs a permanent authorization of its own with a *different* role that includes Reader
 * access (Microsoft Learn, "Create eligible authorizations": "such as Reader (or another Azure built-in role
 * that includes Reader access)"), or it cannot activate its role from "My customers" in the Azure portal.
 * "Includes Reader access" is decided from the role catalogue's permissions (`RoleInfo.includesReaderAccess`):
 * the Managed Services Registration assignment Delete Role, for one, does not. Matched by principal ID only:
 * membership of a permanently authorized group does not count. One warning per principal. Skipped while a
 * principal of `authorizations` is not known yet, and for a principal one of whose permanent roles the
 * catalogue does not know (a role newer than the catalogue may well include Reader access).
 */
export function eligibleWithoutPermanent(spec: DelegationSpec): Finding[] {
    const permanent = permanentRolesByPrincipal(spec);
    if (!permanent) {
        return [];
    }
    const warned = new Set<string>();
    const findings: Finding[] = [];
    (spec.eligibleAuthorizations ?? []).forEach((e, i) => {
        if (typeof e.principalId !== "string" || !known(e.principalId) || typeof e.role !== "string") {
            return;
        }
        const id = e.principalId.toLowerCase();
        const roles = permanent.get(id) ?? [];
        const eligibleKey = known(e.role) ? roleKey(e.role) : undefined;
        const enough = roles.some((r) => r.readerAccess === true && r.key !== eligibleKey);
        const undecided = roles.some((r) => r.readerAccess === undefined) || eligibleKey === undefined;
        if (enough || undecided || warned.has(id)) {
            return;
        }
        warned.add(id);
        const who = e.displayName ? `the eligible principal "${e.displayName}"` : "the eligible principal";
        const names = roles.map((r) => `"${resolveRole(r.role)?.name ?? r.role}"`);
        const eligibleName = resolveRole(e.role)?.name ?? e.role;
        const has =
            roles.length === 0
                ? "has no permanent authorization"
                : roles.some((r) => r.readerAccess)
                  ? `holds "${eligibleName}" both permanently and as its eligible role, and has no permanent authorization with another role that includes Reader access`
                  : `has only permanent ${names.join(", ")}, which ${names.length === 1 ? "does" : "do"} not include Reader access (all of "*/read")`;
        findings.push({
            severity: "warning",
            field: `eligibleAuthorizations[${i}].principalId`,
            value: e.principalId,
            message: `${who} ${has}, so it cannot activate its eligible role from "My customers" in the Azure portal`,
            fix: `add a permanent authorization for the same principal with Reader (or another built-in role that includes Reader access), e.g. { principalId: "${e.principalId}", role: "Reader"${e.displayName ? `, displayName: "${e.displayName}"` : ""} }`,
        });
    });
    return findings;
}
