import type { Agent } from "node:http";
import { ArmClient, ArmResponse, createArmClient } from "../../azure/armClient";
import { acquireToken, createCredential } from "../../azure/credential";
import { defaultScope, resolveEndpoints } from "../../azure/endpoints";
import { AzureCallError, armErrorOf, classifyStatus, redact } from "../../azure/errors";
import type { RetryClock } from "../../azure/retryClock";
import { decideLink, DecisionContext } from "./decide";
import { LinkFacts, MANAGEMENT_PARTNER_API_VERSION, PartnerAdminLinkInputs, PartnerAdminLinkOutputs } from "./types";

/** Things the provider takes from its environment; tests inject them, production uses the defaults. */
export interface ProviderRuntime {
    /** Clock for retry waits (default: real time). */
    clock?: Partial<RetryClock>;
    /** HTTPS agent for every call (default: Node's, trusting the system CAs and NODE_EXTRA_CA_CERTS). */
    agent?: Agent;
    /** Where warnings go (default: `console.warn`, which the engine shows for the provider). */
    warn?: (message: string) => void;
    /** Retry bounds of ARM calls (default 5 retries, 120 s of waiting per call). */
    armRetry?: { maxRetries?: number; maxTotalWaitMs?: number };
}

/** A signed-in connection to Microsoft.ManagementPartner as the credential's identity. */
interface Session {
    client: ArmClient;
    partnersUrl: string;
    secrets: string[];
    who: string;
}

/** Signs in (retrying replication errors for `propagationTimeoutMs`) and returns a session. */
async function openSession(inputs: Pick<PartnerAdminLinkInputs, "credential" | "endpoints">, runtime: ProviderRuntime | undefined, propagationTimeoutMs: number): Promise<Session> {
    const endpoints = resolveEndpoints(inputs.endpoints);
    const cred = inputs.credential;
    const secrets = cred.kind === "clientSecret" ? [cred.clientSecret] : [];
    const { token } = await acquireToken(() => createCredential(cred, endpoints, { agent: runtime?.agent }), defaultScope(endpoints.resourceManager), {
        propagationTimeoutMs, clock: runtime?.clock, secrets,
    });
    const client = createArmClient({ accessToken: token.token, agent: runtime?.agent, clock: runtime?.clock, ...runtime?.armRetry });
    const who = cred.kind === "clientSecret" ? `client ${cred.clientId} in tenant ${cred.tenantId}` : `the ${cred.kind} identity`;
    return { client, partnersUrl: `${endpoints.resourceManager}/providers/Microsoft.ManagementPartner/partners`, secrets, who };
}

function url(s: Session, partnerId?: string): string {
    return `${s.partnersUrl}${partnerId === undefined ? "" : `/${encodeURIComponent(partnerId)}`}?api-version=${MANAGEMENT_PARTNER_API_VERSION}`;
}

/** Sends a request; network failures that survived the retries become an actionable error. */
async function send(s: Session, method: string, partnerId: string | undefined, wrote: boolean): Promise<ArmResponse> {
    try {
        return await s.client.send(method, url(s, partnerId));
    } catch (e) {
        const detail = redact(String((e as Error)?.message ?? e), s.secrets);
        throw new AzureCallError(`${method} ${pathOf(partnerId)} failed: the connection to Azure Resource Manager kept failing after retries (${detail}). ` +
            (wrote ? "The change may or may not have been applied; run `pulumi up` again — it reads the current link first and adopts it." : "Nothing was changed; run the command again later."), "transient");
    }
}

function pathOf(partnerId?: string): string {
    return `/providers/Microsoft.ManagementPartner/partners${partnerId === undefined ? "" : `/${partnerId}`}`;
}

/** An actionable error for a non-success ARM answer. */
function armFailure(s: Session, method: string, partnerId: string | undefined, r: ArmResponse, wrote: boolean): AzureCallError {
    const { code, message } = armErrorOf(r.json ?? r.text);
    const kind = classifyStatus(r.status);
    const what = `${method} ${pathOf(partnerId)} as ${s.who} answered ${r.status}${code ? ` ${code}` : ""}${message ? `: ${message}` : ""}.`;
    let advice: string;
    switch (kind) {
        case "badRequest":
            advice = partnerId ? `Check that partnerId ${partnerId} is your Associated MPN ID / partner location ID (Partner Center → Account settings → Identifiers).` : "Check the endpoints.";
            break;
        case "unauthorized":
            advice = "Azure Resource Manager did not accept the token: check that endpoints.resourceManager belongs to the same cloud as endpoints.authorityHost.";
            break;
        case "forbidden":
            advice = "A Partner Admin Link can only be managed by the linked identity itself, signed in to its home (managing) tenant: check credential.tenantId and that the identity is not a guest there.";
            break;
        case "throttled":
        case "transient":
            advice = wrote
                ? "Azure kept failing after retries; the change may or may not have been applied. Run `pulumi up` again — it reads the current link first and adopts it."
                : "Azure kept failing after retries; nothing was changed. Run the command again later.";
            break;
        default:
            advice = "Nothing more was attempted.";
    }
    return new AzureCallError(redact(`${what} ${advice}`, s.secrets), kind, r.status, code);
}

/** Parses a partners response body into link facts; undefined when it is not an active link. */
function parseLink(body: unknown): LinkFacts | undefined {
    const p = (body as { properties?: Record<string, unknown> } | undefined)?.properties;
    if (!p || typeof p.partnerId !== "string") return undefined;
    const state = typeof p.state === "string" ? p.state : "Active";
    if (state.toLowerCase() === "deleted") return undefined;
    const version = typeof p.version === "string" && /^\d+$/.test(p.version) ? Number(p.version) : p.version;
    const facts: LinkFacts = {
        partnerId: p.partnerId, tenantId: String(p.tenantId ?? ""), objectId: String(p.objectId ?? ""), state,
        partnerName: typeof p.partnerName === "string" ? p.partnerName : undefined,
        createdTime: typeof p.createdTime === "string" ? p.createdTime : undefined,
        updatedTime: typeof p.updatedTime === "string" ? p.updatedTime : undefined,
        version: typeof version === "number" || typeof version === "string" ? version : undefined,
    };
    return facts;
}

/** The identity's current link (GET …/partners), or undefined when it has none. */
async function readCurrent(s: Session): Promise<LinkFacts | undefined> {
    const r = await send(s, "GET", undefined, false);
    if (r.status === 404) return undefined;
    if (r.status !== 200) throw armFailure(s, "GET", undefined, r, false);
    return parseLink(r.json);
}

/** PUT or PATCH; returns the link facts, or "alreadyLinked" for a PartnerIdAlreadyLinked answer (any status). */
async function write(s: Session, method: "PUT" | "PATCH", partnerId: string): Promise<LinkFacts | "alreadyLinked"> {
    const r = await send(s, method, partnerId, true);
    if (r.status >= 200 && r.status < 300) {
        const facts = parseLink(r.json) ?? (await readCurrent(s));
        if (!facts || facts.partnerId !== partnerId) {
            throw new AzureCallError(`${method} ${pathOf(partnerId)} as ${s.who} succeeded but the identity is not linked to ${partnerId} afterwards; run \`pulumi up\` again.`, "fatal");
        }
        return facts;
    }
    if (armErrorOf(r.json ?? r.text).code === "PartnerIdAlreadyLinked") return "alreadyLinked";
    throw armFailure(s, method, partnerId, r, true);
}

/** Removes `undefined` values so the object is plain JSON for the engine. */
function plain<T extends object>(o: T): T {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The resource ID: the linked identity (stable when the partner ID changes). */
export function linkResourceId(facts: Pick<LinkFacts, "tenantId" | "objectId">): string {
    return `${facts.tenantId}/${facts.objectId}`;
}

/**
 * Makes the credential's identity linked to `inputs.partnerId` (create and update): sign in with
 * replication-aware retries, read the current link, then PUT / adopt / PATCH / fail per
 * {@link decideLink}. A `PartnerIdAlreadyLinked` answer to the PUT re-reads and decides again.
 */
export async function ensureLink(inputs: PartnerAdminLinkInputs, runtime: ProviderRuntime | undefined, context: DecisionContext): Promise<PartnerAdminLinkOutputs> {
    const s = await openSession(inputs, runtime, inputs.propagationTimeoutSeconds * 1000);
    const desired = inputs.partnerId;
    let current = await readCurrent(s);
    let decision = decideLink(current?.partnerId, desired, inputs.onExistingLink, context);
    let facts: LinkFacts | undefined = current;
    if (decision.action === "put") {
        const put = await write(s, "PUT", desired);
        if (put !== "alreadyLinked") facts = put;
        else {
            current = await readCurrent(s);
            if (!current) {
                throw new AzureCallError(`PUT ${pathOf(desired)} as ${s.who} answered PartnerIdAlreadyLinked, but no link can be read back. Nothing was changed; run \`pulumi up\` again.`, "fatal");
            }
            decision = decideLink(current.partnerId, desired, inputs.onExistingLink, { ...context, ours: true });
            facts = current;
        }
    }
    if (decision.action === "fail") throw new AzureCallError(redact(decision.message, s.secrets), "fatal");
    if (decision.action === "patch") {
        const patched = await write(s, "PATCH", desired);
        if (patched === "alreadyLinked") throw new AzureCallError(`PATCH ${pathOf(desired)} as ${s.who} answered PartnerIdAlreadyLinked; nothing was changed.`, "fatal");
        facts = patched;
    }
    return plain({ ...inputs, ...facts! });
}

/**
 * Refresh: reads the identity's link. Removed → `{ id: "" }` (gone; the next `up` recreates it);
 * re-pointed → the actual partner ID (the next `up` PATCHes it back). If the identity cannot sign
 * in (expired / revoked secret, deleted app, no CLI login) the last known state is kept with a warning.
 */
export async function refreshLink(id: string, olds: PartnerAdminLinkOutputs, runtime: ProviderRuntime | undefined): Promise<{ id: string; props?: PartnerAdminLinkOutputs }> {
    let s: Session;
    try {
        s = await openSession(olds, runtime, 0);
    } catch (e) {
        const err = e as AzureCallError;
        if (["expiredSecret", "replication", "unavailable"].includes(err.kind)) {
            (runtime?.warn ?? console.warn)(`PartnerAdminLink ${id}: could not sign in to check the link, keeping the last known state (partner ID ${olds.partnerId}). ${err.message}`);
            return { id, props: olds };
        }
        throw e;
    }
    const current = await readCurrent(s);
    if (!current) return { id: "" };
    return { id, props: plain({ ...olds, ...current }) };
}

/**
 * Delete: DELETE the link to the recorded partner ID. Already gone (404) is success; so is an
 * identity that no longer exists (AADSTS700016), with a warning.
 */
export async function removeLink(id: string, olds: PartnerAdminLinkOutputs, runtime: ProviderRuntime | undefined): Promise<void> {
    let s: Session;
    try {
        s = await openSession(olds, runtime, (olds.propagationTimeoutSeconds ?? 0) * 1000);
    } catch (e) {
        const err = e as AzureCallError;
        if (err.code === "AADSTS700016") {
            (runtime?.warn ?? console.warn)(`PartnerAdminLink ${id}: the identity no longer exists in Entra ID, so its link is gone with it. ${err.message}`);
            return;
        }
        if (err.kind === "expiredSecret" || err.kind === "replication") {
            throw new AzureCallError(`${err.message} To remove the link anyway: give the resource a valid secret and run the command again, or delete it in the Azure portal (or \`az managementpartner delete --partner-id ${olds.partnerId}\` as that identity) and then \`pulumi state delete\` the resource.`, err.kind, err.status, err.code);
        }
        throw e;
    }
    const r = await send(s, "DELETE", olds.partnerId, true);
    if (r.status === 404 || (r.status >= 200 && r.status < 300)) return;
    throw armFailure(s, "DELETE", olds.partnerId, r, true);
}
