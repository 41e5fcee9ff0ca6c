import * as fs from "node:fs";
import { parseExpected } from "../pec/expect";
import { UsageError } from "./io";

/**
 * Commander argument parser for a repeatable flag: appends each occurrence to the list.
 * @param value this occurrence's value
 * @param previous the values of earlier occurrences (undefined for the first)
 */
export function collectRepeatable(value: string, previous: string[] | undefined): string[] {
    return [...(previous ?? []), value];
}

/**
 * Reads and parses the `--expect` file (the subscriptions that should earn PEC).
 * @param path the file named by `--expect`
 * @returns lower-case subscription IDs, de-duplicated
 * @throws UsageError when the file cannot be read; InputError when its content is not a subscription list
 */
export function readExpectFile(path: string): string[] {
    let text: string;
    try {
        text = fs.readFileSync(path, "utf8");
    } catch (e) {
        throw new UsageError(`--expect ${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return parseExpected(text, path);
}
