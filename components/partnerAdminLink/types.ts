/**
 * Plain types and constants of the Partner Admin Link provider (no Pulumi, no network).
 */
import type { CredentialSpec } from "../../azure/credential";
import type { AzureEndpoints } from "../../azure/endpoints";
import type { LinkFacts } from "../../azure/managementPartner";

/** The values of `onExistingLink`, in the order messages list them. */
export const ON_EXISTING_LINK = ["adopt", "relink", "fail"] as const;

/**
 * What to do when the identity is already linked: `"adopt"` a link to the same partner ID, `"relink"`
 * (PATCH) any link, or `"fail"` on any link this resource did not make — including one a concurrent
 * writer made between this resource's read and its PUT (see {@link PartnerLinkSettings.onExistingLink}).
 */
export type OnExistingLink = (typeof ON_EXISTING_LINK)[number];

/** Default of `onExistingLink`. */
export const DEFAULT_ON_EXISTING_LINK: OnExistingLink = "adopt";

/** Default of `propagationTimeoutSeconds` (Entra ID replication has no SLA; minutes are common). */
export const DEFAULT_PROPAGATION_TIMEOUT_SECONDS = 300;

/** Default of `timeoutSeconds`: a request that sends nothing for this long is abandoned (and retried within a deadline of four). */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/**
 * The settings of a Partner Admin Link, written once: `PartnerAdminLinkArgs` and `ProviderAutomationAccountArgs`
 * take them as Pulumi inputs (`PartnerLinkArgs`), the provider receives them checked ({@link PartnerAdminLinkInputs}),
 * and the partner stack reads them from its config (`program/partnerConfig.ts`).
 */
export interface PartnerLinkSettings {
    /** The Associated Partner ID / partner location ID, digits only (Partner Center → Account settings → Identifiers). */
    partnerId: string;
    /** Endpoints for a sovereign cloud (or a test double); public cloud by default. Only these two are used. */
    endpoints?: Pick<AzureEndpoints, "authorityHost" | "resourceManager">;
    /**
     * When the identity is already linked: "adopt" (default) takes a link to the same partner ID over,
     * "relink" re-points any link, "fail" refuses any link this resource did not make.
     *
     * Concurrency: Microsoft.ManagementPartner has one link per identity and no precondition (etag,
     * If-None-Match) on its PUT, so two creates for one identity can both read "not linked" and both PUT.
     * With "fail", the create whose PUT Azure refuses as a conflict (409, `Conflict` or
     * `PartnerIdAlreadyLinked`) fails and changes nothing; if that PUT had been retried after a lost
     * answer, the link may be its own first attempt and the error says it cannot tell. If Azure answered
     * such a PUT with success instead (undocumented), both creates would succeed and this cannot be
     * detected. See docs/partner-admin-link.md.
     */
    onExistingLink?: OnExistingLink;
    /**
     * How long to retry while Entra ID replicates a new app or secret (AADSTS700016 / 7000215), in seconds.
     * Default 300.
     */
    propagationTimeoutSeconds?: number;
    /**
     * Seconds without an answer after which a request to Entra ID or Azure Resource Manager is
     * abandoned; each call's retries stop after four such timeouts, so a stalled host fails the
     * operation in about five. From 0.1 to 3600, default 30.
     */
    timeoutSeconds?: number;
}

/** The provider's inputs after `check`: the settings with their defaults filled, and the identity to link. */
export type PartnerAdminLinkInputs = PartnerLinkSettings &
    Required<Pick<PartnerLinkSettings, "onExistingLink" | "propagationTimeoutSeconds">> & {
        /** Identity to link. */
        credential: CredentialSpec;
    };

export type { LinkFacts } from "../../azure/managementPartner";

/** The provider's outputs: the inputs plus the link facts. Plain JSON only (no undefined values). */
export type PartnerAdminLinkOutputs = PartnerAdminLinkInputs & LinkFacts;
