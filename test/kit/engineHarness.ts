// Drives a Node dynamic provider over the engine's gRPC protocol, the way `pulumi up` does:
// start `node node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js <engine-address>` in the
// program's directory, read the port it prints, then Configure/Check/Diff/Create/Read/Update/Delete
// with google.protobuf.Struct properties that carry the serialized `__provider`.
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { EngineLogEntry } from "./fakeEngine";
import { noPortPhrase } from "./portLine";
import { PluginProcess } from "./pluginProcess";
import { isSecret, secret, stripSecrets, WireObject, withoutUndefined } from "./wireValues";

/** Where the engine's `pulumi-resource-pulumi-nodejs` shim finds the host, relative to the program directory. */
export const DYNAMIC_PROVIDER_ENTRY = "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";

/** Options for {@link EngineHarness.start}. */
export interface EngineHarnessOptions {
    /** The Pulumi program's directory: the host starts there, so `require`s in `__provider` resolve from its node_modules. Default: process.cwd(). */
    cwd?: string;
    /** Extra environment for the provider process (merged over process.env; `undefined` removes a variable). */
    env?: Record<string, string | undefined>;
    /** Stack config the engine would pass to Configure (`project:key` → value). Default: none. */
    config?: Record<string, string>;
    /** URN used for calls that do not name one. */
    urn?: string;
    /** How long to wait for the host to print its port. Default 20 s. */
    startTimeoutMs?: number;
    /** gRPC deadline for each call. Default 60 s. */
    callTimeoutMs?: number;
}

/** A provider method failed: the gRPC status and message the engine would show. */
export class ProviderCallError extends Error {
    /**
     * @param method the RPC method, e.g. "Create"
     * @param code the gRPC status code
     * @param details the status message (the provider's error message)
     */
    constructor(
        readonly method: string,
        readonly code: grpc.status,
        readonly details: string,
    ) {
        super(`${method} failed with gRPC ${grpc.status[code] ?? code}: ${details}`);
        this.name = "ProviderCallError";
    }

    /** The status code's name, e.g. "UNKNOWN". */
    get codeName(): string {
        return grpc.status[this.code] ?? String(this.code);
    }
}

/** A check failure as the provider reported it. */
export interface CheckFailure {
    /** The input property at fault. */
    property: string;
    /** Why. */
    reason: string;
}

/** Result of Check. */
export interface CheckResult {
    /** The checked inputs (secrets re-marked as the engine would). */
    inputs: WireObject;
    /** Validation failures; empty when the inputs are valid. */
    failures: CheckFailure[];
}

/** Result of Diff. */
export interface DiffResult {
    /** DIFF_SOME, DIFF_NONE or DIFF_UNKNOWN (the provider returned no `changes`). */
    changes: "some" | "none" | "unknown";
    /** Properties whose change forces a replacement. */
    replaces: string[];
    /** Properties the provider declared stable (the Node host never forwards them). */
    stables: string[];
    /** Whether the replacement deletes first. */
    deleteBeforeReplace: boolean;
}

/** Result of Create, Read and Update. */
export interface ResourceResult {
    /** The resource ID (Create, Read). */
    id: string;
    /** Output properties as the engine would store them: keys that were secret inputs are secret again. */
    outputs: WireObject;
    /** Inputs the provider returned from Read, if any. */
    inputs?: WireObject;
}

/** Options shared by the per-resource calls. */
export interface CallOptions {
    /** The resource's URN (default: the harness's `urn`). */
    urn?: string;
}

/** A running dynamic-provider host and a client connected to it. Always {@link close} it. */
export class EngineHarness {
    private closed = false;
    private acceptsSecrets = false;

    private constructor(
        private readonly host: PluginProcess,
        private client: provrpc.ResourceProviderClient | undefined,
        private readonly options: EngineHarnessOptions,
    ) {}

    /**
     * Starts the host exactly as the engine does, connects, and sends Configure.
     * @param options where to run and how long to wait
     */
    static async start(options: EngineHarnessOptions = {}): Promise<EngineHarness> {
        const cwd = options.cwd ?? process.cwd();
        if (!fs.existsSync(path.join(cwd, DYNAMIC_PROVIDER_ENTRY))) {
            throw new Error(
                `engine harness: ${path.join(cwd, DYNAMIC_PROVIDER_ENTRY)} does not exist; cwd must be a Pulumi program with @pulumi/pulumi installed`,
            );
        }
        const env = { ...process.env, ...options.env };
        for (const [k, v] of Object.entries(env)) {
            if (v === undefined) {
                delete env[k];
            }
        }
        const host = await PluginProcess.start({
            args: (engineAddress) => [DYNAMIC_PROVIDER_ENTRY, engineAddress],
            cwd,
            env,
            startTimeoutMs: options.startTimeoutMs ?? 20_000,
            failureMessage: (reason, stderrTail) =>
                `engine harness: the dynamic-provider host ${noPortPhrase(reason)}; stderr: ${stderrTail}`,
        });
        const client = new provrpc.ResourceProviderClient(host.address, grpc.credentials.createInsecure());
        const harness = new EngineHarness(host, client, options);
        try {
            await harness.configure(options.config ?? {});
            return harness;
        } catch (err) {
            await harness.close();
            throw err;
        }
    }

    /** Everything the provider process wrote to stderr so far (errors it logged, pulumi.log output). */
    get stderr(): string {
        return this.host.stderr;
    }

    /** Everything it wrote to stdout after the port line. */
    get stdout(): string {
        return this.host.stdout;
    }

    /** Log calls the provider made to the (fake) engine service. */
    get engineLogs(): EngineLogEntry[] {
        return this.host.engine.logs;
    }

    /** The process ID of the provider host (to assert it is gone after {@link close}). */
    get pid(): number | undefined {
        return this.host.pid;
    }

    /**
     * Check: validates new inputs against the old ones.
     * @param news the new inputs, including `__provider`
     * @param olds the previous inputs (empty on create)
     */
    async check(news: WireObject, olds: WireObject = {}, opts: CallOptions = {}): Promise<CheckResult> {
        const { plain: plainNews, secretKeys } = this.outgoing(news);
        const req = new provproto.CheckRequest()
            .setUrn(this.urn(opts))
            .setOlds(toStruct(this.outgoing(olds).plain))
            .setNews(toStruct(plainNews))
            .setRandomseed(Buffer.alloc(32));
        const res = await this.call<provproto.CheckRequest, provproto.CheckResponse>("Check", "check", req);
        return {
            inputs: remarkSecrets(fromStruct(res.getInputs()), secretKeys),
            failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    /**
     * Diff: compares the old outputs with the new (checked) inputs.
     * @param id the resource ID
     * @param olds the old outputs (state)
     * @param news the new inputs
     */
    async diff(
        id: string,
        olds: WireObject,
        news: WireObject,
        opts: CallOptions & { oldInputs?: WireObject } = {},
    ): Promise<DiffResult> {
        const req = new provproto.DiffRequest()
            .setId(id)
            .setUrn(this.urn(opts))
            .setOlds(toStruct(this.outgoing(olds).plain))
            .setNews(toStruct(this.outgoing(news).plain))
            .setOldInputs(toStruct(this.outgoing(opts.oldInputs ?? {}).plain));
        const res = await this.call<provproto.DiffRequest, provproto.DiffResponse>("Diff", "diff", req);
        const changes = {
            [provproto.DiffResponse.DiffChanges.DIFF_SOME]: "some",
            [provproto.DiffResponse.DiffChanges.DIFF_NONE]: "none",
        } as Record<number, DiffResult["changes"]>;
        return {
            changes: changes[res.getChanges()] ?? "unknown",
            replaces: res.getReplacesList(),
            stables: res.getStablesList(),
            deleteBeforeReplace: res.getDeletebeforereplace(),
        };
    }

    /**
     * Create: the provider creates the resource from its checked inputs.
     * @param props the checked inputs
     */
    async create(props: WireObject, opts: CallOptions & { timeoutSeconds?: number } = {}): Promise<ResourceResult> {
        const { plain, secretKeys } = this.outgoing(props);
        const req = new provproto.CreateRequest()
            .setUrn(this.urn(opts))
            .setProperties(toStruct(plain))
            .setTimeout(opts.timeoutSeconds ?? 0);
        const res = await this.call<provproto.CreateRequest, provproto.CreateResponse>("Create", "create", req);
        return { id: res.getId(), outputs: remarkSecrets(fromStruct(res.getProperties()), secretKeys) };
    }

    /**
     * Read (refresh): the provider reports the resource's current state.
     * @param id the resource ID
     * @param props the last known outputs
     */
    async read(
        id: string,
        props: WireObject,
        opts: CallOptions & { inputs?: WireObject } = {},
    ): Promise<ResourceResult> {
        const { plain, secretKeys } = this.outgoing(props);
        const inputs = this.outgoing(opts.inputs ?? {});
        const req = new provproto.ReadRequest()
            .setId(id)
            .setUrn(this.urn(opts))
            .setProperties(toStruct(plain))
            .setInputs(toStruct(inputs.plain));
        const res = await this.call<provproto.ReadRequest, provproto.ReadResponse>("Read", "read", req);
        const returnedInputs = res.getInputs();
        return {
            id: res.getId(),
            outputs: remarkSecrets(fromStruct(res.getProperties()), secretKeys),
            inputs: returnedInputs ? remarkSecrets(fromStruct(returnedInputs), inputs.secretKeys) : undefined,
        };
    }

    /**
     * Update: the provider changes the resource in place.
     * @param id the resource ID
     * @param olds the old outputs
     * @param news the new checked inputs
     */
    async update(
        id: string,
        olds: WireObject,
        news: WireObject,
        opts: CallOptions & { oldInputs?: WireObject } = {},
    ): Promise<ResourceResult> {
        const { plain, secretKeys } = this.outgoing(news);
        const req = new provproto.UpdateRequest()
            .setId(id)
            .setUrn(this.urn(opts))
            .setOlds(toStruct(this.outgoing(olds).plain))
            .setNews(toStruct(plain))
            .setOldInputs(toStruct(this.outgoing(opts.oldInputs ?? {}).plain));
        const res = await this.call<provproto.UpdateRequest, provproto.UpdateResponse>("Update", "update", req);
        return { id, outputs: remarkSecrets(fromStruct(res.getProperties()), secretKeys) };
    }

    /**
     * Delete: the provider removes the resource.
     * @param id the resource ID
     * @param props the last known outputs
     */
    async delete(id: string, props: WireObject, opts: CallOptions & { oldInputs?: WireObject } = {}): Promise<void> {
        const req = new provproto.DeleteRequest()
            .setId(id)
            .setUrn(this.urn(opts))
            .setProperties(toStruct(this.outgoing(props).plain))
            .setOldInputs(toStruct(this.outgoing(opts.oldInputs ?? {}).plain));
        await this.call<provproto.DeleteRequest, unknown>("Delete", "delete", req);
    }

    /** Closes the connection, stops the provider process (SIGTERM, then SIGKILL after 3 s) and the fake engine. */
    async close(): Promise<void> {
        if (this.closed) {
            return;
        }
        this.closed = true;
        this.client?.close();
        await this.host.close();
    }

    /** Synchronous last-resort kill (used on process exit). */
    killNow(): void {
        this.host.killNow();
    }

    private async configure(variables: Record<string, string>): Promise<void> {
        const req = new provproto.ConfigureRequest()
            .setArgs(toStruct(variables))
            .setAcceptsecrets(true)
            .setAcceptresources(true);
        for (const [k, v] of Object.entries(variables)) {
            req.getVariablesMap().set(k, v);
        }
        const res = await this.call<provproto.ConfigureRequest, provproto.ConfigureResponse>(
            "Configure",
            "configure",
            req,
        );
        this.acceptsSecrets = res.getAcceptsecrets();
    }

    /** What the engine sends: secrets stripped when the provider did not accept them (the Node host never does). */
    private outgoing(props: WireObject): { plain: WireObject; secretKeys: string[] } {
        const stripped = stripSecrets(withoutUndefined(props));
        return this.acceptsSecrets ? { plain: withoutUndefined(props), secretKeys: stripped.secretKeys } : stripped;
    }

    private urn(opts: CallOptions): string {
        return opts.urn ?? this.options.urn ?? "urn:pulumi:harness::harness::pulumi-nodejs:dynamic:Resource::resource";
    }

    private call<Req, Res>(method: string, fn: keyof provrpc.ResourceProviderClient, req: Req): Promise<Res> {
        const client = this.client;
        if (!client || this.closed) {
            return Promise.reject(new Error(`engine harness: ${method} called on a closed harness`));
        }
        const deadline = Date.now() + (this.options.callTimeoutMs ?? 60_000);
        const rpc = (client[fn] as (...args: unknown[]) => grpc.ClientUnaryCall).bind(client);
        return new Promise<Res>((resolve, reject) => {
            rpc(req, new grpc.Metadata(), { deadline }, (err: grpc.ServiceError | null, res: Res) => {
                if (err) {
                    const details = this.host.exitInfo
                        ? `${err.details} (provider process ${this.host.exitInfo}; stderr: ${this.host.stderrTail})`
                        : err.details;
                    reject(new ProviderCallError(method, err.code, details));
                } else {
                    resolve(res);
                }
            });
        });
    }
}

function toStruct(props: WireObject): structproto.Struct {
    return structproto.Struct.fromJavaScript(props as Record<string, structproto.JavaScriptValue>);
}

function fromStruct(struct: structproto.Struct | undefined): WireObject {
    return struct ? (struct.toJavaScript() as WireObject) : {};
}

/** The engine marks an output secret when an input with the same key was secret. */
function remarkSecrets(props: WireObject, secretKeys: string[]): WireObject {
    const out: WireObject = { ...props };
    for (const key of secretKeys) {
        if (key in out && !isSecret(out[key])) {
            out[key] = secret(out[key]);
        }
    }
    return out;
}
