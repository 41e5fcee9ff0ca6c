// Opening files a user names on the command line: regular files only, read with a size cap, YAML with
// a bound on alias expansion. Without these, `--config /dev/zero` grows until the machine runs out of
// memory, a FIFO blocks for ever and a 600-byte YAML alias bomb expands to gigabytes.
import * as fs from "node:fs";
import { resolve } from "node:path";
import * as yaml from "js-yaml";
import { InputError } from "../core/errors";

/** At most this many bytes are read from a configuration file (`--config`). */
export const CONFIG_FILE_MAX_BYTES = 1024 * 1024;

/** At most this many bytes are read from an `--expect` file (about 400,000 subscription IDs). */
export const EXPECT_FILE_MAX_BYTES = 16 * 1024 * 1024;

/** A YAML document may hold at most this many values once its aliases are expanded (a real config has hundreds). */
export const YAML_MAX_VALUES = 100_000;

/** A file named by a flag, e.g. `--config Pulumi.customer-contoso.yaml`. */
export interface UserFileRef {
    /** The flag that named it, e.g. `--config`. */
    flag: string;
    /** The path as given (after resolving it against the user's directory). */
    path: string;
}

// O_NONBLOCK: opening a FIFO for reading must not wait for a writer (it is refused right after). Not on Windows.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** What a non-regular file is, for messages. */
function kindOf(stat: fs.Stats): string {
    if (stat.isDirectory()) return "a directory";
    if (stat.isFIFO()) return "a FIFO (named pipe)";
    if (stat.isCharacterDevice()) return "a character device";
    if (stat.isBlockDevice()) return "a block device";
    if (stat.isSocket()) return "a socket";
    return "not a regular file";
}

function where(ref: UserFileRef): string {
    const absolute = resolve(ref.path);
    return absolute === ref.path ? `${ref.flag} ${ref.path}` : `${ref.flag} ${ref.path} (${absolute})`;
}

/**
 * The error for a file that cannot be used, naming the flag, the path and the fix (exit status 2).
 * @param ref the flag and path
 * @param problem what is wrong, e.g. "does not exist"
 * @param fix what to do about it
 */
export function userFileError(ref: UserFileRef, problem: string, fix: string): InputError {
    return new InputError(problem, { source: where(ref) }, fix);
}

/**
 * Turns a file-system error (ENOENT, EACCES, ...) into a message naming the flag, the path and the fix.
 * @param ref the flag and path
 * @param err what the file system threw
 * @param action what was being done, e.g. "read" or "write"
 */
export function fileSystemError(ref: UserFileRef, err: unknown, action: "read" | "write" | "create"): InputError {
    const code = (err as NodeJS.ErrnoException)?.code ?? "";
    switch (code) {
        case "ENOENT":
            if (action === "read")
                return userFileError(
                    ref,
                    "cannot read the file (ENOENT): it does not exist",
                    "Check the path; relative paths are taken from the directory you run the command in",
                );
            return action === "write"
                ? userFileError(
                      ref,
                      "cannot be written: its directory does not exist",
                      "Create the directory first, or give another path",
                  )
                : userFileError(ref, "cannot be created there (ENOENT)", "Give a directory on a writable file system");
        case "EACCES":
        case "EPERM":
            return userFileError(
                ref,
                `cannot be ${action === "read" ? "read" : "written"}: permission denied (${code})`,
                "Check the permissions of the file and its directory",
            );
        case "EISDIR":
            return userFileError(ref, "is a directory", "Give a file");
        case "ENOTDIR":
            return userFileError(ref, "has a part of its path that is not a directory (ENOTDIR)", "Check the path");
        case "ELOOP":
            return userFileError(ref, "has too many levels of symbolic links (ELOOP)", "Give the real path");
        case "EROFS":
            return userFileError(ref, "is on a read-only file system (EROFS)", "Give a writable location");
        case "ENOSPC":
        case "EDQUOT":
            return userFileError(
                ref,
                `cannot be written: no space left (${code})`,
                "Free some space, or give another location",
            );
        case "EEXIST":
            return userFileError(ref, "already exists", "Remove it, or give another path");
        default:
            return userFileError(
                ref,
                `cannot be ${action === "read" ? "read" : "written"} (${code || (err as Error)?.message || String(err)})`,
                "Check the path",
            );
    }
}

/** Refuses anything but a regular file (directories, FIFOs, devices, sockets). */
function checkRegular(ref: UserFileRef, stat: fs.Stats): void {
    if (!stat.isFile()) {
        throw userFileError(ref, `is ${kindOf(stat)}, not a regular file`, "Give a regular file");
    }
}

/**
 * Reads a whole user file as UTF-8, refusing non-regular files and files larger than `maxBytes`.
 * @param path the file
 * @param options the flag that named it (for messages) and the size cap
 * @throws InputError naming the flag, the path and the fix
 */
export function readUserFileSync(path: string, options: { flag: string; maxBytes: number }): string {
    const ref = { flag: options.flag, path };
    let fd: number;
    try {
        fd = fs.openSync(path, OPEN_FLAGS);
    } catch (err) {
        throw fileSystemError(ref, err, "read");
    }
    try {
        const stat = fs.fstatSync(fd);
        checkRegular(ref, stat);
        const tooLarge = (): InputError =>
            userFileError(
                ref,
                `is larger than ${options.maxBytes / 1024 / 1024} MiB`,
                "This file is not what the flag expects; give the right file",
            );
        if (stat.size > options.maxBytes) throw tooLarge();
        // Sizes can lie (/proc files say 0; a file can grow while read): read at most one byte past the cap.
        const buffer = Buffer.alloc(Math.min(options.maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
        let length = 0;
        for (;;) {
            if (length === buffer.length) {
                if (length > options.maxBytes) throw tooLarge();
                throw userFileError(ref, "grew while it was read", "Run again once it is complete");
            }
            const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
            if (read === 0) break;
            length += read;
        }
        return buffer.toString("utf8", 0, length);
    } catch (err) {
        throw err instanceof InputError ? err : fileSystemError(ref, err, "read");
    } finally {
        fs.closeSync(fd);
    }
}

/**
 * Opens a user file for streaming (no size cap), refusing non-regular files.
 * @param path the file
 * @param flag the flag that named it, for messages
 * @returns the open file; the caller closes it
 * @throws InputError naming the flag, the path and the fix
 */
export async function openUserFile(path: string, flag: string): Promise<fs.promises.FileHandle> {
    const ref = { flag, path };
    let handle: fs.promises.FileHandle;
    try {
        handle = await fs.promises.open(path, OPEN_FLAGS);
    } catch (err) {
        throw fileSystemError(ref, err, "read");
    }
    try {
        checkRegular(ref, await handle.stat());
        return handle;
    } catch (err) {
        await handle.close();
        throw err instanceof InputError ? err : fileSystemError(ref, err, "read");
    }
}

/**
 * Parses YAML (or JSON) as js-yaml does, then refuses a document that expands, through aliases, to more
 * than {@link YAML_MAX_VALUES} values: js-yaml shares aliased values, but everything that walks the
 * result (validation, JSON output) would expand them (a 625-byte "billion laughs" file took 2.4 GB).
 * @param text the file's content
 * @param filename for js-yaml's messages
 * @throws Error from js-yaml for bad syntax, or for a document that expands too far
 */
export function loadUserYaml(text: string, filename: string): unknown {
    const document = yaml.load(text, { filename });
    let values = 0;
    const pending: unknown[] = [document];
    while (pending.length > 0) {
        const value = pending.pop();
        if (++values > YAML_MAX_VALUES) {
            throw new Error(
                `expands to more than ${YAML_MAX_VALUES} values through YAML aliases (*name); a configuration never needs that many`,
            );
        }
        if (value !== null && typeof value === "object") {
            for (const inner of Array.isArray(value) ? value : Object.values(value)) pending.push(inner);
        }
    }
    return document;
}
