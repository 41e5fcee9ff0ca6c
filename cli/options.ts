import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { parseExpected } from "../pec/expect";
import { EXPECT_FILE_MAX_BYTES, readUserFileSync } from "../io/userFile";

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
 * @throws InputError when the file cannot be read (not a regular file, over 16 MiB) or is not a subscription list
 */
export function readExpectFile(path: string): string[] {
    return parseExpected(readUserFileSync(path, { flag: "--expect", maxBytes: EXPECT_FILE_MAX_BYTES }), path);
}

/**
 * The directory relative paths are taken from: where the user stands. `npm run` starts scripts in the
 * package root and keeps the user's directory in INIT_CWD (npm-run-script docs); it is used only when the
 * process still runs in that package root (npm_package_json), so a script that changes directory keeps its own.
 * @param env the environment
 * @param cwd the process's directory
 */
export function userDirectory(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string {
    const { INIT_CWD: initCwd, npm_lifecycle_event: event, npm_package_json: packageJson } = env;
    if (!initCwd || !event || !packageJson) return cwd;
    return resolve(dirname(packageJson)) === resolve(cwd) ? resolve(initCwd) : cwd;
}

/** Options (by attribute name) that name files or directories, in every command. */
export const PATH_OPTIONS = ["config", "out", "dir", "input", "expect", "retryFailed", "merge", "state"] as const;

/**
 * Makes the path options of the command about to run absolute, against `base`, when it is not the
 * process's directory (under `npm run`). Other options are left alone.
 * @param command the command about to run
 * @param base the user's directory (see {@link userDirectory})
 */
export function resolvePathOptions(command: Command, base: string): void {
    if (resolve(base) === process.cwd()) return;
    const options = command.opts<Record<string, unknown>>();
    for (const name of PATH_OPTIONS) {
        const value = options[name];
        if (typeof value === "string") command.setOptionValue(name, resolve(base, value));
        else if (Array.isArray(value))
            command.setOptionValue(
                name,
                value.map((v: unknown) => (typeof v === "string" ? resolve(base, v) : v)),
            );
    }
}
