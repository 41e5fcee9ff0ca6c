/**
 * Microsoft.ManagementPartner (Partner Admin Link), api-version 2018-02-01: the calls and the reading of their
 * answers, shared by the PartnerAdminLink provider and `doctor`. Callers word failures themselves (a provider
 * speaks of `pulumi up`, `doctor` of its flags). Serialized by value into the PartnerAdminLink `__provider`: no
 * module-level state, nothing `require`d at load.
 */
import type { ArmClient, ArmResponse } from "./armClient";
import { armErrorOf } from "./errors";

/** The one api-version of Microsoft.ManagementPartner. */
export const MANAGEMENT_PARTNER_API_VERSION = "2018-02-01";

/** What Azure says about an identity's link (`properties` of a partner answer). */
export interface LinkFacts {
    /** The linked partner ID. */
    partnerId: string;
    /** Tenant of the linked identity. */
    tenantId: string;
    /** Object ID of the linked identity. */
    objectId: string;
    /** Partner name, when Azure returns it. */
    partnerName?: string;
    /** `Active` or `Deleted` (`Active` when Azure leaves it out). */
    state: string;
    /** ISO time. */
    createdTime?: string;
    /** ISO time. */
    updatedTime?: string;
    /** Version (a number; Azure also sends it as a string). */
    version?: number | string;
}

/** What an answer of Microsoft.ManagementPartner means. */
export type PartnerAnswer = "ok" | "notLinked" | "conflict" | "undocumented" | "error";

/** An HTTP answer of Microsoft.ManagementPartner, read. */
export interface PartnerResponse extends ArmResponse {
    /** What it means (see {@link readPartnerAnswer}). */
    answer: PartnerAnswer;
}

/** The methods of Microsoft.ManagementPartner's partner resource. */
export type PartnerMethod = "GET" | "PUT" | "PATCH" | "DELETE";

/** Microsoft.ManagementPartner, as the identity whose token an ARM client carries. */
export interface ManagementPartnerClient {
    /**
     * The path of the partner resource, for messages: `/providers/Microsoft.ManagementPartner/partners`, plus `/{partnerId}`.
     * @param partnerId - the partner ID, if any
     */
    path(partnerId?: string): string;
    /**
     * Sends one request (the ARM client retries throttling, 5xx and dropped connections) and reads the answer.
     * A connection that kept failing is thrown as the ARM client threw it.
     * @param method - GET without a partner ID reads the identity's current link; PUT links, PATCH re-points, DELETE unlinks
     * @param partnerId - the partner ID in the path (none for the GET of the current link)
     */
    send(method: PartnerMethod, partnerId?: string): Promise<PartnerResponse>;
}

/**
 * Microsoft.ManagementPartner through an ARM client signed in as the identity to link (the API acts on the
 * token's own tenant and object ID; the partner ID is only in the path, no request has a body).
 * @param arm - the signed-in ARM client
 * @param resourceManager - the Azure Resource Manager endpoint, without a trailing slash
 */
export function managementPartnerClient(arm: ArmClient, resourceManager: string): ManagementPartnerClient {
    const path = (partnerId?: string) =>
        `/providers/Microsoft.ManagementPartner/partners${partnerId === undefined ? "" : `/${encodeURIComponent(partnerId)}`}`;
    return {
        path,
        async send(method, partnerId) {
            const r = await arm.send(
                method,
                `${resourceManager}${path(partnerId)}?api-version=${MANAGEMENT_PARTNER_API_VERSION}`,
            );
            return { ...r, answer: readPartnerAnswer(method, r.status, armErrorOf(r.json).code) };
        },
    };
}

/**
 * Reads an answer per the REST spec (Microsoft.ManagementPartner 2018-02-01: GET 200; PUT 200 or 201;
 * PATCH 200; DELETE 200 or 204) plus what the Azure CLI recordings show (PUT/PATCH/DELETE 200):
 * - a listed success status → `"ok"`; another 2xx (e.g. 202) → `"undocumented"`;
 * - 404 on GET or DELETE → `"notLinked"` (whatever the code: `NotFound`, `PartnerNotFound`);
 * - on PUT or PATCH, any 409 or the code `PartnerIdAlreadyLinked` / `Conflict` with any status → `"conflict"`;
 * - anything else → `"error"`.
 * @param method - the HTTP method sent
 * @param status - the HTTP status received
 * @param code - the ARM error code, in either error shape, if any
 */
export function readPartnerAnswer(method: string, status: number, code: string | undefined): PartnerAnswer {
    const success =
        ({ GET: [200], PUT: [200, 201], PATCH: [200], DELETE: [200, 204] } as Record<string, number[]>)[method] ?? [];
    if (success.includes(status)) return "ok";
    if (status >= 200 && status < 300) return "undocumented";
    if (status === 404 && (method === "GET" || method === "DELETE")) return "notLinked";
    if (
        (method === "PUT" || method === "PATCH") &&
        (status === 409 || /^(PartnerIdAlreadyLinked|Conflict)$/i.test(code ?? ""))
    )
        return "conflict";
    return "error";
}

/**
 * The link a partner answer's body describes, or undefined when it names no partner ID. A link in the `Deleted` state
 * (ManagementPartnerState: `Active` or `Deleted`) is no link: the identity is not linked, and a PUT links it again;
 * it is returned only with `keepDeleted` (`doctor` reports it as inactive). The spec types `partnerId` and `version`
 * as strings; a number is accepted for both (the recorded answers send `version` as one) and a version of digits
 * becomes a number. A missing or empty `state` is `Active`; other text fields are kept as sent.
 * @param body - the parsed JSON body
 * @param keepDeleted - return a `Deleted` link too
 */
export function parsePartnerLink(body: unknown, keepDeleted = false): LinkFacts | undefined {
    const p = (body as { properties?: Record<string, unknown> } | undefined)?.properties;
    const text = (v: unknown) => (typeof v === "string" ? v : undefined);
    const partnerId = typeof p?.partnerId === "number" ? String(p.partnerId) : text(p?.partnerId);
    if (!p || !partnerId || (!keepDeleted && /^deleted$/i.test(String(p.state)))) return undefined;
    const v = p.version;
    return {
        partnerId,
        tenantId: text(p.tenantId) ?? "",
        objectId: text(p.objectId) ?? "",
        state: text(p.state) || "Active",
        partnerName: text(p.partnerName),
        createdTime: text(p.createdTime),
        updatedTime: text(p.updatedTime),
        version: typeof v === "string" && /^\d+$/.test(v) ? Number(v) : typeof v === "number" ? v : text(v),
    };
}
