import type { OnExistingLink } from "./types";

/** What to do about the identity's current link. */
export type LinkDecision =
    | { action: "put" }
    | { action: "adopt" }
    | { action: "patch"; from: string }
    | { action: "fail"; message: string };

/** Context of a {@link decideLink} call. */
export interface DecisionContext {
    /** On update: the partner ID this resource linked before (re-pointing away from it is what the user asked for). */
    previous?: string;
    /**
     * True when a link to the desired partner is known to be this resource's own (on update, or after
     * a PUT answered `PartnerIdAlreadyLinked`, typically a retried PUT whose first try succeeded).
     */
    ours?: boolean;
}

/**
 * Decides how to reach `desired` from the identity's current link:
 * none → PUT; same partner → adopt (no write; with `"fail"` only when it is known to be ours);
 * the previous partner of this resource → PATCH; another partner → PATCH with `"relink"`, else fail
 * naming both partner IDs.
 * @param current - the partner ID the identity is linked to now, or undefined when not linked
 * @param desired - the partner ID wanted
 * @param onExistingLink - policy for a link that exists before this resource
 * @param context - update/ownership context
 */
export function decideLink(current: string | undefined, desired: string, onExistingLink: OnExistingLink, context: DecisionContext = {}): LinkDecision {
    if (current === undefined) return { action: "put" };
    if (current === desired) {
        if (onExistingLink !== "fail" || context.ours) return { action: "adopt" };
        return {
            action: "fail",
            message: `This identity is already linked to partner ID ${current} and onExistingLink is "fail". ` +
                `Set onExistingLink: "adopt" to take over the existing link, or remove it first (az managementpartner delete --partner-id ${current}).`,
        };
    }
    if ((context.previous !== undefined && current === context.previous) || onExistingLink === "relink") return { action: "patch", from: current };
    return {
        action: "fail",
        message: `This identity is already linked to partner ID ${current}, not ${desired}. ` +
            `Set onExistingLink: "relink" to re-point it to ${desired}, or set partnerId to ${current} to keep the existing link.`,
    };
}
