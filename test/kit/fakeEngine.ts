// A minimal stand-in for the Pulumi engine's own gRPC service (pulumirpc.Engine). The engine passes
// its address to every provider plugin it starts; the Node dynamic-provider host of
// @pulumi/pulumi 3.270 ignores it (pulumi.log falls back to the process's stderr, which the
// engine shows), but a host that does dial it finds a live Engine that records Log calls.
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";

/** One `Engine.Log` call received from a provider. */
export interface EngineLogEntry {
    /** "debug" | "info" | "warning" | "error". */
    severity: string;
    /** The message text. */
    message: string;
    /** The resource URN the message is about, if any. */
    urn: string;
}

/** A running fake Engine service. */
export interface FakeEngine {
    /** `127.0.0.1:<port>`, what the engine passes to a provider plugin as its first argument. */
    address: string;
    /** Log calls received so far. */
    logs: EngineLogEntry[];
    /** Stops the server at once. */
    close(): void;
}

const SEVERITIES = ["debug", "info", "warning", "error"];

function unimplemented<Req, Res>(name: string): grpc.handleUnaryCall<Req, Res> {
    return (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED, details: `fake engine: ${name}` }, null);
}

/** Starts a fake Engine service on 127.0.0.1 (a random port). */
export async function startFakeEngine(): Promise<FakeEngine> {
    const logs: EngineLogEntry[] = [];
    const server = new grpc.Server();
    const service: enginerpc.IEngineServer = {
        log: (call, callback) => {
            const req: engineproto.LogRequest = call.request;
            logs.push({
                severity: SEVERITIES[req.getSeverity()] ?? "unknown",
                message: req.getMessage(),
                urn: req.getUrn(),
            });
            callback(null, new emptyproto.Empty());
        },
        getRootResource: unimplemented("GetRootResource"),
        setRootResource: unimplemented("SetRootResource"),
        startDebugging: unimplemented("StartDebugging"),
        requirePulumiVersion: unimplemented("RequirePulumiVersion"),
    };
    server.addService(enginerpc.EngineService, service);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
            err ? reject(err) : resolve(p),
        ),
    );
    return { address: `127.0.0.1:${port}`, logs, close: () => server.forceShutdown() };
}
