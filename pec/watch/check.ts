import { resolveRole, roleGuidOf } from "../../core/roles";
import { coversSubscription } from "../../doctor/verdict";
import { permanentAccessFix, permanentAuthorizationFix } from "../fixes";
import { assignmentScope } from "./expected";
import type { AssignmentSeen, DelegationReading, DelegationVerdict, ExpectedDelegation } from "./model";

/**
 * What an expected delegation grants the partner-linked identity now (pure): the verdict, the roles, and
 * sentences in our own words (offer names and other text from Azure stay out of them).
 *
 * PEC needs a permanent (not just-in-time) PEC-eligible role for the partner-linked identity (Partner Center,
 * "Roles and permissions for partner earned credit"; design notes §1). The same rules as `doctor`.
 */

/** The verdict, with what the row shows. */
export interface CheckResult {
    /** The verdict. */
    verdict: DelegationVerdict;
    /** Offer names of the managing tenant's assignments (text from Azure). */
    offers: string[];
    /** The identity's roles, e.g. `Contributor (permanent)`. */
    roles: string[];
    /** What was found and what it does to PEC. */
    detail: string;
    /** What to do (empty when nothing). */
    fix: string;
}

/** Who the check is about and where. */
export interface CheckContext {
    /** The managing tenant (lower case). */
    managingTenantId: string;
    /** The partner-linked identity's object ID and its `--member-of` groups (lower case); the first is the identity. */
    principalIds: string[];
}

/** Verdicts from the worst down: the subscription's verdict is its worst assignment's. */
const SEVERITY: readonly DelegationVerdict[] = [
    "removed",
    "unreachable",
    "unreadable",
    "no-access",
    "jit-only",
    "not-pec-eligible-role",
    "eligibility-unknown",
    "partial-scope",
    "ok",
];
const worst = (verdicts: DelegationVerdict[]): DelegationVerdict => SEVERITY.find((v) => verdicts.includes(v)) ?? "ok";

interface Grant {
    roleId: string | null;
    roleName: string | null;
    pecEligible: boolean | null;
    permanent: boolean;
    covers: boolean;
}

const roleLabel = (g: Grant): string =>
    `${g.roleName ?? (g.roleId ? `role ${g.roleId}` : "an unrecognised role")} (${g.permanent ? "permanent" : "just-in-time"}${g.covers ? "" : ", part of the subscription"})`;
const list = (items: string[]): string => [...new Set(items)].join(", ");

/** An ARM error code, when it looks like one (it is shown in sentences). */
export function safeCode(code: string | null): string | null {
    return code !== null && /^[A-Za-z][\w.]{0,80}$/.test(code) ? code : null;
}

function live(a: AssignmentSeen): boolean {
    return !/^(deleted|deleting|failed|canceled)$/i.test(a.provisioningState ?? "");
}

function grantsOf(a: AssignmentSeen, principals: ReadonlySet<string>, requiredScope: string | null): Grant[] {
    const scope = assignmentScope(a.id) || a.scope;
    const covers =
        requiredScope === null
            ? true
            : requiredScope.startsWith("/subscriptions/") && !requiredScope.includes("/resourceGroups/")
              ? coversSubscription(scope, requiredScope.split("/")[2])
              : scope.toLowerCase() === requiredScope.toLowerCase();
    return a.authorizations
        .filter((z) => principals.has(z.principalId))
        .map((z) => {
            const guid = z.roleDefinitionId === null ? undefined : roleGuidOf(z.roleDefinitionId);
            const role = guid ? resolveRole(guid) : undefined;
            return {
                roleId: guid ?? null,
                roleName: role?.name ?? null,
                pecEligible: role ? role.pecEligible : null,
                permanent: z.permanent,
                covers,
            };
        });
}

/** The verdict of a set of grants (see {@link DelegationVerdict}). */
function verdictOf(grants: Grant[]): DelegationVerdict {
    const permanent = grants.filter((g) => g.permanent);
    if (permanent.some((g) => g.pecEligible === true && g.covers)) return "ok";
    if (permanent.some((g) => g.pecEligible === true)) return "partial-scope";
    if (permanent.some((g) => g.pecEligible === null)) return "eligibility-unknown";
    if (permanent.length > 0) return "not-pec-eligible-role";
    if (grants.length > 0) return "jit-only";
    return "no-access";
}

/**
 * Judges what was read for one expected delegation.
 * @param expected the subscription and the stack's assignment IDs
 * @param reading what Azure answered
 * @param context the managing tenant and the principals
 */
export function judgeDelegation(
    expected: ExpectedDelegation,
    reading: DelegationReading,
    context: CheckContext,
): CheckResult {
    const managing = context.managingTenantId;
    const who = `the partner-linked identity (object ID ${context.principalIds[0]})`;
    const redelegate = `Ask the customer to delegate the subscription to tenant ${managing} again (the customer stack's \`pulumi up\`, or the onboarding template of \`lighthouse-pec template\`); if they left on purpose, remove the subscription from its stack and from --expect.`;
    if (reading.kind === "unreachable") {
        const code = safeCode(reading.code);
        return {
            verdict: "unreachable",
            offers: [],
            roles: [],
            detail: `The identity can no longer reach the subscription (HTTP ${reading.status}${code ? ` ${code}` : ""}): the delegation was removed or no longer authorizes it, so usage earns no PEC through it.`,
            fix: `${redelegate} If the delegation is still there, it no longer authorizes the identity watch signs in as: run \`lighthouse-pec doctor\` as the partner-linked identity.`,
        };
    }
    if (reading.kind === "unreadable") {
        const code = safeCode(reading.code);
        return {
            verdict: "unreadable",
            offers: [],
            roles: [],
            detail: `Could not read the delegation (${reading.status === null ? "no answer" : `HTTP ${reading.status}`}${code ? ` ${code}` : ""}), so whether it still earns PEC is not known.`,
            fix: "Run watch again; if it keeps failing, run `lighthouse-pec doctor` as the partner-linked identity.",
        };
    }
    const principals = new Set(context.principalIds);
    const ours = reading.assignments.filter(
        (a) =>
            live(a) &&
            (a.managedByTenantId === managing || (a.managedByTenantId === null && !reading.listedAtSubscription)),
    );
    const offers = [...new Set(ours.map((a) => a.offerName).filter((o): o is string => o !== null))];
    const byId = !reading.listedAtSubscription;
    const requiredFor = (a: AssignmentSeen): string =>
        byId ? assignmentScope(a.id) || a.scope : `/subscriptions/${expected.subscriptionId}`;
    const perAssignment = ours.map((a) => grantsOf(a, principals, requiredFor(a)));
    const grants = perAssignment.flat();
    const roles = [...new Set(grants.map(roleLabel))];
    const expectedCount = expected.assignmentIds.length;
    if (ours.length === 0 || reading.missing.length > 0) {
        const gone = byId
            ? reading.missing.length === expectedCount
                ? `The stack's registration assignment${expectedCount === 1 ? " is" : "s are"} gone (HTTP 404)`
                : reading.missing.length > 0
                  ? `${reading.missing.length} of the stack's ${expectedCount} registration assignments are gone (HTTP 404)`
                  : `The stack's registration assignment${expectedCount === 1 ? " is" : "s are"} no longer delegated to tenant ${managing}`
            : `No delegation to tenant ${managing} is left on the subscription (a resource-group delegation is not listed at subscription scope: give --expect the stack outputs, whose assignmentIds watch reads one by one)`;
        return {
            verdict: "removed",
            offers,
            roles,
            detail: `${gone}: the partner-linked identity has no Lighthouse access there, so usage earns no PEC through the delegation.`,
            fix: redelegate,
        };
    }
    const verdict = byId ? worst(perAssignment.map(verdictOf)) : verdictOf(grants);
    const rolesText = list(grants.map(roleLabel));
    const offerText = "the customer's Lighthouse delegation";
    const details: Record<Exclude<DelegationVerdict, "removed" | "unreachable" | "unreadable">, [string, string]> = {
        ok: [
            `A permanent PEC-eligible role: ${list(grants.filter((g) => g.permanent && g.pecEligible === true && g.covers).map(roleLabel))}.`,
            "",
        ],
        "partial-scope": [
            `PEC-eligible only on part of the subscription: ${rolesText}; usage elsewhere earns no PEC.`,
            `If the whole subscription should earn PEC, delegate it at subscription scope: ${permanentAuthorizationFix(who, offerText)}`,
        ],
        "eligibility-unknown": [
            `Only ${rolesText}, which Partner Center's PEC role table does not list.`,
            permanentAuthorizationFix(who, offerText),
        ],
        "not-pec-eligible-role": [
            `Only roles that are not PEC-eligible: ${rolesText}; usage earns no PEC through the delegation.`,
            permanentAuthorizationFix(who, offerText),
        ],
        "jit-only": [
            `Only just-in-time (eligible) authorizations: ${rolesText}; JIT access never earns PEC.`,
            permanentAccessFix(who, offerText),
        ],
        "no-access": [
            `Delegated to tenant ${managing}, but no authorization names ${who}${context.principalIds.length > 1 ? " or a --member-of group" : ""}: usage earns no PEC through it.`,
            `${permanentAuthorizationFix(who, offerText)} If the identity is authorized through a security group, run watch with --member-of <group object ID>.`,
        ],
    };
    const [detail, fix] = details[verdict as keyof typeof details];
    return { verdict, offers, roles, detail, fix };
}
