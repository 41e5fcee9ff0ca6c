import { discoverStacks, stackOfFile } from "./discover";
import { isProgramPath, ProgramFiles } from "./programClosure";

/** Why a stack was chosen. */
export interface ChangedStacks {
    /** Stacks to preview, sorted. */
    stacks: string[];
    /** "program" when a program file changed (all stacks), "stack-files" when only stack files did, "none". */
    reason: "program" | "stack-files" | "none";
}

/**
 * The customer stacks a change touches: all of them when the program changed (a file it loads, see
 * `programClosure`), otherwise those whose root `Pulumi.<stack>.yaml` changed and still exists (a deleted stack
 * file has nothing to preview). Anything else (the CLI, the doctor, docs, tests, examples, workflows) previews
 * nothing.
 * @param changedPaths paths the change touched, relative to the project root (as `git diff --name-only` prints them)
 * @param projectFiles the file names now in the project root
 * @param patterns globs over stack names (comma-separated), e.g. "customer-*"
 * @param program the files the program loads (`programClosure` of the project at the change's head)
 */
export function changedStacks(
    changedPaths: string[],
    projectFiles: string[],
    patterns: string,
    program: ProgramFiles,
): ChangedStacks {
    const present = discoverStacks(projectFiles, patterns);
    const programChanged = changedPaths.some((p) => isProgramPath(p, program));
    if (programChanged) {
        return { stacks: present, reason: present.length > 0 ? "program" : "none" };
    }
    const touched = new Set(
        changedPaths
            .filter((p) => !p.includes("/"))
            .map(stackOfFile)
            .filter((s): s is string => s !== undefined),
    );
    const stacks = present.filter((s) => touched.has(s));
    return { stacks, reason: stacks.length > 0 ? "stack-files" : "none" };
}
