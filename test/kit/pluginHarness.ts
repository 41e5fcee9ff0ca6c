// Starts a source-based Node.js plugin package the way the Pulumi CLI does for `pulumi package add` and for every
// preview or up of a program that uses it. The engine finds PulumiPlugin.yaml in the package directory and asks the
// Node.js language host to RunPlugin (pulumi/pulumi pkg/resource/plugin/plugin.go); the host runs
// `node <@pulumi/pulumi/cmd/run-plugin, resolved from the package directory> <package directory> <engine address>`
// in the program's directory (sdk/nodejs/cmd/pulumi-language-nodejs/main.go, RunPlugin); run-plugin `require`s the
// directory, i.e. its package.json `main`. The component provider prints its port; then GetSchema over gRPC.
import { ChildProcess, spawn } from "node:child_process";
import * as os from "node:os";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { FakeEngine, startFakeEngine } from "./fakeEngine";
import { readPortLine } from "./portLine";

/** Options of {@link PluginHarness.start}. */
export interface PluginHarnessOptions {
    /** The consuming program's directory, where the plugin runs (default: the OS temp directory). */
    cwd?: string;
    /** What run-plugin loads (default: the package directory itself, so its package.json `main`). */
    program?: string;
    /** How long to wait for the port. Default 120 s. */
    startTimeoutMs?: number;
    /** gRPC deadline of each call. Default 120 s. */
    callTimeoutMs?: number;
}

const live = new Set<ChildProcess>();
process.once("exit", () => live.forEach((child) => child.kill("SIGKILL")));

/** A running plugin and a provider client connected to it. Always {@link close} it. */
export class PluginHarness {
    private stderrText = "";

    private constructor(
        private readonly child: ChildProcess,
        private readonly engine: FakeEngine,
        private client: provrpc.ResourceProviderClient | undefined,
        private readonly callTimeoutMs: number,
    ) {
        live.add(child);
        child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (this.stderrText += chunk));
    }

    /**
     * The command line the Node.js language host runs for a plugin package.
     * @param packageDir the plugin package's directory (with PulumiPlugin.yaml and node_modules)
     * @param engineAddress the engine's gRPC address
     * @param program what run-plugin loads (default: the package directory)
     */
    static commandLine(packageDir: string, engineAddress: string, program = packageDir): string[] {
        const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [packageDir] });
        return [runPlugin, program, engineAddress];
    }

    /**
     * Starts the plugin as the language host does and connects to it.
     * @param packageDir the plugin package's directory
     * @param options where it runs, what it loads, time limits
     */
    static async start(packageDir: string, options: PluginHarnessOptions = {}): Promise<PluginHarness> {
        const engine = await startFakeEngine();
        const child = spawn(process.execPath, PluginHarness.commandLine(packageDir, engine.address, options.program), {
            cwd: options.cwd ?? os.tmpdir(),
            stdio: ["ignore", "pipe", "pipe"],
        });
        const harness = new PluginHarness(child, engine, undefined, options.callTimeoutMs ?? 120_000);
        try {
            const port = await readPortLine(
                child,
                options.startTimeoutMs ?? 120_000,
                () => `plugin harness: stderr: ${harness.stderrText.slice(-2000)}`,
            );
            harness.client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            return harness;
        } catch (err) {
            await harness.close();
            throw err;
        }
    }

    /** What the plugin wrote to stderr. */
    get stderr(): string {
        return this.stderrText;
    }

    /** The plugin's process ID. */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** GetSchema: the package schema, as the JSON text the plugin returns. */
    async getSchema(): Promise<string> {
        const client = this.client;
        if (!client) {
            throw new Error("plugin harness: getSchema called on a closed harness");
        }
        const deadline = Date.now() + this.callTimeoutMs;
        const res = await new Promise<provproto.GetSchemaResponse>((resolve, reject) =>
            client.getSchema(new provproto.GetSchemaRequest(), new grpc.Metadata(), { deadline }, (err, r) =>
                err
                    ? reject(new Error(`GetSchema failed: ${err.details}; stderr: ${this.stderrText.slice(-2000)}`))
                    : resolve(r),
            ),
        );
        return res.getSchema();
    }

    /** Closes the connection and stops the plugin (SIGTERM, then SIGKILL after 3 s) and the fake engine. */
    async close(): Promise<void> {
        this.client?.close();
        this.client = undefined;
        this.engine.close();
        if (this.child.exitCode === null && this.child.signalCode === null) {
            const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
            this.child.kill("SIGTERM");
            const timer = setTimeout(() => this.child.kill("SIGKILL"), 3_000);
            await exited;
            clearTimeout(timer);
        }
        live.delete(this.child);
    }
}
