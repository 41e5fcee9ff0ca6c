import type {
    AuthorizationArgs,
    AutomationAccountArgs,
    EligibleAuthorizationArgs,
    PlanArgs,
} from "../components/customerDelegation";
import type { DelegationNameOverrides } from "../core/delegation";
import { ConfigurationError, customerConfigShape, isGuid, OnboardedWith } from "../core/validation";
import { ConfigProblems, ConfigReader, readStackConfig } from "./config";

/** A customer stack's configuration, as read from `Pulumi.<stack>.yaml`. */
export interface CustomerStackConfig {
    offerName: string;
    offerDescription?: string;
    /** Absent when the partner stack supplies it (its `tenantId` output). */
    managedByTenantId?: string;
    /** The delegated subscription; absent with `managementGroupId`. */
    subscriptionId?: string;
    /** Delegate every subscription of this management group through Azure Policy instead (`ManagementGroupDelegation`). */
    managementGroupId?: string;
    /** With `managementGroupId`: region of the policy assignment's identity and of the deployment records. */
    policyLocation?: string;
    /** Subscriptions to register Microsoft.ManagedServices in (`ResourceProviderRegistration`). */
    registerProviderIn?: string[];
    /** The customer's tenant, for the azure-native provider that deploys into it. */
    customerTenantId?: string;
    resourceGroups?: string[];
    authorizations: AuthorizationArgs[];
    eligibleAuthorizations?: EligibleAuthorizationArgs[];
    /** Given directly, or taken from the partner stack's `principalId` output. */
    automationAccount?: Omit<AutomationAccountArgs, "principalId"> & { principalId?: string };
    /** Fully qualified partner stack name (`org/project/stack`) to read principalId and tenantId from. */
    partnerStack?: string;
    plan?: PlanArgs;
    names?: DelegationNameOverrides;
    /** Adopt the delegation that already exists in Azure (Pulumi `import`) instead of creating it. */
    adopt?: boolean;
    /** Which template onboarded the customer (Microsoft's samples or lighthouse-pec): fixes the names to adopt. */
    onboardedWith?: OnboardedWith;
}

/**
 * Reads and type-checks a customer stack's config. Reports every problem at once (missing keys, unknown
 * `lighthouse-pec:*` keys, keys under another namespace, values of the wrong type), each with a command or
 * YAML snippet that fixes it. Lighthouse rules are checked later, by the component.
 */
export function readCustomerConfig(read: ConfigReader): CustomerStackConfig {
    const problems = new ConfigProblems();
    const { values, findings, claimed } = readStackConfig(read, customerConfigShape);
    problems.findings.push(...findings);
    const config = values as Partial<CustomerStackConfig> & { adopt?: boolean | string };
    const given = (key: string): boolean => values[key] !== undefined || claimed.has(key);

    if (!given("offerName")) {
        problems.missing("offerName", `lighthouse-pec:offerName "Contoso Managed Services"`);
    }
    if (given("managementGroupId")) {
        for (const key of ["subscriptionId", "resourceGroups", "adopt"].filter(given)) {
            problems.findings.push({
                severity: "error",
                field: `lighthouse-pec:${key}`,
                value: values[key],
                message:
                    "not with lighthouse-pec:managementGroupId: the management group's policy delegates every subscription in it, whole",
                fix: `pulumi config rm lighthouse-pec:${key}  (or remove lighthouse-pec:managementGroupId to delegate one subscription)`,
            });
        }
    } else if (!given("subscriptionId")) {
        problems.missing(
            "subscriptionId",
            "lighthouse-pec:subscriptionId 00000000-0000-0000-0000-000000000000  (or lighthouse-pec:managementGroupId <group ID> for a whole management group)",
        );
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
    return {
        offerName: config.offerName!,
        offerDescription: config.offerDescription,
        managedByTenantId: config.managedByTenantId,
        ...(config.subscriptionId !== undefined ? { subscriptionId: config.subscriptionId } : {}),
        ...(config.managementGroupId !== undefined ? { managementGroupId: config.managementGroupId } : {}),
        ...(config.policyLocation !== undefined ? { policyLocation: config.policyLocation } : {}),
        ...(config.registerProviderIn !== undefined ? { registerProviderIn: config.registerProviderIn } : {}),
        customerTenantId: config.customerTenantId,
        resourceGroups: config.resourceGroups,
        authorizations: config.authorizations ?? [],
        eligibleAuthorizations: config.eligibleAuthorizations,
        automationAccount: config.automationAccount,
        partnerStack: config.partnerStack,
        plan: config.plan,
        names: config.names,
        ...(adopt !== undefined ? { adopt } : {}),
        ...(config.onboardedWith !== undefined ? { onboardedWith: config.onboardedWith } : {}),
    };
}
