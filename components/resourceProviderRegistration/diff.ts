import { UNKNOWN_SENTINEL } from "../../core/validation/formats";

const UNKNOWN = UNKNOWN_SENTINEL; // a local: serialized as its value (see ../partnerAdminLink/check.ts)

/** The diff of a ResourceProviderRegistration (a dynamic provider's DiffResult). */
export interface RegistrationDiff {
    /** True when an update or replace is needed. */
    changes: boolean;
    /** Properties whose change needs a new resource. */
    replaces: string[];
}

/**
 * The provider's `diff` (pure, no network): another subscription or namespace is another registration
 * (replace; the old one's delete changes nothing in Azure); a new credential, endpoints or timeouts update in
 * place (the update registers again, which Azure treats as a no-op when registered). GUIDs compare case-insensitively.
 * @param _id - the resource ID (unused)
 * @param olds - the previous outputs
 * @param news - the checked new inputs
 */
export function diffRegistration(
    _id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): RegistrationDiff {
    const text = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : JSON.stringify(v ?? ""));
    const same = (k: string) => news[k] !== UNKNOWN && text(olds[k]) === text(news[k]);
    const replaces = ["subscriptionId", "namespace"].filter((k) => !same(k));
    const settings = ["credential", "endpoints", "timeoutSeconds", "registrationTimeoutSeconds"];
    const changes = replaces.length > 0 || settings.some((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
    return { changes, replaces };
}
