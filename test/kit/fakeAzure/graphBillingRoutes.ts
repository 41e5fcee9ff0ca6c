/**
 * Microsoft Graph partner billing usage export (v2) on the fake, plus a fake blob store (its own
 * HTTPS server on 127.0.0.1 with the fake's certificate, as real blobs live on another host):
 *
 * - `POST /v1.0/reports/partners/billing/usage/{unbilled|billed}/export` → 202 + `Location`
 *   (+ `Retry-After`), 400 unless `attributeSet` is "full", 401 without a token;
 * - `GET /v1.0/reports/partners/billing/operations/{id}` → `running` for `pollsBeforeDone` polls
 *   (each with `Retry-After`), then `succeeded` with the manifest inline (`resourceLocation`) or
 *   linked (`resourceLocation@odata.navigationLink`), or `failed` with an error;
 * - `GET /v1.0/reports/partners/billing/manifests/{id}` → the manifest;
 * - blob store: `GET /{container}/{name}?{sas}` streams the blob in small pieces (403 on a wrong SAS
 *   or with an Authorization header; `dropNext` drops connections before answering, `cutOff` cuts a
 *   download off mid-body).
 */
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { FakeAzure } from "./server";

/** What the next export does. */
export interface GraphExportScenario {
    /** gzip JSON Lines blobs, in manifest order. */
    blobs: { name: string; data: Buffer }[];
    /** Manifest delivery. */
    manifest: "inline" | "link";
    /** Polls answered `running` before the outcome. */
    pollsBeforeDone: number;
    /** `Retry-After` seconds on the 202 and on `running` answers (omitted when undefined). */
    retryAfterSeconds?: number;
    /** Make the operation fail with this error instead of succeeding. */
    fail?: { code: string; message: string };
    /** Hostile: the 202's `Location` (default: the fake's operation URL). */
    location?: string;
    /** Hostile: the manifest's `resourceLocation@odata.navigationLink` (default: the fake's manifest URL). */
    manifestLink?: string;
}

/** Fake blob storage over HTTPS (same certificate as the fake, so `fake.agent` trusts it). */
export class FakeBlobStore {
    /** Base URL, e.g. `https://127.0.0.1:40000`. */
    readonly url: string;
    /** The SAS token blobs require (query string without `?`). */
    readonly sas = "sv=2024-01-01&sr=c&sig=FAKE%2Fsignature%3D&se=2099-01-01";
    /** Blobs by path (`/container/name`). */
    readonly blobs = new Map<string, Buffer>();
    /** Paths requested, in order. */
    readonly requests: string[] = [];
    /** `Authorization` headers received (a blob store must never get one). */
    readonly authorizations: string[] = [];
    /** Downloads still to answer by dropping the connection before any response (a transient fault). */
    dropNext = 0;
    /** Downloads still to answer by never answering at all (a stalled host). */
    stallNext = 0;
    /** Paths whose next download stops sending (connection kept open) after this many bytes. */
    readonly stallAt = new Map<string, number>();
    /** Paths whose next download is cut off after this many bytes. */
    readonly cutOff = new Map<string, number>();
    private readonly server: https.Server;

    private constructor(server: https.Server) {
        this.server = server;
        this.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }

    /** Starts the store with the fake's certificate. */
    static async start(fake: FakeAzure): Promise<FakeBlobStore> {
        const server = https.createServer({ key: fake.certs.keyPem, cert: fake.certs.certPem });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const store = new FakeBlobStore(server);
        server.on("request", (req, res) => store.handle(req, res));
        return store;
    }

    /** Stops the server. */
    close(): Promise<void> {
        this.server.closeAllConnections();
        return new Promise((resolve) => this.server.close(() => resolve()));
    }

    private handle(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse): void {
        const url = new URL(req.url ?? "/", this.url);
        this.requests.push(url.pathname);
        if (req.headers.authorization) this.authorizations.push(req.headers.authorization);
        if (this.dropNext > 0) {
            this.dropNext--;
            req.socket.destroy();
            return;
        }
        if (this.stallNext > 0) {
            this.stallNext--;
            return;
        }
        if (url.search.slice(1) !== this.sas || req.headers.authorization) {
            res.writeHead(403, { "content-type": "application/xml" });
            res.end("<Error><Code>AuthenticationFailed</Code></Error>");
            return;
        }
        const data = this.blobs.get(url.pathname);
        if (!data) {
            res.writeHead(404, { "content-type": "application/xml" });
            res.end("<Error><Code>BlobNotFound</Code></Error>");
            return;
        }
        const stall = this.stallAt.get(url.pathname);
        this.stallAt.delete(url.pathname);
        if (stall !== undefined) {
            res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(data.length) });
            res.write(data.subarray(0, stall));
            return;
        }
        const cut = this.cutOff.get(url.pathname);
        this.cutOff.delete(url.pathname);
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(data.length) });
        if (cut !== undefined) {
            // Send the first `cut` bytes, let them reach the client, then drop the connection mid-body.
            res.write(data.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 20));
            return;
        }
        // Send in small pieces so the client really streams.
        let at = 0;
        const pump = (): void => {
            while (at < data.length) {
                const piece = data.subarray(at, Math.min(data.length, at + 16 * 1024));
                at += piece.length;
                if (!res.write(piece)) {
                    res.once("drain", pump);
                    return;
                }
            }
            res.end();
        };
        pump();
    }
}

/** Graph billing export state on the fake. */
export class FakeGraphBilling {
    /** What the next export does (tests set it). */
    scenario: GraphExportScenario = { blobs: [], manifest: "link", pollsBeforeDone: 0 };
    /** Bodies of the export POSTs received. */
    readonly exportRequests: { path: string; body: Record<string, unknown> }[] = [];
    private readonly operations = new Map<string, { polls: number; scenario: GraphExportScenario }>();
    private next = 1;

    constructor(
        private readonly fake: FakeAzure,
        private readonly store: FakeBlobStore,
    ) {
        const base = "/v1.0/reports/partners/billing";
        fake.route(
            "POST",
            /^\/v1\.0\/reports\/partners\/billing\/usage\/(unbilled|billed)\/export$/,
            ({ caller, body, match }) => {
                if (!caller)
                    return { status: 401, body: graphError("InvalidAuthenticationToken", "Access token is empty.") };
                const parsed = JSON.parse(body || "{}") as Record<string, unknown>;
                this.exportRequests.push({ path: match[0], body: parsed });
                if (parsed.attributeSet !== "full")
                    return { status: 400, body: graphError("BadRequest", "This fake only serves attributeSet full.") };
                const id = `op-${this.next++}`;
                this.operations.set(id, { polls: 0, scenario: this.scenario });
                return {
                    status: 202,
                    headers: {
                        location: this.scenario.location ?? `${fake.url}${base}/operations/${id}`,
                        ...this.retryAfter(),
                    },
                };
            },
        );
        fake.route("GET", /^\/v1\.0\/reports\/partners\/billing\/operations\/([^/]+)$/, ({ caller, match }) => {
            if (!caller)
                return { status: 401, body: graphError("InvalidAuthenticationToken", "Access token is empty.") };
            const op = this.operations.get(match[1]);
            if (!op) return { status: 404, body: graphError("NotFound", "No such operation.") };
            const common = {
                "@odata.type": "#microsoft.graph.partners.billing.operation",
                id: match[1],
                createdDateTime: "2026-11-01T00:00:00Z",
            };
            if (op.polls++ < op.scenario.pollsBeforeDone)
                return { status: 200, headers: this.retryAfter(), body: { ...common, status: "running" } };
            if (op.scenario.fail) {
                return {
                    status: 200,
                    body: {
                        ...common,
                        "@odata.type": "#microsoft.graph.partners.billing.failedOperation",
                        status: "failed",
                        error: op.scenario.fail,
                    },
                };
            }
            const manifestId = `manifest-${match[1]}`;
            const manifest = this.publish(manifestId, op.scenario);
            const success = {
                ...common,
                "@odata.type": "#microsoft.graph.partners.billing.exportSuccessOperation",
                status: "succeeded",
            };
            return op.scenario.manifest === "inline"
                ? { status: 200, body: { ...success, resourceLocation: manifest } }
                : {
                      status: 200,
                      body: {
                          ...success,
                          "resourceLocation@odata.navigationLink":
                              op.scenario.manifestLink ?? `${fake.url}${base}/manifests/${manifestId}`,
                      },
                  };
        });
        fake.route("GET", /^\/v1\.0\/reports\/partners\/billing\/manifests\/([^/]+)$/, ({ caller, match }) => {
            if (!caller)
                return { status: 401, body: graphError("InvalidAuthenticationToken", "Access token is empty.") };
            const manifest = this.manifests.get(match[1]);
            return manifest
                ? { status: 200, body: manifest }
                : { status: 404, body: graphError("NotFound", "No such manifest.") };
        });
    }

    private readonly manifests = new Map<string, Record<string, unknown>>();

    private publish(id: string, scenario: GraphExportScenario): Record<string, unknown> {
        const existing = this.manifests.get(id);
        if (existing) return existing;
        const container = `/billing-${id}`;
        for (const blob of scenario.blobs) this.store.blobs.set(`${container}/${blob.name}`, blob.data);
        const manifest = {
            id,
            schemaVersion: "2",
            dataFormat: "compressedJSONLines",
            createdDateTime: "2026-11-01T00:05:00Z",
            eTag: "etag-1",
            partnerTenantId: "3f2b5c1e-8d4a-4f7b-9c21-6a0e5d9b7c44",
            rootDirectory: `${this.store.url}${container}`,
            sasToken: this.store.sas,
            partitionType: "default",
            blobCount: scenario.blobs.length,
            blobs: scenario.blobs.map((b) => ({ name: b.name, partitionValue: "default" })),
        };
        this.manifests.set(id, manifest);
        return manifest;
    }

    private retryAfter(): Record<string, string> {
        return this.scenario.retryAfterSeconds === undefined
            ? {}
            : { "retry-after": String(this.scenario.retryAfterSeconds) };
    }

    /** Number of operation polls served so far. */
    get polls(): number {
        return this.fake.count("GET", /\/billing\/operations\//);
    }
}

function graphError(code: string, message: string): Record<string, unknown> {
    return { error: { code, message, innerError: { "request-id": "00000000-0000-0000-0000-000000000000" } } };
}
