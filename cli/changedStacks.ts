import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Command } from "commander";
import { changedStacks } from "../fleet/changedStacks";
import { PROGRAM_ENTRY, ProgramFiles, programClosure, ProjectFileReader } from "../fleet/programClosure";
import { fileSystemError, userFileError } from "../io/userFile";
import { NOT_USED, withHelpFooter } from "./helpText";
import { CliDeps, CliIo, EXIT } from "./io";

/** Options of `lighthouse-pec changed-stacks`. */
export interface ChangedStacksOptions {
    /** The base commit of the change (a pull request's base SHA). */
    base: string;
    /** The head commit. Default HEAD. */
    head: string;
    /** The Pulumi project directory (a git work tree). */
    dir: string;
    /** Globs over stack names. */
    stacks: string;
}

/** Lists the paths changed between two commits (`git diff --name-only base...head`), relative to the repo root. */
export type GitDiff = (dir: string, base: string, head: string) => Promise<string[]>;

const gitDiff: GitDiff = async (dir, base, head) => {
    const { stdout } = await promisify(execFile)("git", ["diff", "--name-only", "--no-renames", `${base}...${head}`], {
        cwd: dir,
        maxBuffer: 16 * 1024 * 1024,
    });
    return stdout.split("\n").filter((l) => l !== "");
};

/**
 * Reads the project's files from the work tree in `dir`: what the program loads is taken from the checked-out
 * files (the change's head, in CI), as the stack files are.
 * @param dir the Pulumi project directory
 */
export function projectFileReader(dir: string): ProjectFileReader {
    return (projectPath) => {
        const file = path.join(dir, ...projectPath.split("/"));
        try {
            return fs.statSync(file).isFile() ? fs.readFileSync(file, "utf8") : undefined;
        } catch {
            return undefined;
        }
    };
}

/**
 * Prints, as one line of JSON (a GitHub Actions matrix list), the customer stacks a change touches.
 * Exit 0, or 2 when --dir is not a Pulumi project directory or git cannot compare the commits.
 */
export async function runChangedStacks(
    options: ChangedStacksOptions,
    io: CliIo,
    diff: GitDiff = gitDiff,
): Promise<number> {
    // The directory first: git run in a missing directory fails with "spawn git ENOENT", which reads as "git not installed".
    let files: string[];
    try {
        files = fs.readdirSync(options.dir);
    } catch (err) {
        const ref = { flag: "--dir", path: options.dir };
        const code = (err as NodeJS.ErrnoException).code;
        const fix = "Give the Pulumi project directory (the repository root)";
        const error =
            code === "ENOTDIR"
                ? userFileError(ref, "is not a directory", fix)
                : code === "ENOENT"
                  ? userFileError(ref, "does not exist (ENOENT)", fix)
                  : fileSystemError(ref, err, "read");
        io.err(`changed-stacks: ${error.message}\n`);
        return EXIT.badInput;
    }
    let paths: string[];
    try {
        paths = await diff(options.dir, options.base, options.head);
    } catch (err) {
        io.err(`changed-stacks: ${gitFailure(err as NodeJS.ErrnoException & { stderr?: string }, options)}\n`);
        return EXIT.badInput;
    }
    const read = projectFileReader(options.dir);
    if (read(PROGRAM_ENTRY) === undefined) {
        const error = userFileError(
            { flag: "--dir", path: options.dir },
            `has no ${PROGRAM_ENTRY}, the Pulumi program's entry (Pulumi.yaml main)`,
            "Give the Pulumi project directory (the repository root)",
        );
        io.err(`changed-stacks: ${error.message}\n`);
        return EXIT.badInput;
    }
    let program: ProgramFiles;
    try {
        program = programClosure(read);
    } catch (err) {
        io.err(`changed-stacks: ${(err as Error).message}\n`);
        return EXIT.badInput;
    }
    const result = changedStacks(paths, files, options.stacks, program);
    io.err(`changed-stacks: ${result.stacks.length} stack(s) (${result.reason})\n`);
    io.out(`${JSON.stringify(result.stacks)}\n`);
    return EXIT.ok;
}

/** Says whose fault a failed `git diff` is: git missing, --dir not a repository, or the commits. */
function gitFailure(err: NodeJS.ErrnoException & { stderr?: string }, options: ChangedStacksOptions): string {
    if (err.code === "ENOENT" && /spawn/.test(err.syscall ?? err.message)) {
        return "git is not installed (or not on PATH). Fix: install git, or run where it is available";
    }
    const detail = (err.stderr || err.message).trim().split("\n")[0];
    if (/not a git repository/i.test(detail)) {
        return `--dir = ${JSON.stringify(options.dir)}: not inside a git work tree (${detail}). Fix: pass the repository's directory`;
    }
    return (
        `--base = ${JSON.stringify(options.base)}: git cannot compare it with ${options.head} (${detail}). ` +
        "Fix: pass a commit that exists locally (in CI check out with fetch-depth: 0)"
    );
}

/** Registers `lighthouse-pec changed-stacks`. */
export function registerChangedStacks(
    program: Command,
    io: CliIo,
    _deps: CliDeps,
    setExit: (code: number) => void,
): void {
    const command = program
        .command("changed-stacks")
        .description(
            "print (JSON) the customer stacks a change touches: all when the program changed, else those whose Pulumi.<stack>.yaml changed",
        )
        .requiredOption("--base <sha>", "the base commit (e.g. the pull request's base SHA)")
        .option("--head <sha>", "the head commit", "HEAD")
        .option("--dir <dir>", "the Pulumi project directory (repository root)", ".")
        .option("--stacks <glob>", "stack names to consider, globs separated by commas", "customer-*");
    withHelpFooter(
        command,
        {
            ok: "the list was printed (it may be empty)",
            problems: NOT_USED,
            badInput: "--dir is not a git work tree, git is missing, or git cannot compare the commits",
        },
        "lighthouse-pec changed-stacks --base origin/main --head HEAD",
    );
    command.action(async (options: ChangedStacksOptions) => setExit(await runChangedStacks(options, io)));
}
