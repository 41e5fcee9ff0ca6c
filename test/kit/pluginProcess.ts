// The process side shared by the plugin, policy and engine harnesses: start `node <args>` with the address of a
// fake engine (as the Pulumi engine starts a plugin), collect its output, wait for its port line, and stop it.
import { ChildProcess, spawn } from "node:child_process";
import { FakeEngine, startFakeEngine } from "./fakeEngine";
import { NoPortReason, waitForPortLine } from "./portLine";

/** Options of {@link PluginProcess.start}. */
export interface PluginProcessOptions {
    /** What node runs, given the fake engine's address. */
    args: (engineAddress: string) => string[];
    /** Where it runs. */
    cwd: string;
    /** Its environment (default: this process's). */
    env?: NodeJS.ProcessEnv;
    /** How long to wait for the port. */
    startTimeoutMs: number;
    /**
     * The error message when no port comes.
     * @param reason why no port was printed
     * @param stderrTail the last 2000 characters the process wrote to stderr
     */
    failureMessage: (reason: NoPortReason, stderrTail: string) => string;
}

/** How long {@link PluginProcess.close} waits after SIGTERM before SIGKILL, and after SIGKILL before giving up. */
const TERM_GRACE_MS = 3_000;
const KILL_GRACE_MS = 2_000;

const live = new Set<PluginProcess>();
process.once("exit", () => live.forEach((plugin) => plugin.killNow()));

/** A plugin process that printed its port, and the fake engine it was given. Always {@link close} it. */
export class PluginProcess {
    private stdoutText = "";
    private stderrText = "";
    private exitText: string | undefined;
    private portNumber = 0;

    private constructor(
        private readonly child: ChildProcess,
        /** The fake engine whose address the process was given. */
        readonly engine: FakeEngine,
    ) {
        live.add(this);
        child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (this.stderrText += chunk));
        child.once("exit", (code, signal) => (this.exitText = `exited with ${signal ?? code}`));
    }

    /**
     * Starts a fake engine and the process, and waits for its port; stops both when no port comes.
     * @param options what to run, where, and how to report a missing port
     */
    static async start(options: PluginProcessOptions): Promise<PluginProcess> {
        const engine = await startFakeEngine();
        const child = spawn(process.execPath, options.args(engine.address), {
            cwd: options.cwd,
            env: options.env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        const plugin = new PluginProcess(child, engine);
        try {
            plugin.portNumber = await waitForPortLine(child, {
                timeoutMs: options.startTimeoutMs,
                failureMessage: (reason) => options.failureMessage(reason, plugin.stderrTail),
                onOtherLine: (line) => (plugin.stdoutText += line + "\n"),
            });
            return plugin;
        } catch (err) {
            await plugin.close();
            throw err;
        }
    }

    /** The port the process printed. */
    get port(): number {
        return this.portNumber;
    }

    /** `127.0.0.1:<port>`, for a gRPC client. */
    get address(): string {
        return `127.0.0.1:${this.portNumber}`;
    }

    /** Everything it wrote to stderr so far. */
    get stderr(): string {
        return this.stderrText;
    }

    /** The last 2000 characters it wrote to stderr (what error messages quote). */
    get stderrTail(): string {
        return this.stderrText.slice(-2000);
    }

    /** Everything it wrote to stdout other than the port line. */
    get stdout(): string {
        return this.stdoutText;
    }

    /** "exited with <code or signal>" once it has exited, else undefined. */
    get exitInfo(): string | undefined {
        return this.exitText;
    }

    /** Its process ID (undefined when it could not be started). */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** Stops the fake engine and the process: SIGTERM, SIGKILL after 3 s, and gives up waiting 2 s later. */
    async close(): Promise<void> {
        this.engine.close();
        if (this.isRunning()) {
            const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
            this.child.kill("SIGTERM");
            const killTimer = setTimeout(() => this.child.kill("SIGKILL"), TERM_GRACE_MS);
            let giveUpTimer: NodeJS.Timeout | undefined;
            const givenUp = new Promise<void>(
                (resolve) => (giveUpTimer = setTimeout(resolve, TERM_GRACE_MS + KILL_GRACE_MS)),
            );
            await Promise.race([exited, givenUp]);
            clearTimeout(killTimer);
            clearTimeout(giveUpTimer);
        }
        live.delete(this);
    }

    /** Synchronous last-resort kill (used on process exit). */
    killNow(): void {
        if (this.isRunning()) {
            this.child.kill("SIGKILL");
        }
    }

    private isRunning(): boolean {
        return (
            this.child.pid !== undefined &&
            this.exitText === undefined &&
            this.child.exitCode === null &&
            this.child.signalCode === null
        );
    }
}
