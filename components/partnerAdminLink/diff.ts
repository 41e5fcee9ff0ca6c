import { UNKNOWN_SENTINEL } from "../../core/validation/formats";

const UNKNOWN = UNKNOWN_SENTINEL; // a local: serialized into `__provider` as its value (see ./check)

/** The diff of a PartnerAdminLink (the shape of a dynamic provider's DiffResult). */
export interface LinkDiff {
    /** True when an update or replace is needed. */
    changes: boolean;
    /** Properties whose change needs a new resource. */
    replaces: string[];
}

/**
 * The diff rules (pure; no network):
 * - a different identity (credential kind, tenant or client; GUIDs compared case-insensitively) replaces;
 * - a new `partnerId` is an in-place update (PATCH re-points the link);
 * - a rotated `clientSecret` alone is an update (which only reads);
 * - nothing else (endpoints, onExistingLink, propagationTimeoutSeconds, output-only facts) is a diff.
 * Unknown values (preview): an unknown identity field or credential counts as a replacement,
 * an unknown partnerId or secret as an update.
 * @param olds - the previous outputs
 * @param news - the checked new inputs (credential fields are strings once checked, or the unknown sentinel)
 */
export function diffLink(olds: Record<string, unknown>, news: Record<string, unknown>): LinkDiff {
    return diffLinkProperties("", olds, news);
}

/**
 * The provider's `diff` (shaped as the dynamic-provider host calls it; the rules are {@link diffLink}'s).
 * @param _id - the resource ID (unused)
 * @param olds - the previous outputs
 * @param news - the checked new inputs (credential fields are strings once checked, or the unknown sentinel)
 */
export function diffLinkProperties(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): LinkDiff {
    const o = (olds.credential ?? {}) as Record<string, string | undefined>;
    const n = (news.credential ?? {}) as Record<string, string | undefined>;
    const same = (k: string) => n[k] !== UNKNOWN && String(o[k] ?? "").toLowerCase() === String(n[k] ?? "").toLowerCase();
    const replace = news.credential === UNKNOWN || !["kind", "tenantId", "clientId"].every(same);
    const changes = replace || news.partnerId === UNKNOWN || olds.partnerId !== news.partnerId || n.clientSecret === UNKNOWN || o.clientSecret !== n.clientSecret;
    return { changes, replaces: replace ? ["credential"] : [] };
}
