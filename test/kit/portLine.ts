// Plugins started by the Pulumi engine (provider hosts, policy packs) print the port of their gRPC server as the
// first line of stdout that is a number; the engine waits for it.
import { ChildProcess } from "node:child_process";
import * as readline from "node:readline";

/** Why a plugin printed no port: it took too long, it exited first, or it could not be started. */
export type NoPortReason =
    | { kind: "timeout"; timeoutMs: number }
    | { kind: "exited"; exitedWith: string }
    | { kind: "spawnFailed"; message: string };

/** Options of {@link waitForPortLine}. */
export interface PortLineOptions {
    /** How long to wait for the port. */
    timeoutMs: number;
    /** The error message for a reason; called after the child's last stderr chunk has arrived. */
    failureMessage: (reason: NoPortReason) => string;
    /** Called with each stdout line that is not the port line. */
    onOtherLine?: (line: string) => void;
}

/**
 * Resolves with the port the child prints, or rejects when it exits first, cannot start or prints none in time.
 * @param child the plugin process (stdout piped)
 * @param options time limit, error message, other stdout lines
 */
export function waitForPortLine(child: ChildProcess, options: PortLineOptions): Promise<number> {
    const lines = readline.createInterface({ input: child.stdout! });
    return new Promise<number>((resolve, reject) => {
        let port: number | undefined;
        const fail = (reason: NoPortReason) => reject(new Error(options.failureMessage(reason)));
        const timer = setTimeout(() => fail({ kind: "timeout", timeoutMs: options.timeoutMs }), options.timeoutMs);
        lines.on("line", (line) => {
            if (port === undefined && /^\d+$/.test(line.trim())) {
                port = Number(line.trim());
                clearTimeout(timer);
                resolve(port);
            } else {
                options.onOtherLine?.(line);
            }
        });
        child.once("exit", (code, signal) => {
            clearTimeout(timer);
            if (port === undefined) {
                // After the last stderr chunks have arrived.
                setImmediate(() => fail({ kind: "exited", exitedWith: String(signal ?? code) }));
            }
        });
        child.once("error", (err) => {
            clearTimeout(timer);
            fail({ kind: "spawnFailed", message: err.message });
        });
    });
}

/**
 * The usual phrase for a reason: "printed no port within N ms", "exited with X before printing a port",
 * "could not start: ...".
 * @param reason why no port was printed
 */
export function noPortPhrase(reason: NoPortReason): string {
    switch (reason.kind) {
        case "timeout":
            return `printed no port within ${reason.timeoutMs} ms`;
        case "exited":
            return `exited with ${reason.exitedWith} before printing a port`;
        case "spawnFailed":
            return `could not start: ${reason.message}`;
    }
}

/**
 * The message the plugin harness and the start-up bench give: "no port printed within N ms" (or the usual phrase), then what `why` adds.
 * @param reason why no port was printed
 * @param why what to add: e.g. the child's stderr so far
 */
export function readPortLineMessage(reason: NoPortReason, why: string): string {
    const phrase = reason.kind === "timeout" ? `no port printed within ${reason.timeoutMs} ms` : noPortPhrase(reason);
    return `${phrase}; ${why}`;
}
