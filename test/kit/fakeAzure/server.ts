import * as https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { processCertificates, TestCertificates } from "./certs";
import { addIdentityRoutes, IdentityState } from "./identity";
import { addPartnerRoutes, PartnerState } from "./partners";

/** The identity a bearer token was issued to (decoded from the fake token). */
export interface Caller {
    /** Tenant (`tid`). */
    tenantId: string;
    /** Object ID of the service principal or user (`oid`). */
    objectId: string;
    /** Application (client) ID (`appid`), when the token came from client credentials. */
    clientId?: string;
    /** Token audience (`aud`). */
    audience?: string;
}

/** What a route handler receives. */
export interface RouteContext {
    /** HTTP method, upper case. */
    method: string;
    /** Path without the query string. */
    path: string;
    /** Parsed query string. */
    query: URLSearchParams;
    /** Request headers (lower-case names). */
    headers: IncomingMessage["headers"];
    /** Raw request body. */
    body: string;
    /** The result of matching the route's path pattern against `path`. */
    match: RegExpMatchArray;
    /** The caller decoded from `Authorization: Bearer <fake token>`, if present and valid. */
    caller?: Caller;
    /** The fake itself (state, clock, helpers). */
    fake: FakeAzure;
}

/** What a route handler returns: a status, a body (objects are sent as JSON), extra headers. */
export interface RouteResult {
    /** HTTP status code. */
    status: number;
    /** Object → JSON; string → sent as is; undefined → empty body. */
    body?: unknown;
    /** Extra response headers. */
    headers?: Record<string, string>;
}

/**
 * A route handler. Returning `undefined` passes the request on to the next matching route (and
 * finally the built-in ones); throwing makes the fake answer 500 with the message.
 */
export type RouteHandler = (ctx: RouteContext) => RouteResult | undefined | Promise<RouteResult | undefined>;

/** A fault the fake serves instead of the real answer. */
export type Fault =
    | { kind: "status"; status: number; retryAfterSeconds?: number; body?: unknown }
    | { kind: "drop" }
    /** Accepts the request and never answers (the socket stays open until the client gives up or the fake closes). */
    | { kind: "stall" };

/** Which requests a fault applies to, and how many times. */
export interface FaultRule {
    /** HTTP method to match (any when omitted). */
    method?: string;
    /** Path pattern to match (any when omitted). */
    path?: RegExp;
    /** How many matching requests get the fault (default 1). */
    times?: number;
    /** The fault to serve. */
    fault: Fault;
}

/** One entry of the request log. */
export interface LoggedRequest {
    /** HTTP method, upper case. */
    method: string;
    /** Path without the query string. */
    path: string;
    /** Query string parameters. */
    query: Record<string, string>;
    /** Status sent (0 for a dropped connection). */
    status: number;
    /** Set when an injected fault answered the request: "429", "503", "drop", "stall", ... */
    fault?: string;
    /** The caller, when the request carried a valid fake token. */
    caller?: Caller;
    /** The fake clock's time when the request arrived. */
    time: number;
}

/** Options for {@link FakeAzure.start}. */
export interface FakeAzureOptions {
    /** Clock used for replication delays and timestamps (default `Date.now`); share a VirtualClock with the code under test. */
    now?: () => number;
    /** HTTP status of the `PartnerIdAlreadyLinked` error (undocumented by Azure; default 409). */
    alreadyLinkedStatus?: number;
    /** Serve partner `version`/`etag` as strings, as the REST spec's examples do (default numbers). */
    versionAsString?: boolean;
    /** Use the older top-level `{code, message}` error shape instead of `{error:{code,message}}`. */
    legacyErrorShape?: boolean;
}

interface Route {
    method: string;
    path: RegExp;
    handler: RouteHandler;
}

/**
 * A fake Azure (Entra ID token endpoint + OpenID discovery, Microsoft.ManagementPartner) served over
 * HTTPS on 127.0.0.1 with a throwaway CA. Other test areas add their own routes with {@link route}.
 */
export class FakeAzure {
    /** Base URL, e.g. `https://127.0.0.1:41234`. Use it as every endpoint (authority, ARM, Graph, Partner Center). */
    readonly url: string;
    /** The throwaway CA and server certificate. */
    readonly certs: TestCertificates;
    /** An https.Agent trusting only the fake's CA: pass it as the `agent` option of Azure SDK clients. */
    readonly agent: https.Agent;
    /** Every request received, in order. */
    readonly requests: LoggedRequest[] = [];
    /** Options the fake was started with (mutable between tests). */
    readonly options: Required<Omit<FakeAzureOptions, "now">>;
    /** The fake's clock. */
    readonly now: () => number;
    /** Entra ID state: app registrations and secrets (`identity.addApp(...)`). */
    readonly identity: IdentityState;
    /** Partner Admin Link state keyed by identity (`partners.get/setOutOfBand/removeOutOfBand`). */
    readonly partners: PartnerState;

    private readonly server: https.Server;
    private readonly userRoutes: Route[] = [];
    private readonly builtinRoutes: Route[] = [];
    private faults: Array<FaultRule & { remaining: number }> = [];
    private readonly sockets = new Set<import("node:stream").Duplex>();

    private constructor(server: https.Server, certs: TestCertificates, options: FakeAzureOptions) {
        this.server = server;
        this.certs = certs;
        this.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
        this.agent = new https.Agent({ ca: certs.caPem, keepAlive: false });
        this.now = options.now ?? Date.now;
        this.identity = new IdentityState(this);
        this.partners = new PartnerState(this);
        this.options = {
            alreadyLinkedStatus: options.alreadyLinkedStatus ?? 409,
            versionAsString: options.versionAsString ?? false,
            legacyErrorShape: options.legacyErrorShape ?? false,
        };
        server.on("connection", (s) => {
            this.sockets.add(s);
            s.on("close", () => this.sockets.delete(s));
        });
    }

    /** Starts listening on 127.0.0.1 (random port), serving the test process's certificate. */
    static async start(options: FakeAzureOptions = {}): Promise<FakeAzure> {
        const certs = processCertificates();
        const server = https.createServer({ key: certs.keyPem, cert: certs.certPem });
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(0, "127.0.0.1", () => resolve());
        });
        const fake = new FakeAzure(server, certs, options);
        server.on("request", (req, res) => void fake.handle(req, res));
        addIdentityRoutes(fake, fake.identity);
        addPartnerRoutes(fake, fake.partners);
        return fake;
    }

    /** Endpoints object pointing every service at the fake (fits `AzureEndpoints`). */
    get endpoints(): { authorityHost: string; resourceManager: string; graph: string; partnerCenter: string } {
        return { authorityHost: this.url, resourceManager: this.url, graph: this.url, partnerCenter: this.url };
    }

    /**
     * Adds a route. Routes added here take precedence over the built-in ones (so a test can also
     * override built-in behaviour; return `undefined` to fall through). `path` is matched against
     * the path without the query string. `method` "*" matches any method.
     * @returns a function that removes the route
     */
    route(method: string, path: RegExp, handler: RouteHandler): () => void {
        const route = { method: method.toUpperCase(), path, handler };
        this.userRoutes.push(route);
        return () => {
            const i = this.userRoutes.indexOf(route);
            if (i >= 0) this.userRoutes.splice(i, 1);
        };
    }

    /** @internal used by the built-in route modules. */
    builtinRoute(method: string, path: RegExp, handler: RouteHandler): void {
        this.builtinRoutes.push({ method: method.toUpperCase(), path, handler });
    }

    /** Serves `rule.fault` instead of the real answer to the next `rule.times` matching requests. */
    injectFault(rule: FaultRule): void {
        this.faults.push({ ...rule, remaining: rule.times ?? 1 });
    }

    /** Faults still waiting to be served. */
    pendingFaults(): number {
        return this.faults.reduce((n, f) => n + f.remaining, 0);
    }

    /** Requests matching the method and path pattern (either may be omitted). */
    calls(method?: string, path?: RegExp): LoggedRequest[] {
        return this.requests.filter(
            (r) => (!method || r.method === method.toUpperCase()) && (!path || path.test(r.path)),
        );
    }

    /** Number of requests matching the method and path pattern. */
    count(method?: string, path?: RegExp): number {
        return this.calls(method, path).length;
    }

    /** `METHOD path` for each logged request — handy for deepEqual assertions. */
    callLines(filter?: RegExp): string[] {
        return this.requests.filter((r) => !filter || filter.test(r.path)).map((r) => `${r.method} ${r.path}`);
    }

    /** Clears the request log and pending faults (state such as apps and links is kept). */
    clearLog(): void {
        this.requests.length = 0;
        this.faults = [];
    }

    /** Stops the server and destroys open sockets (the certificates are the process's: removed at its exit). */
    async close(): Promise<void> {
        this.agent.destroy();
        for (const s of this.sockets) s.destroy();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    /** Builds an ARM-style error body honouring `legacyErrorShape`. */
    armError(code: string, message: string): unknown {
        return this.options.legacyErrorShape ? { code, message } : { error: { code, message } };
    }

    /**
     * Mints a fake bearer token (unsigned JWT shape) for a caller; the fake's routes decode it to
     * find the caller's identity. Other areas may call this to skip the token endpoint.
     */
    mintToken(caller: Caller): string {
        const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
        const iat = Math.floor(this.now() / 1000);
        return `${enc({ alg: "none", typ: "JWT" })}.${enc({
            tid: caller.tenantId,
            oid: caller.objectId,
            appid: caller.clientId,
            aud: caller.audience,
            iat,
            exp: iat + 3600,
            uti: randomUUID(),
        })}.fake`;
    }

    /** Decodes a token minted by {@link mintToken}; undefined when malformed. */
    decodeToken(token: string): Caller | undefined {
        try {
            const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
                string,
                unknown
            >;
            if (typeof claims.tid !== "string" || typeof claims.oid !== "string") return undefined;
            const text = (v: unknown) => (typeof v === "string" ? v : undefined);
            return {
                tenantId: claims.tid,
                objectId: claims.oid,
                clientId: text(claims.appid),
                audience: text(claims.aud),
            };
        } catch {
            return undefined;
        }
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const body = Buffer.concat(chunks).toString("utf8");
        const url = new URL(req.url ?? "/", this.url);
        const method = (req.method ?? "GET").toUpperCase();
        const auth = req.headers.authorization;
        const caller = auth?.startsWith("Bearer ") ? this.decodeToken(auth.slice(7)) : undefined;
        const entry: LoggedRequest = {
            method,
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            status: 0,
            caller,
            time: this.now(),
        };
        this.requests.push(entry);

        const fault = this.takeFault(method, url.pathname);
        if (fault?.kind === "drop") {
            entry.fault = "drop";
            req.socket.destroy();
            return;
        }
        if (fault?.kind === "stall") {
            entry.fault = "stall";
            return;
        }
        let result: RouteResult;
        if (fault) {
            entry.fault = String(fault.status);
            const headers: Record<string, string> = {};
            if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
            result = {
                status: fault.status,
                headers,
                body:
                    fault.body ??
                    this.armError(
                        fault.status === 429 ? "TooManyRequests" : "InternalServerError",
                        `Injected fault ${fault.status}.`,
                    ),
            };
        } else {
            result = await this.dispatch({
                method,
                path: url.pathname,
                query: url.searchParams,
                headers: req.headers,
                body,
                match: [] as unknown as RegExpMatchArray,
                caller,
                fake: this,
            });
        }
        entry.status = result.status;
        const text =
            result.body === undefined
                ? ""
                : typeof result.body === "string"
                  ? result.body
                  : JSON.stringify(result.body);
        const headers: Record<string, string> = { ...(result.headers ?? {}) };
        if (text && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
            headers["content-type"] =
                typeof result.body === "string" ? "text/plain" : "application/json; charset=utf-8";
        }
        headers["x-ms-request-id"] = randomUUID();
        res.writeHead(result.status, headers);
        res.end(text);
    }

    private takeFault(method: string, path: string): Fault | undefined {
        const rule = this.faults.find(
            (f) =>
                f.remaining > 0 && (!f.method || f.method.toUpperCase() === method) && (!f.path || f.path.test(path)),
        );
        if (!rule) return undefined;
        rule.remaining--;
        return rule.fault;
    }

    private async dispatch(ctx: RouteContext): Promise<RouteResult> {
        for (const r of [...this.userRoutes, ...this.builtinRoutes]) {
            if (r.method !== ctx.method && r.method !== "*") continue;
            const match = ctx.path.match(r.path);
            if (!match) continue;
            try {
                const result = await r.handler({ ...ctx, match });
                if (result !== undefined) return result;
            } catch (e) {
                return { status: 500, body: this.armError("FakeAzureHandlerError", (e as Error).message) };
            }
        }
        return { status: 404, body: this.armError("NotFound", `The fake has no route for ${ctx.method} ${ctx.path}.`) };
    }
}
