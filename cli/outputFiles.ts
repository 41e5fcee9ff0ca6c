// Writing the files a command generates: all of them or none, each through a temporary file renamed into
// place, never over an existing file without --force, never through a symbolic link.
import * as fs from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { InputError } from "../core/errors";
import { fileSystemError, userFileError } from "../io/userFile";

/** A file to write. */
export interface OutputFile {
    /** Where it goes. */
    path: string;
    /** Its content. */
    text: string;
    /** The flag that chose the location (`--out`, `--dir`), for messages. */
    flag: string;
}

/** The file-system calls the writer makes (tests inject failures). */
export type OutputFs = Pick<
    typeof fs,
    "lstatSync" | "statSync" | "mkdirSync" | "writeFileSync" | "linkSync" | "renameSync" | "unlinkSync"
>;

/** Options of {@link writeOutputFiles}. */
export interface WriteOptions {
    /** Replace existing regular files (`--force`). Symbolic links are refused even then. */
    force?: boolean;
    /** What to say instead of "--force" when the command has no such flag. */
    existingFix?: string;
    /** File-system calls (default node:fs). */
    fs?: OutputFs;
}

function lstatOrUndefined(path: string, fsys: OutputFs): fs.Stats | undefined {
    try {
        return fsys.lstatSync(path);
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw err;
    }
}

/** Refuses targets that are links, directories or (without force) existing files; returns which targets exist. */
function checkTargets(files: OutputFile[], options: WriteOptions, fsys: OutputFs): boolean[] {
    return files.map((file) => {
        const ref = { flag: file.flag, path: file.path };
        let stat: fs.Stats | undefined;
        try {
            stat = lstatOrUndefined(file.path, fsys);
        } catch (err) {
            throw fileSystemError(ref, err, "write");
        }
        if (stat === undefined) return false;
        if (stat.isSymbolicLink()) {
            throw userFileError(
                ref,
                "is a symbolic link; refusing to write through it (also with --force)",
                "Remove the link, or give another location",
            );
        }
        if (!stat.isFile())
            throw userFileError(ref, "exists and is not a regular file", "Remove it, or give another location");
        if (!options.force) {
            throw userFileError(
                ref,
                "already exists; nothing was written",
                options.existingFix ?? "Pass --force to replace it, or give another location",
            );
        }
        return true;
    });
}

function removeQuietly(path: string, fsys: OutputFs): void {
    try {
        fsys.unlinkSync(path);
    } catch {
        // already gone
    }
}

/** Puts a finished temporary file in place: a hard link fails if the target appeared meanwhile (no clobbering). */
function commit(temporary: string, target: string, replace: boolean, fsys: OutputFs): void {
    if (replace) {
        fsys.renameSync(temporary, target);
        return;
    }
    try {
        fsys.linkSync(temporary, target);
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // File systems without hard links: checked absent just before, so rename.
        if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EOPNOTSUPP") throw err;
        fsys.renameSync(temporary, target);
        return;
    }
    fsys.unlinkSync(temporary);
}

/**
 * Writes every file or none: each goes to a temporary file in its own directory first, then all are
 * renamed into place; when one fails, those already placed (and new) are removed again.
 * @param files what to write
 * @param options --force, and the file-system calls
 * @returns the absolute paths written, in order
 * @throws InputError naming the flag, the path and the fix (exit status 2)
 */
export function writeOutputFiles(files: OutputFile[], options: WriteOptions = {}): string[] {
    const fsys = options.fs ?? fs;
    const targets = files.map((f) => ({ ...f, path: resolve(f.path) }));
    const existed = checkTargets(targets, options, fsys);
    const temporaries: string[] = [];
    const placed: number[] = [];
    let current = targets[0];
    try {
        for (const file of targets) {
            current = file;
            const temporary = join(
                dirname(file.path),
                `.${basename(file.path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
            );
            fsys.writeFileSync(temporary, file.text, { flag: "wx" });
            temporaries.push(temporary);
        }
        targets.forEach((file, i) => {
            current = file;
            commit(temporaries[i], file.path, existed[i], fsys);
            placed.push(i);
        });
    } catch (err) {
        for (const temporary of temporaries) removeQuietly(temporary, fsys);
        for (const i of placed) if (!existed[i]) removeQuietly(targets[i].path, fsys);
        const ref = { flag: current.flag, path: current.path };
        throw (err as NodeJS.ErrnoException).code === "EEXIST"
            ? userFileError(
                  ref,
                  "appeared while writing; nothing was written",
                  options.existingFix ?? "Pass --force to replace it, or give another location",
              )
            : fileSystemError(ref, err, "write");
    }
    return targets.map((f) => f.path);
}

/**
 * Makes sure an output directory exists, creating at most its last level (never a whole chain: Node's
 * recursive mkdir loops for ever under /proc).
 * @param dir the directory
 * @param flag the flag that named it
 * @param fsys file-system calls (tests)
 * @throws InputError naming the flag, the path and the fix
 */
export function ensureOutputDirectory(dir: string, flag: string, fsys: OutputFs = fs): void {
    const ref = { flag, path: dir };
    try {
        if (fsys.statSync(dir).isDirectory()) return;
        throw userFileError(ref, "is not a directory", "Give a directory");
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT")
            throw err instanceof InputError ? err : fileSystemError(ref, err, "create");
    }
    const parent = dirname(resolve(dir));
    let parentIsDirectory = false;
    try {
        parentIsDirectory = fsys.statSync(parent).isDirectory();
    } catch {
        // reported below
    }
    if (!parentIsDirectory) {
        throw userFileError(
            ref,
            `cannot be created: ${parent} is not an existing directory`,
            `Create it first (mkdir -p ${parent}), or give another directory`,
        );
    }
    try {
        fsys.mkdirSync(dir);
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw fileSystemError(ref, err, "create");
    }
}
