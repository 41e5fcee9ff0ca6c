import { ConfigurationError } from "../components/validation/findings";
import { CliIo, EXIT } from "./io";

/** Where a command writes: stdout for results, stderr for findings and errors. */
export interface CommandIo {
    /** Writes a line of normal output. */
    out(line: string): void;
    /** Writes a line of diagnostics. */
    err(line: string): void;
}

/** Exit status when something other than the configuration failed (e.g. the output directory is not writable). */
export const EXIT_FAILED = 1;

/** Writes to the process's stdout and stderr. */
export const processLineIo: CommandIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Prints why a command wrote nothing.
 * @param err what was thrown
 * @param io where to print
 * @returns `EXIT.badInput` (2) for a rejected configuration, {@link EXIT_FAILED} (1) for anything else
 */
export function reportConfigurationError(err: unknown, io: CommandIo): number {
    if (err instanceof ConfigurationError) {
        io.err(err.message);
        return EXIT.badInput;
    }
    io.err(`error: ${(err as Error).message ?? String(err)}`);
    return EXIT_FAILED;
}

/**
 * Line-oriented view of the CLI's streams.
 * @param io the CLI's streams
 */
export function lineIo(io: CliIo): CommandIo {
    return { out: (line) => io.out(`${line}\n`), err: (line) => io.err(`${line}\n`) };
}
