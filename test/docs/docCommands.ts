// Finds the `lighthouse-pec` commands a user is told to run in the Markdown docs, and parses them with the
// CLI's own commander program (actions replaced by no-ops, so nothing runs).
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError } from "commander";
import { buildProgram } from "../../cli/main";

/** One command found in a document. */
export interface DocCommand {
    /** Where it was found (file:line). */
    where: string;
    /** The arguments after `lighthouse-pec` (subcommand first). */
    args: string[];
    /** Inline code in prose, or `…` / `...` for left-out arguments: required options may be missing. */
    elided: boolean;
}

/** The Markdown files users read: the README, docs/ and the examples' READMEs. */
export function userDocs(repo: string): string[] {
    const docsDir = path.join(repo, "docs");
    const walk = (dir: string): string[] =>
        fs
            .readdirSync(dir, { withFileTypes: true })
            .flatMap((e) =>
                e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".md") ? [path.join(dir, e.name)] : [],
            );
    const examples = fs
        .readdirSync(path.join(repo, "examples"), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => path.join(repo, "examples", e.name, "README.md"))
        .filter((f) => fs.existsSync(f));
    return [
        path.join(repo, "README.md"),
        path.join(repo, "CONTRIBUTING.md"),
        ...(fs.existsSync(docsDir) ? walk(docsDir) : []),
        ...examples,
    ].filter((f) => fs.existsSync(f));
}

/** How the CLI is started in the docs: installed bin, npx, the npm script from a clone, or the compiled file. */
const LAUNCHERS = [
    /^lighthouse-pec(?=\s|$)/,
    /^npx\s+lighthouse-pec(?=\s|$)/,
    /^npm\s+run\s+(?:-s\s+|--silent\s+)?lighthouse-pec\s+--(?=\s|$)/,
    /^node\s+bin\/cli\/main\.js(?=\s|$)/,
];

/**
 * Splits shell text into words: quotes group, `<placeholder with spaces>` is one word, `$(...)` is one word,
 * and a redirection, pipe, `&&`, `;` or comment ends the command.
 */
export function shellWords(text: string): string[] {
    const words: string[] = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        if (
            c === "#" ||
            c === ">" ||
            (c === "<" && !/^<[^<>\n]+>/.test(text.slice(i))) ||
            c === "|" ||
            c === ";" ||
            c === "&" ||
            c === ")"
        )
            break;
        let word = "";
        while (i < text.length && !/\s/.test(text[i])) {
            const ch = text[i];
            if (ch === "'" || ch === '"') {
                const end = text.indexOf(ch, i + 1);
                word += text.slice(i + 1, end < 0 ? text.length : end);
                i = end < 0 ? text.length : end + 1;
            } else if (ch === "<" && /^<[^<>\n]+>/.test(text.slice(i))) {
                const end = text.indexOf(">", i);
                word += text.slice(i, end + 1);
                i = end + 1;
            } else if (ch === "$" && text[i + 1] === "(") {
                let depth = 0,
                    j = i + 1;
                for (; j < text.length; j++) {
                    if (text[j] === "(") depth++;
                    if (text[j] === ")" && --depth === 0) break;
                }
                word += text.slice(i, j + 1);
                i = j + 1;
            } else if (ch === "|" || ch === ";" || ch === ">" || ch === "&" || ch === ")") {
                break;
            } else {
                word += ch;
                i++;
            }
        }
        if (word) words.push(word);
        if (i < text.length && /[|;>&)]/.test(text[i])) break;
    }
    return words;
}

/** Shell lines of a document: fenced code blocks (continuations joined) and inline code spans (`inline`). */
function candidateLines(markdown: string): { line: number; text: string; inline: boolean }[] {
    const found: { line: number; text: string; inline: boolean }[] = [];
    const lines = markdown.split(/\r?\n/);
    let fence: string | null = null;
    for (let n = 0; n < lines.length; n++) {
        const raw = lines[n];
        const marker = /^\s*(```+|~~~+)/.exec(raw);
        if (marker) {
            fence = fence === null ? marker[1] : raw.trim().startsWith(fence) ? null : fence;
            continue;
        }
        if (fence !== null) {
            let text = raw;
            const start = n;
            while (/\\\s*$/.test(text) && n + 1 < lines.length) text = text.replace(/\\\s*$/, " ") + lines[++n];
            found.push({ line: start + 1, text, inline: false });
        } else {
            for (const m of raw.matchAll(/`([^`]+)`/g)) found.push({ line: n + 1, text: m[1], inline: true });
        }
    }
    return found;
}

/**
 * Splits shell text into simple commands at `&&`, `||`, `;` and `|` outside quotes and `$(...)`; the bodies
 * of `$(...)` substitutions are returned as commands too.
 */
export function simpleCommands(text: string): string[] {
    const parts: string[] = [];
    const inner: string[] = [];
    let current = "";
    let quote: string | null = null;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote) {
            if (c === quote) quote = null;
        } else if (c === "'" || c === '"') {
            quote = c;
        }
        if (!quote && c === "$" && text[i + 1] === "(") {
            let depth = 0,
                j = i + 1;
            for (; j < text.length; j++) {
                if (text[j] === "(") depth++;
                if (text[j] === ")" && --depth === 0) break;
            }
            inner.push(text.slice(i + 2, j));
            current += text.slice(i, j + 1);
            i = j;
            continue;
        }
        if (!quote && (c === ";" || c === "|" || (c === "&" && text[i + 1] === "&"))) {
            parts.push(current);
            current = "";
            if (text[i + 1] === c) i++;
            continue;
        }
        current += c;
    }
    parts.push(current);
    return [...parts, ...inner.flatMap(simpleCommands)];
}

/** Every `lighthouse-pec` command in the Markdown text (commands inside `$(...)` or after `&&` included). */
export function commandsIn(markdown: string, file: string): DocCommand[] {
    const commands: DocCommand[] = [];
    for (const { line, text, inline } of candidateLines(markdown)) {
        for (const part of simpleCommands(text)) {
            // Drop a prompt and leading VAR=value assignments.
            const simple = part
                .trim()
                .replace(/^\$\s+/, "")
                .replace(/^(?:[A-Z_][A-Z0-9_]*=\S*\s+)+/, "");
            const launcher = LAUNCHERS.map((re) => re.exec(simple)).find((m) => m);
            if (!launcher) continue;
            const words = shellWords(simple.slice(launcher[0].length));
            if (words.length === 0) continue;
            const elidedAt = words.findIndex((w) => w === "…" || w === "..." || w === "<command>");
            // Code in prose names a command (`lighthouse-pec template` writes ...): its flags must exist, but
            // required options may be left out. Code blocks are run as written.
            commands.push({
                where: `${file}:${line}`,
                args: elidedAt < 0 ? words : words.slice(0, elidedAt),
                elided: inline || elidedAt >= 0,
            });
        }
    }
    return commands.filter((c) => c.args.length > 0);
}

/** The result of parsing one command: null when commander accepted it, else its error code and message. */
export interface ParseProblem {
    /** commander's error code, e.g. `commander.unknownOption`. */
    code: string;
    /** What commander printed. */
    message: string;
}

function silence(command: Command, errors: string[]): void {
    command.exitOverride().configureOutput({
        writeOut: () => undefined,
        writeErr: (t) => {
            errors.push(t);
        },
    });
    if (command.commands.length === 0) command.action(() => undefined);
    for (const sub of command.commands) silence(sub, errors);
}

/**
 * Parses `args` with the real `lighthouse-pec` program, every action replaced by a no-op.
 * @param args the words after `lighthouse-pec`
 * @param elided whether arguments were left out (then a missing required option is accepted)
 */
export async function parseWithCli(args: string[], elided = false): Promise<ParseProblem | null> {
    const errors: string[] = [];
    const program = buildProgram(
        {
            out: () => undefined,
            err: (t) => {
                errors.push(t);
            },
            stdoutIsTTY: false,
            stderrIsTTY: false,
            env: {},
        },
        {},
        () => undefined,
    );
    silence(program, errors);
    try {
        await program.parseAsync(args, { from: "user" });
        return null;
    } catch (e) {
        if (!(e instanceof CommanderError)) throw e;
        if (["commander.helpDisplayed", "commander.help", "commander.version"].includes(e.code)) return null;
        if (elided && e.code === "commander.missingMandatoryOptionValue") return null;
        return { code: e.code, message: errors.join("").trim() || e.message };
    }
}
