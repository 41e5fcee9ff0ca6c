/**
 * Plain types and constants of the Partner Admin Link provider (no Pulumi, no network).
 */
import type { CredentialSpec } from "../../azure/credential";
import type { AzureEndpoints } from "../../azure/endpoints";
import type { LinkFacts } from "../../azure/managementPartner";

/**
 * What to do when the identity is already linked: `"adopt"` a link to the same partner ID, `"relink"`
 * (PATCH) any link, or `"fail"` on any link this resource did not make — including one a concurrent
 * writer made between this resource's read and its PUT (see `PartnerAdminLinkArgs.onExistingLink`).
 */
export type OnExistingLink = "adopt" | "relink" | "fail";

/** Default of `onExistingLink`. */
export const DEFAULT_ON_EXISTING_LINK: OnExistingLink = "adopt";

/** Default of `propagationTimeoutSeconds` (Entra ID replication has no SLA; minutes are common). */
export const DEFAULT_PROPAGATION_TIMEOUT_SECONDS = 300;

/** Default of `timeoutSeconds`: a request that sends nothing for this long is abandoned (and retried within a deadline of four). */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** The provider's inputs after `check` (defaults filled). */
export interface PartnerAdminLinkInputs {
    /** Associated Partner ID / partner location ID (digits). */
    partnerId: string;
    /** Identity to link. */
    credential: CredentialSpec;
    /** Endpoints (public cloud when absent); PartnerAdminLink uses only these two. */
    endpoints?: Pick<AzureEndpoints, "authorityHost" | "resourceManager">;
    /** What to do when already linked to another partner. */
    onExistingLink: OnExistingLink;
    /** How long to retry Entra ID replication errors. */
    propagationTimeoutSeconds: number;
    /** Idle timeout of each request in seconds (default {@link DEFAULT_TIMEOUT_SECONDS}); each call's retries stop after four. */
    timeoutSeconds?: number;
}

export type { LinkFacts } from "../../azure/managementPartner";

/** The provider's outputs: the inputs plus the link facts. Plain JSON only (no undefined values). */
export type PartnerAdminLinkOutputs = PartnerAdminLinkInputs & LinkFacts;
