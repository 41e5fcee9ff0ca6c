import { isUnknown } from "./check";

/** The diff of a PartnerAdminLink (the shape of a dynamic provider's DiffResult). */
export interface LinkDiff {
    /** True when an update or replace is needed. */
    changes: boolean;
    /** Properties whose change needs a new resource. */
    replaces: string[];
}

type Obj = Record<string, unknown>;

/**
 * The diff rules (pure; no network):
 * - a different identity (credential kind, tenant or client) replaces;
 * - a new `partnerId` is an in-place update (PATCH re-points the link);
 * - a rotated `clientSecret` alone is an update (which only reads);
 * - nothing else (endpoints, onExistingLink, propagationTimeoutSeconds, output-only facts) is a diff.
 * Unknown identity values (preview) count as a replacement, an unknown partnerId or secret as an update.
 * @param olds - the previous outputs
 * @param news - the checked new inputs
 */
export function diffLink(olds: Obj, news: Obj): LinkDiff {
    const replaces: string[] = [];
    let changes = false;
    const oc = olds.credential, nc = news.credential;
    if (isUnknown(nc) || typeof nc !== "object" || nc === null || typeof oc !== "object" || oc === null) {
        if (!sameValue(oc, nc)) replaces.push("credential");
    } else {
        const o = oc as Obj, n = nc as Obj;
        const identityChanged = ["kind", "tenantId", "clientId"].some((k) => isUnknown(n[k]) || !sameId(o[k], n[k]));
        if (identityChanged) replaces.push("credential");
        else if (isUnknown(n.clientSecret) || o.clientSecret !== n.clientSecret) changes = true;
    }
    if (isUnknown(news.partnerId) || olds.partnerId !== news.partnerId) changes = true;
    return { changes: changes || replaces.length > 0, replaces };
}

function sameId(a: unknown, b: unknown): boolean {
    if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
    return a === b;
}

function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}
