// The public API of the lighthouse-pec package: nothing else is exported from the package root.
export { armGuid } from "../core/armGuid";
export {
    CustomerDelegation,
    CustomerDelegationArgs,
    AuthorizationArgs,
    EligibleAuthorizationArgs,
    EligibleApproverArgs,
    AutomationAccountArgs,
    PreviewAccountArgs,
    PlanArgs,
    JustInTimeAccessPolicyArgs,
    OnboardedWithValue,
} from "./customerDelegation";
export { DelegationNameOverrides, delegationNames, OnboardedWith } from "../core/delegation";
export { resolveRole, RoleInfo, LighthouseRestriction, WellKnownRoles } from "../core/roles";
export { validateDelegation, DelegationSpec, Finding, ConfigurationError, formatFinding } from "../core/validation";
export type {
    AuthorizationSpec,
    AutomationAccountSpec,
    EligibleApproverSpec,
    EligibleAuthorizationSpec,
    JustInTimeAccessPolicySpec,
    PlanSpec,
    PreviewAccountSpec,
} from "../core/validation";
export { UserFacingError } from "../core/errors";
export { ProviderAutomationAccount, ProviderAutomationAccountArgs } from "./providerAutomationAccount";
export {
    PartnerAdminLink,
    PartnerAdminLinkArgs,
    PartnerAdminLinkCredential,
    PartnerLinkArgs,
    partnerAdminLinkProvider,
} from "./partnerAdminLink";
export { buildOnboardingTemplate, OnboardingSpec, OnboardingTemplate } from "../core/delegation/armTemplate";
export { buildImportFile, ImportedDelegation, PulumiImportFile } from "../core/delegation/pulumiImportFile";
export {
    ManagementGroupDelegation,
    ManagementGroupDelegationArgs,
    ManagementGroupDelegationSpecArgs,
} from "./managementGroupDelegation";
export {
    buildDelegationPolicy,
    DelegationPolicyDefinition,
    ManagementGroupDelegationSpec,
} from "../core/delegation/managementGroupPolicy";
export {
    ResourceProviderRegistration,
    ResourceProviderRegistrationArgs,
    resourceProviderRegistrationProvider,
} from "./resourceProviderRegistration";
