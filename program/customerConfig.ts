import { ConfigurationError, customerConfigShape, Finding, isGuid, regionFindings } from "../core/validation";
import { ConfigProblems, ConfigReader, readStackConfig } from "./config";
import type { CustomerStackConfig, SubscriptionEntry } from "./customerStackConfig.generated";

// Generated from the schema's CUSTOMER_CONFIG_FIELDS (scripts/generate-model.ts).
export type { CustomerStackConfig, SubscriptionEntry };

/**
 * Reads and type-checks a customer stack's config. Reports every problem at once (missing keys, unknown
 * `lighthouse-pec:*` keys, keys under another namespace, values of the wrong type), each with a command or
 * YAML snippet that fixes it. Lighthouse rules are checked later, by the component.
 */
export function readCustomerConfig(read: ConfigReader): CustomerStackConfig {
    const problems = new ConfigProblems();
    const { values, findings, claimed } = readStackConfig(read, customerConfigShape);
    problems.findings.push(...findings);
    const config = values as Partial<CustomerStackConfig> & { adopt?: boolean | string; csp?: boolean | string };
    const given = (key: string): boolean => values[key] !== undefined || claimed.has(key);
    // A plain subscription ID in the list is shorthand for { subscriptionId: <ID> }: same delegation, same names.
    const shorthand = new Set<number>();
    if (Array.isArray(config.subscriptions)) {
        config.subscriptions = (config.subscriptions as unknown[]).map((entry, i) =>
            typeof entry === "string" ? (shorthand.add(i), { subscriptionId: entry }) : (entry as SubscriptionEntry),
        );
    }

    if (!given("offerName")) {
        problems.missing("offerName", `lighthouse-pec:offerName "Contoso Managed Services"`);
    }
    if (typeof config.policyLocation === "string") {
        problems.findings.push(
            ...regionFindings(
                "lighthouse-pec:policyLocation",
                config.policyLocation,
                "pulumi config set lighthouse-pec:policyLocation westeurope",
            ),
        );
    }
    if (given("managementGroupId")) {
        for (const key of ["subscriptionId", "subscriptions", "resourceGroups", "adopt"].filter(given)) {
            problems.findings.push({
                severity: "error",
                field: `lighthouse-pec:${key}`,
                value: values[key],
                message:
                    "not with lighthouse-pec:managementGroupId: the management group's policy delegates every subscription in it, whole",
                fix: `pulumi config rm lighthouse-pec:${key}  (or remove lighthouse-pec:managementGroupId to delegate subscriptions)`,
            });
        }
    } else {
        problems.findings.push(...subscriptionFindings(config, given, shorthand));
    }
    if (!given("managedByTenantId") && !given("partnerStack")) {
        problems.missing(
            "managedByTenantId",
            "lighthouse-pec:managedByTenantId 00000000-0000-0000-0000-000000000000  (or set lighthouse-pec:partnerStack)",
        );
    }
    if (!given("authorizations")) {
        problems.missing(
            "authorizations",
            `--path 'lighthouse-pec:authorizations[0].principalId' <group object ID> && pulumi config set --path 'lighthouse-pec:authorizations[0].role' Reader`,
        );
    }
    if (config.automationAccount?.principalId === undefined && !given("partnerStack") && !given("automationAccount")) {
        problems.findings.push({
            severity: "error",
            field: "lighthouse-pec:partnerStack",
            value: undefined,
            message:
                "the automation account's principal is needed (it is what earns PEC): set the partner stack to read it from, or give it directly",
            fix: "pulumi config set lighthouse-pec:partnerStack myorg/lighthouse-pec/partner  (or pulumi config set --path lighthouse-pec:automationAccount.principalId <GUID>)",
        });
    }
    const csp = config.csp === undefined ? undefined : String(config.csp).trim().toLowerCase() === "true";
    if (csp && !given("customerTenantId")) {
        problems.findings.push({
            severity: "error",
            field: "lighthouse-pec:customerTenantId",
            value: undefined,
            message:
                "a CSP (admin-on-behalf-of) stack signs in to the customer's tenant with your credentials: the provider needs that tenant's ID",
            fix: "pulumi config set lighthouse-pec:customerTenantId <customer tenant GUID>  (Partner Center: Customers > the customer > Microsoft ID)",
        });
    }
    (Array.isArray(config.registerProviderIn) ? config.registerProviderIn : []).forEach((id, i) => {
        if (typeof id === "string" && !isGuid(id)) {
            problems.findings.push({
                severity: "error",
                field: `lighthouse-pec:registerProviderIn[${i}]`,
                value: id,
                message: "not a subscription ID (a GUID)",
                fix: "list subscription IDs, e.g. pulumi config set --path 'lighthouse-pec:registerProviderIn[0]' 00000000-0000-0000-0000-000000000000",
            });
        }
    });
    if (problems.findings.length > 0) {
        throw new ConfigurationError("lighthouse-pec customer stack config", problems.findings);
    }
    const adopt = config.adopt === undefined ? undefined : String(config.adopt).trim().toLowerCase() === "true";
    // Every key the schema checked, as read (the subscriptions' shorthand expanded above); booleans from their text.
    return {
        ...(values as unknown as CustomerStackConfig),
        ...(adopt !== undefined ? { adopt } : {}),
        ...(csp !== undefined ? { csp } : {}),
    };
}

const SUBSCRIPTION_EXAMPLE = "lighthouse-pec:subscriptionId 00000000-0000-0000-0000-000000000000";

/**
 * Exactly one of `subscriptionId` and `subscriptions`; in the list, GUIDs only and no subscription twice.
 * `shorthand`: the entries written as a plain subscription ID (their finding names the entry, not `.subscriptionId`).
 */
function subscriptionFindings(
    config: Partial<CustomerStackConfig>,
    given: (key: string) => boolean,
    shorthand: ReadonlySet<number>,
): Finding[] {
    const single = given("subscriptionId");
    const list = given("subscriptions");
    if (!single && !list) {
        return [
            {
                severity: "error",
                field: "lighthouse-pec:subscriptionId",
                value: undefined,
                message: "required but not set",
                fix: `pulumi config set ${SUBSCRIPTION_EXAMPLE}  (or list several: pulumi config set --path 'lighthouse-pec:subscriptions[0].subscriptionId' <GUID>; or a whole management group: pulumi config set lighthouse-pec:managementGroupId <group ID>)`,
            },
        ];
    }
    if (single && list) {
        return [
            {
                severity: "error",
                field: "lighthouse-pec:subscriptionId / lighthouse-pec:subscriptions",
                value: "both set",
                message:
                    "a customer stack delegates either one subscription (subscriptionId) or a list (subscriptions)",
                fix: "pulumi config rm lighthouse-pec:subscriptionId, and list that subscription in lighthouse-pec:subscriptions",
            },
        ];
    }
    const entries = Array.isArray(config.subscriptions) ? config.subscriptions : [];
    const findings: Finding[] = [];
    if (list && entries.length === 0 && Array.isArray(config.subscriptions)) {
        findings.push({
            severity: "error",
            field: "lighthouse-pec:subscriptions",
            value: [],
            message: "lists no subscription",
            fix: "pulumi config set --path 'lighthouse-pec:subscriptions[0].subscriptionId' 00000000-0000-0000-0000-000000000000",
        });
    }
    const legacy = entries
        .map((entry, i) => ({ i, flag: (entry as { keepsLegacyNames?: unknown } | undefined)?.keepsLegacyNames }))
        .filter(({ flag }) => flag === true || String(flag).trim().toLowerCase() === "true");
    if (legacy.length > 1) {
        findings.push({
            severity: "error",
            field: `lighthouse-pec:subscriptions[${legacy[1].i}].keepsLegacyNames`,
            value: true,
            message: `only one entry can keep the single-subscription names; subscriptions[${legacy[0].i}] already does`,
            fix: "keep it only on the entry that was the stack's subscriptionId",
        });
    }
    const seen = new Map<string, number>();
    entries.forEach((entry, i) => {
        const id = (entry as Partial<SubscriptionEntry> | undefined)?.subscriptionId;
        if (typeof id !== "string") {
            return; // the schema reported it
        }
        const field = shorthand.has(i)
            ? `lighthouse-pec:subscriptions[${i}]`
            : `lighthouse-pec:subscriptions[${i}].subscriptionId`;
        if (!isGuid(id)) {
            findings.push({
                severity: "error",
                field,
                value: id,
                message: "is not a subscription ID (a GUID)",
                fix: `pulumi config set --path '${field}' 00000000-0000-0000-0000-000000000000  (az account list --query "[].id")`,
            });
            return;
        }
        const first = seen.get(id.toLowerCase());
        if (first !== undefined) {
            findings.push({
                severity: "error",
                field,
                value: id,
                message: `lists the same subscription as subscriptions[${first}]: one delegation per subscription`,
                fix: `remove one of them (merge their resourceGroups into one entry)`,
            });
        } else {
            seen.set(id.toLowerCase(), i);
        }
    });
    return findings;
}

/**
 * Every subscription a customer stack delegates, with the resource groups delegated in each: the one
 * `subscriptionId`, or each entry of `subscriptions` (an entry without resourceGroups takes the stack's).
 */
export function customerSubscriptions(config: CustomerStackConfig): SubscriptionEntry[] {
    if (config.subscriptions !== undefined) {
        return config.subscriptions.map((entry) => ({
            subscriptionId: entry.subscriptionId,
            ...(String(entry.keepsLegacyNames).trim().toLowerCase() === "true" ? { keepsLegacyNames: true } : {}),
            ...((entry.resourceGroups ?? config.resourceGroups) !== undefined
                ? { resourceGroups: entry.resourceGroups ?? config.resourceGroups }
                : {}),
        }));
    }
    return [
        {
            subscriptionId: config.subscriptionId!,
            ...(config.resourceGroups !== undefined ? { resourceGroups: config.resourceGroups } : {}),
        },
    ];
}
