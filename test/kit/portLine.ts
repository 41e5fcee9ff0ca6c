// Plugins started by the Pulumi engine (provider hosts, policy packs) print the port of their gRPC server as the
// first line of stdout that is a number; the engine waits for it.
import { ChildProcess } from "node:child_process";
import * as readline from "node:readline";

/**
 * Resolves with the port the child prints, or rejects when it exits first or prints none in time.
 * @param child the plugin process (stdout piped)
 * @param timeoutMs how long to wait
 * @param why what to add to an error: e.g. the child's stderr so far
 */
export function readPortLine(child: ChildProcess, timeoutMs: number, why: () => string): Promise<number> {
    const lines = readline.createInterface({ input: child.stdout! });
    return new Promise<number>((resolve, reject) => {
        let port: number | undefined;
        const fail = (what: string) => reject(new Error(`${what}; ${why()}`));
        const timer = setTimeout(() => fail(`no port printed within ${timeoutMs} ms`), timeoutMs);
        lines.on("line", (line) => {
            if (port === undefined && /^\d+$/.test(line.trim())) {
                port = Number(line.trim());
                clearTimeout(timer);
                resolve(port);
            }
        });
        child.once("exit", (code, signal) => {
            clearTimeout(timer);
            if (port === undefined) {
                // After the last stderr chunks have arrived.
                setImmediate(() => fail(`exited with ${signal ?? code} before printing a port`));
            }
        });
    });
}
