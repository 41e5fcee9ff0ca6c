import * as assert from "node:assert/strict";
import { createPartnerAdminLinkProvider, PartnerAdminLinkInputs } from "../../components/partnerAdminLink";
import type { FakeAzure, VirtualClock } from "./fakeAzure";

/** An app registration of the fake identity (`fake.identity.addApp()`). */
export interface FakeApp {
    /** Its home tenant. */
    tenantId: string;
    /** Its application (client) ID. */
    clientId: string;
    /** Its client secret. */
    clientSecret: string;
}

/**
 * A PartnerAdminLink provider talking to `fake` over HTTPS, waiting on `clock` (no jitter).
 * @param fake - the fake Azure
 * @param clock - the virtual clock
 * @param warn - where warnings go
 */
export function fakeLinkProvider(fake: FakeAzure, clock: VirtualClock, warn: (message: string) => void) {
    return createPartnerAdminLinkProvider({
        clock: { sleep: clock.sleep, now: clock.now, random: () => 0.5 },
        agent: fake.agent,
        warn,
    });
}

/**
 * PartnerAdminLink inputs signing in as `app` against the fake at `url`: partner ID 1234567, adopt, 300 s of propagation.
 * @param app - the identity
 * @param url - the fake's URL (authority host and resource manager)
 * @param over - inputs to change
 */
export function linkInputs(
    app: FakeApp,
    url: string,
    over: Partial<PartnerAdminLinkInputs> = {},
): PartnerAdminLinkInputs {
    return {
        partnerId: "1234567",
        onExistingLink: "adopt",
        propagationTimeoutSeconds: 300,
        credential: {
            kind: "clientSecret",
            tenantId: app.tenantId,
            clientId: app.clientId,
            clientSecret: app.clientSecret,
        },
        endpoints: { authorityHost: url, resourceManager: url },
        ...over,
    };
}

/**
 * Asserts that `p` rejects with a message matching `re`, and records the message (for a later secret check).
 * @param p - the operation
 * @param re - what the message must say
 * @param messages - where the message is recorded
 * @returns the message
 */
export async function rejectsRecorded(p: Promise<unknown>, re: RegExp, messages: string[]): Promise<string> {
    try {
        await p;
    } catch (e) {
        const m = String((e as Error).message);
        messages.push(m);
        assert.match(m, re);
        return m;
    }
    assert.fail(`expected a failure matching ${re}`);
}
