// The one place where the model's accounts (the automation account, the preview account) become permanent
// authorizations. Everything that needs the permanent authorizations of a delegation (the definition's
// properties, the ARM template and the management-group policy built from them, validation, the policy pack)
// reads the accounts through these functions, so an account's role and display name default the same way everywhere.
import {
    DEFAULT_AUTOMATION_DISPLAY_NAME,
    DEFAULT_AUTOMATION_ROLE,
    DEFAULT_PREVIEW_DISPLAY_NAME,
    DelegationSpec,
    PREVIEW_ACCOUNT_ROLE,
} from "./delegationSpec";

/** A model key that becomes one permanent authorization. */
export type AccountField = "automationAccount" | "previewAccount";

/** One of the model's accounts as the permanent authorization it becomes, defaults applied. */
export interface AccountAuthorization {
    /** The model key it comes from (the path findings name). */
    field: AccountField;
    /** The account's principal; undefined while not known. */
    principalId?: string;
    /** Its role: the automation account's (default Contributor), or Reader for the preview account. */
    role: string;
    /** The name the customer sees, default applied. */
    displayName: string;
}

/** The automation account's permanent authorization (its PEC-eligible role), when the model has one. */
export function automationAuthorization(
    spec: Pick<DelegationSpec, "automationAccount">,
): AccountAuthorization | undefined {
    const account = spec.automationAccount;
    return account
        ? {
              field: "automationAccount",
              principalId: account.principalId,
              role: account.role ?? DEFAULT_AUTOMATION_ROLE,
              displayName: account.displayName ?? DEFAULT_AUTOMATION_DISPLAY_NAME,
          }
        : undefined;
}

/** The preview account's permanent Reader authorization, when the model has one. */
export function previewAuthorization(spec: Pick<DelegationSpec, "previewAccount">): AccountAuthorization | undefined {
    const account = spec.previewAccount;
    return account
        ? {
              field: "previewAccount",
              principalId: account.principalId,
              role: PREVIEW_ACCOUNT_ROLE,
              displayName: account.displayName ?? DEFAULT_PREVIEW_DISPLAY_NAME,
          }
        : undefined;
}

/** Every account of the model as its permanent authorization: the automation account, then the preview account. */
export function accountAuthorizations(
    spec: Pick<DelegationSpec, "automationAccount" | "previewAccount">,
): AccountAuthorization[] {
    return [automationAuthorization(spec), previewAuthorization(spec)].filter(
        (a): a is AccountAuthorization => a !== undefined,
    );
}
