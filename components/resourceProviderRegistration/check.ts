import { GUID_PATTERN, UNKNOWN_SENTINEL } from "../../core/validation/formats";
import type { CheckFailure, CheckOutcome } from "../providerWithRuntime";
import { DEFAULT_NAMESPACE, ResourceProviderRegistrationInputs } from "./types";

// Locals, not imports, inside what the provider serializes (see ../partnerAdminLink/check.ts).
const UNKNOWN = UNKNOWN_SENTINEL;
const NAMESPACE = DEFAULT_NAMESPACE;
const GUID = GUID_PATTERN;

/** Result of {@link checkRegistration}. */
export type RegistrationCheckResult = CheckOutcome<ResourceProviderRegistrationInputs>;

/**
 * The provider's `check`: validates and normalizes the inputs, no network. Unknown values (preview) pass.
 * @param _olds - the old inputs (unused)
 * @param news - the new inputs
 */
export function checkRegistration(_olds: unknown, news: Record<string, unknown>): RegistrationCheckResult {
    const failures: CheckFailure[] = [];
    const bad = (v: unknown, ok: boolean, property: string, reason: string) => {
        if (v !== UNKNOWN && !ok) failures.push({ property, reason });
    };
    const { subscriptionId, credential, timeoutSeconds, registrationTimeoutSeconds } = news;
    const namespace = news.namespace ?? NAMESPACE;
    bad(
        subscriptionId,
        typeof subscriptionId === "string" && GUID.test(subscriptionId),
        "subscriptionId",
        `subscriptionId must be the subscription's ID (a GUID), got ${JSON.stringify(subscriptionId)}.`,
    );
    bad(
        namespace,
        typeof namespace === "string" && /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/.test(namespace),
        "namespace",
        `namespace must be a resource provider namespace such as "Microsoft.ManagedServices", got ${JSON.stringify(namespace)}.`,
    );
    const c = (credential ?? {}) as Record<string, unknown>;
    bad(
        credential,
        typeof credential === "object" &&
            credential !== null &&
            ["clientSecret", "azureCli", "default"].includes(String(c.kind)),
        "credential",
        `credential.kind must be "clientSecret", "azureCli" or "default".`,
    );
    if (c.kind === "clientSecret") {
        for (const key of ["tenantId", "clientId", "clientSecret"]) {
            bad(
                c[key],
                typeof c[key] === "string" && c[key] !== "",
                "credential",
                `credential.${key} is required with kind "clientSecret" (value not shown).`,
            );
        }
    }
    const seconds = (v: unknown, max: number) => v === undefined || (typeof v === "number" && v >= 0.1 && v <= max);
    bad(
        timeoutSeconds,
        seconds(timeoutSeconds, 3600),
        "timeoutSeconds",
        `timeoutSeconds must be a number from 0.1 to 3600, got ${JSON.stringify(timeoutSeconds)}.`,
    );
    bad(
        registrationTimeoutSeconds,
        seconds(registrationTimeoutSeconds, 3600),
        "registrationTimeoutSeconds",
        `registrationTimeoutSeconds must be a number from 1 to 3600, got ${JSON.stringify(registrationTimeoutSeconds)}.`,
    );
    return { inputs: { ...news, namespace } as unknown as ResourceProviderRegistrationInputs, failures };
}
