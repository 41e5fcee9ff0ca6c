import type { Agent } from "node:http";
import { AzureCallError, FailureKind } from "../../core/errors";
import { armErrorOf, classifyStatus, redact } from "../../azure/errors";
import {
    LinkFacts,
    managementPartnerClient,
    parsePartnerLink,
    PartnerMethod,
    PartnerResponse,
} from "../../azure/managementPartner";
import type { RetryOptions } from "../../azure/retry";
import type { RetryClock } from "../../azure/retryClock";
import { openSignedInClient } from "../../azure/signedInClient";
import { decideLink, DecisionContext, PutConflict } from "./decide";
import { PartnerAdminLinkInputs, PartnerAdminLinkOutputs } from "./types";

/** Things the provider takes from its environment; tests inject them, production uses the defaults. */
export interface ProviderRuntime {
    /** Clock for retry waits (default: real time). */
    clock?: Partial<RetryClock>;
    /** HTTPS agent for every call (default: Node's, trusting the system CAs and NODE_EXTRA_CA_CERTS). */
    agent?: Agent;
    /** Where warnings go (default: `console.warn`, which the engine shows for the provider). */
    warn?: (message: string) => void;
    /** Retry bounds of ARM calls (default 5 retries, 120 s of waiting per call). */
    armRetry?: Pick<RetryOptions, "maxTransientRetries" | "transientBudgetMs">;
}

/** A signed-in connection to Microsoft.ManagementPartner as the credential's identity. */
interface Session {
    /** The identity's current link (GET …/partners), or undefined when it has none. */
    read(): Promise<LinkFacts | undefined>;
    /**
     * PUT / PATCH / DELETE …/partners/{partnerId}; `{ conflict }` when Azure refused it because the identity
     * is linked already (see `readPartnerAnswer`); DELETE of a missing link is success.
     */
    write(
        method: "PUT" | "PATCH" | "DELETE",
        partnerId: string,
    ): Promise<LinkFacts | { conflict: PutConflict } | undefined>;
}

/**
 * Signs in (retrying replication errors for `propagationTimeoutMs`) and opens a session. Failed
 * calls become actionable, secret-free {@link AzureCallError}s saying whether anything may have changed.
 */
async function openSession(
    inputs: Pick<PartnerAdminLinkInputs, "credential" | "endpoints" | "timeoutSeconds">,
    runtime: ProviderRuntime | undefined,
    propagationTimeoutMs: number,
): Promise<Session> {
    const { client, endpoints: ep, secrets } = await openSignedInClient(inputs, runtime, propagationTimeoutMs);
    const partners = managementPartnerClient(client, ep.resourceManager);
    const cred = inputs.credential;
    const who =
        cred.kind === "clientSecret"
            ? `client ${cred.clientId} (tenant ${cred.tenantId})`
            : `the ${cred.kind} identity`;
    const call = async (method: PartnerMethod, id?: string): Promise<PartnerResponse> => {
        const path = partners.path(id);
        let r: PartnerResponse | undefined, err: unknown;
        const mayHaveChanged =
            "the change may or may not have been applied: run `pulumi up` again (it reads the current link first and adopts it).";
        try {
            r = await partners.send(method, id);
        } catch (e) {
            err = e;
        }
        const answer = r?.answer;
        if (r && answer === "undocumented") {
            throw new AzureCallError(
                redact(
                    `${method} ${path} as ${who} answered ${r.status}, which the Microsoft.ManagementPartner API (2018-02-01) does not define for ${method}; ${method === "GET" ? "nothing was changed." : mayHaveChanged}`,
                    secrets,
                ),
                "fatal",
                r.status,
            );
        }
        if (r && answer !== "error") return r;
        const { code, message } = armErrorOf(r?.json);
        const kind = r ? classifyStatus(r.status) : "transient";
        const gaveUp =
            method === "GET"
                ? "Azure kept failing after retries; nothing was changed: try again later."
                : `Azure kept failing after retries, so ${mayHaveChanged}`;
        const advice =
            (
                {
                    badRequest: `Check that partnerId ${id} is your Associated Partner ID / partner location ID (Partner Center → Account settings → Identifiers).`,
                    unauthorized:
                        "Check that endpoints.resourceManager and endpoints.authorityHost belong to the same cloud.",
                    forbidden:
                        "Only the identity itself, signed in to its home (managing) tenant, can manage its link: check credential.tenantId and that it is not a guest there.",
                    transient: gaveUp,
                    throttled: gaveUp,
                } as Partial<Record<FailureKind, string>>
            )[kind] ?? "Nothing more was attempted.";
        const what = r
            ? `answered ${r.status}${code ? ` ${code}` : ""}${message ? `: ${message}` : ""}`
            : `failed: ${(err as Error)?.message ?? err}`;
        throw new AzureCallError(
            redact(`${method} ${path} as ${who} ${what}. ${advice}`, secrets),
            kind,
            r?.status,
            code,
        );
    };
    const session: Session = {
        async read() {
            const r = await call("GET");
            return r.answer === "notLinked" ? undefined : parsePartnerLink(r.json);
        },
        async write(method, partnerId) {
            const r = await call(method, partnerId);
            if (r.answer === "conflict") return { conflict: (r.attempts ?? 1) > 1 ? "ambiguous" : "concurrent" };
            if (method === "DELETE") return undefined;
            const facts = parsePartnerLink(r.json) ?? (await session.read());
            if (facts?.partnerId !== partnerId)
                throw new AzureCallError(
                    `${method} of partner ID ${partnerId} as ${who} succeeded but the identity is not linked to it afterwards; run \`pulumi up\` again.`,
                    "fatal",
                );
            return facts;
        },
    };
    return session;
}

/**
 * Makes the credential's identity linked to `inputs.partnerId` (create and update): sign in with
 * replication-aware retries, read the current link, then PUT / adopt / PATCH / fail per
 * {@link decideLink}. A PUT refused as a conflict (409 with any code, or `PartnerIdAlreadyLinked` /
 * `Conflict` with any status) re-reads and decides again; a link found then is not known to be this
 * resource's own, so `onExistingLink: "fail"` refuses it (see {@link PutConflict}).
 * @returns the outputs: the inputs plus the link facts, as plain JSON (no `undefined` values: the engine rejects them)
 */
export async function ensureLink(
    inputs: PartnerAdminLinkInputs,
    runtime: ProviderRuntime | undefined,
    context: DecisionContext,
): Promise<PartnerAdminLinkOutputs> {
    const s = await openSession(inputs, runtime, inputs.propagationTimeoutSeconds * 1000);
    let facts = await s.read();
    let decision = decideLink(facts?.partnerId, inputs.partnerId, inputs.onExistingLink, context);
    if (decision.action === "put") {
        const put = await s.write("PUT", inputs.partnerId);
        if (put && "conflict" in put) {
            facts = await s.read();
            decision = facts
                ? decideLink(facts.partnerId, inputs.partnerId, inputs.onExistingLink, {
                      ...context,
                      conflict: put.conflict,
                  })
                : {
                      action: "fail",
                      message:
                          "The PUT was refused as a conflict (already linked) but no link can be read back; nothing was changed: run `pulumi up` again.",
                  };
        } else facts = put;
    }
    if (decision.action === "fail") throw new AzureCallError(decision.message, "fatal");
    if (decision.action === "patch") {
        const patched = await s.write("PATCH", inputs.partnerId);
        if (!patched || "conflict" in patched)
            throw new AzureCallError(
                `PATCH of partner ID ${inputs.partnerId} was refused as a conflict; nothing was changed: run \`pulumi up\` again.`,
                "fatal",
            );
        facts = patched;
    }
    return JSON.parse(JSON.stringify({ ...inputs, ...facts! })) as PartnerAdminLinkOutputs;
}

/**
 * The provider's `create`: {@link ensureLink} for a new resource, whose ID is `tenantId/objectId`.
 * @param inputs - the checked inputs
 * @param runtime - injected environment (tests)
 */
export async function createLink(
    inputs: PartnerAdminLinkInputs,
    runtime?: ProviderRuntime,
): Promise<{ id: string; outs: PartnerAdminLinkOutputs }> {
    const outs = await ensureLink(inputs, runtime, {});
    return { id: `${outs.tenantId}/${outs.objectId}`, outs };
}

/**
 * The provider's `update`: {@link ensureLink}, re-pointing away from the partner ID this resource linked before.
 * @param _id - the resource ID (unused)
 * @param olds - the previous outputs
 * @param news - the checked new inputs
 * @param runtime - injected environment (tests)
 */
export async function updateLink(
    _id: string,
    olds: PartnerAdminLinkOutputs,
    news: PartnerAdminLinkInputs,
    runtime?: ProviderRuntime,
): Promise<{ outs: PartnerAdminLinkOutputs }> {
    return { outs: await ensureLink(news, runtime, { previous: olds.partnerId, ours: true }) };
}

/**
 * Refresh: reads the identity's link. Removed → `{ id: "" }` (gone; the next `up` recreates it);
 * re-pointed → the actual partner ID (the next `up` PATCHes it back). If the identity cannot sign
 * in (expired / revoked secret, deleted app, no CLI login) the last known state is kept with a warning.
 */
export async function refreshLink(
    id: string,
    olds: PartnerAdminLinkOutputs,
    runtime?: ProviderRuntime,
): Promise<{ id: string; props?: PartnerAdminLinkOutputs }> {
    let s: Session;
    try {
        s = await openSession(olds, runtime, 0);
    } catch (e) {
        if (!["expiredSecret", "replication", "unavailable"].includes((e as AzureCallError).kind)) throw e;
        (runtime?.warn ?? console.warn)(
            `PartnerAdminLink ${id}: could not sign in to check the link; keeping the last known state (partner ID ${olds.partnerId}). ${(e as Error).message}`,
        );
        return { id, props: olds };
    }
    const current = await s.read();
    return current
        ? { id, props: JSON.parse(JSON.stringify({ ...olds, ...current })) as PartnerAdminLinkOutputs }
        : { id: "" };
}

/**
 * Delete: DELETE the link to the recorded partner ID. Already gone (404) is success; so is an
 * identity that no longer exists (AADSTS700016), with a warning.
 */
export async function removeLink(id: string, olds: PartnerAdminLinkOutputs, runtime?: ProviderRuntime): Promise<void> {
    let s: Session;
    try {
        s = await openSession(olds, runtime, (olds.propagationTimeoutSeconds ?? 0) * 1000);
    } catch (e) {
        const err = e as AzureCallError;
        if (err.code === "AADSTS700016")
            return (runtime?.warn ?? console.warn)(
                `PartnerAdminLink ${id}: the identity no longer exists in Entra ID, so its link went with it. ${err.message}`,
            );
        if (err.kind !== "expiredSecret" && err.kind !== "replication") throw e;
        throw new AzureCallError(
            `${err.message} To remove the link anyway, give the resource a valid secret and run the command again, or run \`az managementpartner delete --partner-id ${olds.partnerId}\` as that identity and then \`pulumi state delete\` this resource.`,
            err.kind,
            err.status,
            err.code,
        );
    }
    await s.write("DELETE", olds.partnerId);
}
