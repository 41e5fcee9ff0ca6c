import { isUserFacing } from "../core/errors";
import { ConfigurationError } from "../core/validation/findings";
import { CliIo, EXIT } from "./io";

/** Where a command writes: stdout for results, stderr for findings and errors. */
export interface CommandIo {
    /** Writes a line of normal output. */
    out(line: string): void;
    /** Writes a line of diagnostics. */
    err(line: string): void;
}

/** Writes to the process's stdout and stderr. */
export const processLineIo: CommandIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Prints why a command wrote nothing.
 * @param err what was thrown: a rejected configuration, a file that cannot be read or written, or anything else
 * @param io where to print
 * @returns the error's exit status (2; 1 means "problems found", which a failure is not)
 */
export function reportConfigurationError(err: unknown, io: CommandIo): number {
    if (!isUserFacing(err)) {
        io.err(`error: unexpected: ${(err as Error)?.message ?? String(err)}`);
        return EXIT.badInput;
    }
    io.err(err instanceof ConfigurationError ? err.message : `error: ${err.message}`);
    return err.exitCode;
}

/**
 * Line-oriented view of the CLI's streams.
 * @param io the CLI's streams
 */
export function lineIo(io: CliIo): CommandIo {
    return { out: (line) => io.out(`${line}\n`), err: (line) => io.err(`${line}\n`) };
}
