/**
 * Plain types and constants of the Partner Admin Link provider (no Pulumi, no network).
 */
import type { CredentialSpec } from "../../azure/credential";

/**
 * The value Pulumi passes to `check`/`diff` for inputs not known yet (during preview). Kept here rather
 * than imported from validation/formats: the serialized provider would capture that whole module.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Microsoft.ManagementPartner API version. */
export const MANAGEMENT_PARTNER_API_VERSION = "2018-02-01";

/** What to do when the identity is already linked to another partner ID. */
export type OnExistingLink = "adopt" | "relink" | "fail";

/** Default of `onExistingLink`. */
export const DEFAULT_ON_EXISTING_LINK: OnExistingLink = "adopt";

/** Default of `propagationTimeoutSeconds` (Entra ID replication has no SLA; minutes are common). */
export const DEFAULT_PROPAGATION_TIMEOUT_SECONDS = 300;

/** The credential input, resolved: the shared credential spec (type only, so nothing extra is serialized). */
export type LinkCredential = CredentialSpec;

/** The endpoints input, resolved. */
export interface LinkEndpoints {
    /** Entra ID authority host (default public cloud). */
    authorityHost?: string;
    /** Azure Resource Manager (default public cloud). */
    resourceManager?: string;
}

/** The provider's inputs after `check` (defaults filled). */
export interface PartnerAdminLinkInputs {
    /** Associated MPN ID / partner location ID (digits). */
    partnerId: string;
    /** Identity to link. */
    credential: LinkCredential;
    /** Endpoints (public cloud when absent). */
    endpoints?: LinkEndpoints;
    /** What to do when already linked to another partner. */
    onExistingLink: OnExistingLink;
    /** How long to retry Entra ID replication errors. */
    propagationTimeoutSeconds: number;
}

/** What Azure says about a link. */
export interface LinkFacts {
    /** The linked partner ID. */
    partnerId: string;
    /** Tenant of the linked identity. */
    tenantId: string;
    /** Object ID of the linked identity. */
    objectId: string;
    /** Partner name, when Azure returns it. */
    partnerName?: string;
    /** `Active` (or `Deleted`). */
    state: string;
    /** ISO time. */
    createdTime?: string;
    /** ISO time. */
    updatedTime?: string;
    /** Version (a number; Azure also sends it as a string). */
    version?: number | string;
}

/** The provider's outputs: the inputs plus the link facts. Plain JSON only (no undefined values). */
export type PartnerAdminLinkOutputs = PartnerAdminLinkInputs & LinkFacts;
