import { LINK_COMMAND, linkFix } from "../pec/fixes";
import type { DoctorFacts, DoctorProblem, SubscriptionDiagnosis } from "./model";

/**
 * What the identity's Partner Admin Link means for the subscriptions `doctor` sees (pure).
 *
 * Partner Center lists three ways to earn PEC: CSP admin-on-behalf-of (AOBO: the partner's AdminAgents
 * or HelpdeskAgents group as a foreign principal), Azure Lighthouse, and users or service principals
 * with a partner link. Only the last two need the link: a subscription reached through AOBO earns PEC
 * without it. So a missing, inactive or wrong link is a problem only for the subscriptions whose PEC
 * path is the identity's own Lighthouse or RBAC access (or will be, once their problems are fixed).
 */

/** The link as far as PEC is concerned. */
export type LinkState = "linked" | "missing" | "inactive" | "wrong-partner";

/**
 * The state of the identity's link: `linked` only when it exists, is `Active` and (with
 * `--partner-id`) names the expected partner ID.
 * @param f the facts `doctor` read
 */
export function linkState(f: Pick<DoctorFacts, "link" | "expectedPartnerId">): LinkState {
    if (!f.link) return "missing";
    if (!/^active$/i.test(f.link.state)) return "inactive";
    if (f.expectedPartnerId && f.link.partnerId !== f.expectedPartnerId) return "wrong-partner";
    return "linked";
}

/**
 * Whether the row earns PEC through CSP admin-on-behalf-of, which needs no link: a permanent PEC-eligible
 * role of a foreign group on the whole subscription (verdicts `aobo-only`, `aobo-and-lighthouse`, and
 * `ok` when the identity's own RBAC role comes with one).
 */
export function earnsThroughAobo(r: SubscriptionDiagnosis): boolean {
    return r.access.some((g) => g.source === "aobo" && g.permanent && g.pecEligible === true && g.wholeSubscription);
}

/** At most five IDs, then how many more. */
function idList(rows: SubscriptionDiagnosis[]): string {
    const ids = rows.map((r) => r.subscriptionId);
    return ids.length <= 5 ? ids.join(", ") : `${ids.slice(0, 5).join(", ")} and ${ids.length - 5} more`;
}

/**
 * The Partner Admin Link problem, if the link matters here: none when the link is fine, and none when
 * every subscription that earns or should earn PEC is reached through AOBO (which needs no link).
 * Its detail names the subscriptions that lose PEC for want of the link, and says which ones earn PEC
 * through AOBO regardless.
 * @param f the facts `doctor` read
 * @param rows every row of the report (visible and expected subscriptions)
 */
export function linkProblems(f: DoctorFacts, rows: SubscriptionDiagnosis[]): DoctorProblem[] {
    const state = linkState(f);
    if (state === "linked") return [];
    // PEC that rests on the identity's own access (Lighthouse or RBAC): lost now.
    const throughLink = rows.filter((r) => r.verdict === "ok" && !earnsThroughAobo(r));
    // Subscriptions to fix that earn no PEC at all yet: once fixed, they earn it through this identity's link.
    const toFix = rows.filter((r) => r.problem && !earnsThroughAobo(r));
    const aobo = rows.filter(earnsThroughAobo);
    if (throughLink.length === 0 && toFix.length === 0 && aobo.length > 0) return [];

    const id = f.identity;
    const link = f.link;
    const what =
        state === "missing"
            ? `The identity (object ID ${id.objectId}, tenant ${id.tenantId}) is not linked to a partner ID`
            : state === "inactive"
              ? `The identity's link to partner ID ${link?.partnerId} is ${link?.state}`
              : `The identity is linked to partner ID ${link?.partnerId}, not ${f.expectedPartnerId}`;
    const forWhom = state === "wrong-partner" ? ` for partner ID ${f.expectedPartnerId}` : "";
    let detail: string;
    if (throughLink.length > 0)
        detail = `${what}, so the ${throughLink.length} subscription(s) whose PEC comes through its own Lighthouse or RBAC access earn none${forWhom}: ${idList(throughLink)}.`;
    else if (toFix.length > 0)
        detail = `${what}; the ${toFix.length} subscription(s) with problems below earn PEC${forWhom} through this identity only once it is fixed as well.`;
    else detail = `${what}, so no subscription earns PEC${forWhom} through its Lighthouse or RBAC access.`;
    if (aobo.length > 0)
        detail += ` The ${aobo.length} subscription(s) reached through CSP admin-on-behalf-of (AOBO) earn PEC without a link: ${idList(aobo)}.`;

    const fix =
        state === "missing"
            ? linkFix()
            : state === "inactive"
              ? `Link the identity again: ${LINK_COMMAND}.`
              : `Re-point it: PartnerAdminLink with onExistingLink "relink", or \`az managementpartner update --partner-id ${f.expectedPartnerId}\` as this identity.`;
    const kind = state === "missing" ? "pal-missing" : state === "inactive" ? "pal-inactive" : "pal-wrong-partner";
    return [{ subscriptionId: null, kind, detail, fix }];
}

/**
 * What is wrong with the link, as a clause ("this identity is not linked to a partner ID").
 * @param state the link's state (not `linked`)
 */
export function linkStateText(state: Exclude<LinkState, "linked">): string {
    return state === "missing"
        ? "this identity is not linked to a partner ID"
        : state === "inactive"
          ? "this identity's Partner Admin Link is not Active"
          : "this identity is linked to another partner ID";
}

/**
 * The sentence added to a row whose PEC needs the link when the link is not in order (empty otherwise).
 * @param state the link's state
 */
export function linkCaveat(state: LinkState): string {
    return state === "linked"
        ? ""
        : ` No PEC through this identity until the Partner Admin Link is fixed: ${linkStateText(state)}.`;
}
