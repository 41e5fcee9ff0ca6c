import { Finding } from "../components/validation";

/** Reads one config key of the `lighthouse-pec` namespace: structured values arrive parsed, others as strings. */
export type ConfigReader = (key: string) => unknown;

/** Config namespace of every key this program reads. */
export const NAMESPACE = "lighthouse-pec";

/** Collects config problems so that all of them are reported at once. */
export class ConfigProblems {
    readonly findings: Finding[] = [];

    missing(key: string, example: string): void {
        this.findings.push({ severity: "error", field: `${NAMESPACE}:${key}`, value: undefined, message: "required but not set", fix: `pulumi config set ${example}` });
    }

    wrongType(key: string, value: unknown, expected: string, example: string): void {
        this.findings.push({ severity: "error", field: `${NAMESPACE}:${key}`, value, message: `must be ${expected}`, fix: example });
    }
}

/** A config value that must be a non-empty string (or absent). */
export function optionalString(read: ConfigReader, problems: ConfigProblems, key: string, example: string): string | undefined {
    const value = read(key);
    if (value === undefined || value === null || value === "") {
        return undefined;
    }
    if (typeof value !== "string") {
        problems.wrongType(key, value, "a string", `pulumi config set ${example}`);
        return undefined;
    }
    return value;
}

/** A config value that must be a list of objects (or absent). */
export function optionalObjectList<T>(read: ConfigReader, problems: ConfigProblems, key: string, example: string): T[] | undefined {
    const value = read(key);
    if (value === undefined || value === null) {
        return undefined;
    }
    if (!Array.isArray(value) || value.some((v) => typeof v !== "object" || v === null)) {
        problems.wrongType(key, value, "a list of objects", `set it in Pulumi.<stack>.yaml, e.g.\n${example}`);
        return undefined;
    }
    return value as T[];
}

/** A config value that must be an object (or absent). */
export function optionalObject<T>(read: ConfigReader, problems: ConfigProblems, key: string, example: string): T | undefined {
    const value = read(key);
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value !== "object" || Array.isArray(value)) {
        problems.wrongType(key, value, "an object", `set it in Pulumi.<stack>.yaml, e.g.\n${example}`);
        return undefined;
    }
    return value as T;
}
