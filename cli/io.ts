import type { Agent } from "node:http";
import type { RetryClock } from "../azure/retryClock";

/** Where a command writes, and what it may know about the terminal (injectable for tests). */
export interface CliIo {
    /** Writes to standard output. */
    out(text: string): void;
    /** Writes to standard error. */
    err(text: string): void;
    /** Whether standard output is a terminal (chooses the default format). */
    stdoutIsTTY: boolean;
    /** Whether standard error is a terminal (progress is shown only then). */
    stderrIsTTY: boolean;
    /** Environment variables (secrets are read from here, never from flags). */
    env: NodeJS.ProcessEnv;
}

/** Things tests inject that have no command-line flag. */
export interface CliDeps {
    /** HTTP(S) agent for every Azure call (tests: one trusting the fake's CA). */
    agent?: Agent;
    /** Clock for retries and polling (tests: virtual time). */
    clock?: Partial<RetryClock>;
}

/** The real process's IO. */
export function processIo(): CliIo {
    return {
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
        stdoutIsTTY: Boolean(process.stdout.isTTY),
        stderrIsTTY: Boolean(process.stderr.isTTY),
        env: process.env,
    };
}

/** Exit statuses shared by the commands. */
export const EXIT = { ok: 0, problems: 1, badInput: 2 } as const;
