// Which files of the project the Pulumi program loads: `index.ts` and everything it imports, transitively, through
// relative specifiers (`./program/customerStack`, `../core/roles/catalogue.json`), plus the files that shape every
// run (project, dependencies, compiler options). A change to one of them changes what every stack deploys; a change
// to anything else (the CLI, the doctor, docs, tests) changes no stack. Pure: the files come from a reader.
import * as path from "node:path";

/**
 * Reads a file of the project.
 * @param projectPath the file's path relative to the project root, with "/" separators (`core/roles/index.ts`)
 * @returns its text, or undefined when there is no such regular file
 */
export type ProjectFileReader = (projectPath: string) => string | undefined;

/** The program's entry: Pulumi.yaml's `main`. */
export const PROGRAM_ENTRY = "index.ts";

/** Files every run reads whatever the program imports: the project, the installed dependencies, ts-node's options. */
export const PROGRAM_SETTINGS_FILES: readonly string[] = [
    "Pulumi.yaml",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
];

/** The walk stops with an error past this many files (this program loads about a hundred). */
export const MAX_PROGRAM_FILES = 5_000;

/** What the program loads, as project-relative paths. */
export interface ProgramFiles {
    /** The entry, every file it reaches through relative imports (sources and JSON), and the settings files; sorted. */
    files: string[];
    /**
     * Relative imports that name no file, as the path they point at (`core/gone` for `"../core/gone"` in
     * `program/x.ts`), sorted: a change there (the module was deleted or is being added) counts as a program change.
     */
    unresolved: string[];
}

/** Extensions whose imports are followed; other files (JSON) are leaves. */
const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs"];

/** Extensions a specifier may already carry. */
const EXPLICIT_EXTENSIONS = [...SOURCE_EXTENSIONS, ".json"];

/** What a specifier without extension may name, in TypeScript's order: a file, then a folder's index. */
const IMPLICIT_SUFFIXES = [
    ".ts",
    ".tsx",
    ".d.ts",
    ".js",
    ".json",
    "/index.ts",
    "/index.tsx",
    "/index.d.ts",
    "/index.js",
];

// Liberal on purpose: a match inside a comment or a string adds a file, which previews more stacks, never fewer.
const IMPORT_PATTERNS = [
    /\bfrom\s*["']([^"'\n]+)["']/g, // import … from "x", export … from "x" (also `import type`)
    /\bimport\s*["']([^"'\n]+)["']/g, // import "x"
    /\b(?:require|import)\s*\(\s*["']([^"'\n]+)["']\s*\)/g, // require("x"), import("x"), typeof import("x")
];

/**
 * The relative specifiers a source file imports, as written (`./config`, `../core/validation`); packages
 * (`@pulumi/pulumi`, `node:fs`) are left out: they change only with package.json and package-lock.json.
 * @param source the file's text
 */
export function relativeImports(source: string): string[] {
    const specifiers = new Set<string>();
    for (const pattern of IMPORT_PATTERNS) {
        for (const match of source.matchAll(pattern)) {
            const specifier = match[1];
            if (specifier === "." || specifier === ".." || specifier.startsWith("./") || specifier.startsWith("../")) {
                specifiers.add(specifier);
            }
        }
    }
    return [...specifiers];
}

/** The project path a specifier of `from` points at, or undefined when it leaves the project. */
function target(from: string, specifier: string): string | undefined {
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
    return joined === ".." || joined.startsWith("../") || path.posix.isAbsolute(joined) ? undefined : joined;
}

/** The file a target names: itself when it carries an extension and exists, else the first candidate that exists. */
function resolve(base: string, read: ProjectFileReader): { file: string; text: string } | undefined {
    const candidates: string[] = [];
    const extension = path.posix.extname(base);
    if (EXPLICIT_EXTENSIONS.includes(extension)) {
        candidates.push(base);
        // TypeScript's ESM convention: "./x.js" names x.ts.
        if (extension === ".js") candidates.push(`${base.slice(0, -3)}.ts`);
    }
    candidates.push(...IMPLICIT_SUFFIXES.map((suffix) => `${base}${suffix}`));
    for (const file of candidates) {
        const text = read(file);
        if (text !== undefined) return { file, text };
    }
    return undefined;
}

/**
 * The files the program loads: a bounded breadth-first walk of relative imports from the entry.
 * @param read reads a project file (the work tree, or a map in tests)
 * @param entry the program's entry, default `index.ts`
 * @param maxFiles the bound of the walk, default {@link MAX_PROGRAM_FILES}
 * @throws Error naming the entry and the bound when the program reaches more files than that
 */
export function programClosure(
    read: ProjectFileReader,
    entry: string = PROGRAM_ENTRY,
    maxFiles: number = MAX_PROGRAM_FILES,
): ProgramFiles {
    const files = new Set<string>();
    const unresolved = new Set<string>();
    const visited = new Set<string>();
    const queue: { file: string; text: string }[] = [];
    const visit = (base: string): void => {
        if (visited.has(base)) return;
        visited.add(base);
        const found = resolve(base, read);
        if (found === undefined) {
            unresolved.add(base);
            return;
        }
        if (files.has(found.file)) return;
        if (files.size >= maxFiles) {
            throw new Error(
                `${entry} reaches more than ${maxFiles} files through relative imports (at ${found.file}); a Pulumi program loads far fewer. Fix: check for a generated folder the program imports`,
            );
        }
        files.add(found.file);
        if (SOURCE_EXTENSIONS.includes(path.posix.extname(found.file))) queue.push(found);
    };
    visit(entry);
    // Each file enters the queue once (files is checked first) and files is bounded, so the loop ends.
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        for (const specifier of relativeImports(next.text)) {
            const base = target(next.file, specifier);
            if (base !== undefined) visit(base);
        }
    }
    for (const settings of PROGRAM_SETTINGS_FILES) files.add(settings);
    return { files: [...files].sort(), unresolved: [...unresolved].sort() };
}

/**
 * Whether a change to `changedPath` changes what the program deploys: it is one of the program's files, or the
 * target of an import that names no file (with any extension, or anything under it as a folder).
 * @param changedPath a project-relative path, as `git diff --name-only` prints it
 * @param program the program's files
 */
export function isProgramPath(changedPath: string, program: ProgramFiles): boolean {
    if (program.files.includes(changedPath)) return true;
    const extension = path.posix.extname(changedPath);
    const withoutExtension = extension === "" ? changedPath : changedPath.slice(0, -extension.length);
    return program.unresolved.some(
        (base) =>
            changedPath === base ||
            withoutExtension === base ||
            withoutExtension === `${base}.d` ||
            changedPath.startsWith(`${base}/`),
    );
}
