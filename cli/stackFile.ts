// Reading a Pulumi.<stack>.yaml offline, for the commands that take one (`--config`): the stack program itself
// reads its config through the engine (program/readConfig.ts).
import type { Finding } from "../core/validation";
import { ConfigReader, NAMESPACE } from "../program/config";

/** A secret in a stack file (`secure: v1:...`): only the Pulumi CLI can decrypt it. */
function isEncrypted(value: unknown): boolean {
    return (
        typeof value === "object" &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length === 1 &&
        "secure" in value
    );
}

/**
 * Reads a Pulumi.<stack>.yaml's `config:` as the engine hands it to the program: top-level scalars as
 * text, keys fully qualified. Unqualified keys belong to the project's own namespace, which for the
 * customer stack program is lighthouse-pec. Encrypted values become findings in `problems`.
 */
export function stackFileReader(config: Record<string, unknown>, problems: Finding[]): ConfigReader {
    const values = new Map<string, unknown>();
    for (const key of Object.keys(config)) {
        const qualified = key.includes(":") ? key : `${NAMESPACE}:${key}`;
        if (isEncrypted(config[key])) {
            problems.push({
                severity: "error",
                field: qualified,
                value: "[secret]",
                message: "an encrypted (secure) value cannot be read offline",
                fix: "give this value in plain text in a copy of the file for the command, or pass it by flag where one exists",
            });
        } else if (!values.has(qualified) || key.includes(":")) {
            values.set(qualified, config[key]);
        }
    }
    const read: ConfigReader = (key) => {
        const value = values.get(`${NAMESPACE}:${key}`);
        return typeof value === "number" || typeof value === "boolean" ? String(value) : (value ?? undefined);
    };
    read.allKeys = () => [...values.keys()];
    read.readQualified = (fullKey) => values.get(fullKey);
    return read;
}
