// The plain model of a customer delegation. Its types (`DelegationSpec`, `AuthorizationSpec`, …, `INPUT_KEYS`) are
// generated from the schema (core/validation/delegationSchema.ts) by scripts/generate-model.ts; the defaults the
// schema and the rules share are here.
export * from "./delegationSpec.generated";

/** The default role of the automation account: PEC-eligible and delegable. */
export const DEFAULT_AUTOMATION_ROLE = "Contributor";
/** The default display name customers see for the automation account. */
export const DEFAULT_AUTOMATION_DISPLAY_NAME = "Provider Automation Account";
/** The role of the preview account: Reader (built-in GUID acdd72a7-3385-48ef-bd42-f606fba81ae7), read-only, never PEC. */
export const PREVIEW_ACCOUNT_ROLE = "Reader";
/** The default display name customers see for the preview account. */
export const DEFAULT_PREVIEW_DISPLAY_NAME = "Pull-request previews (read-only)";
