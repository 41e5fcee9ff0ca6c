// Readable stack failures. The Automation API rejects with a CommandError whose message is the whole
// CommandResult (`code: -2\n stdout: …\n stderr: Command failed with exit code 255: pulumi stack select …`);
// execa's error inside it (`commandResult.err`) carries the command line, Pulumi's own stdout and stderr and the
// exit code. From those: the step that failed (from the command line) and the first line of Pulumi's message
// (its stderr, `error: …`, or the Diagnostics section of its output when the engine reported the error there).

/** A step of a stack's run: `stack select`, `preview`, `up`, `stack output`, `config`, `install`, … */
export type FleetStep = string;

/** What a failed stack reports: the step, the first line of Pulumi's message, and the last lines of its output. */
export interface FailureDescription {
    /** The step that failed, when known (e.g. `stack select`). */
    step?: FleetStep;
    /** The first meaningful line of Pulumi's message. */
    message: string;
    /** The last lines of Pulumi's output (diagnostics or stderr), for the table and the JSON summary. */
    detail: string;
}

/** An error of one step of a stack's run (the workspace names the step it was in). */
export class StackStepError extends Error {
    /**
     * @param step the step the workspace was in
     * @param cause what that step threw
     */
    constructor(
        readonly step: FleetStep,
        override readonly cause: unknown,
    ) {
        super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`);
        this.name = "StackStepError";
    }
}

/** The fields of execa's error (Automation API `commandResult.err`) that name the command and its output. */
interface ExecaLike {
    command?: unknown;
    stdout?: unknown;
    stderr?: unknown;
    exitCode?: unknown;
    code?: unknown;
}

/** The fields of an Automation API CommandError (`err.commandResult`). */
interface CommandResultLike {
    stdout?: unknown;
    stderr?: unknown;
    code?: unknown;
    err?: ExecaLike & { commandResult?: CommandResultLike };
}

/** The CommandResult of a CommandError; the innermost one when the Automation API wrapped one in another. */
function commandResultOf(err: unknown): CommandResultLike | undefined {
    let result = (err as { commandResult?: CommandResultLike } | undefined)?.commandResult;
    // cmd.js re-wraps a CommandError it threw itself (exit code ≠ 0 without execa rejecting): unwrap, boundedly.
    for (let depth = 0; depth < 3 && result?.err?.commandResult; depth++) result = result.err.commandResult;
    return result && typeof result === "object" ? result : undefined;
}

/** Pulumi commands whose second word is part of the step (`stack select`, `config set`, `plugin install`). */
const GROUP_COMMANDS = new Set(["stack", "config", "plugin", "org", "package", "policy"]);

/** Lines Pulumi prints as the last word of a failure that say nothing about its cause. */
const GENERIC = /^(?:update|preview|refresh|destroy|import) failed\.?$/i;

/** Most characters of a message line kept (a provider error can be kilobytes on one line). */
const MESSAGE_MAX = 400;

/** Most lines of detail kept. */
const DETAIL_LINES = 12;

/** Removes terminal colour codes (Pulumi colours its output when it thinks it may). */
export function stripAnsi(text: string): string {
    return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}

/**
 * The step named by a command line: `pulumi stack select --stack x` → `stack select`, `pulumi up --yes` → `up`.
 * @param command the command line as execa reports it
 */
export function stepOfCommand(command: string): FleetStep | undefined {
    const words = command.trim().split(/\s+/);
    const at = words.findIndex((w) => /(?:^|[\\/])pulumi(?:\.exe)?$/i.test(w));
    if (at < 0) return undefined;
    const [first, second] = words.slice(at + 1);
    if (!first || first.startsWith("-")) return undefined;
    return GROUP_COMMANDS.has(first) && second && !second.startsWith("-") ? `${first} ${second}` : first;
}

function text(value: unknown): string {
    return typeof value === "string" ? stripAnsi(value) : "";
}

function nonBlankLines(value: string): string[] {
    return value
        .split(/\r?\n/)
        .map((l) => l.trimEnd())
        .filter((l) => l.trim() !== "");
}

function clip(line: string): string {
    return line.length > MESSAGE_MAX ? `${line.slice(0, MESSAGE_MAX - 1)}…` : line;
}

/** `error: x` → `x`; a heading ending in `:` (`Running program … failed with an unhandled exception:`) joined with the next line. */
function headline(lines: string[]): string | undefined {
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].trim().replace(/^error:\s*/, "");
        if (line === "" || GENERIC.test(line) || /^warning:/i.test(line)) continue;
        if (line.endsWith(":") && i + 1 < lines.length) {
            return clip(`${line} ${lines[i + 1].trim().replace(/^error:\s*/, "")}`);
        }
        return clip(line);
    }
    return undefined;
}

/**
 * The lines of a top-level section of Pulumi's output (`Diagnostics:`, `Policy Violations:`), up to the next
 * top-level heading (`Resources:`, `Outputs:`, `Duration:`, …).
 * @param stdout Pulumi's standard output
 * @param heading the section's heading, without the colon
 */
function section(stdout: string, heading: string): string[] {
    const all = stdout.split(/\r?\n/);
    const start = all.findIndex((l) => l.trim() === `${heading}:`);
    if (start < 0) return [];
    const lines: string[] = [];
    for (const line of all.slice(start + 1)) {
        if (/^\S/.test(line)) break;
        lines.push(line.trimEnd());
    }
    return lines;
}

/**
 * The first resource error of Pulumi's Diagnostics section, with its resource (`type (name): message`), and
 * the stack's own generic one (`preview failed`) when that is all there is.
 * @param lines the section's lines
 */
function diagnosticError(lines: string[]): { specific?: string; generic?: string } {
    let resource = "";
    let generic: string | undefined;
    for (let i = 0; i < lines.length; i++) {
        const heading = /^ {2}(\S.*\S):$/.exec(lines[i]);
        if (heading && !/^\s*error:/.test(lines[i])) {
            resource = heading[1];
            continue;
        }
        const error = /^\s+error:\s*(.*)$/.exec(lines[i]);
        if (!error) continue;
        const where = resource ? `${resource}: ` : "";
        if (GENERIC.test(error[1].trim())) {
            generic ??= clip(`${where}${error[1].trim()}`);
            continue;
        }
        const message = headline([error[1], ...lines.slice(i + 1).map((l) => l.trim())]);
        if (message !== undefined) return { specific: clip(`${where}${message}`), generic };
    }
    return { generic };
}

/** The first mandatory policy violation: `[mandatory] pack v1 policy (resource): its message`. */
function policyViolation(lines: string[]): string | undefined {
    const trimmed = lines.map((l) => l.trim().replace(/\s{2,}/g, " "));
    const at = trimmed.findIndex((l) => /^\[mandatory\]/i.test(l));
    if (at < 0) return undefined;
    const block: string[] = [];
    for (const l of trimmed.slice(at + 1)) {
        if (l === "" || l.startsWith("[")) break;
        block.push(l);
    }
    return clip(
        block.length > 0
            ? `policy violation ${trimmed[at]}: ${block[block.length - 1]}`
            : `policy violation ${trimmed[at]}`,
    );
}

/**
 * Says which step failed and the first line of Pulumi's own message, from whatever a stack's run threw.
 * @param err a {@link StackStepError}, an Automation API CommandError, or any other error
 */
export function describeFailure(err: unknown): FailureDescription {
    let step: FleetStep | undefined;
    let cause = err;
    if (err instanceof StackStepError) {
        step = err.step;
        cause = err.cause;
    }
    const result = commandResultOf(cause);
    if (result) {
        const execa = result.err ?? {};
        step = (typeof execa.command === "string" && stepOfCommand(execa.command)) || step;
        // A failed run: execa's own stdout/stderr; the CommandResult's stderr then holds execa's message instead.
        const stdout = text(execa.stdout ?? result.stdout);
        const stderr = text(execa.stderr ?? (result.err ? "" : result.stderr));
        const diagnostics = section(stdout, "Diagnostics");
        const violations = section(stdout, "Policy Violations");
        const stderrLines = nonBlankLines(stderr);
        const fromDiagnostics = diagnosticError(diagnostics);
        const message =
            headline(stderrLines) ??
            fromDiagnostics.specific ??
            policyViolation(violations) ??
            fromDiagnostics.generic ??
            headline(nonBlankLines(stdout).slice(-DETAIL_LINES)) ??
            launchFailure(execa, result);
        // Pulumi's sections read from the top (resource errors come before the stack's summary line); stderr from the end.
        const sections = [...diagnostics, ...violations].map((l) => l.trim()).filter((l) => l !== "");
        const detailLines = sections.length > 0 ? sections.slice(0, DETAIL_LINES) : stderrLines.slice(-DETAIL_LINES);
        return { step, message, detail: detailLines.join("\n") };
    }
    const lines = nonBlankLines(stripAnsi(cause instanceof Error ? cause.message : String(cause)));
    return {
        step,
        message: headline(lines) ?? (lines[0] ? clip(lines[0].trim()) : "failed without a message"),
        detail: lines.slice(-DETAIL_LINES).join("\n"),
    };
}

/** When Pulumi printed nothing: it could not be started (ENOENT), was killed, or only its exit code is known. */
function launchFailure(execa: ExecaLike, result: CommandResultLike): string {
    if (typeof execa.code === "string") return `pulumi could not be started (${execa.code})`;
    const exit = typeof execa.exitCode === "number" ? execa.exitCode : result.code;
    return `pulumi exited with code ${String(exit)} and printed no error`;
}
