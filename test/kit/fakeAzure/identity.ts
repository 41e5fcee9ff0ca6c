import { randomUUID } from "node:crypto";
import type { FakeAzure, RouteResult } from "./server";

/** A secret of a fake app registration. */
export interface FakeSecret {
    /** The secret value. */
    value: string;
    /** Fake-clock time the secret was added. */
    createdAt: number;
    /** Until `createdAt + replicationDelayMs` the token endpoint answers AADSTS7000215 for it. */
    replicationDelayMs: number;
    /** Expired secrets get AADSTS7000222. */
    expired: boolean;
    /** Revoked secrets get AADSTS7000215 forever. */
    revoked: boolean;
}

/** A fake app registration + service principal. */
export interface FakeApp {
    /** Tenant the app lives in. */
    tenantId: string;
    /** Application (client) ID. */
    clientId: string;
    /** Service principal object ID (the `oid` of its tokens). */
    objectId: string;
    /** Fake-clock time the app was created. */
    createdAt: number;
    /** Until `createdAt + replicationDelayMs` the token endpoint answers {@link replicationError}. */
    replicationDelayMs: number;
    /** Which AADSTS code the replication window produces (default 700016, app not found). */
    replicationError: 700016 | 7000215;
    /** The app's secrets. */
    secrets: FakeSecret[];
}

/** Options for {@link IdentityState.addApp}. */
export interface AddAppOptions {
    /** Tenant (default a fresh GUID). */
    tenantId?: string;
    /** Client ID (default a fresh GUID). */
    clientId?: string;
    /** Service principal object ID (default a fresh GUID). */
    objectId?: string;
    /** Initial secret value (default a fresh random string). */
    clientSecret?: string;
    /** Replication delay in ms (default 0). */
    replicationDelayMs?: number;
    /** Error served during replication (default 700016). */
    replicationError?: 700016 | 7000215;
}

/** Entra ID state of the fake: app registrations and their secrets. */
export class IdentityState {
    /** Apps by client ID. */
    readonly apps = new Map<string, FakeApp>();
    /** Tenants Entra ID does not know, by tenant as written in the URL (lower case), with the AADSTS code they get. */
    readonly rejectedTenants = new Map<string, 90002 | 900023>();

    constructor(private readonly fake: FakeAzure) {}

    /** Registers an app + service principal + secret, created "now" on the fake clock. */
    addApp(o: AddAppOptions = {}): FakeApp & { clientSecret: string } {
        const clientSecret = o.clientSecret ?? `fake-secret-${randomUUID()}`;
        const app: FakeApp = {
            tenantId: o.tenantId ?? randomUUID(),
            clientId: o.clientId ?? randomUUID(),
            objectId: o.objectId ?? randomUUID(),
            createdAt: this.fake.now(),
            replicationDelayMs: o.replicationDelayMs ?? 0,
            replicationError: o.replicationError ?? 700016,
            secrets: [
                {
                    value: clientSecret,
                    createdAt: this.fake.now(),
                    replicationDelayMs: 0,
                    expired: false,
                    revoked: false,
                },
            ],
        };
        this.apps.set(app.clientId, app);
        return Object.assign(app, { clientSecret });
    }

    /** Adds another secret (rotation); during `replicationDelayMs` it gets AADSTS7000215. */
    addSecret(clientId: string, value: string, replicationDelayMs = 0): void {
        this.app(clientId).secrets.push({
            value,
            createdAt: this.fake.now(),
            replicationDelayMs,
            expired: false,
            revoked: false,
        });
    }

    /** Marks a secret (all when `value` is omitted) as expired → AADSTS7000222. */
    expireSecret(clientId: string, value?: string): void {
        for (const s of this.app(clientId).secrets) if (value === undefined || s.value === value) s.expired = true;
    }

    /** Marks a secret (all when `value` is omitted) as revoked → AADSTS7000215. */
    revokeSecret(clientId: string, value?: string): void {
        for (const s of this.app(clientId).secrets) if (value === undefined || s.value === value) s.revoked = true;
    }

    /**
     * Makes Entra ID refuse a tenant as it refuses one that does not exist: OpenID discovery and the token endpoint
     * answer 400 with AADSTS90002 ("Tenant ... not found", the default) or AADSTS900023 ("neither a valid DNS name,
     * nor a valid external domain").
     */
    rejectTenant(tenant: string, code: 90002 | 900023 = 90002): void {
        this.rejectedTenants.set(tenant.toLowerCase(), code);
    }

    /** Deletes the app (its tokens are refused with AADSTS700016). */
    deleteApp(clientId: string): void {
        this.apps.delete(clientId);
    }

    private app(clientId: string): FakeApp {
        const app = this.apps.get(clientId);
        if (!app) throw new Error(`fake: no app ${clientId}`);
        return app;
    }
}

const AADSTS_TEXT: Record<number, [string, number, string]> = {
    90002: [
        "invalid_tenant",
        400,
        "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
    ],
    700016: [
        "unauthorized_client",
        400,
        "Application with identifier '{client}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
    ],
    7000215: [
        "invalid_client",
        401,
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client}'.",
    ],
    7000222: [
        "invalid_client",
        401,
        "The provided client secret keys for app '{client}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.",
    ],
    900023: [
        "invalid_request",
        400,
        "Specified tenant identifier '{tenant}' is neither a valid DNS name, nor a valid external domain.",
    ],
};

/** The Entra ID error body for an AADSTS code, shaped like the real token endpoint's. */
export function aadstsError(code: number, tenant: string, client: string): RouteResult {
    const [error, status, text] = AADSTS_TEXT[code];
    const traceId = randomUUID();
    const description = `AADSTS${code}: ${text.replace("{client}", client).replace("{tenant}", tenant)} Trace ID: ${traceId} Correlation ID: ${randomUUID()} Timestamp: 2025-01-01 00:00:00Z`;
    return {
        status,
        body: {
            error,
            error_description: description,
            error_codes: [code],
            timestamp: "2025-01-01 00:00:00Z",
            trace_id: traceId,
            correlation_id: randomUUID(),
            error_uri: "https://login.microsoftonline.com/error?code=" + code,
        },
    };
}

/** Registers OpenID discovery and the client-credentials token endpoint on the fake. */
export function addIdentityRoutes(fake: FakeAzure, state: IdentityState): void {
    fake.builtinRoute("GET", /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/, ({ match }) => {
        const t = match[1];
        const rejected = state.rejectedTenants.get(decodeURIComponent(t).toLowerCase());
        if (rejected) return aadstsError(rejected, decodeURIComponent(t), "");
        return {
            status: 200,
            body: {
                token_endpoint: `${fake.url}/${t}/oauth2/v2.0/token`,
                token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
                jwks_uri: `${fake.url}/${t}/discovery/v2.0/keys`,
                response_modes_supported: ["query", "fragment", "form_post"],
                subject_types_supported: ["pairwise"],
                id_token_signing_alg_values_supported: ["RS256"],
                response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
                scopes_supported: ["openid", "profile", "email", "offline_access"],
                issuer: `${fake.url}/${t}/v2.0`,
                request_uri_parameter_supported: false,
                userinfo_endpoint: `${fake.url}/oidc/userinfo`,
                authorization_endpoint: `${fake.url}/${t}/oauth2/v2.0/authorize`,
                device_authorization_endpoint: `${fake.url}/${t}/oauth2/v2.0/devicecode`,
                http_logout_supported: true,
                frontchannel_logout_supported: true,
                end_session_endpoint: `${fake.url}/${t}/oauth2/v2.0/logout`,
                claims_supported: ["sub", "iss", "aud", "exp", "iat", "tid", "oid"],
                kerberos_endpoint: `${fake.url}/${t}/kerberos`,
                tenant_region_scope: "EU",
                cloud_instance_name: "microsoftonline.com",
                cloud_graph_host_name: "graph.windows.net",
                msgraph_host: "graph.microsoft.com",
                rbac_url: "https://pas.windows.net",
            },
        };
    });

    fake.builtinRoute("POST", /^\/([^/]+)\/oauth2\/v2\.0\/token$/, ({ match, body }) => {
        const tenant = match[1];
        const form = new URLSearchParams(body);
        const clientId = form.get("client_id") ?? "";
        const rejected = state.rejectedTenants.get(decodeURIComponent(tenant).toLowerCase());
        if (rejected) return aadstsError(rejected, decodeURIComponent(tenant), clientId);
        if (form.get("grant_type") !== "client_credentials") {
            return {
                status: 400,
                body: {
                    error: "unsupported_grant_type",
                    error_description: "AADSTS70003: The fake supports client_credentials only.",
                    error_codes: [70003],
                },
            };
        }
        const app = state.apps.get(clientId);
        if (!app || app.tenantId !== tenant) return aadstsError(700016, tenant, clientId);
        const now = fake.now();
        if (now < app.createdAt + app.replicationDelayMs) return aadstsError(app.replicationError, tenant, clientId);
        const secret = app.secrets.find((s) => s.value === form.get("client_secret"));
        if (!secret || secret.revoked || now < secret.createdAt + secret.replicationDelayMs)
            return aadstsError(7000215, tenant, clientId);
        if (secret.expired) return aadstsError(7000222, tenant, clientId);
        const scope = form.get("scope") ?? "";
        const audience = scope.replace(/\/?\.default$/, "");
        return {
            status: 200,
            body: {
                token_type: "Bearer",
                expires_in: 3599,
                ext_expires_in: 3599,
                access_token: fake.mintToken({
                    tenantId: app.tenantId,
                    objectId: app.objectId,
                    clientId: app.clientId,
                    audience,
                }),
            },
        };
    });
}
