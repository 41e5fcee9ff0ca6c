import {
    checkShape,
    describeShape,
    exampleOf,
    Finding,
    isDeferred,
    lastSegment,
    ObjectShape,
    Shape,
    suggestKey,
} from "../core/validation";
import { shellQuote, shellQuoteAlways } from "../core/shell";

/**
 * Reads one config key of the `lighthouse-pec` namespace: structured values arrive parsed, others as strings.
 * A reader that can also list every key the stack sets (all namespaces) lets unknown keys be reported.
 */
export interface ConfigReader {
    (key: string): unknown;
    /** Every key the stack's config sets, fully qualified (`namespace:key`), when the source can list them. */
    allKeys?: () => string[];
    /** The Pulumi project's name: `pulumi config set key value` without a namespace stores it under this one. */
    project?: string;
    /** Whether a fully qualified key holds a secret (its value is then never shown). */
    isSecret?: (fullKey: string) => boolean;
    /** The raw value of a fully qualified key of any namespace, when the source can read them. */
    readQualified?: (fullKey: string) => unknown;
}

/** Config namespace of every key this program reads. */
export const NAMESPACE = "lighthouse-pec";

/** Namespaces of the providers a stack configures besides ours: their keys (`azure-native:subscriptionId`) are theirs. */
const PROVIDER_NAMESPACES = ["pulumi", "azure-native", "azuread", "azure"];

/** Collects config problems so that all of them are reported at once. */
export class ConfigProblems {
    readonly findings: Finding[] = [];

    missing(key: string, example: string): void {
        this.findings.push({
            severity: "error",
            field: `${NAMESPACE}:${key}`,
            value: undefined,
            message: "required but not set",
            fix: `pulumi config set ${example}`,
        });
    }

    wrongType(key: string, value: unknown, expected: string, example: string): void {
        this.findings.push({
            severity: "error",
            field: `${NAMESPACE}:${key}`,
            value,
            message: `must be ${expected}`,
            fix: example,
        });
    }
}

/**
 * A value as a shell argument of `pulumi config set`: as it is when plain, in double quotes when nothing in it
 * is special there (`"Managed by Contoso"`), else in single quotes (`$`, `` ` ``, `\`, `"`, `!` and control
 * characters would act inside double quotes).
 */
function shellValue(value: unknown): string {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    if (/^[\w./:@-]+$/.test(text)) return text;
    // shellQuoteAlways gives `'text'` exactly when the text has no `'` and no control character.
    const single = shellQuoteAlways(text);
    return !/[$`\\"!]/.test(text) && single === `'${text}'` ? `"${text}"` : single;
}

function setCommand(path: string, value: unknown): string {
    return /[.[]/.test(path.slice(NAMESPACE.length + 1))
        ? `pulumi config set --path ${shellQuoteAlways(path)} ${shellValue(value)}`
        : `pulumi config set ${shellQuote(path)} ${shellValue(value)}`;
}

/** The fix for a config value of the wrong type: the `pulumi config set` command, or the YAML to write. */
function configFix(path: string, shape: Shape, value: unknown): string {
    if (shape.kind === "string" || shape.kind === "boolean" || shape.kind === "integer") {
        return setCommand(path, exampleOf(shape));
    }
    if (shape.kind === "list" && shape.items.kind === "string" && typeof value === "string") {
        return `a list, even of one: pulumi config rm ${shellQuote(path)} && pulumi config set --path ${shellQuoteAlways(`${path}[0]`)} ${shellValue(value)}`;
    }
    return `write ${describeShape(shape)} in Pulumi.<stack>.yaml, e.g. ${lastSegment(path)}: ${JSON.stringify(exampleOf(shape))}`;
}

/** The fix for an unknown key: the rename, as a command when the value is a plain string. */
function unknownKeyFix(read: ConfigReader) {
    return (path: string, suggestion: string | undefined, known: readonly string[]): string => {
        const topLevel = !/[.[]/.test(path.slice(NAMESPACE.length + 1));
        if (suggestion === undefined) {
            return topLevel
                ? `pulumi config rm ${path}  (keys read here: ${known.join(", ")})`
                : `remove it; the keys here are ${known.join(", ")}`;
        }
        if (!topLevel) {
            return `rename it to "${suggestion}" in Pulumi.<stack>.yaml`;
        }
        const key = path.slice(NAMESPACE.length + 1);
        const value = read(key);
        const target = `${NAMESPACE}:${suggestion}`;
        return typeof value === "string" && !read.isSecret?.(path)
            ? `pulumi config rm ${path} && ${setCommand(target, value)}`
            : `rename it to ${target} in Pulumi.<stack>.yaml`;
    };
}

/** Parses a structured value that arrived as JSON text (as the engine passes YAML objects and lists). */
function parsed(value: unknown, shape: Shape): unknown {
    if (
        typeof value === "string" &&
        (shape.kind === "list" || shape.kind === "object" || shape.kind === "map") &&
        /^\s*[[{]/.test(value)
    ) {
        try {
            return JSON.parse(value);
        } catch {
            return value;
        }
    }
    return value;
}

/** Findings for keys under namespaces other than ours that look like ours (`first-customer:offerName`). */
function otherNamespaceFindings(read: ConfigReader, known: readonly string[], claimed: Set<string>): Finding[] {
    const findings: Finding[] = [];
    for (const fullKey of read.allKeys?.() ?? []) {
        const colon = fullKey.indexOf(":");
        const namespace = colon > 0 ? fullKey.slice(0, colon) : "";
        const key = fullKey.slice(colon + 1);
        if (namespace === NAMESPACE || PROVIDER_NAMESPACES.includes(namespace)) {
            continue;
        }
        const closeNamespace = suggestKey(namespace, [NAMESPACE]) !== undefined;
        const ours = known.includes(key) ? key : suggestKey(key, known);
        if (ours === undefined && !closeNamespace) {
            continue;
        }
        const target = `${NAMESPACE}:${ours ?? key}`;
        claimed.add(ours ?? key);
        const projectNote =
            namespace === read.project ? ` (what "pulumi config set ${key}" writes in the project ${namespace})` : "";
        const secret = read.isSecret?.(fullKey) ?? false;
        const value = secret ? "[secret]" : (read.readQualified?.(fullKey) ?? "(set)");
        const plainText = typeof value === "string" && !secret && !/^\s*[[{]/.test(value);
        findings.push({
            severity: "error",
            field: fullKey,
            value,
            message: `this key is under the namespace "${namespace}"${projectNote}, so it is ignored: this program reads ${target}`,
            fix: plainText
                ? `pulumi config rm ${fullKey} && ${setCommand(target, value)}`
                : `rename ${fullKey} to ${target} in Pulumi.<stack>.yaml`,
        });
    }
    return findings;
}

/** What {@link readStackConfig} found: the values that have the right shape, and a finding per problem. */
export interface StackConfigValues {
    /** Values of the schema's keys, by key; absent, empty and mistyped keys are left out. */
    values: Record<string, unknown>;
    /** Unknown keys, keys under another namespace, mistyped values. */
    findings: Finding[];
    /** Keys a finding already covers (mistyped, misspelt, under another namespace): not to be reported missing too. */
    claimed: Set<string>;
}

/**
 * Reads every key of a stack config schema and checks it: unknown `lighthouse-pec:*` keys (with "did
 * you mean"), keys under another namespace that look like ours, and values of the wrong type, each with
 * the `pulumi config` command or YAML that fixes it. Empty values count as not set.
 */
export function readStackConfig(read: ConfigReader, shape: ObjectShape): StackConfigValues {
    const known = Object.keys(shape.fields);
    const values = Object.create(null) as Record<string, unknown>;
    const findings: Finding[] = [];
    const present = Object.create(null) as Record<string, unknown>;
    for (const fullKey of read.allKeys?.() ?? []) {
        if (fullKey.startsWith(`${NAMESPACE}:`) && !known.includes(fullKey.slice(NAMESPACE.length + 1))) {
            const key = fullKey.slice(NAMESPACE.length + 1);
            present[key] = read.isSecret?.(fullKey) ? "[secret]" : (read(key) ?? null);
        }
    }
    for (const key of known) {
        const raw = read(key);
        if (raw === undefined || raw === null || raw === "") {
            continue;
        }
        present[key] = parsed(raw, shape.fields[key].shape);
    }
    const context = { fix: configFix, unknownKeyFix: unknownKeyFix(read) };
    for (const finding of checkShape(
        present,
        {
            ...shape,
            fields: Object.fromEntries(Object.entries(shape.fields).map(([k, f]) => [k, { ...f, required: false }])),
        },
        `${NAMESPACE}:`,
        context,
    )) {
        findings.push(
            read.isSecret?.(`${NAMESPACE}:${topKey(finding.field)}`) ? { ...finding, value: "[secret]" } : finding,
        );
    }
    const claimed = new Set(findings.map((f) => topKey(f.field)));
    for (const key of Object.keys(present)) {
        if (!known.includes(key)) {
            claimed.add(suggestKey(key, known) ?? key);
        } else if (!claimed.has(key) && !isDeferred(present[key])) {
            values[key] = present[key];
        }
    }
    findings.push(...otherNamespaceFindings(read, known, claimed));
    return { values, findings, claimed };
}

/** `authorizations` of `lighthouse-pec:authorizations[1].role`. */
function topKey(field: string): string {
    return /^[^:]*:([^.[]+)/.exec(field)?.[1] ?? field;
}

/**
 * Keys under another namespace that look like ours, e.g. `first-customer:offerName` (what `pulumi config set
 * offerName ...` writes in a project named first-customer): for when no key of ours is set at all.
 */
export function misplacedKeyFindings(read: ConfigReader, known: readonly string[]): Finding[] {
    return otherNamespaceFindings(read, known, new Set());
}
