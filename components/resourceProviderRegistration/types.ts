import type { CredentialSpec } from "../../azure/credential";
import type { AzureEndpoints } from "../../azure/endpoints";

/** The resource provider registered unless told otherwise: what Azure Lighthouse (and its policy) needs. */
export const DEFAULT_NAMESPACE = "Microsoft.ManagedServices";
/** How long `create` waits for "Registered" by default, in seconds. */
export const DEFAULT_REGISTRATION_TIMEOUT_SECONDS = 300;
/** The Microsoft.Resources API version of the register and read calls. */
export const RESOURCES_API_VERSION = "2021-04-01";

/** Inputs of a ResourceProviderRegistration, as the provider receives them (checked). */
export interface ResourceProviderRegistrationInputs {
    /** The subscription to register the provider in (a GUID). */
    subscriptionId: string;
    /** The resource provider namespace. Default "Microsoft.ManagedServices". */
    namespace?: string;
    /** Who registers it: an identity with `<namespace>/register/action` in the subscription (Contributor, Owner). */
    credential: CredentialSpec;
    /** Endpoints for a sovereign cloud (or a test double). */
    endpoints?: AzureEndpoints;
    /** Seconds without an answer after which one request is abandoned (0.1 to 3600, default 30). */
    timeoutSeconds?: number;
    /** Seconds to wait for the registration to finish (1 to 3600, default 300). */
    registrationTimeoutSeconds?: number;
}

/** Outputs: the inputs plus what Azure reported. */
export interface ResourceProviderRegistrationOutputs extends ResourceProviderRegistrationInputs {
    /** "Registered" after a successful create. */
    registrationState: string;
}
