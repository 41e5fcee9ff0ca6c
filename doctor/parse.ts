import { parsePartnerLink } from "../azure/managementPartner";
import type {
    LighthouseAuthorization,
    LinkInfo,
    RegistrationAssignmentInfo,
    RoleAssignmentInfo,
    SubscriptionInfo,
} from "./model";

/**
 * Parsers of the ARM response bodies `doctor` reads (pure). They keep only what the verdict needs
 * and tolerate missing optional fields; an item without its identifying field is skipped.
 */

type Obj = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const lower = (v: string | null): string | null => (v === null ? null : v.toLowerCase());

/** One page of an ARM list: its items and the `nextLink`, if any. */
export function parsePage(body: unknown): { items: unknown[]; nextLink: string | null } {
    const o = obj(body);
    return { items: arr(o.value), nextLink: str(o.nextLink) };
}

/** A `GET /subscriptions` item (2022-12-01): `subscriptionId`, `displayName`, `tenantId`, `state`, `managedByTenants[].tenantId`. */
export function parseSubscription(item: unknown): SubscriptionInfo | undefined {
    const o = obj(item);
    const id = str(o.subscriptionId) ?? /^\/subscriptions\/([^/]+)$/i.exec(str(o.id) ?? "")?.[1] ?? null;
    if (!id) return undefined;
    return {
        subscriptionId: id.toLowerCase(),
        displayName: str(o.displayName),
        tenantId: lower(str(o.tenantId)),
        state: str(o.state),
        managedByTenantIds: arr(o.managedByTenants)
            .map((t) => lower(str(obj(t).tenantId)))
            .filter((t): t is string => t !== null),
    };
}

function parseAuthorization(item: unknown): LighthouseAuthorization | undefined {
    const o = obj(item);
    const principalId = str(o.principalId),
        roleDefinitionId = str(o.roleDefinitionId);
    if (!principalId || !roleDefinitionId) return undefined;
    return {
        principalId: principalId.toLowerCase(),
        principalIdDisplayName: str(o.principalIdDisplayName),
        roleDefinitionId,
    };
}

/**
 * A registration assignment listed with `$expandRegistrationDefinition=true` (2022-10-01):
 * `properties.registrationDefinitionId`, `properties.provisioningState` and
 * `properties.registrationDefinition.properties.{registrationDefinitionName, managedByTenantId, authorizations[], eligibleAuthorizations[]}`.
 */
export function parseRegistrationAssignment(item: unknown): RegistrationAssignmentInfo | undefined {
    const o = obj(item);
    const id = str(o.id);
    if (!id) return undefined;
    const p = obj(o.properties);
    const def = obj(obj(p.registrationDefinition).properties);
    const scope = /^(.*?)\/providers\/Microsoft\.ManagedServices\/registrationAssignments\//i.exec(id)?.[1] ?? "";
    return {
        id,
        scope,
        registrationDefinitionId: str(p.registrationDefinitionId) ?? "",
        registrationDefinitionName: str(def.registrationDefinitionName),
        managedByTenantId: lower(str(def.managedByTenantId)),
        provisioningState: str(p.provisioningState),
        authorizations: arr(def.authorizations)
            .map(parseAuthorization)
            .filter((a): a is LighthouseAuthorization => !!a),
        eligibleAuthorizations: arr(def.eligibleAuthorizations)
            .map(parseAuthorization)
            .filter((a): a is LighthouseAuthorization => !!a),
    };
}

/** A role assignment (2022-04-01): `id`, `properties.{roleDefinitionId, principalId, scope}`. */
export function parseRoleAssignment(item: unknown): RoleAssignmentInfo | undefined {
    const o = obj(item);
    const p = obj(o.properties);
    const roleDefinitionId = str(p.roleDefinitionId),
        principalId = str(p.principalId);
    if (!roleDefinitionId || !principalId) return undefined;
    const principalType = str(p.principalType);
    return {
        id: str(o.id) ?? "",
        roleDefinitionId,
        principalId: principalId.toLowerCase(),
        scope: str(p.scope) ?? "",
        ...(principalType ? { principalType } : {}),
    };
}

/**
 * The `GET …/ManagementPartner/partners` body, read by the parser the PartnerAdminLink provider uses; undefined
 * when it holds no partner ID. A `Deleted` link is kept: `doctor` reports it as inactive.
 */
export function parseLink(body: unknown): LinkInfo | undefined {
    const link = parsePartnerLink(body, true);
    return link && { partnerId: link.partnerId, partnerName: link.partnerName || null, state: link.state };
}
