import type { AuthorizationArgs, AutomationAccountArgs, EligibleAuthorizationArgs, PlanArgs } from "../components/customerDelegation";
import type { DelegationNameOverrides, OnboardedWith } from "../components/delegation";
import { ConfigurationError } from "../components/validation";
import { ConfigProblems, ConfigReader, optionalObject, optionalObjectList, optionalString } from "./config";

/** A boolean key: YAML booleans, or "true"/"false" as `pulumi config set` stores them. */
function optionalBoolean(read: ConfigReader, problems: ConfigProblems, key: string, example: string): boolean | undefined {
    const value = read(key);
    if (value === undefined || value === null || value === "") {
        return undefined;
    }
    if (typeof value === "boolean") {
        return value;
    }
    if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) {
        return value.trim().toLowerCase() === "true";
    }
    problems.wrongType(key, value, "true or false", `pulumi config set ${example}`);
    return undefined;
}

/** A customer stack's configuration, as read from `Pulumi.<stack>.yaml`. */
export interface CustomerStackConfig {
    offerName: string;
    offerDescription?: string;
    /** Absent when the partner stack supplies it (its `tenantId` output). */
    managedByTenantId?: string;
    subscriptionId: string;
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
    /** Which template onboarded the customer (its Azure names); checked by the component. Default "lighthouse-pec". */
    onboardedWith?: OnboardedWith;
}

const AUTHORIZATIONS_EXAMPLE = `  lighthouse-pec:authorizations:
    - principalId: 00000000-0000-0000-0000-000000000000   # an admin group in your tenant
      role: Reader
      displayName: Partner admins`;

/**
 * Reads and type-checks a customer stack's config. Reports every missing or mistyped key at once,
 * each with a command or YAML snippet that fixes it. Lighthouse rules are checked later, by the component.
 */
export function readCustomerConfig(read: ConfigReader): CustomerStackConfig {
    const problems = new ConfigProblems();
    const offerName = optionalString(read, problems, "offerName", `lighthouse-pec:offerName "Contoso Managed Services"`);
    const subscriptionId = optionalString(read, problems, "subscriptionId", "lighthouse-pec:subscriptionId <customer subscription GUID>");
    const managedByTenantId = optionalString(read, problems, "managedByTenantId", "lighthouse-pec:managedByTenantId <your managing tenant GUID>");
    const partnerStack = optionalString(read, problems, "partnerStack", "lighthouse-pec:partnerStack myorg/lighthouse-pec/partner");
    const authorizations = optionalObjectList<AuthorizationArgs>(read, problems, "authorizations", AUTHORIZATIONS_EXAMPLE);
    const automationAccount = optionalObject<NonNullable<CustomerStackConfig["automationAccount"]>>(read, problems, "automationAccount",
        "  lighthouse-pec:automationAccount:\n    principalId: <the partner stack's principalId output>\n    role: Contributor");
    const offerDescription = optionalString(read, problems, "offerDescription", `lighthouse-pec:offerDescription "Managed by Contoso"`);
    const customerTenantId = optionalString(read, problems, "customerTenantId", "lighthouse-pec:customerTenantId <customer tenant GUID>");
    const eligibleAuthorizations = optionalObjectList<EligibleAuthorizationArgs>(read, problems, "eligibleAuthorizations",
        "  lighthouse-pec:eligibleAuthorizations:\n    - principalId: <group GUID>\n      role: Contributor\n      justInTimeAccessPolicy: {maximumActivationDuration: PT4H}");
    const plan = optionalObject<PlanArgs>(read, problems, "plan", "  lighthouse-pec:plan: {name: ..., publisher: ..., product: ..., version: ...}");
    const names = optionalObject<DelegationNameOverrides>(read, problems, "names", "  lighthouse-pec:names: {registrationDefinition: <GUID>}");
    const adopt = optionalBoolean(read, problems, "adopt", "lighthouse-pec:adopt true");
    const onboardedWith = optionalString(read, problems, "onboardedWith", "lighthouse-pec:onboardedWith rg") as OnboardedWith | undefined;
    const resourceGroups = read("resourceGroups");
    if (resourceGroups !== undefined && (!Array.isArray(resourceGroups) || resourceGroups.some((g) => typeof g !== "string"))) {
        problems.wrongType("resourceGroups", resourceGroups, "a list of resource group names", "  lighthouse-pec:resourceGroups:\n    - rg-production");
    }

    if (offerName === undefined) {
        problems.missing("offerName", `lighthouse-pec:offerName "Contoso Managed Services"`);
    }
    if (subscriptionId === undefined) {
        problems.missing("subscriptionId", "lighthouse-pec:subscriptionId 00000000-0000-0000-0000-000000000000");
    }
    if (managedByTenantId === undefined && partnerStack === undefined) {
        problems.missing("managedByTenantId", "lighthouse-pec:managedByTenantId 00000000-0000-0000-0000-000000000000  (or set lighthouse-pec:partnerStack)");
    }
    if (authorizations === undefined && read("authorizations") === undefined) {
        problems.missing("authorizations", `--path 'lighthouse-pec:authorizations[0].principalId' <group object ID> && pulumi config set --path 'lighthouse-pec:authorizations[0].role' Reader`);
    }
    if (automationAccount?.principalId === undefined && partnerStack === undefined) {
        problems.findings.push({
            severity: "error", field: "lighthouse-pec:partnerStack", value: undefined,
            message: "the automation account's principal is needed (it is what earns PEC): set the partner stack to read it from, or give it directly",
            fix: "pulumi config set lighthouse-pec:partnerStack myorg/lighthouse-pec/partner  (or pulumi config set --path lighthouse-pec:automationAccount.principalId <GUID>)",
        });
    }
    if (problems.findings.length > 0) {
        throw new ConfigurationError("lighthouse-pec customer stack config", problems.findings);
    }
    return {
        offerName: offerName!,
        offerDescription,
        managedByTenantId,
        subscriptionId: subscriptionId!,
        customerTenantId,
        resourceGroups: resourceGroups as string[] | undefined,
        authorizations: authorizations ?? [],
        eligibleAuthorizations,
        automationAccount,
        partnerStack,
        plan,
        names,
        ...(adopt !== undefined ? { adopt } : {}),
        ...(onboardedWith !== undefined ? { onboardedWith } : {}),
    };
}
