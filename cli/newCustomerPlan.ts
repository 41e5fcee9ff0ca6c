// `lighthouse-pec new-customer`'s logic, free of I/O: from command-line values to the text of a
// customer stack's Pulumi.<stack>.yaml, checked with the component's own rules first.
import type { AuthorizationSpec, DelegationSpec, Finding } from "../core/validation";
import * as yaml from "js-yaml";
import { ConfigurationError, isGuid, validateDelegation } from "../core/validation";
import { NAMESPACE } from "../program/config";
import { stackFileReader } from "./stackFile";
import { CustomerStackConfig, readCustomerConfig } from "../program/customerConfig";
import { stackConfigToArgs } from "../program/stackConfigToArgs";

/** What `new-customer` is given, as plain strings from the command line. */
export interface NewCustomerInput {
    /** Short customer name; the stack is `customer-<name>`. */
    name: string;
    /** The customer's Azure subscription ID (with several, the first). */
    subscriptionId: string;
    /** Several subscriptions of the customer (`--subscription` repeated): the file lists them in `subscriptions`. */
    subscriptionIds?: string[];
    /** The customer's tenant ID (the azure-native provider signs in there). */
    customerTenantId: string;
    /** The offer name customers see. Default {@link defaultOfferName}: keep one offer name for all your customers. */
    offerName?: string;
    /** The offer description customers see. */
    offerDescription?: string;
    /** Delegate only these resource groups. */
    resourceGroups?: string[];
    /** `principalId:role[:displayName]`, one per authorization. */
    authorizations?: string[];
    /** Fully qualified partner stack (`org/project/stack`) to read principalId and tenantId from. */
    partnerStack?: string;
    /** The automation account's principal ID, given directly instead of a partner stack. */
    automationPrincipalId?: string;
    /** The managing tenant ID, given directly instead of a partner stack. */
    managedByTenantId?: string;
    /** The read-only identity of pull-request previews (`lighthouse-pec:previewAccount`): a permanent Reader authorization. */
    previewPrincipalId?: string;
    /** A CSP customer deployed through admin-on-behalf-of with the partner's credentials (`lighthouse-pec:csp: true`). */
    csp?: boolean;
}

/** The result: the stack to create and its file, or the findings that stopped it. */
export interface NewCustomerPlan {
    /** `customer-<name>`. */
    stackName: string;
    /** `Pulumi.customer-<name>.yaml`. */
    fileName: string;
    /** The file's text; undefined when there are errors. */
    text?: string;
    /** Errors (nothing to write) and warnings (written anyway), fields named after the command-line flags. */
    findings: Finding[];
}

/** Offer name used when `--offer-name` is not given. Resource names derive from it, so keep it stable per partner. */
export function defaultOfferName(): string {
    return "Azure Lighthouse managed services";
}

const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const PARTNER_STACK = /^[^/\s]+\/[^/\s]+\/[^/\s]+$/;

function error(field: string, value: unknown, message: string, fix: string): Finding {
    return { severity: "error", field, value, message, fix };
}

/** Parses `principalId:role[:displayName]` (role names contain no colon; a display name may). */
export function parseAuthorization(
    text: string,
    index: number,
    findings: Finding[],
): (AuthorizationSpec & { principalId: string }) | undefined {
    const [principalId, role, ...rest] = text.split(":");
    if (!principalId || !role) {
        findings.push(
            error(
                `--authorization #${index + 1}`,
                text,
                "expected principalId:role[:displayName]",
                `e.g. --authorization "33333333-3333-4333-8333-333333333333:Reader:Contoso admins"`,
            ),
        );
        return undefined;
    }
    const displayName = rest.join(":").trim();
    return { principalId: principalId.trim(), role: role.trim(), ...(displayName ? { displayName } : {}) };
}

/** Maps a component field (`authorizations[0].role`) to the flag that sets it, for messages. */
export function flagOf(field: string): string {
    const rules: [RegExp, (m: RegExpExecArray) => string][] = [
        [/^authorizations\[(\d+)\]/, (m) => `--authorization #${Number(m[1]) + 1} (${field})`],
        [/^resourceGroups\[(\d+)\]/, (m) => `--resource-group #${Number(m[1]) + 1}`],
        [/^resourceGroups$/, () => "--resource-group"],
        [/^authorizations$/, () => "--authorization"],
        [/^subscriptionId$/, () => "--subscription"],
        [/^offerName$/, () => "--offer-name"],
        [/^managedByTenantId$/, () => "--managed-by-tenant-id"],
        [/^automationAccount\.principalId$/, () => "--automation-principal-id"],
        [/^previewAccount(\.principalId)?$/, () => "--preview-principal-id"],
    ];
    for (const [pattern, name] of rules) {
        const m = pattern.exec(field);
        if (m) {
            return name(m);
        }
    }
    return field;
}

const DELETE_ROLE = "Managed Services Registration assignment Delete Role";

function toCommandLine(f: Finding): Finding {
    const field = flagOf(f.field);
    const fix =
        f.field === "authorizations"
            ? `${f.fix} — on the command line: --authorization "<admin group object ID>:${/Delete Role/.test(f.message) ? DELETE_ROLE : "Reader"}:<display name>"`
            : f.fix;
    return { ...f, field, fix };
}

function checkAutomationSource(input: NewCustomerInput, findings: Finding[]): void {
    if (input.partnerStack !== undefined && !PARTNER_STACK.test(input.partnerStack)) {
        findings.push(
            error(
                "--partner-stack",
                input.partnerStack,
                "must be the fully qualified partner stack name",
                "use org/project/stack, e.g. contoso/lighthouse-pec/partner",
            ),
        );
    }
    if (input.partnerStack === undefined) {
        if (input.automationPrincipalId === undefined) {
            findings.push(
                error(
                    "--partner-stack",
                    undefined,
                    "the automation account's principal is needed (it is what earns PEC): name the partner stack to read it from, or give it directly",
                    "pass --partner-stack org/lighthouse-pec/partner, or --automation-principal-id <GUID> with --managed-by-tenant-id <GUID>",
                ),
            );
        }
        if (input.managedByTenantId === undefined) {
            findings.push(
                error(
                    "--managed-by-tenant-id",
                    undefined,
                    "your managing tenant is needed when no partner stack supplies it",
                    "pass --managed-by-tenant-id <your tenant GUID>, or --partner-stack org/lighthouse-pec/partner",
                ),
            );
        }
    } else if (input.automationPrincipalId !== undefined) {
        findings.push(
            error(
                "--automation-principal-id",
                input.automationPrincipalId,
                "the partner stack already supplies the automation account's principal",
                "give either --partner-stack or --automation-principal-id, not both",
            ),
        );
    }
}

/** The customer stack's config as the file states it (what the program reads back), from the command line. */
function newCustomerConfig(
    input: NewCustomerInput,
    offerName: string,
    authorizations: CustomerStackConfig["authorizations"],
): CustomerStackConfig {
    const list = listedSubscriptions(input);
    return {
        offerName,
        ...(input.offerDescription ? { offerDescription: input.offerDescription } : {}),
        ...(list
            ? { subscriptions: list.map((subscriptionId) => ({ subscriptionId })) }
            : { subscriptionId: input.subscriptionId }),
        customerTenantId: input.customerTenantId,
        ...(input.csp ? { csp: true } : {}),
        ...(input.partnerStack
            ? { partnerStack: input.partnerStack }
            : { automationAccount: { principalId: input.automationPrincipalId ?? "", role: "Contributor" } }),
        ...(input.managedByTenantId ? { managedByTenantId: input.managedByTenantId } : {}),
        ...(input.previewPrincipalId !== undefined
            ? { previewAccount: { principalId: input.previewPrincipalId } }
            : {}),
        authorizations,
        ...(input.resourceGroups !== undefined ? { resourceGroups: input.resourceGroups } : {}),
    };
}

/**
 * The delegation as the component will see it (the program's own mapping from the config): values the partner
 * stack supplies stay unknown (undefined); with several subscriptions, the first one's.
 */
function delegationSpec(input: NewCustomerInput, config: CustomerStackConfig): DelegationSpec {
    return {
        ...stackConfigToArgs(config, {
            managedByTenantId: input.managedByTenantId,
            principalId: input.automationPrincipalId,
        }),
        subscriptionId: input.subscriptionId,
    };
}

/**
 * Checks the input with the rules `CustomerDelegation` applies (only where values are known: the partner
 * stack's outputs are not) and renders the stack file. Every problem is reported at once.
 */
export function planNewCustomer(input: NewCustomerInput): NewCustomerPlan {
    const stackName = `customer-${input.name}`;
    const fileName = `Pulumi.${stackName}.yaml`;
    const findings: Finding[] = [];
    if (!STACK_NAME.test(stackName) || input.name === "") {
        findings.push(
            error(
                "--name",
                input.name,
                "not usable in a stack name",
                "use letters, digits, '-', '_' or '.', e.g. --name contoso",
            ),
        );
    }
    if (!isGuid(input.customerTenantId)) {
        findings.push(
            error(
                "--tenant-id",
                input.customerTenantId,
                "not a GUID",
                "use the customer's tenant ID (a GUID like 00000000-0000-0000-0000-000000000000)",
            ),
        );
    }
    checkAutomationSource(input, findings);
    const authorizations = (input.authorizations ?? [])
        .map((text, i) => parseAuthorization(text, i, findings))
        .filter((a) => a !== undefined);
    const offerName = input.offerName ?? defaultOfferName();
    const spec = delegationSpec(input, newCustomerConfig(input, offerName, authorizations));
    if ((input.authorizations ?? []).length === authorizations.length) {
        findings.push(...validateDelegation(spec).map(toCommandLine));
    }
    findings.push(...extraSubscriptionFindings(input, spec));
    if (findings.some((f) => f.severity === "error")) {
        return { stackName, fileName, findings };
    }
    const text = renderCustomerStackFile(input, spec);
    const unreadable = readBackFindings(text, fileName, input, spec);
    return unreadable.length > 0
        ? { stackName, fileName, findings: [...findings, ...unreadable] }
        : { stackName, fileName, findings, text };
}

/**
 * Reads the rendered file back the way the program will (the strict stack config schema) and compares what
 * it reads with what was asked: a file the program would reject or misread is never written. Each finding
 * names the file.
 * @param text the rendered Pulumi.<stack>.yaml
 * @param fileName its name, for the findings
 * @param input what new-customer was given
 * @param spec the delegation it checked
 */
export function readBackFindings(
    text: string,
    fileName: string,
    input: NewCustomerInput,
    spec: DelegationSpec,
): Finding[] {
    const problems: Finding[] = [];
    let config: CustomerStackConfig;
    try {
        const document = yaml.load(text) as { config: Record<string, unknown> };
        config = readCustomerConfig(stackFileReader(document.config, problems));
    } catch (err) {
        const findings =
            err instanceof ConfigurationError
                ? err.findings
                : [error("(file)", undefined, (err as Error).message, "report this as a bug")];
        return [...problems, ...findings].map((f) => ({ ...f, field: `${fileName}: ${f.field}` }));
    }
    const expected = newCustomerConfig(
        input,
        spec.offerName,
        spec.authorizations as CustomerStackConfig["authorizations"],
    ) as unknown as Record<string, unknown>;
    const read = config as unknown as Record<string, unknown>;
    return [...new Set([...Object.keys(expected), ...Object.keys(read)])]
        .filter((key) => JSON.stringify(read[key]) !== JSON.stringify(expected[key]))
        .map((key) =>
            error(
                `${fileName}: ${NAMESPACE}:${key}`,
                read[key],
                `would read back differently from what was given (${JSON.stringify(expected[key])})`,
                "report this as a bug; write the file by hand meanwhile",
            ),
        );
}

const YAML_SPECIAL =
    /^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+)$/i;

/** A YAML scalar that reads back as exactly this string (plain when safe, else double-quoted JSON). */
export function yamlString(value: string): string {
    const plain = /^[A-Za-z0-9][A-Za-z0-9 ._()/-]*$/.test(value) && !/ $/.test(value) && !YAML_SPECIAL.test(value);
    return plain ? value : JSON.stringify(value);
}

/** Renders the stack file with the keys and comments of Pulumi.customer-example.yaml. */
export function renderCustomerStackFile(input: NewCustomerInput, spec: DelegationSpec): string {
    const key = (k: string): string => `${NAMESPACE}:${k}`;
    const lines = [
        `# Customer stack for ${input.name}: delegates its subscription to your managing tenant through Azure Lighthouse,`,
        "# with a permanent authorization for the Provider Automation Account (that is what earns PEC).",
        "# Written by `lighthouse-pec new-customer`; see Pulumi.customer-example.yaml for every key.",
        ...(input.csp
            ? [
                  "# CSP customer (Azure plan): deployed with YOUR credentials through admin-on-behalf-of (AOBO): the identity",
                  "# that runs `pulumi up` must be in your Admin Agents group, which holds Owner on the subscription as a",
                  "# foreign principal. The provider signs in to the customer's tenant below. See docs/csp-aobo.md.",
              ]
            : ["# Deploying needs a non-guest Owner of the customer subscription (sign in to the customer's tenant)."]),
        "config:",
        '  # The offer name customers see under "Service providers"; resource names derive from it.',
        `  ${key("offerName")}: ${yamlString(spec.offerName)}`,
        ...(spec.offerDescription ? [`  ${key("offerDescription")}: ${yamlString(spec.offerDescription)}`] : []),
        ...subscriptionLines(input, key),
        `  ${key("customerTenantId")}: ${yamlString(input.customerTenantId)}`,
        ...(input.csp
            ? [
                  "  # Deployed by the partner through AOBO; `lighthouse-pec fleet up --csp` selects this stack.",
                  `  ${key("csp")}: "true"`,
              ]
            : []),
    ];
    if (input.partnerStack) {
        lines.push(
            "  # The Provider Automation Account (principalId) and managing tenant (tenantId) come from the partner stack.",
            `  # Previews of this stack need a Pulumi token that can read ${input.partnerStack} (Stack Read includes decrypting`,
            "  # its secrets); new-customer --automation-principal-id/--managed-by-tenant-id write plain values instead.",
            `  ${key("partnerStack")}: ${yamlString(input.partnerStack)}`,
        );
    } else {
        lines.push(
            "  # The Provider Automation Account, given directly (no partner stack): a permanent, PEC-eligible role.",
            `  ${key("automationAccount")}:`,
            `    principalId: ${yamlString(input.automationPrincipalId ?? "")}`,
            "    role: Contributor",
        );
    }
    if (input.managedByTenantId) {
        lines.push(
            "  # Your managing tenant.",
            `  ${key("managedByTenantId")}: ${yamlString(input.managedByTenantId)}`,
        );
    }
    if (spec.previewAccount) {
        lines.push(
            "  # The identity pull-request previews sign in as: a permanent Reader authorization, read-only, never PEC.",
            `  ${key("previewAccount")}:`,
            `    principalId: ${yamlString(spec.previewAccount.principalId ?? "")}`,
        );
    }
    lines.push(
        "  # Permanent authorizations for your people (built-in role names or GUIDs; not Owner, no DataActions).",
        `  ${key("authorizations")}:`,
    );
    for (const a of spec.authorizations) {
        lines.push(
            `    - principalId: ${yamlString(a.principalId ?? "")}`,
            `      role: ${yamlString(a.role)}`,
            ...(a.displayName ? [`      displayName: ${yamlString(a.displayName)}`] : []),
        );
    }
    if (spec.resourceGroups && spec.resourceGroups.length > 0) {
        lines.push(
            "  # Only these resource groups are delegated (they must exist).",
            `  ${key("resourceGroups")}:`,
            ...spec.resourceGroups.map((g) => `    - ${yamlString(g)}`),
        );
    } else {
        lines.push(
            "  # Delegate only some resource groups instead of the whole subscription:",
            `  # ${key("resourceGroups")}:`,
            "  #   - rg-production",
        );
    }
    return `${lines.join("\n")}\n`;
}

/** The subscriptions to list in `subscriptions` (two or more given), or undefined for a `subscriptionId` file. */
function listedSubscriptions(input: NewCustomerInput): string[] | undefined {
    return input.subscriptionIds !== undefined && input.subscriptionIds.length > 1 ? input.subscriptionIds : undefined;
}

function subscriptionLines(input: NewCustomerInput, key: (k: string) => string): string[] {
    const list = listedSubscriptions(input);
    if (!list) {
        return [
            "  # The customer's Azure subscription and tenant.",
            `  ${key("subscriptionId")}: ${yamlString(input.subscriptionId)}`,
        ];
    }
    return [
        "  # The customer's Azure subscriptions (one delegation each, same offer and authorizations) and tenant.",
        `  ${key("subscriptions")}:`,
        ...list.map((id) => `    - subscriptionId: ${yamlString(id)}`),
    ];
}

/** The second and later `--subscription`s: GUIDs (the first is checked with the delegation), each given once. */
function extraSubscriptionFindings(input: NewCustomerInput, spec: DelegationSpec): Finding[] {
    const list = listedSubscriptions(input) ?? [];
    const findings: Finding[] = [];
    list.forEach((id, i) => {
        if (i > 0 && !isGuid(id)) {
            findings.push(
                ...validateDelegation({ ...spec, subscriptionId: id })
                    .filter((f) => f.field === "subscriptionId")
                    .map((f) => ({ ...f, field: `--subscription #${i + 1}` })),
            );
        }
        const first = list.findIndex((other) => other.toLowerCase() === id.toLowerCase());
        if (first < i) {
            findings.push(
                error(
                    `--subscription #${i + 1}`,
                    id,
                    `the same subscription as --subscription #${first + 1}: one delegation per subscription`,
                    "give each subscription once",
                ),
            );
        }
    });
    return findings;
}
