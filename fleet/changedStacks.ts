import { discoverStacks, stackOfFile } from "./discover";

/**
 * Paths whose change alters what every stack deploys (the program and what it loads), so every stack
 * is previewed. Directory prefixes end with "/". Anything else (docs, tests, examples, CLI, workflows)
 * previews nothing.
 */
export const PROGRAM_PATHS = [
    "index.ts",
    "Pulumi.yaml",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "core/",
    "components/",
    "program/",
    "azure/",
];

/** Why a stack was chosen. */
export interface ChangedStacks {
    /** Stacks to preview, sorted. */
    stacks: string[];
    /** "program" when a program file changed (all stacks), "stack-files" when only stack files did, "none". */
    reason: "program" | "stack-files" | "none";
}

/**
 * The customer stacks a change touches: all of them when the program changed, otherwise those whose
 * root `Pulumi.<stack>.yaml` changed and still exists (a deleted stack file has nothing to preview).
 * @param changedPaths paths the change touched, relative to the project root (as `git diff --name-only` prints them)
 * @param projectFiles the file names now in the project root
 * @param patterns globs over stack names (comma-separated), e.g. "customer-*"
 */
export function changedStacks(changedPaths: string[], projectFiles: string[], patterns: string): ChangedStacks {
    const present = discoverStacks(projectFiles, patterns);
    const programChanged = changedPaths.some((p) =>
        PROGRAM_PATHS.some((prefix) => (prefix.endsWith("/") ? p.startsWith(prefix) : p === prefix)),
    );
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
