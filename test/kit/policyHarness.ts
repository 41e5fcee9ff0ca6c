// Drives a Node policy pack over the analyzer gRPC protocol, the way the Pulumi CLI does for
// `pulumi preview --policy-pack <dir>`: its `pulumi-analyzer-policy` plugin resolves
// `@pulumi/pulumi/cmd/run-policy-pack` from the pack's directory and runs it with node, in that directory, with
// the engine address and "." as arguments; the pack prints the port of its Analyzer service on stdout. Then
// GetAnalyzerInfo, Configure and Analyze (with `options` and `provider`, as the engine sends them).
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { noPortPhrase } from "./portLine";
import { PluginProcess } from "./pluginProcess";
import { WireObject } from "./wireValues";

/** One policy as GetAnalyzerInfo describes it. */
export interface PolicyDescription {
    name: string;
    description: string;
    /** "advisory" | "mandatory" | "remediate" | "disabled". */
    enforcementLevel: string;
    /** Property names of the policy's config schema. */
    configKeys: string[];
}

/** One diagnostic of Analyze. */
export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    message: string;
    /** "advisory" | "mandatory" | ... */
    enforcementLevel: string;
}

/** A resource as the engine sends it to Analyze. */
export interface AnalyzedResource {
    type: string;
    name: string;
    /** The resource's inputs, in wire form (unknowns as the unknown sentinel). */
    properties: WireObject;
    /** The parent's URN, if any. */
    parent?: string;
    /** The URN (default: derived from type and name). */
    urn?: string;
}

const LEVELS = ["advisory", "mandatory", "disabled", "remediate"];

/** A running policy pack and a client connected to it. Always {@link close} it. */
export class PolicyHarness {
    private constructor(
        private readonly pack: PluginProcess,
        private client: analyzerrpc.AnalyzerClient | undefined,
        private readonly callTimeoutMs: number,
    ) {}

    /**
     * Starts the pack in `packDir` as the CLI does and connects to it.
     * @param packDir the policy pack's directory (with PulumiPolicy.yaml)
     * @param startTimeoutMs how long to wait for the port
     */
    static async start(packDir: string, startTimeoutMs = 90_000, callTimeoutMs = 30_000): Promise<PolicyHarness> {
        const entry = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        const pack = await PluginProcess.start({
            args: (engineAddress) => [entry, engineAddress, "."],
            cwd: packDir,
            startTimeoutMs,
            failureMessage: (reason, stderrTail) =>
                `policy harness: the pack ${noPortPhrase(reason)}; stderr: ${stderrTail}`,
        });
        const client = new analyzerrpc.AnalyzerClient(pack.address, grpc.credentials.createInsecure());
        return new PolicyHarness(pack, client, callTimeoutMs);
    }

    /** What the pack wrote to stderr. */
    get stderr(): string {
        return this.pack.stderr;
    }

    /** The pack's process ID. */
    get pid(): number | undefined {
        return this.pack.pid;
    }

    /** GetAnalyzerInfo: the pack's name, version and policies. */
    async info(): Promise<{ name: string; version: string; supportsConfig: boolean; policies: PolicyDescription[] }> {
        const res = await this.call<emptyproto.Empty, analyzerproto.AnalyzerInfo>(
            "getAnalyzerInfo",
            new emptyproto.Empty(),
        );
        return {
            name: res.getName(),
            version: res.getVersion(),
            supportsConfig: res.getSupportsconfig(),
            policies: res.getPoliciesList().map((p) => ({
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: LEVELS[p.getEnforcementlevel()] ?? String(p.getEnforcementlevel()),
                configKeys: Object.keys(p.getConfigschema()?.getProperties()?.toJavaScript() ?? {}),
            })),
        };
    }

    /**
     * Configure: per-policy configuration, as from `--policy-pack-config`.
     * @param config policy name → its properties (without enforcementLevel)
     */
    async configure(config: Record<string, Record<string, unknown>>): Promise<void> {
        const req = new analyzerproto.ConfigureAnalyzerRequest();
        for (const [name, properties] of Object.entries(config)) {
            const policyConfig = new analyzerproto.PolicyConfig()
                .setEnforcementlevel(analyzerproto.EnforcementLevel.MANDATORY)
                .setProperties(
                    structproto.Struct.fromJavaScript(properties as Record<string, structproto.JavaScriptValue>),
                );
            req.getPolicyconfigMap().set(name, policyConfig);
        }
        await this.call("configure", req);
    }

    /**
     * Analyze: one resource's inputs before it is created or updated.
     * @param resource the resource as the engine sends it
     */
    async analyze(resource: AnalyzedResource): Promise<Diagnostic[]> {
        const urn = resource.urn ?? `urn:pulumi:dev::customer::${resource.type}::${resource.name}`;
        const options = new analyzerproto.AnalyzerResourceOptions()
            .setProtect(false)
            .setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts())
            .setParent(resource.parent ?? "");
        const provider = new analyzerproto.AnalyzerProviderResource()
            .setType(`pulumi:providers:${resource.type.split(":")[0]}`)
            .setName("default")
            .setUrn(`urn:pulumi:dev::customer::pulumi:providers:${resource.type.split(":")[0]}::default`)
            .setProperties(structproto.Struct.fromJavaScript({}));
        const req = new analyzerproto.AnalyzeRequest()
            .setType(resource.type)
            .setName(resource.name)
            .setUrn(urn)
            .setProperties(
                structproto.Struct.fromJavaScript(resource.properties as Record<string, structproto.JavaScriptValue>),
            )
            .setOptions(options)
            .setProvider(provider);
        const res = await this.call<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>("analyze", req);
        return res.getDiagnosticsList().map((d) => ({
            policyName: d.getPolicyname(),
            policyPackName: d.getPolicypackname(),
            message: d.getMessage(),
            enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? String(d.getEnforcementlevel()),
        }));
    }

    /** Closes the connection and stops the pack (SIGTERM, then SIGKILL after 3 s) and the fake engine. */
    async close(): Promise<void> {
        this.client?.close();
        this.client = undefined;
        await this.pack.close();
    }

    private call<Req, Res>(fn: "getAnalyzerInfo" | "configure" | "analyze", req: Req): Promise<Res> {
        const client = this.client;
        if (!client) {
            return Promise.reject(new Error(`policy harness: ${fn} called on a closed harness`));
        }
        const deadline = Date.now() + this.callTimeoutMs;
        const rpc = (client[fn] as unknown as (...args: unknown[]) => grpc.ClientUnaryCall).bind(client);
        return new Promise<Res>((resolve, reject) =>
            rpc(req, new grpc.Metadata(), { deadline }, (err: grpc.ServiceError | null, res: Res) =>
                err ? reject(new Error(`${fn} failed: ${err.details}; stderr: ${this.pack.stderrTail}`)) : resolve(res),
            ),
        );
    }
}
