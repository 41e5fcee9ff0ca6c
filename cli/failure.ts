import { redact } from "../azure/errors";
import { AzureCallError, isUserFacing } from "../core/errors";
import { escapeTerminal } from "../pec/format/cells";
import { inFlagTerms } from "./credentialOptions";
import { CliIo, EXIT } from "./io";

/**
 * Prints why a command failed and returns the exit status to end with: the one place the CLI words a failure, and
 * the one redaction every such message passes (secrets, SAS signatures), whichever layer wrote it. A user-facing
 * error (core/errors) is printed as it is, with its exit status, an Azure one in the CLI's flag names
 * (`--tenant-id`, not `credential.tenantId`); anything else is a bug, printed as an unexpected error (its stack only
 * with LIGHTHOUSE_PEC_DEBUG set) with exit status 2.
 * @param err - what the command threw
 * @param command - the command, as the message starts: `lighthouse-pec doctor`
 * @param io - where to print, and the environment (LIGHTHOUSE_PEC_DEBUG)
 * @param secrets - values never to print (see `secretsOfRun`)
 */
export function reportFailure(
    err: unknown,
    command: string,
    io: CliIo,
    secrets: ReadonlyArray<string | undefined>,
): number {
    if (isUserFacing(err)) {
        const text = err instanceof AzureCallError ? inFlagTerms(err.message) : err.message;
        // Messages quote file names and values from the data: shown, never acted on by the terminal.
        io.err(`${command}: ${escapeTerminal(redact(text, secrets))}\n`);
        return err.exitCode;
    }
    io.err(
        `${command}: unexpected error: ${escapeTerminal(redact(String((err as Error)?.message ?? err), secrets))}\n`,
    );
    if (io.env.LIGHTHOUSE_PEC_DEBUG)
        io.err(`${escapeTerminal(redact(String((err as Error)?.stack ?? ""), secrets))}\n`);
    return EXIT.badInput;
}
