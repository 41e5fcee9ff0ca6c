import type { Caller, FakeAzure, RouteContext, RouteResult } from "./server";

/** A Partner Admin Link as the fake stores it (one per identity). */
export interface FakeLink {
    /** The linked partner ID (the Associated Partner ID). */
    partnerId: string;
    /** Tenant of the linked identity. */
    tenantId: string;
    /** Object ID of the linked identity. */
    objectId: string;
    /** Incremented by every PATCH. */
    version: number;
    /** ISO time of creation. */
    createdTime: string;
    /** ISO time of the last change. */
    updatedTime: string;
    /** Returned as `partnerName` when set. */
    partnerName?: string;
    /** `properties.state` (default `Active`; `Deleted` once the linked identity was deleted). */
    state?: string;
}

/** The api-version the ManagementPartner routes require. */
const MANAGEMENT_PARTNER_API_VERSION = "2018-02-01";

const PARTNERS = "/providers/Microsoft.ManagementPartner/partners";

/**
 * How the fake answers Microsoft.ManagementPartner:
 * - `"recorded"` (default): as the Azure CLI test recordings show — PUT, PATCH and DELETE answer 200
 *   (DELETE with an empty body); a PUT when linked answers `PartnerIdAlreadyLinked` (status
 *   `options.alreadyLinkedStatus`); not linked is 404 `PartnerNotFound`.
 * - `"spec"`: as the REST spec allows (azure-rest-api-specs, ManagementPartner 2018-02-01, TypeSpec
 *   version): PUT creates with 201, PATCH 200, DELETE 204 (empty); a PUT when linked answers
 *   409 `Conflict` (the spec's ErrorResponseCode enum is NotFound, Conflict, BadRequest); not linked is 404 `NotFound`.
 */
export type PartnerDialect = "recorded" | "spec";

/** Microsoft.ManagementPartner state of the fake: links keyed by caller identity. */
export class PartnerState {
    /** Links by `tenantId/objectId`. */
    readonly links = new Map<string, FakeLink>();
    /** Partner names returned as `partnerName` for a partner ID, when known. */
    readonly partnerNames = new Map<string, string>();
    /** Which answers the routes give (mutable between tests). */
    dialect: PartnerDialect = "recorded";
    /**
     * When true, a PUT for an identity already linked to the same partner ID answers success with the
     * existing link (200) instead of a conflict: undocumented either way, so tests cover both.
     */
    idempotentPut = false;

    constructor(private readonly fake: FakeAzure) {}

    /** The identity's current link, if any. */
    get(who: { tenantId: string; objectId: string }): FakeLink | undefined {
        return this.links.get(key(who));
    }

    /** Out-of-band change: link (or re-point) the identity to `partnerId`, as the portal would. */
    setOutOfBand(who: { tenantId: string; objectId: string }, partnerId: string): FakeLink {
        const existing = this.get(who);
        const iso = new Date(this.fake.now()).toISOString();
        const link: FakeLink = existing
            ? { ...existing, partnerId, version: existing.version + 1, updatedTime: iso }
            : {
                  partnerId,
                  tenantId: who.tenantId,
                  objectId: who.objectId,
                  version: 1,
                  createdTime: iso,
                  updatedTime: iso,
              };
        this.links.set(key(who), link);
        return link;
    }

    /** Out-of-band change: remove the identity's link. */
    removeOutOfBand(who: { tenantId: string; objectId: string }): void {
        this.links.delete(key(who));
    }

    /** The real response shape (design.md §4) for a link. */
    toResponse(link: FakeLink): unknown {
        const v = this.fake.options.versionAsString ? String(link.version) : link.version;
        return {
            id: `/providers/microsoft.managementpartner/partners/${link.partnerId}`,
            type: "Microsoft.ManagementPartner/partners",
            name: link.partnerId,
            etag: v,
            properties: {
                partnerId: link.partnerId,
                ...((link.partnerName ?? this.partnerNames.get(link.partnerId))
                    ? { partnerName: link.partnerName ?? this.partnerNames.get(link.partnerId) }
                    : {}),
                tenantId: link.tenantId,
                objectId: link.objectId,
                version: v,
                updatedTime: link.updatedTime,
                createdTime: link.createdTime,
                state: link.state ?? "Active",
            },
        };
    }
}

function key(who: { tenantId: string; objectId: string }): string {
    return `${who.tenantId.toLowerCase()}/${who.objectId.toLowerCase()}`;
}

/** Registers the Microsoft.ManagementPartner routes on the fake. */
export function addPartnerRoutes(fake: FakeAzure, state: PartnerState): void {
    const guard = (ctx: RouteContext): RouteResult | Caller => {
        if (!ctx.caller) {
            return {
                status: 401,
                body: fake.armError(
                    "AuthenticationFailed",
                    "Authentication failed. The 'Authorization' header is missing or invalid.",
                ),
            };
        }
        if (ctx.query.get("api-version") !== MANAGEMENT_PARTNER_API_VERSION) {
            return {
                status: 400,
                body: fake.armError(
                    "InvalidApiVersionParameter",
                    `The api-version '${ctx.query.get("api-version")}' is invalid. The supported versions are '${MANAGEMENT_PARTNER_API_VERSION}'.`,
                ),
            };
        }
        return ctx.caller;
    };
    const notFound = (): RouteResult =>
        state.dialect === "spec"
            ? { status: 404, body: fake.armError("NotFound", "The partner was not found.") }
            : {
                  status: 404,
                  body: fake.armError(
                      "PartnerNotFound",
                      "The partner was not found for this user or service principal.",
                  ),
              };
    const nowIso = () => new Date(fake.now()).toISOString();
    const one = new RegExp(`^${PARTNERS}/([^/]+)$`, "i");
    const withCaller =
        (handler: (ctx: RouteContext, caller: Caller) => RouteResult) =>
        (ctx: RouteContext): RouteResult => {
            const g = guard(ctx);
            return "status" in g ? g : handler(ctx, g);
        };

    fake.builtinRoute(
        "GET",
        new RegExp(`^${PARTNERS}$`, "i"),
        withCaller((_ctx, caller) => {
            const link = state.get(caller);
            return link ? { status: 200, body: state.toResponse(link) } : notFound();
        }),
    );

    fake.builtinRoute(
        "GET",
        one,
        withCaller((ctx, caller) => {
            const link = state.get(caller);
            return link && link.partnerId === ctx.match[1] ? { status: 200, body: state.toResponse(link) } : notFound();
        }),
    );

    fake.builtinRoute(
        "PUT",
        one,
        withCaller((ctx, caller) => {
            const partnerId = ctx.match[1];
            if (!/^\d+$/.test(partnerId))
                return {
                    status: 400,
                    body: fake.armError("InvalidPartnerId", `The partner ID '${partnerId}' is not valid.`),
                };
            const existing = state.get(caller);
            if (existing && state.idempotentPut && existing.partnerId === partnerId)
                return { status: 200, body: state.toResponse(existing) };
            if (existing) {
                return state.dialect === "spec"
                    ? {
                          status: 409,
                          body: fake.armError(
                              "Conflict",
                              "This user or service principal is already linked with a Partner ID.",
                          ),
                      }
                    : {
                          status: fake.options.alreadyLinkedStatus,
                          body: fake.armError(
                              "PartnerIdAlreadyLinked",
                              "This user or service principal is already linked with a Partner ID",
                          ),
                      };
            }
            const iso = nowIso();
            const link: FakeLink = {
                partnerId,
                tenantId: caller.tenantId,
                objectId: caller.objectId,
                version: 1,
                createdTime: iso,
                updatedTime: iso,
            };
            state.links.set(key(caller), link);
            return { status: state.dialect === "spec" ? 201 : 200, body: state.toResponse(link) };
        }),
    );

    fake.builtinRoute(
        "PATCH",
        one,
        withCaller((ctx, caller) => {
            const partnerId = ctx.match[1];
            const link = state.get(caller);
            if (!link) return notFound();
            const next: FakeLink = {
                ...link,
                partnerId,
                version: link.version + 1,
                updatedTime: nowIso(),
                partnerName: undefined,
            };
            state.links.set(key(caller), next);
            return { status: 200, body: state.toResponse(next) };
        }),
    );

    fake.builtinRoute(
        "DELETE",
        one,
        withCaller((ctx, caller) => {
            const link = state.get(caller);
            if (!link || link.partnerId !== ctx.match[1]) return notFound();
            state.links.delete(key(caller));
            return { status: state.dialect === "spec" ? 204 : 200 };
        }),
    );
}
