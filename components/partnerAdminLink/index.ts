/** Partner Admin Link: the dynamic resource, its provider, and the pure rules behind it. */
export { PartnerAdminLink } from "./resource";
export type { PartnerAdminLinkArgs, PartnerAdminLinkCredential, PartnerLinkArgs } from "./resource";
export { createPartnerAdminLinkProvider, partnerAdminLinkProvider } from "./provider";
export type { ProviderRuntime } from "./operations";
export type { LinkFacts, OnExistingLink, PartnerAdminLinkInputs, PartnerAdminLinkOutputs } from "./types";
