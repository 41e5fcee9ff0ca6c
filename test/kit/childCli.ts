/** Runs the real `lighthouse-pec` CLI as a child process (the only way to see hangs, EPIPE and npm's directories). */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ensureBuilt } from "./builtOutput";

/**
 * The CLI's entry point, compiled, as `npm run lighthouse-pec` and the installed `lighthouse-pec` run it (0.3 s to
 * start instead of 2.5 s through ts-node); {@link runChild} builds it first when it is older than the source.
 */
export const CLI_MAIN = join(__dirname, "..", "..", "bin", "cli", "main.js");

/** What a child run produced. */
export interface ChildRun {
    /** Exit status, or null when killed. */
    code: number | null;
    /** The signal that ended it, when killed (e.g. after the time limit). */
    signal: NodeJS.Signals | null;
    /** Standard output. */
    stdout: string;
    /** Standard error. */
    stderr: string;
}

/** Options of {@link runChild}. */
export interface ChildOptions {
    /** Working directory (default this process's). */
    cwd?: string;
    /** Extra environment variables (on top of PATH and HOME only: nothing of npm's leaks in from the test runner). */
    env?: NodeJS.ProcessEnv;
    /** Kill the child after this many milliseconds (default 45 s): a hang fails the test instead of blocking it. */
    killAfterMs?: number;
    /** Close our end of the child's stdout after its first bytes, as `| head -c 1` does. */
    closeStdoutEarly?: boolean;
}

/**
 * Runs `lighthouse-pec ...args` in a child Node process.
 * @param args the arguments after the program name
 * @param options directory, environment, time limit
 */
export async function runChild(args: string[], options: ChildOptions = {}): Promise<ChildRun> {
    await ensureBuilt();
    const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...options.env,
    };
    // An absolute path: the child may run in a directory without node_modules.
    const child = spawn(process.execPath, [CLI_MAIN, ...args], {
        cwd: options.cwd,
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString("utf8");
        if (options.closeStdoutEarly) child.stdout.destroy();
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 45_000);
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code, signal) => {
            clearTimeout(timer);
            resolve({ code, signal, stdout, stderr });
        });
    });
}
