#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { HELP_MARKING_REQUIRED } from "./helpText";
import { secretsOfRun } from "./credentialOptions";
import { reportFailure } from "./failure";
import { CliDeps, CliIo, EXIT, processIo } from "./io";
import { registerVerify } from "./verify";
import { registerTemplate } from "./template";
import { registerImportFile } from "./importFile";
import { registerDoctor } from "./doctor";
import { registerWatch } from "./watch";
import { registerNewCustomer } from "./newCustomer";
import { registerFleet } from "./fleet";
import { registerChangedStacks } from "./changedStacks";
import { resolvePathOptions, userDirectory } from "./options";

/** A subcommand: adds itself to the program and reports its exit status through `setExit`. */
export type RegisterCommand = (program: Command, io: CliIo, deps: CliDeps, setExit: (code: number) => void) => void;

/** The subcommands, in help order. Add new ones here (each in its own file). */
export const COMMANDS: RegisterCommand[] = [
    registerVerify,
    registerTemplate,
    registerImportFile,
    registerDoctor,
    registerWatch,
    registerNewCustomer,
    registerFleet,
    registerChangedStacks,
];

/**
 * Builds the `lighthouse-pec` program.
 * @param io output streams and terminal facts
 * @param deps injected agent and clock (tests)
 * @param setExit receives the exit status of the command that ran
 */
export function buildProgram(io: CliIo, deps: CliDeps, setExit: (code: number) => void): Command {
    const program = new Command("lighthouse-pec")
        .description(
            "Earn and prove Microsoft partner earned credit (PEC) on customers managed through Azure Lighthouse",
        )
        .version(packageVersion())
        .exitOverride()
        .configureOutput(output(io))
        // Inherited by every subcommand added below: required options say "(required)".
        .configureHelp(HELP_MARKING_REQUIRED)
        .addHelpText(
            "after",
            [
                "",
                "Exit status: 0 ok, 1 problems found (e.g. a subscription without PEC), 2 bad input, usage or an error.",
                "Relative paths are taken from the directory you run the command in (also through `npm run -s lighthouse-pec -- ...`).",
            ].join("\n"),
        );
    // Under `npm run`, the process runs in the package root; paths the user typed are relative to where they stand.
    program.hook("preAction", (_root, command) => resolvePathOptions(command, userDirectory(io.env)));
    for (const register of COMMANDS) register(program, io, deps, setExit);
    for (const command of program.commands) command.exitOverride().configureOutput(output(io));
    return program;
}

/** Commander's output to `io`; its error messages never echo a value that may be a secret. */
function output(io: CliIo): {
    writeOut(t: string): void;
    writeErr(t: string): void;
    outputError(t: string, write: (t: string) => void): void;
} {
    return {
        writeOut: (t) => io.out(t),
        writeErr: (t) => io.err(t),
        outputError: (t, write) => write(withoutValues(t)),
    };
}

/**
 * A commander error without the values it quotes: `--name=value` (an unknown option, e.g. a
 * mistyped `--client-secret=…`) keeps only the name; an invalid argument is shown only when it is
 * a short plain word (a secret pasted into the wrong place is not).
 */
export function withoutValues(message: string): string {
    return message
        .replace(/'(--?[\w-]+)=[^']*'/g, "'$1=…' (value not shown)")
        .replace(/argument '([^']*)' is invalid/g, (all, v: string) =>
            /^[\w.-]{1,24}$/.test(v) ? all : "argument (not shown) is invalid",
        );
}

/**
 * Runs the CLI and returns the exit status: 0 fine, 1 problems found, 2 bad input (with a message
 * naming what is wrong — never a stack trace, unless LIGHTHOUSE_PEC_DEBUG is set).
 * @param argv full argv (node, script, args...)
 * @param io output streams and terminal facts
 * @param deps injected agent and clock (tests)
 */
export async function main(argv: string[], io: CliIo = processIo(), deps: CliDeps = {}): Promise<number> {
    let code: number = EXIT.ok;
    const program = buildProgram(io, deps, (c) => (code = c));
    try {
        await program.parseAsync(argv);
        return code;
    } catch (e) {
        if (e instanceof CommanderError) {
            // "commander.help" with a non-zero exitCode: help shown because no subcommand was given, a usage error.
            const asked =
                e.code === "commander.helpDisplayed" ||
                e.code === "commander.version" ||
                (e.code === "commander.help" && e.exitCode === 0);
            return asked ? EXIT.ok : EXIT.badInput;
        }
        const name = program.args[0] ? `lighthouse-pec ${program.args[0]}` : "lighthouse-pec";
        const ran = program.commands.find((c) => c.name() === program.args[0]);
        return reportFailure(e, name, io, secretsOfRun(ran?.opts() ?? {}, io.env));
    }
}

/** The package version, from source (`cli/`) or compiled (`bin/cli/`) layout. */
function packageVersion(): string {
    for (const path of ["../package.json", "../../package.json"]) {
        try {
            const pkg = require(path) as { name?: string; version?: string };
            if (pkg.name === "lighthouse-pec" && pkg.version) return pkg.version;
        } catch {
            // not this layout
        }
    }
    return "0.0.0";
}

/**
 * Ends the process quietly (exit 0) when standard output is closed early, as in `lighthouse-pec verify | head`:
 * nobody is left to read the rest, which is not an error (without this: an EPIPE stack trace, exit 1).
 */
export function endQuietlyWhenStdoutCloses(): void {
    process.stdout.on("error", (err: NodeJS.ErrnoException) => {
        if (err.code === "EPIPE") process.exit(EXIT.ok);
        throw err;
    });
    process.stderr.on("error", () => undefined);
}

if (require.main === module) {
    endQuietlyWhenStdoutCloses();
    void main(process.argv).then((code) => {
        process.exitCode = code;
    });
}
