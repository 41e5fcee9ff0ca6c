/** Fake Azure for tests: see README.md in this folder. */
export { FakeAzure } from "./server";
export type {
    Caller,
    Fault,
    FaultRule,
    FakeAzureOptions,
    LoggedRequest,
    RouteContext,
    RouteHandler,
    RouteResult,
} from "./server";
export type { AddAppOptions, FakeApp, FakeSecret, IdentityState } from "./identity";
export { aadstsError } from "./identity";
export type { FakeLink, PartnerDialect, PartnerState } from "./partners";
export { VirtualClock } from "./clock";
export { generateCertificates, processCertificates, removeCertificates } from "./certs";
export type { TestCertificates } from "./certs";
export { addResourceProviderRoutes, ResourceProviderState } from "./resourceProviders";
export { ActivityLogState, addActivityLogRoutes, delegationEvent, delegationEventPair } from "./activityLog";
export type { DelegationEventSpec } from "./activityLog";
