import { ArmClient, ArmResponse } from "../azure/armClient";
import { ArmConnection, openArmSession } from "../azure/armSession";
import { MANAGEMENT_PARTNER_API_VERSION, managementPartnerClient } from "../azure/managementPartner";
import { armErrorOf, classifyStatus } from "../azure/errors";
import { AzureCallError } from "../core/errors";
import type { DoctorFacts, Readable, SubscriptionFacts } from "./model";
import { parseLink, parsePage, parseRegistrationAssignment, parseRoleAssignment, parseSubscription } from "./parse";

/** API versions `doctor` reads with. */
export const DOCTOR_API_VERSIONS = {
    managementPartner: MANAGEMENT_PARTNER_API_VERSION,
    subscriptions: "2022-12-01",
    managedServices: "2022-10-01",
    authorization: "2022-04-01",
} as const;

/** How `doctor` reaches Azure: the credential is the partner-linked identity to sign in as. */
export interface DoctorConnection extends ArmConnection {
    /** Subscriptions read in parallel (default 8). */
    concurrency?: number;
    /** Most pages followed per list (default 1000). */
    maxPages?: number;
}

/** The facts `collectDoctorFacts` reads: who, the link, and every visible subscription. */
export type CollectedFacts = Pick<DoctorFacts, "identity" | "link" | "subscriptions">;

interface Session {
    client: ArmClient;
    base: string;
    maxPages: number;
}

/**
 * Signs in as the identity and reads, through the shared retrying pipeline: its Partner Admin Link,
 * every subscription it sees (following `nextLink`), and for each subscription the registration
 * assignments (definitions expanded) and the identity's role assignments. Sign-in failures, a
 * rejected token and failures of the link or subscription reads throw an `AzureCallError` (the CLI
 * redacts what it prints); a failed per-subscription read is recorded so the subscription is reported
 * as `unreadable` instead.
 */
export async function collectDoctorFacts(conn: DoctorConnection): Promise<CollectedFacts> {
    const { client, base, identity } = await openArmSession(conn, {
        unidentified:
            "The access token does not say which identity it belongs to (no tid/oid claims); doctor needs a Microsoft Entra ID token for a user or service principal.",
    });
    const s: Session = { client, base, maxPages: conn.maxPages ?? 1000 };

    const linkResponse = await reach(s.base, () => managementPartnerClient(s.client, s.base).send("GET"));
    if (linkResponse.answer !== "ok" && linkResponse.answer !== "notLinked")
        throw failure("the Partner Admin Link", linkResponse);
    const link = linkResponse.answer === "ok" ? (parseLink(linkResponse.json) ?? null) : null;

    const subscriptions = (
        await listAll(
            s,
            `${s.base}/subscriptions?api-version=${DOCTOR_API_VERSIONS.subscriptions}`,
            "the subscriptions",
        )
    )
        .map(parseSubscription)
        .filter((x) => x !== undefined);

    const facts = await mapLimit(
        subscriptions,
        conn.concurrency ?? 8,
        async (subscription): Promise<SubscriptionFacts> => {
            const root = `${s.base}/subscriptions/${encodeURIComponent(subscription.subscriptionId)}`;
            const [registrations, roles] = await Promise.all([
                readList(
                    s,
                    `${root}/providers/Microsoft.ManagedServices/registrationAssignments?api-version=${DOCTOR_API_VERSIONS.managedServices}&$expandRegistrationDefinition=true`,
                    "registration assignments",
                    parseRegistrationAssignment,
                ),
                readList(
                    s,
                    `${root}/providers/Microsoft.Authorization/roleAssignments?api-version=${DOCTOR_API_VERSIONS.authorization}&$filter=${encodeURIComponent(`assignedTo('${identity.objectId}')`)}`,
                    "role assignments",
                    parseRoleAssignment,
                ),
            ]);
            return { subscription, registrationAssignments: registrations, roleAssignments: roles };
        },
    );
    return { identity, link, subscriptions: facts };
}

async function send(s: Session, url: string): Promise<ArmResponse> {
    return reach(url, () => s.client.send("GET", url));
}

/** The answer of a request to `url`; a connection that kept failing becomes an `AzureCallError` naming the host. */
async function reach<T>(url: string, request: () => Promise<T>): Promise<T> {
    try {
        return await request();
    } catch (e) {
        const detail = String((e as Error)?.message ?? e).split(/\r?\n/)[0];
        throw new AzureCallError(
            `Could not reach Azure Resource Manager at ${new URL(url).origin} (${detail}); check --resource-manager and the network, then run doctor again.`,
            "transient",
        );
    }
}

function failure(what: string, r: ArmResponse): AzureCallError {
    const { code, message } = armErrorOf(r.json ?? r.text);
    const kind = classifyStatus(r.status);
    const advice =
        kind === "unauthorized"
            ? "Azure Resource Manager did not accept the token: check that --resource-manager and --authority-host belong to the same cloud."
            : kind === "throttled" || kind === "transient"
              ? "Azure kept failing after retries; run doctor again later."
              : "";
    return new AzureCallError(
        `Reading ${what} answered ${r.status}${code ? ` ${code}` : ""}${message ? `: ${message.replace(/\.+\s*$/, "")}` : ""}. ${advice}`.trim(),
        kind,
        r.status,
        code,
    );
}

/** Every item of a paged ARM list; `nextLink` is only followed on the Resource Manager host (it carries the token). */
async function listAll(s: Session, first: string, what: string): Promise<unknown[]> {
    const items: unknown[] = [];
    const origin = new URL(s.base).origin;
    let url: string | null = first;
    for (let page = 0; url; page++) {
        if (page >= s.maxPages)
            throw new AzureCallError(`Reading ${what} did not end after ${s.maxPages} pages; stopped.`, "fatal");
        if (new URL(url).origin !== origin)
            throw new AzureCallError(
                `Reading ${what}: nextLink points to ${new URL(url).origin}, not ${origin}; refusing to send the token there.`,
                "fatal",
            );
        const r = await send(s, url);
        if (r.status !== 200) throw failure(what, r);
        const { items: pageItems, nextLink } = parsePage(r.json);
        items.push(...pageItems);
        url = nextLink;
    }
    return items;
}

/** A per-subscription list: a rejected token still throws; other failures are recorded. */
async function readList<T>(
    s: Session,
    url: string,
    what: string,
    parse: (item: unknown) => T | undefined,
): Promise<Readable<T[]>> {
    try {
        return { ok: true, value: (await listAll(s, url, what)).map(parse).filter((x): x is T => x !== undefined) };
    } catch (e) {
        if (e instanceof AzureCallError && e.kind !== "unauthorized" && e.status !== undefined) {
            return { ok: false, error: `${what} (${e.status}${e.code ? ` ${e.code}` : ""})` };
        }
        throw e;
    }
}

/** Maps with at most `limit` calls in flight, keeping the order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
    const out = new Array<R>(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return out;
}
