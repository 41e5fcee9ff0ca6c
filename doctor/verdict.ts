import { resolveRole, roleGuidOf } from "../core/roles";
import { onboardFix, permanentAccessFix, permanentAuthorizationFix } from "../pec/fixes";
import { linkCaveat, linkProblems, LinkState, linkState, linkStateText } from "./link";
import type {
    AccessGrant,
    DoctorFacts,
    DoctorProblem,
    DoctorReport,
    RegistrationAssignmentInfo,
    RoleAssignmentInfo,
    SubscriptionDiagnosis,
    SubscriptionFacts,
    Verdict,
} from "./model";

/**
 * The verdict logic of `lighthouse-pec doctor` (pure: facts in, report out).
 *
 * Where access comes from: Azure Lighthouse authorizations are not role assignments in the customer
 * tenant — Microsoft's RBAC docs state that role assignments authorized by a service provider through
 * Lighthouse are not listed by the role assignments API. So for a delegated subscription the source
 * of truth is the registration definitions behind the subscription's registration assignments: a
 * permanent `authorizations[]` entry naming the identity (or a group given with `--member-of`) is
 * access; an `eligibleAuthorizations[]` entry is just-in-time access, which never earns PEC. Regular
 * RBAC role assignments (`assignedTo(objectId)`, which already includes the identity's groups) are
 * merged in, because PAL also counts access that does not come through Lighthouse.
 *
 * CSP admin-on-behalf-of (AOBO) is the third way to earn PEC (Partner Center, "How partner earned credit
 * is calculated and paid"): a role assignment in the customer's tenant to a foreign group, the partner's
 * AdminAgents or HelpdeskAgents group. It needs no Partner Admin Link, so a subscription reached through
 * AOBO earns PEC whatever the link says (see `./link`).
 */

/** True when `scope` covers the whole subscription: the tenant root, a management group, or the subscription itself. */
export function coversSubscription(scope: string, subscriptionId: string): boolean {
    const s = scope.replace(/\/+$/, "").toLowerCase();
    return (
        s === "" ||
        s === "/" ||
        s.startsWith("/providers/microsoft.management/managementgroups/") ||
        s === `/subscriptions/${subscriptionId.toLowerCase()}`
    );
}

function grant(
    source: AccessGrant["source"],
    roleDefinitionId: string,
    principalId: string,
    scope: string,
    subscriptionId: string,
    assignmentId: string | null,
): AccessGrant {
    const guid = roleGuidOf(roleDefinitionId) ?? roleDefinitionId.toLowerCase();
    const role = resolveRole(guid);
    return {
        source,
        roleDefinitionId: guid,
        roleName: role?.name ?? null,
        pecEligible: role ? role.pecEligible : null,
        permanent: source !== "lighthouse-eligible",
        principalId,
        scope,
        wholeSubscription: coversSubscription(scope, subscriptionId),
        registrationAssignmentId: assignmentId,
    };
}

/** Whether a role assignment names a group of another tenant (CSP admin-on-behalf-of). */
export function isForeignGroup(r: RoleAssignmentInfo): boolean {
    return (r.principalType ?? "").toLowerCase() === "foreigngroup";
}

const SOURCE_TEXT: Record<AccessGrant["source"], string> = {
    rbac: "RBAC role assignment",
    lighthouse: "Lighthouse",
    "lighthouse-eligible": "Lighthouse just-in-time",
    aobo: "CSP admin-on-behalf-of, foreign group",
};

/** Verdicts under which the subscription earns PEC. */
export const PEC_VERDICTS: readonly Verdict[] = ["ok", "aobo-and-lighthouse", "aobo-only"];

/** The identity tenant's live registration assignments on a subscription. */
function ownAssignments(facts: SubscriptionFacts, tenantId: string): RegistrationAssignmentInfo[] {
    if (!facts.registrationAssignments.ok) return [];
    return facts.registrationAssignments.value.filter(
        (a) =>
            a.managedByTenantId === tenantId &&
            !/^(deleted|deleting|failed|canceled)$/i.test(a.provisioningState ?? ""),
    );
}

/** Every grant the identity (or one of `principals`) has on the subscription. */
export function accessGrants(
    facts: SubscriptionFacts,
    tenantId: string,
    principals: ReadonlySet<string>,
): AccessGrant[] {
    const id = facts.subscription.subscriptionId;
    const out: AccessGrant[] = [];
    for (const a of ownAssignments(facts, tenantId)) {
        for (const z of a.authorizations)
            if (principals.has(z.principalId))
                out.push(grant("lighthouse", z.roleDefinitionId, z.principalId, a.scope, id, a.id));
        for (const z of a.eligibleAuthorizations)
            if (principals.has(z.principalId))
                out.push(grant("lighthouse-eligible", z.roleDefinitionId, z.principalId, a.scope, id, a.id));
    }
    // The API filtered these to the identity and its groups already; a foreign group is the CSP partner's
    // AdminAgents or HelpdeskAgents group (admin-on-behalf-of), a PEC path of its own that needs no link.
    if (facts.roleAssignments.ok)
        for (const r of facts.roleAssignments.value)
            out.push(grant(isForeignGroup(r) ? "aobo" : "rbac", r.roleDefinitionId, r.principalId, r.scope, id, null));
    return out;
}

const roleText = (g: AccessGrant): string =>
    `${g.roleName ?? `role ${g.roleDefinitionId}`} (${SOURCE_TEXT[g.source]}${g.wholeSubscription ? "" : ` on ${g.scope}`})`;
const list = (items: string[]): string => [...new Set(items)].join(", ");

/**
 * Decides one visible subscription.
 * @param link the state of the identity's Partner Admin Link: the Lighthouse and RBAC paths earn PEC only when `linked`
 */
function diagnoseVisible(
    facts: SubscriptionFacts,
    f: DoctorFacts,
    principals: ReadonlySet<string>,
    expected: boolean,
    link: LinkState,
): SubscriptionDiagnosis {
    const { identity } = f;
    const managing = f.managingTenantId ?? identity.tenantId;
    const sub = facts.subscription;
    const own = ownAssignments(facts, managing);
    const delegated = own.length > 0 || sub.managedByTenantIds.includes(managing);
    const access = accessGrants(facts, managing, principals);
    const permanent = access.filter((g) => g.permanent);
    const eligibleWhole = permanent.filter((g) => g.pecEligible === true && g.wholeSubscription);
    const aoboWhole = eligibleWhole.filter((g) => g.source === "aobo");
    const ownWhole = eligibleWhole.filter((g) => g.source !== "aobo");
    const eligiblePart = permanent.filter((g) => g.pecEligible === true);
    const unknown = permanent.filter((g) => g.pecEligible === null);
    const jit = access.filter((g) => !g.permanent);
    const readErrors = [facts.registrationAssignments, facts.roleAssignments].flatMap((r) => (r.ok ? [] : [r.error]));
    const offer = own.map((a) => a.registrationDefinitionName ?? a.registrationDefinitionId).filter(Boolean);
    const offerText = offer.length
        ? `the delegation ${list(offer.map((o) => `"${o}"`))}`
        : "the customer's Lighthouse delegation";
    const who = `the identity (object ID ${identity.objectId})`;
    const addFix = permanentAuthorizationFix(who, offerText);

    let verdict: Verdict,
        detail: string,
        fix = "";
    if (aoboWhole.length > 0 && ownWhole.some((g) => g.source === "lighthouse")) {
        verdict = "aobo-and-lighthouse";
        detail =
            `PEC-eligible through Lighthouse (${list(ownWhole.map(roleText))}) and through CSP admin-on-behalf-of (${list(aoboWhole.map(roleText))}); ` +
            (link === "linked"
                ? "the Lighthouse delegation is visible, so removing AOBO keeps PEC flowing."
                : `AOBO earns PEC without a link, but the Lighthouse path earns it only through a linked identity and ${linkStateText(link)}: keep AOBO until it is fixed.`);
    } else if (ownWhole.length > 0) {
        verdict = "ok";
        detail = `PEC-eligible: ${list(ownWhole.map(roleText))}${aoboWhole.length ? `; also through ${list(aoboWhole.map(roleText))}` : ""}.${aoboWhole.length ? "" : linkCaveat(link)}`;
    } else if (aoboWhole.length > 0) {
        verdict = "aobo-only";
        detail =
            `PEC-eligible only through CSP admin-on-behalf-of (which needs no Partner Admin Link): ${list(aoboWhole.map(roleText))}; ` +
            `${delegated ? `the Lighthouse delegation gives ${who} no permanent PEC-eligible role on the whole subscription` : `not delegated to tenant ${managing} through Azure Lighthouse`}. ` +
            "Removing AOBO (the foreign principal of your AdminAgents or HelpdeskAgents group) before a Lighthouse delegation is visible here leaves a gap: no access and no PEC.";
        fix =
            delegated || expected
                ? `Deploy the customer stack with your own credentials through AOBO (lighthouse-pec:csp true, signed in to tenant ${sub.tenantId ?? "<customer tenant>"}); keep AOBO until doctor shows aobo-and-lighthouse. ${delegated ? addFix : ""}`.trim()
                : "";
    } else if (!delegated && readErrors.length === 0) {
        verdict = "not-delegated";
        detail = `Not delegated to tenant ${managing} through Azure Lighthouse${sub.tenantId === managing ? " (a subscription of the identity's own tenant)" : ""}${access.length ? `; access: ${list(access.map(roleText))}` : ""}.`;
        fix = expected
            ? `Onboard it: deploy a Lighthouse delegation to tenant ${managing} that authorizes ${who} with Contributor (the customer stack's \`pulumi up\`).`
            : "";
    } else if (readErrors.length > 0) {
        verdict = "unreadable";
        detail = `Could not read ${readErrors.join("; ")}.`;
        fix =
            "Give the identity read access on the subscription (every Lighthouse role includes it), or run doctor as an identity that has it, then run doctor again.";
    } else if (eligiblePart.length > 0) {
        verdict = "partial-scope";
        detail = `PEC-eligible only on part of the subscription: ${list(eligiblePart.map(roleText))}; usage elsewhere earns no PEC.`;
        fix = `If the whole subscription should earn PEC, delegate it at subscription scope: ${addFix}`;
    } else if (unknown.length > 0) {
        verdict = "eligibility-unknown";
        detail = `Only ${list(unknown.map(roleText))}, which Partner Center's PEC role table does not list.`;
        fix = addFix;
    } else if (permanent.length > 0) {
        verdict = "not-pec-eligible-role";
        detail = `Only roles that are not PEC-eligible: ${list(permanent.map(roleText))}.`;
        fix = addFix;
    } else if (jit.length > 0) {
        verdict = "jit-only";
        detail = `Only just-in-time (eligible) authorizations: ${list(jit.map(roleText))}; JIT access never earns PEC.`;
        fix = permanentAccessFix(who, offerText);
    } else {
        verdict = "no-access";
        const names = own
            .flatMap((a) => a.authorizations)
            .map(
                (z) =>
                    `${z.principalIdDisplayName ?? z.principalId} (${resolveRole(z.roleDefinitionId)?.name ?? z.roleDefinitionId})`,
            );
        detail =
            own.length === 0
                ? `Delegated to tenant ${managing}, but no subscription-level registration assignment of that tenant was found (a resource-group delegation is not listed at subscription scope).`
                : `Delegated to tenant ${managing}, but no authorization names ${who}${names.length ? `; it authorizes ${list(names)}` : ""}.`;
        fix = `${addFix} If the identity reaches the subscription through a security group, run doctor with --member-of <group object ID>.`;
    }
    if (sub.state && !/^enabled$/i.test(sub.state)) detail += ` The subscription is ${sub.state}.`;
    return {
        subscriptionId: sub.subscriptionId,
        displayName: sub.displayName,
        tenantId: sub.tenantId,
        state: sub.state,
        expected,
        visible: true,
        delegated,
        registrationAssignments: own.map((a) => ({
            id: a.id,
            scope: a.scope,
            registrationDefinitionId: a.registrationDefinitionId,
            registrationDefinitionName: a.registrationDefinitionName,
            managedByTenantId: a.managedByTenantId,
        })),
        access,
        verdict,
        problem: verdict !== "ok" && verdict !== "aobo-and-lighthouse" && (delegated || expected),
        detail,
        fix,
    };
}

/**
 * Decides every subscription and the Partner Admin Link. Rows: visible subscriptions (problems
 * first, then by name), then expected subscriptions the identity cannot see, in `--expect` order.
 */
export function diagnose(f: DoctorFacts): DoctorReport {
    const principals = new Set([f.identity.objectId, ...f.memberOf].map((p) => p.toLowerCase()));
    const link = linkState(f);
    const expected = new Set(f.expected ?? []);
    const seen = new Set<string>();
    const rows: SubscriptionDiagnosis[] = [];
    for (const facts of f.subscriptions) {
        if (seen.has(facts.subscription.subscriptionId)) continue;
        seen.add(facts.subscription.subscriptionId);
        rows.push(diagnoseVisible(facts, f, principals, expected.has(facts.subscription.subscriptionId), link));
    }
    rows.sort(
        (a, b) =>
            Number(b.problem) - Number(a.problem) ||
            (a.displayName ?? "").localeCompare(b.displayName ?? "") ||
            a.subscriptionId.localeCompare(b.subscriptionId),
    );
    for (const id of f.expected ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        rows.push({
            subscriptionId: id,
            displayName: null,
            tenantId: null,
            state: null,
            expected: true,
            visible: false,
            delegated: false,
            registrationAssignments: [],
            access: [],
            verdict: "expected-not-visible",
            problem: true,
            detail: `The identity cannot see this subscription: it is not delegated to tenant ${f.managingTenantId ?? f.identity.tenantId}, the delegation does not authorize this identity, or it was removed.`,
            fix: onboardFix(`the identity (object ID ${f.identity.objectId})`),
        });
    }
    const problems: DoctorProblem[] = [
        ...linkProblems(f, rows),
        ...rows
            .filter((r) => r.problem)
            .map((r) => ({
                subscriptionId: r.subscriptionId,
                kind: r.verdict as DoctorProblem["kind"],
                detail: r.detail,
                fix: r.fix,
            })),
    ];
    return {
        identity: f.identity,
        partnerAdminLink: {
            linked: !!f.link,
            partnerId: f.link?.partnerId ?? null,
            partnerName: f.link?.partnerName ?? null,
            state: f.link?.state ?? null,
            expectedPartnerId: f.expectedPartnerId,
        },
        subscriptions: rows,
        problems,
        summary: {
            subscriptions: rows.length,
            ok: rows.filter((r) => (PEC_VERDICTS as string[]).includes(r.verdict)).length,
            problems: problems.length,
        },
        activityLog: null,
    };
}
