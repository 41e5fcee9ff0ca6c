// The public API of the lighthouse-pec package: nothing else is exported from the package root.
export { armGuid } from "./armGuid";
export {
    CustomerDelegation, CustomerDelegationArgs, AuthorizationArgs, EligibleAuthorizationArgs, EligibleApproverArgs,
    AutomationAccountArgs, PlanArgs,
} from "./customerDelegation";
export { DelegationNameOverrides, delegationNames, OnboardedWith } from "./delegation";
export { resolveRole, RoleInfo, LighthouseRestriction, WellKnownRoles } from "./roles";
export { validateDelegation, DelegationSpec, Finding, ConfigurationError, formatFinding } from "./validation";
export { ProviderAutomationAccount, ProviderAutomationAccountArgs } from "./automationAccount";
export { PartnerAdminLink, PartnerAdminLinkArgs, PartnerAdminLinkCredential, partnerAdminLinkProvider } from "./partnerAdminLink";
export { buildOnboardingTemplate, OnboardingSpec, OnboardingTemplate } from "./delegation/armTemplate";
export { buildImportFile, ImportedDelegation, PulumiImportFile } from "./delegation/pulumiImportFile";
