import { endpointProblems } from "../../azure/endpoints";
import {
    DEFAULT_ON_EXISTING_LINK, DEFAULT_PROPAGATION_TIMEOUT_SECONDS, PartnerAdminLinkInputs, UNKNOWN,
} from "./types";

/** A validation failure for one input property. */
export interface CheckFailure {
    /** Top-level property name. */
    property: string;
    /** What is wrong and how to fix it (never contains a secret). */
    reason: string;
}

/** Result of {@link checkLinkInputs}. */
export interface LinkCheckResult {
    /** Inputs with defaults filled (unknown values passed through). */
    inputs: PartnerAdminLinkInputs;
    /** Problems found; empty when valid. */
    failures: CheckFailure[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const KINDS = ["clientSecret", "azureCli", "default"];

/** True for the preview-time unknown sentinel. */
export function isUnknown(v: unknown): boolean {
    return v === UNKNOWN;
}

/**
 * Validates and normalizes the inputs of a PartnerAdminLink without any network call. Unknown
 * values (preview) are accepted as they are.
 */
export function checkLinkInputs(news: Record<string, unknown>): LinkCheckResult {
    const failures: CheckFailure[] = [];
    const fail = (property: string, reason: string) => failures.push({ property, reason });

    const partnerId = news.partnerId;
    if (!isUnknown(partnerId) && (typeof partnerId !== "string" || !/^\d{1,12}$/.test(partnerId))) {
        fail("partnerId", `partnerId must be the Associated MPN ID (partner location ID) as a string of digits, e.g. "1234567", got ${JSON.stringify(partnerId)}. Find it in Partner Center under Account settings → Identifiers.`);
    }

    checkCredential(news.credential, fail);

    const endpoints = news.endpoints;
    if (endpoints !== undefined && endpoints !== null && !isUnknown(endpoints)) {
        for (const p of endpointProblems(endpoints, "endpoints", isUnknown)) fail("endpoints", p);
        if (typeof endpoints === "object") {
            for (const k of Object.keys(endpoints)) {
                if (k === "graph" || k === "partnerCenter") fail("endpoints", `endpoints.${k} is not used by PartnerAdminLink; only authorityHost and resourceManager are.`);
            }
        }
    }

    const onExistingLink = news.onExistingLink ?? DEFAULT_ON_EXISTING_LINK;
    if (!isUnknown(onExistingLink) && !["adopt", "relink", "fail"].includes(onExistingLink as string)) {
        fail("onExistingLink", `onExistingLink must be "adopt", "relink" or "fail", got ${JSON.stringify(onExistingLink)}.`);
    }

    const timeout = news.propagationTimeoutSeconds ?? DEFAULT_PROPAGATION_TIMEOUT_SECONDS;
    if (!isUnknown(timeout) && (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout < 0 || timeout > 3600)) {
        fail("propagationTimeoutSeconds", `propagationTimeoutSeconds must be a number of seconds between 0 and 3600, got ${JSON.stringify(timeout)}. The default is ${DEFAULT_PROPAGATION_TIMEOUT_SECONDS}.`);
    }

    const inputs = {
        partnerId, credential: news.credential, onExistingLink, propagationTimeoutSeconds: timeout,
        ...(endpoints !== undefined && endpoints !== null ? { endpoints } : {}),
    } as PartnerAdminLinkInputs;
    return { inputs, failures };
}

function checkCredential(c: unknown, fail: (p: string, r: string) => void): void {
    if (isUnknown(c)) return;
    const shape = `{ kind: "clientSecret", tenantId, clientId, clientSecret } | { kind: "azureCli", tenantId? } | { kind: "default", tenantId? }`;
    if (typeof c !== "object" || c === null || Array.isArray(c)) {
        fail("credential", `credential must be one of ${shape}, got ${typeof c === "string" ? "a string" : JSON.stringify(c)}.`);
        return;
    }
    const o = c as Record<string, unknown>;
    if (isUnknown(o.kind)) return;
    if (!KINDS.includes(o.kind as string)) {
        fail("credential", `credential.kind must be "clientSecret", "azureCli" or "default", got ${JSON.stringify(o.kind)}.`);
        return;
    }
    const allowed = o.kind === "clientSecret" ? ["kind", "tenantId", "clientId", "clientSecret"] : ["kind", "tenantId"];
    for (const k of Object.keys(o)) {
        if (!allowed.includes(k)) fail("credential", `credential.${k} is not allowed for kind "${o.kind}"; allowed: ${allowed.join(", ")}.`);
    }
    const tenantRequired = o.kind === "clientSecret";
    if (o.tenantId === undefined ? tenantRequired : !isUnknown(o.tenantId) && !(typeof o.tenantId === "string" && (GUID.test(o.tenantId) || DOMAIN.test(o.tenantId)))) {
        fail("credential", `credential.tenantId must be the managing tenant's ID (a GUID) or its domain, got ${JSON.stringify(o.tenantId)}.`);
    }
    if (o.kind !== "clientSecret") return;
    if (!isUnknown(o.clientId) && !(typeof o.clientId === "string" && GUID.test(o.clientId))) {
        fail("credential", `credential.clientId must be the application (client) ID, a GUID, got ${JSON.stringify(o.clientId)}.`);
    }
    if (!isUnknown(o.clientSecret) && !(typeof o.clientSecret === "string" && o.clientSecret.length > 0)) {
        fail("credential", "credential.clientSecret must be a non-empty string (the secret's value, not its ID); pass it with pulumi.secret(...) or from an azuread.ApplicationPassword.");
    }
}
