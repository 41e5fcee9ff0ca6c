/** Runs the CLI in-process with captured output. */
import { main } from "../../cli/main";
import type { CliDeps, CliIo } from "../../cli/io";

/** What a CLI run produced. */
export interface CliRun {
    /** The exit status. */
    code: number;
    /** Everything written to standard output. */
    stdout: string;
    /** Everything written to standard error. */
    stderr: string;
}

/** CLI streams that keep everything written, for tests that call a command's `run...` function directly. */
export type CapturingIo = CliIo & { stdout: string; stderr: string };

/**
 * Streams that append to `stdout` and `stderr`.
 * @param tty whether both streams claim to be a terminal
 * @param env the environment the command sees
 */
export function capturingIo(tty = false, env: NodeJS.ProcessEnv = {}): CapturingIo {
    const io: CapturingIo = {
        stdout: "",
        stderr: "",
        stdoutIsTTY: tty,
        stderrIsTTY: tty,
        env,
        out: (t) => {
            io.stdout += t;
        },
        err: (t) => {
            io.stderr += t;
        },
    };
    return io;
}

/**
 * Runs `lighthouse-pec ...args` in this process.
 * @param args the arguments after the program name
 * @param options env, TTY flags and injected deps
 */
export async function runCli(
    args: string[],
    options: { env?: NodeJS.ProcessEnv; tty?: boolean; deps?: CliDeps } = {},
): Promise<CliRun> {
    const io = capturingIo(options.tty, options.env);
    const code = await main(["node", "lighthouse-pec", ...args], io, options.deps ?? {});
    return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Non-terminal CLI streams with an empty environment that collect stdout and stderr together, in order. */
export function interleavedIo(): CliIo & { text(): string } {
    const chunks: string[] = [];
    return {
        out: (t) => chunks.push(t),
        err: (t) => chunks.push(t),
        stdoutIsTTY: false,
        stderrIsTTY: false,
        env: {},
        text: () => chunks.join(""),
    };
}
