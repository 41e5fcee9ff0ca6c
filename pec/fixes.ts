// The fixes `doctor` prints, in one place, so that `verify`'s HTML report gives the same advice in the same words.
import type { ProblemKind } from "./report";

/** The command that links an identity to the partner's Associated Partner ID (Microsoft AI Cloud Partner Program). */
export const LINK_COMMAND = "`az managementpartner create --partner-id <Associated Partner ID>`";

/**
 * Fix: a permanent, PEC-eligible Lighthouse authorization.
 * @param who the identity, e.g. "the identity (object ID …)"
 * @param offer the delegation, e.g. `the delegation "Contoso managed services"`
 */
export function permanentAuthorizationFix(who: string, offer: string): string {
    return `Add a permanent authorization for ${who} with a PEC-eligible, Lighthouse-allowed role such as Contributor to ${offer} and redeploy it (the customer stack's \`pulumi up\`, or the onboarding template).`;
}

/** Fix: just-in-time or lost access made permanent. */
export function permanentAccessFix(who: string, offer: string): string {
    return `Make the access permanent: ${permanentAuthorizationFix(who, offer)}`;
}

/** Fix: no Partner Admin Link on the identity. */
export function linkFix(): string {
    return `Link it to your Associated Partner ID: a ProviderAutomationAccount / PartnerAdminLink resource with partnerId, or ${LINK_COMMAND} signed in as this identity.`;
}

/**
 * Fix: a subscription that is not onboarded (or not visible) to the identity.
 * @param who the identity
 */
export function onboardFix(who: string): string {
    return `Onboard it with a Lighthouse delegation that authorizes ${who} with Contributor (the customer stack's \`pulumi up\`); a new delegation can take a few minutes to appear.`;
}

const PAL_IDENTITY = "the partner-linked (PAL) identity";
const ANY_DELEGATION = "the customer's Lighthouse delegation";

/**
 * The fix for a `verify` problem, in `doctor`'s words (verify cannot see which identity or delegation:
 * `lighthouse-pec doctor` names them).
 * @param kind the problem kind
 */
export function verifyFix(kind: ProblemKind): string {
    const doctor = "Run `lighthouse-pec doctor` as that identity to see which applies.";
    switch (kind) {
        case "no-pec":
            return `${permanentAuthorizationFix(PAL_IDENTITY, ANY_DELEGATION)} If the identity is not linked: ${linkFix()} ${doctor}`;
        case "partial-pec":
            return `${permanentAccessFix(PAL_IDENTITY, ANY_DELEGATION)} ${doctor}`;
        case "expected-but-absent":
            return `${onboardFix(PAL_IDENTITY)} If it is not under this partner's Azure plan, PEC cannot be earned on it.`;
    }
}
