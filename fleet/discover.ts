/** Turns a stack-name glob (`*` any run of characters, `?` one) into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
    const body = glob
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`);
}

/** Stack name of a `Pulumi.<stack>.yaml` file name; undefined for any other file. */
export function stackOfFile(fileName: string): string | undefined {
    return /^Pulumi\.(.+)\.ya?ml$/.exec(fileName)?.[1];
}

/**
 * The stacks a fleet run covers: every `Pulumi.<stack>.yaml` in the project whose stack name matches
 * one of the globs (comma-separated, e.g. `customer-*`), sorted, without the shipped samples (`*-example`).
 * @param fileNames the file names in the Pulumi project directory
 * @param patterns globs over stack names
 */
export function discoverStacks(fileNames: string[], patterns: string): string[] {
    const globs = patterns
        .split(",")
        .map((p) => p.trim())
        .filter((p) => p !== "")
        .map(globToRegExp);
    const stacks = fileNames.map(stackOfFile).filter((s): s is string => s !== undefined && !s.endsWith("-example"));
    return [...new Set(stacks.filter((s) => globs.some((g) => g.test(s))))].sort();
}
