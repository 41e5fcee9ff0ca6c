import type { ProviderAutomationAccountArgs } from "../components/automationAccount";
import { ConfigurationError } from "../components/validation";
import { ConfigProblems, ConfigReader, optionalObject, optionalString } from "./config";

/** The partner stack's configuration, as read from `Pulumi.<stack>.yaml`. */
export type PartnerStackConfig = Omit<ProviderAutomationAccountArgs, "owners" | "endpoints"> & {
    partnerId: string;
    owners?: string[];
    endpoints?: { authorityHost?: string; resourceManager?: string };
};

const ON_EXISTING_LINK = ["adopt", "relink", "fail"] as const;

/**
 * Reads and checks the partner stack's config; reports every problem at once with the command that fixes it.
 */
export function readPartnerConfig(read: ConfigReader): PartnerStackConfig {
    const problems = new ConfigProblems();
    const partnerId = optionalString(read, problems, "partnerId", "lighthouse-pec:partnerId 1234567");
    if (partnerId === undefined) {
        problems.missing("partnerId", "lighthouse-pec:partnerId 1234567   # your Associated MPN ID / partner location ID");
    } else if (!/^\d+$/.test(partnerId.trim())) {
        problems.wrongType("partnerId", partnerId, "digits only (the Associated MPN ID / partner location ID)",
            "pulumi config set lighthouse-pec:partnerId 1234567   # Partner Center > Account settings > Identifiers");
    }
    const owners = read("owners");
    if (owners !== undefined && (!Array.isArray(owners) || owners.some((o) => typeof o !== "string"))) {
        problems.wrongType("owners", owners, "a list of object IDs", "  lighthouse-pec:owners:\n    - <your user object ID>");
    }
    const onExistingLink = optionalString(read, problems, "onExistingLink", "lighthouse-pec:onExistingLink adopt");
    if (onExistingLink !== undefined && !(ON_EXISTING_LINK as readonly string[]).includes(onExistingLink)) {
        problems.wrongType("onExistingLink", onExistingLink, `one of ${ON_EXISTING_LINK.join(", ")}`, "pulumi config set lighthouse-pec:onExistingLink adopt");
    }
    const timeout = read("propagationTimeoutSeconds");
    const propagationTimeoutSeconds = timeout === undefined ? undefined : Number(timeout);
    if (propagationTimeoutSeconds !== undefined && !(Number.isInteger(propagationTimeoutSeconds) && propagationTimeoutSeconds > 0)) {
        problems.wrongType("propagationTimeoutSeconds", timeout, "a positive whole number of seconds", "pulumi config set lighthouse-pec:propagationTimeoutSeconds 300");
    }
    const config: PartnerStackConfig = {
        partnerId: partnerId?.trim() ?? "",
        displayName: optionalString(read, problems, "displayName", `lighthouse-pec:displayName "Provider Automation Account"`),
        owners: owners as string[] | undefined,
        secretEndDate: optionalString(read, problems, "secretEndDate", "lighthouse-pec:secretEndDate 2027-12-31T00:00:00Z"),
        secretRotation: optionalString(read, problems, "secretRotation", "lighthouse-pec:secretRotation 2026-Q4"),
        tenantId: optionalString(read, problems, "tenantId", "lighthouse-pec:tenantId <managing tenant GUID>"),
        endpoints: optionalObject(read, problems, "endpoints", "  lighthouse-pec:endpoints:\n    authorityHost: https://login.microsoftonline.us\n    resourceManager: https://management.usgovcloudapi.net"),
        onExistingLink: onExistingLink as PartnerStackConfig["onExistingLink"],
        propagationTimeoutSeconds,
    };
    if (problems.findings.length > 0) {
        throw new ConfigurationError("lighthouse-pec partner stack config", problems.findings);
    }
    return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as PartnerStackConfig;
}
