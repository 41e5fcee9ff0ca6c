/** Who an access token belongs to, as its claims say. */
export interface TokenIdentity {
    /** The identity's tenant (`tid`), lower case. */
    tenantId: string;
    /** The identity's object ID (`oid`), lower case. */
    objectId: string;
    /** The application (client) ID (`appid` / `azp`) of a service principal, lower case; null for a user. */
    clientId: string | null;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const lower = (v: string | null): string | null => (v === null ? null : v.toLowerCase());

/**
 * `tid`, `oid` and `appid` / `azp` of an access token (a JWT), read without verifying it: only to
 * know who we are; Azure verifies the token. Undefined when it is not a JWT with those claims.
 */
export function tokenClaims(token: string): TokenIdentity | undefined {
    try {
        const parsed: unknown = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
        const claims =
            parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
                ? (parsed as Record<string, unknown>)
                : {};
        const tid = str(claims.tid),
            oid = str(claims.oid);
        if (!tid || !oid) return undefined;
        // A user's token names the client app it signed in with (e.g. the Azure CLI), not the identity.
        const user = claims.idtyp === "user" || str(claims.upn) !== null || str(claims.unique_name) !== null;
        return {
            tenantId: tid.toLowerCase(),
            objectId: oid.toLowerCase(),
            clientId: user ? null : lower(str(claims.appid) ?? str(claims.azp)),
        };
    } catch {
        return undefined;
    }
}
