import { basename } from "node:path";
import type { OnboardingSpec } from "../core/delegation/armTemplate";
import { shellQuote } from "../core/shell";
import {
    automationAccountWithoutPrincipal,
    checkShape,
    ConfigurationError,
    delegationArgsShape,
    Finding,
    kindOf,
    OnboardedWith,
    withField,
    withOptional,
} from "../core/validation";
import { stackFileReader } from "./stackFile";
import { customerSubscriptions, readCustomerConfig, SubscriptionEntry } from "../program/customerConfig";
import { stackConfigToArgs } from "../program/stackConfigToArgs";
import { CONFIG_FILE_MAX_BYTES, loadUserYaml, readUserFileSync } from "../io/userFile";

/** Values a customer stack reads from the partner stack, given on the command line instead (no Pulumi service offline). */
export interface OfflinePartnerValues {
    /** The Provider Automation Account's service principal object ID (`--automation-principal-id`). */
    automationPrincipalId?: string;
    /** The managing tenant ID (`--managed-by-tenant-id`). */
    managedByTenantId?: string;
}

/** A delegation loaded from a file, with every value plain. */
export interface LoadedDelegation {
    /** The delegation, as `CustomerDelegation` would receive it. */
    spec: OnboardingSpec & { adopt?: boolean; onboardedWith?: OnboardedWith };
    /** The stack (`Pulumi.<stack>.yaml`) or file base name: a default component name when several customers are imported. */
    stackName: string;
    /** `"stack-config"` for a Pulumi.<stack>.yaml, `"args"` for a file of `CustomerDelegation` arguments. */
    kind: "stack-config" | "args";
    /** The partner stack the config names, when it does. */
    partnerStack?: string;
    /** A stack config's `subscriptions` list (then `spec.subscriptionId` is unset): one delegation each. */
    subscriptions?: SubscriptionEntry[];
}

/**
 * The delegation of each subscription a loaded file covers: the spec itself, or with a `subscriptions` list one
 * spec per entry (its subscription and resource groups), in list order.
 */
export function subscriptionSpecs(
    loaded: Pick<LoadedDelegation, "spec" | "subscriptions">,
): LoadedDelegation["spec"][] {
    if (loaded.subscriptions === undefined) {
        return [loaded.spec];
    }
    return loaded.subscriptions.map((entry) => ({
        ...loaded.spec,
        subscriptionId: entry.subscriptionId,
        resourceGroups: entry.resourceGroups,
    }));
}

/** Options of {@link loadDelegationFile}. */
export interface LoadOptions extends OfflinePartnerValues {
    /** Only names and IDs are needed (import file): the automation principal and managing tenant may stay unknown. */
    namesOnly?: boolean;
}

function stackNameOf(path: string): string {
    const file = basename(path);
    const stack = /^Pulumi\.(.+)\.ya?ml$/i.exec(file);
    return stack ? stack[1] : file.replace(/\.(json|ya?ml)$/i, "");
}

function finding(field: string, value: unknown, message: string, fix: string): Finding {
    return { severity: "error", field, value, message, fix };
}

/**
 * Merges a value from the file with the one given on the command line: either alone is used; both must agree.
 * A config naming a partner stack without the value gets a finding that says which flag supplies it.
 */
function resolveOffline(
    problems: Finding[],
    field: string,
    fromFile: string | undefined,
    fromFlag: string | undefined,
    flag: string,
    partnerStack: string | undefined,
    output: string,
    required: boolean,
): string | undefined {
    if (fromFile !== undefined && fromFlag !== undefined && fromFile !== fromFlag) {
        problems.push(
            finding(
                field,
                fromFile,
                `the file sets it and ${flag} gives ${fromFlag}`,
                `drop ${flag}, or correct the file`,
            ),
        );
        return undefined;
    }
    const value = fromFile ?? fromFlag;
    if (value === undefined && required) {
        problems.push(
            partnerStack
                ? finding(
                      field,
                      undefined,
                      `the config takes it from the partner stack ${partnerStack} (its "${output}" output), which cannot be read offline`,
                      `pass ${flag} <GUID> (pulumi stack output ${output} --stack ${shellQuote(partnerStack)}), or set it in the config`,
                  )
                : finding(
                      field,
                      undefined,
                      "required to generate the onboarding",
                      `pass ${flag} <GUID>, or set it in the file`,
                  ),
        );
    }
    return value;
}

function fromStackConfig(
    config: unknown,
    options: LoadOptions,
    problems: Finding[],
): Omit<LoadedDelegation, "stackName"> | undefined {
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        problems.push(
            finding(
                "config",
                config,
                `must be an object of config keys, not ${kindOf(config)}`,
                "see Pulumi.customer-example.yaml",
            ),
        );
        return undefined;
    }
    let stack;
    try {
        stack = readCustomerConfig(stackFileReader(config as Record<string, unknown>, problems));
    } catch (err) {
        if (!(err instanceof ConfigurationError)) {
            throw err;
        }
        // An encrypted key was reported above; that readCustomerConfig misses it is the same problem.
        problems.push(
            ...err.findings.filter(
                (f) =>
                    !(
                        f.severity === "error" &&
                        f.message === "required but not set" &&
                        problems.some((p) => p.field === f.field)
                    ),
            ),
        );
        return undefined;
    }
    const required = !options.namesOnly;
    const principalId = resolveOffline(
        problems,
        "lighthouse-pec:automationAccount.principalId",
        stack.automationAccount?.principalId,
        options.automationPrincipalId,
        "--automation-principal-id",
        stack.partnerStack,
        "principalId",
        required,
    );
    const managedByTenantId = resolveOffline(
        problems,
        "lighthouse-pec:managedByTenantId",
        stack.managedByTenantId,
        options.managedByTenantId,
        "--managed-by-tenant-id",
        stack.partnerStack,
        "tenantId",
        required,
    );
    return {
        kind: "stack-config",
        partnerStack: stack.partnerStack,
        ...(stack.subscriptions !== undefined ? { subscriptions: customerSubscriptions(stack) } : {}),
        spec: stackConfigToArgs(stack, { managedByTenantId, principalId }),
    };
}

/** CustomerDelegationArgs as a file gives them: the managing tenant and the automation principal may come by flag. */
const argsFileShape = withOptional(
    withField(delegationArgsShape, "automationAccount", automationAccountWithoutPrincipal),
    ["managedByTenantId"],
);

function fromArgs(
    args: Record<string, unknown>,
    options: LoadOptions,
    problems: Finding[],
): Omit<LoadedDelegation, "stackName"> | undefined {
    const shapeFindings = checkShape(args, argsFileShape, "");
    if (shapeFindings.length > 0) {
        problems.push(...shapeFindings);
        return undefined;
    }
    const spec = args as unknown as OnboardingSpec & { adopt?: boolean; onboardedWith?: OnboardedWith };
    const required = !options.namesOnly;
    const managedByTenantId = resolveOffline(
        problems,
        "managedByTenantId",
        spec.managedByTenantId,
        options.managedByTenantId,
        "--managed-by-tenant-id",
        undefined,
        "tenantId",
        required,
    );
    const principalId = resolveOffline(
        problems,
        "automationAccount.principalId",
        spec.automationAccount?.principalId,
        options.automationPrincipalId,
        "--automation-principal-id",
        undefined,
        "principalId",
        false,
    );
    return {
        kind: "args",
        spec: {
            ...spec,
            managedByTenantId,
            ...(principalId !== undefined ? { automationAccount: { ...spec.automationAccount, principalId } } : {}),
        },
    };
}

/**
 * Reads a delegation from a customer stack's `Pulumi.<stack>.yaml` (its `config:`, read exactly as the
 * program reads it) or from a JSON/YAML file of `CustomerDelegation` arguments. Values the customer stack
 * takes from the partner stack come from `options` instead. Throws a ConfigurationError listing every
 * problem; Lighthouse's rules are checked afterwards, by `validateDelegation`.
 */
export function parseDelegationFile(text: string, path: string, options: LoadOptions = {}): LoadedDelegation {
    let document: unknown;
    try {
        document = loadUserYaml(text, path);
    } catch (err) {
        throw new ConfigurationError(
            path,
            [
                finding(
                    "(file)",
                    undefined,
                    `not valid YAML/JSON: ${(err as Error).message.split("\n")[0]}`,
                    "fix the syntax",
                ),
            ],
            "nothing was written",
        );
    }
    if (document === null || typeof document !== "object" || Array.isArray(document)) {
        throw new ConfigurationError(
            path,
            [
                finding(
                    "(file)",
                    undefined,
                    "expected a Pulumi.<stack>.yaml (with a config: section) or an object of CustomerDelegation arguments",
                    "see Pulumi.customer-example.yaml",
                ),
            ],
            "nothing was written",
        );
    }
    const problems: Finding[] = [];
    const record = document as Record<string, unknown>;
    const loaded = Object.prototype.hasOwnProperty.call(record, "config")
        ? fromStackConfig(record.config ?? {}, options, problems)
        : fromArgs(record, options, problems);
    if (problems.length > 0 || loaded === undefined) {
        throw new ConfigurationError(path, problems, "nothing was written");
    }
    return { ...loaded, stackName: stackNameOf(path) };
}

/** {@link parseDelegationFile} on a file's contents. */
export function loadDelegationFile(path: string, options: LoadOptions = {}): LoadedDelegation {
    return parseDelegationFile(
        readUserFileSync(path, { flag: "--config", maxBytes: CONFIG_FILE_MAX_BYTES }),
        path,
        options,
    );
}
