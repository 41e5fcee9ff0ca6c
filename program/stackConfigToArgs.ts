// The one mapping from a customer stack's config to a delegation component's arguments, by the schema: every key
// the component's schema and the stack config share is passed as read, so a key added to the schema reaches the
// program, `template`, `import-file` and `new-customer` without another line here.
import { DELEGATION_ARGS_FIELDS, Field } from "../core/validation";
import type { CustomerStackConfig } from "./customerStackConfig.generated";

/**
 * What a customer stack may take from the partner stack instead of its own config, as its caller resolved them:
 * Outputs of a StackReference (the program), values given on the command line (the CLI), or `undefined` (not known).
 */
export interface PartnerValues<T> {
    /** The managing tenant: the config's `managedByTenantId`, or the partner stack's `tenantId` output. */
    managedByTenantId: T;
    /** The automation account's principal: the config's `automationAccount.principalId`, or the partner stack's `principalId` output. */
    principalId: T;
}

/** The config keys that are also `CustomerDelegation` arguments. */
type SharedKey = keyof CustomerStackConfig & keyof typeof DELEGATION_ARGS_FIELDS;

/** A customer stack's delegation as a component's arguments, the partner values in place. */
export type ArgsFromConfig<T> = Omit<
    Pick<CustomerStackConfig, SharedKey>,
    "managedByTenantId" | "automationAccount"
> & {
    /** The managing tenant, as resolved. */
    managedByTenantId: T;
    /** The automation account as configured, with its principal as resolved. */
    automationAccount: Omit<NonNullable<CustomerStackConfig["automationAccount"]>, "principalId"> & { principalId: T };
};

/**
 * The delegation a customer stack's config describes, as the arguments of the component that declares it: each key
 * of the component's schema (`fields`; default `CustomerDelegation`'s) that the config sets, as the config reader
 * returned it, then the managing tenant and the automation account's principal as `partner` resolved them. Keys the
 * config does not set are left out. The caller adds what is its own: a list entry's subscription and resource groups,
 * a management group's location.
 * @param config the stack's config, as `readCustomerConfig` returns it
 * @param partner the values the config may leave to the partner stack, resolved
 * @param fields the schema of the component's arguments (e.g. `MANAGEMENT_GROUP_DELEGATION_FIELDS`)
 */
export function stackConfigToArgs<T>(
    config: CustomerStackConfig,
    partner: PartnerValues<T>,
    fields: Readonly<Record<string, Field>> = DELEGATION_ARGS_FIELDS,
): ArgsFromConfig<T> {
    const given = config as unknown as Record<string, unknown>;
    const shared = Object.keys(fields).filter((key) => given[key] !== undefined);
    return {
        ...Object.fromEntries(shared.map((key) => [key, given[key]])),
        managedByTenantId: partner.managedByTenantId,
        automationAccount: { ...config.automationAccount, principalId: partner.principalId },
    } as ArgsFromConfig<T>;
}
