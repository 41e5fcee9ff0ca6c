// Starts a source-based Node.js plugin package the way the Pulumi CLI does for `pulumi package add` and for every
// preview or up of a program that uses it. The engine finds PulumiPlugin.yaml in the package directory and asks the
// Node.js language host to RunPlugin (pulumi/pulumi pkg/resource/plugin/plugin.go); the host runs
// `node <@pulumi/pulumi/cmd/run-plugin, resolved from the package directory> <package directory> <engine address>`
// in the program's directory (sdk/nodejs/cmd/pulumi-language-nodejs/main.go, RunPlugin); run-plugin `require`s the
// directory, i.e. its package.json `main`. The component provider prints its port; then GetSchema over gRPC.
import * as os from "node:os";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { readPortLineMessage } from "./portLine";
import { PluginProcess } from "./pluginProcess";

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

/** A running plugin and a provider client connected to it. Always {@link close} it. */
export class PluginHarness {
    private constructor(
        private readonly plugin: PluginProcess,
        private client: provrpc.ResourceProviderClient | undefined,
        private readonly callTimeoutMs: number,
    ) {}

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
        const plugin = await PluginProcess.start({
            args: (engineAddress) => PluginHarness.commandLine(packageDir, engineAddress, options.program),
            cwd: options.cwd ?? os.tmpdir(),
            startTimeoutMs: options.startTimeoutMs ?? 120_000,
            failureMessage: (reason, stderrTail) =>
                readPortLineMessage(reason, `plugin harness: stderr: ${stderrTail}`),
        });
        const client = new provrpc.ResourceProviderClient(plugin.address, grpc.credentials.createInsecure());
        return new PluginHarness(plugin, client, options.callTimeoutMs ?? 120_000);
    }

    /** What the plugin wrote to stderr. */
    get stderr(): string {
        return this.plugin.stderr;
    }

    /** The plugin's process ID. */
    get pid(): number | undefined {
        return this.plugin.pid;
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
                    ? reject(new Error(`GetSchema failed: ${err.details}; stderr: ${this.plugin.stderrTail}`))
                    : resolve(r),
            ),
        );
        return res.getSchema();
    }

    /** Closes the connection and stops the plugin (SIGTERM, then SIGKILL after 3 s) and the fake engine. */
    async close(): Promise<void> {
        this.client?.close();
        this.client = undefined;
        await this.plugin.close();
    }
}
