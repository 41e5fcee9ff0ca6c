import { GUID_PATTERN, PARTNER_ID_PATTERN, UNKNOWN_SENTINEL } from "../../core/validation/formats";
import type { CheckFailure, CheckOutcome } from "../providerWithRuntime";
import {
    DEFAULT_ON_EXISTING_LINK,
    DEFAULT_PROPAGATION_TIMEOUT_SECONDS,
    ON_EXISTING_LINK,
    PartnerAdminLinkInputs,
} from "./types";

// Every function the provider reaches is serialized into each `__provider` (by value in this repository),
// so: the GUID test is validation/formats' pattern rather than its isGuid (a separate function costs ~0.4 KB
// there), and imported constants get local names (a local is serialized as its value, an import as its
// module object plus a qualified name at every use).
const UNKNOWN = UNKNOWN_SENTINEL;
const GUID = GUID_PATTERN;
const PARTNER_ID = PARTNER_ID_PATTERN;
const DEFAULT_ON_EXISTING = DEFAULT_ON_EXISTING_LINK;
const DEFAULT_PROPAGATION = DEFAULT_PROPAGATION_TIMEOUT_SECONDS;
const CHOICES: readonly string[] = ON_EXISTING_LINK;

/** Result of {@link checkLinkInputs}. */
export type LinkCheckResult = CheckOutcome<PartnerAdminLinkInputs>;

/**
 * Validates and normalizes the inputs of a PartnerAdminLink without any network call. Unknown
 * values (the preview sentinel) are accepted as they are. Messages name the field, the value and
 * the fix, except for credential fields: their values are described, never shown (a clientId and
 * clientSecret swapped by mistake would otherwise print the secret).
 * @param news - the new inputs
 */
export function checkLinkInputs(news: Record<string, unknown>): LinkCheckResult {
    return checkLink(undefined, news);
}

/**
 * The provider's `check` (shaped as the dynamic-provider host calls it; see {@link checkLinkInputs}).
 * @param _olds - the old inputs (unused)
 * @param news - the new inputs
 */
export function checkLink(_olds: unknown, news: Record<string, unknown>): LinkCheckResult {
    const failures: CheckFailure[] = [];
    const bad = (v: unknown, ok: boolean, property: string, reason: string) => {
        if (v !== UNKNOWN && !ok) failures.push({ property, reason });
    };
    const { partnerId, credential, endpoints, timeoutSeconds } = news;
    const shape = (v: unknown) => (typeof v === "string" ? `${v.length} characters (not shown)` : typeof v);
    const onExistingLink = news.onExistingLink ?? DEFAULT_ON_EXISTING;
    const timeout = news.propagationTimeoutSeconds ?? DEFAULT_PROPAGATION;
    bad(
        partnerId,
        typeof partnerId === "string" && PARTNER_ID.test(partnerId),
        "partnerId",
        `partnerId must be the Associated Partner ID (partner location ID) as a string of digits, e.g. "1234567", got ${JSON.stringify(partnerId)}; see Partner Center → Account settings → Identifiers.`,
    );
    const c = (credential ?? {}) as Record<string, unknown>;
    const kinds: Record<string, string[]> = {
        clientSecret: ["kind", "tenantId", "clientId", "clientSecret"],
        azureCli: ["kind", "tenantId"],
        default: ["kind", "tenantId"],
    };
    bad(
        credential,
        (typeof credential === "object" && credential !== null && c.kind === UNKNOWN) ||
            Object.hasOwn(kinds, String(c.kind)),
        "credential",
        `credential.kind must be "clientSecret" (with tenantId, clientId, clientSecret), "azureCli" or "default" (each with an optional tenantId), got ${typeof credential === "object" ? JSON.stringify(c.kind) : typeof credential}.`,
    );
    if (credential !== UNKNOWN && Object.hasOwn(kinds, String(c.kind))) {
        for (const k of Object.keys(c))
            bad(
                k,
                kinds[String(c.kind)].includes(k),
                "credential",
                `credential.${k} is not allowed with kind "${String(c.kind)}"; allowed: ${kinds[String(c.kind)].join(", ")}.`,
            );
        bad(
            c.tenantId,
            c.tenantId === undefined
                ? c.kind !== "clientSecret"
                : typeof c.tenantId === "string" &&
                      (GUID.test(c.tenantId) || /^([a-z0-9-]+\.)+[a-z]{2,}$/i.test(c.tenantId)),
            "credential",
            `credential.tenantId must be the managing tenant's ID (a GUID) or domain, got ${shape(c.tenantId)}.`,
        );
        if (c.kind === "clientSecret") {
            bad(
                c.clientId,
                typeof c.clientId === "string" && GUID.test(c.clientId),
                "credential",
                `credential.clientId must be the application (client) ID, a GUID, got ${shape(c.clientId)}; are clientId and clientSecret swapped?`,
            );
            bad(
                c.clientSecret,
                typeof c.clientSecret === "string" && c.clientSecret.length > 0,
                "credential",
                "credential.clientSecret must be a non-empty string: the secret's value (not its ID), e.g. an azuread.ApplicationPassword's value.",
            );
        }
    }
    if (endpoints !== undefined && endpoints !== null && endpoints !== UNKNOWN) {
        for (const [k, v] of Object.entries(endpoints)) {
            bad(
                k,
                k === "authorityHost" || k === "resourceManager",
                "endpoints",
                `endpoints.${k} is not used by PartnerAdminLink; only authorityHost and resourceManager are.`,
            );
            bad(
                v,
                v === undefined || (typeof v === "string" && /^https:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(v)),
                "endpoints",
                `endpoints.${k} must be an absolute https URL such as "https://login.microsoftonline.com", got ${JSON.stringify(v)}.`,
            );
        }
    }
    bad(
        onExistingLink,
        CHOICES.includes(onExistingLink as string),
        "onExistingLink",
        `onExistingLink must be "adopt", "relink" or "fail", got ${JSON.stringify(onExistingLink)}.`,
    );
    bad(
        timeout,
        typeof timeout === "number" && timeout >= 0 && timeout <= 3600,
        "propagationTimeoutSeconds",
        `propagationTimeoutSeconds must be a number of seconds from 0 to 3600, got ${JSON.stringify(timeout)}; the default is ${DEFAULT_PROPAGATION}.`,
    );
    bad(
        timeoutSeconds,
        timeoutSeconds === undefined ||
            (typeof timeoutSeconds === "number" && timeoutSeconds >= 0.1 && timeoutSeconds <= 3600),
        "timeoutSeconds",
        `timeoutSeconds must be 0.1 to 3600 seconds (default 30), got ${JSON.stringify(timeoutSeconds)}.`,
    );
    const inputs = {
        partnerId,
        credential,
        onExistingLink,
        propagationTimeoutSeconds: timeout,
        ...(endpoints == null ? {} : { endpoints }),
        ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    };
    return { inputs: inputs as PartnerAdminLinkInputs, failures };
}
