import type { OnExistingLink } from "./types";

/** What to do about the identity's current link. */
export type LinkDecision =
    { action: "put" } | { action: "adopt" } | { action: "patch"; from: string } | { action: "fail"; message: string };

/**
 * How this run's own PUT ran into an existing link: `"concurrent"` when the PUT's first and only
 * attempt answered a conflict (another writer linked the identity between this run's read and its
 * PUT), `"ambiguous"` when an earlier attempt's answer was lost (its own first attempt may have made
 * the link).
 */
export type PutConflict = "concurrent" | "ambiguous";

/** Context of a {@link decideLink} call. */
export interface DecisionContext {
    /** On update: the partner ID this resource linked before (re-pointing away from it is what the user asked for). */
    previous?: string;
    /** True when a link to the desired partner is known to be this resource's own (on update). */
    ours?: boolean;
    /** Set when this run's PUT answered a conflict and the link was read again. */
    conflict?: PutConflict;
}

/**
 * Decides how to reach `desired` from the identity's current link:
 * none → PUT; same partner → adopt (no write; with `"fail"` only when it is known to be ours);
 * the previous partner of this resource → PATCH; another partner → PATCH with `"relink"`, else fail
 * naming both partner IDs. After a conflicting PUT (`context.conflict`) a link to the same partner is
 * not known to be ours, so `"fail"` refuses it and says whether it was surely another writer's.
 * @param current - the partner ID the identity is linked to now, or undefined when not linked
 * @param desired - the partner ID wanted
 * @param onExistingLink - policy for a link that exists before this resource
 * @param context - update/ownership context
 */
export function decideLink(
    current: string | undefined,
    desired: string,
    onExistingLink: OnExistingLink,
    context: DecisionContext = {},
): LinkDecision {
    if (current === undefined) return { action: "put" };
    if (current === desired) {
        if (onExistingLink !== "fail" || context.ours) return { action: "adopt" };
        const keep = `Set onExistingLink: "adopt" to take over the existing link, or remove it first (az managementpartner delete --partner-id ${current}).`;
        const why =
            context.conflict === "concurrent"
                ? `Another writer (a concurrent \`pulumi up\`, the portal or the CLI) linked this identity to partner ID ${current} between this run's read and its PUT, which Azure refused with a conflict; this run changed nothing. `
                : context.conflict === "ambiguous"
                  ? `This run's PUT was retried after an answer was lost and then refused with a conflict: the link to partner ID ${current} is either this run's own first PUT or another writer's, and cannot be told apart. `
                  : "";
        return {
            action: "fail",
            message: `${why}This identity is already linked to partner ID ${current} and onExistingLink is "fail". ${keep}`,
        };
    }
    if ((context.previous !== undefined && current === context.previous) || onExistingLink === "relink")
        return { action: "patch", from: current };
    return {
        action: "fail",
        message:
            `This identity is already linked to partner ID ${current}, not ${desired}. ` +
            `Set onExistingLink: "relink" to re-point it to ${desired}, or set partnerId to ${current} to keep the existing link.`,
    };
}
