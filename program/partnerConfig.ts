import { PUBLIC_CLOUD } from "../azure/endpoints";
import {
    DEFAULT_ON_EXISTING_LINK,
    DEFAULT_PROPAGATION_TIMEOUT_SECONDS,
    ON_EXISTING_LINK,
    PartnerLinkSettings,
} from "../components/partnerAdminLink/types";
import type { ProviderAutomationAccountArgs } from "../components/providerAutomationAccount";
import { ConfigurationError, Field, ObjectShape } from "../core/validation";
import { isPartnerId } from "../core/validation/formats";
import { ConfigProblems, ConfigReader, readStackConfig } from "./config";

/**
 * The partner stack's configuration, as read from `Pulumi.<stack>.yaml`: the Partner Admin Link's settings (all but
 * `timeoutSeconds`) and the app registration's, as plain values.
 */
export type PartnerStackConfig = Omit<PartnerLinkSettings, "timeoutSeconds"> &
    Pick<ProviderAutomationAccountArgs, "displayName" | "secretEndDate" | "secretRotation" | "tenantId"> & {
        owners?: string[];
    };

/** The partner stack's `lighthouse-pec:*` keys (top-level values arrive as text, as `pulumi config set` stores them). */
export const PARTNER_CONFIG_FIELDS = {
    partnerId: {
        shape: { kind: "string", label: "a string of digits", example: "1234567" },
        required: true,
        doc: "Your Associated Partner ID / partner location ID (Partner Center > Account settings > Identifiers). Quote it in YAML.",
    },
    displayName: {
        shape: { kind: "string", example: "Provider Automation Account" },
        doc: "Display name of the app registration and service principal.",
        default: "Provider Automation Account",
    },
    owners: {
        shape: {
            kind: "list",
            items: { kind: "string" },
            label: "a list of object IDs",
            example: ["00000000-0000-0000-0000-000000000000"],
        },
        doc: "Object IDs of users or service principals that own the app (and may manage its secrets).",
    },
    secretEndDate: {
        shape: { kind: "string", example: "2027-12-31T00:00:00Z" },
        doc: "When the client secret expires (RFC 3339).",
        default: "the Entra ID default (two years)",
    },
    secretRotation: {
        shape: { kind: "string", example: "2026-Q4" },
        doc: "Any value; changing it rotates the client secret (the link is kept).",
    },
    tenantId: {
        shape: { kind: "string", example: "00000000-0000-0000-0000-000000000000" },
        doc: "The managing tenant's ID.",
        default: "the tenant the azuread provider signs in to",
    },
    endpoints: {
        shape: {
            kind: "object",
            example: {
                authorityHost: "https://login.microsoftonline.us",
                resourceManager: "https://management.usgovcloudapi.net",
            },
            fields: {
                authorityHost: {
                    shape: { kind: "string", example: "https://login.microsoftonline.us" },
                    doc: "Entra ID authority host.",
                    default: PUBLIC_CLOUD.authorityHost,
                },
                resourceManager: {
                    shape: { kind: "string", example: "https://management.usgovcloudapi.net" },
                    doc: "Azure Resource Manager endpoint.",
                    default: PUBLIC_CLOUD.resourceManager,
                },
            },
        },
        doc: "Endpoints for a sovereign cloud.",
        default: "public cloud",
    },
    onExistingLink: {
        shape: { kind: "string", enum: ON_EXISTING_LINK },
        doc: "If the service principal is already linked to another partner ID: adopt (keep, report), relink or fail.",
        default: DEFAULT_ON_EXISTING_LINK,
    },
    propagationTimeoutSeconds: {
        shape: { kind: "integer", text: true, example: DEFAULT_PROPAGATION_TIMEOUT_SECONDS },
        doc: "How long to wait for Entra ID to replicate the new app and secret before linking.",
        default: String(DEFAULT_PROPAGATION_TIMEOUT_SECONDS),
    },
} satisfies Record<keyof PartnerStackConfig, Field>;

/** The schema of the partner stack's config. */
export const partnerConfigShape: ObjectShape = { kind: "object", fields: PARTNER_CONFIG_FIELDS };

/**
 * Reads and checks the partner stack's config; reports every problem at once with the command that fixes it:
 * unknown `lighthouse-pec:*` keys, keys under another namespace, values of the wrong type, a malformed partner ID.
 */
export function readPartnerConfig(read: ConfigReader): PartnerStackConfig {
    const problems = new ConfigProblems();
    const { values, findings, claimed } = readStackConfig(read, partnerConfigShape);
    problems.findings.push(...findings);
    const partnerId = values.partnerId as string | undefined;
    if (partnerId === undefined && !claimed.has("partnerId")) {
        problems.missing(
            "partnerId",
            "lighthouse-pec:partnerId 1234567   # your Associated Partner ID / partner location ID",
        );
    } else if (partnerId !== undefined && !isPartnerId(partnerId.trim())) {
        problems.wrongType(
            "partnerId",
            partnerId,
            "1 to 12 digits and nothing else (the Associated Partner ID / partner location ID)",
            "pulumi config set lighthouse-pec:partnerId 1234567   # Partner Center > Account settings > Identifiers",
        );
    }
    const timeout = values.propagationTimeoutSeconds;
    const propagationTimeoutSeconds = timeout === undefined ? undefined : Number(timeout);
    if (propagationTimeoutSeconds !== undefined && !(propagationTimeoutSeconds > 0)) {
        problems.wrongType(
            "propagationTimeoutSeconds",
            timeout,
            "a positive whole number of seconds",
            "pulumi config set lighthouse-pec:propagationTimeoutSeconds 300",
        );
    }
    const config: PartnerStackConfig = {
        partnerId: partnerId?.trim() ?? "",
        displayName: values.displayName as string | undefined,
        owners: values.owners as string[] | undefined,
        secretEndDate: values.secretEndDate as string | undefined,
        secretRotation: values.secretRotation as string | undefined,
        tenantId: values.tenantId as string | undefined,
        endpoints: values.endpoints as PartnerStackConfig["endpoints"],
        onExistingLink: values.onExistingLink as PartnerStackConfig["onExistingLink"],
        propagationTimeoutSeconds,
    };
    if (problems.findings.length > 0) {
        // In the order of the keys above; unknown keys last.
        const keys = Object.keys(PARTNER_CONFIG_FIELDS);
        const order = (f: { field: string }) => {
            const index = keys.indexOf(/^lighthouse-pec:([^.[]+)/.exec(f.field)?.[1] ?? "");
            return index < 0 ? keys.length : index;
        };
        throw new ConfigurationError(
            "lighthouse-pec partner stack config",
            [...problems.findings].sort((a, b) => order(a) - order(b)),
        );
    }
    return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as PartnerStackConfig;
}
