import * as assert from "node:assert/strict";
import { nextDelayMs, retryAfterMs } from "../../../azure/backoff";
import { armErrorOf, classifyStatus, classifyTokenError, redact } from "../../../azure/errors";
import { defaultScope, endpointProblems, resolveEndpoints } from "../../../azure/endpoints";
import { judgeHttp, withRetries } from "../../../azure/retry";
import { checkLinkInputs } from "../../../components/partnerAdminLink/check";
import { decideLink } from "../../../components/partnerAdminLink/decide";
import { diffLink } from "../../../components/partnerAdminLink/diff";
import { UNKNOWN_SENTINEL as UNKNOWN } from "../../../core/validation/formats";
import { VirtualClock } from "../../kit/fakeAzure";

const T = "11111111-2222-3333-4444-555555555555";
const C = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const SECRET = "s3cr3t-value-never-shown";
const cred = (over: Record<string, unknown> = {}) => ({
    kind: "clientSecret",
    tenantId: T,
    clientId: C,
    clientSecret: SECRET,
    ...over,
});

describe("PAL rules: check (no network)", () => {
    it("accepts valid inputs and fills defaults", () => {
        const r = checkLinkInputs({ partnerId: "1234567", credential: cred() });
        assert.deepEqual(r.failures, []);
        assert.equal(r.inputs.onExistingLink, "adopt");
        assert.equal(r.inputs.propagationTimeoutSeconds, 300);
        assert.equal("endpoints" in r.inputs, false);
    });

    it("accepts azureCli and default kinds with or without tenant", () => {
        for (const c of [{ kind: "azureCli" }, { kind: "default", tenantId: "contoso.onmicrosoft.com" }]) {
            assert.deepEqual(checkLinkInputs({ partnerId: "1", credential: c }).failures, []);
        }
    });

    it("tolerates the unknown sentinel everywhere", () => {
        const r = checkLinkInputs({
            partnerId: UNKNOWN,
            credential: UNKNOWN,
            endpoints: UNKNOWN,
            onExistingLink: UNKNOWN,
            propagationTimeoutSeconds: UNKNOWN,
        });
        assert.deepEqual(r.failures, []);
        const nested = checkLinkInputs({
            partnerId: "1",
            credential: cred({ tenantId: UNKNOWN, clientId: UNKNOWN, clientSecret: UNKNOWN }),
            endpoints: { authorityHost: UNKNOWN },
        });
        assert.deepEqual(nested.failures, []);
    });

    const bad: Array<[string, Record<string, unknown>, string, RegExp]> = [
        ["non-digit partnerId", { partnerId: "MPN-12" }, "partnerId", /partnerId must be .*digits.*"MPN-12"/],
        ["numeric partnerId", { partnerId: 1234567 }, "partnerId", /got 1234567/],
        ["unknown kind", { credential: { kind: "cert" } }, "credential", /credential\.kind .*"cert"/],
        ["missing credential", { credential: undefined }, "credential", /credential\.kind/],
        ["clientSecret without tenant", { credential: cred({ tenantId: undefined }) }, "credential", /tenantId/],
        // Issue 10: credential values are described, never echoed (a swapped clientId would be the secret).
        [
            "bad clientId",
            { credential: cred({ clientId: "my-app" }) },
            "credential",
            /clientId .*GUID, got 6 characters \(not shown\)/,
        ],
        [
            "empty secret",
            { credential: cred({ clientSecret: "" }) },
            "credential",
            /clientSecret must be a non-empty string/,
        ],
        [
            "extra credential field",
            { credential: { kind: "azureCli", clientSecret: "x" } },
            "credential",
            /credential\.clientSecret is not allowed with kind "azureCli"/,
        ],
        [
            "http endpoint",
            { endpoints: { authorityHost: "http://login.example" } },
            "endpoints",
            /endpoints\.authorityHost must be an absolute https URL.*http:\/\/login\.example/,
        ],
        [
            "unused endpoint",
            { endpoints: { graph: "https://graph.microsoft.com" } },
            "endpoints",
            /endpoints\.graph is not used/,
        ],
        ["bad policy", { onExistingLink: "steal" }, "onExistingLink", /"adopt", "relink" or "fail", got "steal"/],
        [
            "negative timeout",
            { propagationTimeoutSeconds: -1 },
            "propagationTimeoutSeconds",
            /between|from 0 to 3600, got -1/,
        ],
    ];
    for (const [name, over, property, reason] of bad) {
        it(`rejects ${name}, naming the field, value and fix`, () => {
            const r = checkLinkInputs({ partnerId: "1234567", credential: cred(), ...over });
            const f = r.failures.find((x) => x.property === property);
            assert.ok(f, JSON.stringify(r.failures));
            assert.match(f.reason, reason);
        });
    }

    it("never puts the secret in a failure message", () => {
        for (const credential of [
            { kind: "azureCli", clientSecret: SECRET },
            { kind: "clientSecret", clientSecret: SECRET, tenantId: "bad tenant" },
            SECRET,
        ]) {
            const r = checkLinkInputs({ partnerId: "x", credential });
            assert.ok(r.failures.length >= 2);
            assert.ok(
                r.failures.every((f) => !f.reason.includes(SECRET)),
                JSON.stringify(r.failures),
            );
        }
    });
});

describe("PAL rules: diff (no network)", () => {
    const olds = {
        partnerId: "1234567",
        credential: cred(),
        onExistingLink: "adopt",
        propagationTimeoutSeconds: 300,
        tenantId: T,
        objectId: C,
        state: "Active",
        version: 3,
    };
    const news = (over: Record<string, unknown> = {}) => ({
        partnerId: "1234567",
        credential: cred(),
        onExistingLink: "adopt",
        propagationTimeoutSeconds: 300,
        ...over,
    });

    it("no change when only output facts and behaviour knobs differ (second preview after up)", () => {
        assert.deepEqual(diffLink(olds, news()), { changes: false, replaces: [] });
        assert.deepEqual(
            diffLink(
                olds,
                news({
                    onExistingLink: "relink",
                    propagationTimeoutSeconds: 10,
                    endpoints: { authorityHost: "https://login.microsoftonline.us" },
                }),
            ),
            { changes: false, replaces: [] },
        );
    });
    it("GUID case differences are not a change", () => {
        assert.deepEqual(diffLink(olds, news({ credential: cred({ tenantId: T.toUpperCase() }) })), {
            changes: false,
            replaces: [],
        });
    });
    it("a new partnerId is an in-place update", () => {
        assert.deepEqual(diffLink(olds, news({ partnerId: "7654321" })), { changes: true, replaces: [] });
    });
    it("a rotated secret alone is an update, not a replace", () => {
        assert.deepEqual(diffLink(olds, news({ credential: cred({ clientSecret: "rotated" }) })), {
            changes: true,
            replaces: [],
        });
        assert.deepEqual(diffLink(olds, news({ credential: cred({ clientSecret: UNKNOWN }) })), {
            changes: true,
            replaces: [],
        });
    });
    for (const [field, value] of [
        ["tenantId", "99999999-2222-3333-4444-555555555555"],
        ["clientId", "99999999-bbbb-cccc-dddd-eeeeeeeeeeee"],
        ["kind", "azureCli"],
    ]) {
        it(`a different identity (${field}) replaces`, () => {
            assert.deepEqual(diffLink(olds, news({ credential: cred({ [field]: value }) })), {
                changes: true,
                replaces: ["credential"],
            });
        });
    }
    it("unknowns in preview: partnerId → update, identity or whole credential → replace", () => {
        assert.deepEqual(diffLink(olds, news({ partnerId: UNKNOWN })), { changes: true, replaces: [] });
        assert.deepEqual(diffLink(olds, news({ credential: cred({ clientId: UNKNOWN }) })), {
            changes: true,
            replaces: ["credential"],
        });
        assert.deepEqual(diffLink(olds, news({ credential: UNKNOWN })), { changes: true, replaces: ["credential"] });
    });
});

describe("PAL rules: link decision", () => {
    it("none → PUT; same → adopt; other → fail naming both IDs unless relink", () => {
        assert.deepEqual(decideLink(undefined, "1", "adopt"), { action: "put" });
        assert.deepEqual(decideLink("1", "1", "adopt"), { action: "adopt" });
        assert.deepEqual(decideLink("2", "1", "relink"), { action: "patch", from: "2" });
        const f = decideLink("2", "1", "adopt");
        assert.equal(f.action, "fail");
        assert.match((f as { message: string }).message, /partner ID 2, not 1.*onExistingLink: "relink"/);
    });
    it('"fail" refuses a pre-existing link to the same partner but not its own', () => {
        assert.equal(decideLink("1", "1", "fail").action, "fail");
        assert.deepEqual(decideLink("1", "1", "fail", { ours: true }), { action: "adopt" });
    });
    it("update re-points away from the resource's previous partner regardless of policy", () => {
        assert.deepEqual(decideLink("2", "1", "adopt", { previous: "2" }), { action: "patch", from: "2" });
        assert.equal(decideLink("3", "1", "adopt", { previous: "2" }).action, "fail");
    });
});

describe("azure: backoff schedule", () => {
    it("first wait ≤ 2 s, each at most double the previous, capped at 30 s, total bounded by the deadline", () => {
        for (const random of [0, 0.5, 0.999]) {
            const waits: number[] = [];
            let total = 0,
                prev: number | undefined;
            for (let i = 0; i < 200; i++) {
                const d = nextDelayMs(prev, 300_000 - total, random);
                if (d === undefined) break;
                waits.push(d);
                total += d;
                prev = d;
            }
            assert.ok(waits[0] <= 2000 && waits[0] >= 1000, `first ${waits[0]}`);
            waits
                .slice(1)
                .forEach((w, i) =>
                    assert.ok(
                        w <= 2 * waits[i] || w === 300_000 - waits.slice(0, i + 1).reduce((a, b) => a + b, 0),
                        `wait ${i + 1} = ${w} after ${waits[i]}`,
                    ),
                );
            assert.ok(Math.max(...waits) <= 30_000);
            assert.equal(total, 300_000);
            assert.ok(waits.length < 50, `${waits.length} attempts`);
        }
    });
    it("no time left → no more attempts", () => {
        assert.equal(nextDelayMs(1000, 0, 0.5), undefined);
        assert.equal(nextDelayMs(1000, 10, 0.5), 10);
    });
    it("parses Retry-After in seconds, HTTP dates and milliseconds", () => {
        const h = (m: Record<string, string>) => (n: string) => m[n];
        assert.equal(retryAfterMs(h({ "retry-after": "7" }), 0), 7000);
        assert.equal(retryAfterMs(h({ "retry-after": new Date(10_000).toUTCString() }), 4000), 6000);
        assert.equal(retryAfterMs(h({ "retry-after-ms": "250" }), 0), 250);
        assert.equal(retryAfterMs(h({}), 0), undefined);
        assert.equal(retryAfterMs(h({ "retry-after": "soon" }), 0), undefined);
    });
    it("withRetries honours Retry-After and stops after the transient budget", async () => {
        const clock = new VirtualClock();
        let n = 0;
        const out = await withRetries(
            async () => ++n,
            (v) => (v! < 3 ? { kind: "throttled", retryAfterMs: 5000 } : undefined),
            { clock },
        );
        assert.equal(out.value, 3);
        assert.deepEqual(clock.sleeps, [5000, 5000]);
        const clock2 = new VirtualClock();
        const failing = await withRetries(
            async () => {
                throw new Error("socket hang up");
            },
            (_v, e) => judgeHttp(undefined, e, 0),
            { clock: clock2, maxTransientRetries: 3 },
        );
        assert.equal(failing.attempts, 4);
        assert.equal(clock2.sleeps.length, 3);
        assert.match(String(failing.error), /socket hang up/);
    });
});

describe("azure: error classification", () => {
    it("token errors", () => {
        assert.deepEqual(classifyTokenError(new Error("invalid_client: AADSTS7000215: Invalid client secret")), {
            kind: "replication",
            code: 7000215,
        });
        assert.deepEqual(classifyTokenError({ errorResponse: { errorCodes: [700016] } }), {
            kind: "replication",
            code: 700016,
        });
        assert.equal(classifyTokenError(new Error("AADSTS7000222: expired")).kind, "expiredSecret");
        for (const unknownTenant of [
            new Error("AADSTS900023: Specified tenant identifier 'x y' is neither a valid DNS name"),
            { name: "AuthenticationError", message: "Tenant not found", errorResponse: { errorCodes: [90002] } },
            { name: "CredentialUnavailableError", message: "invalid_tenant: AADSTS90002: Tenant 'x' not found." },
            new Error("Invalid tenant id provided. You can locate your tenant id by following the instructions"),
        ])
            assert.equal(classifyTokenError(unknownTenant).kind, "invalidTenant", String(unknownTenant.message));
        assert.equal(
            classifyTokenError({ name: "CredentialUnavailableError", message: "endpoints_resolution_error: x" }).kind,
            "transient",
            "an authority that cannot be reached is still retried",
        );
        assert.equal(
            classifyTokenError({ name: "CredentialUnavailableError", message: "az login" }).kind,
            "unavailable",
        );
        assert.equal(
            classifyTokenError({ name: "AuthenticationRequiredError", message: "", cause: { status: 503 } }).kind,
            "transient",
        );
        assert.equal(classifyTokenError({ name: "AuthenticationRequiredError", message: "" }).kind, "transient");
        assert.equal(classifyTokenError({ message: "x", cause: { status: 429 } }).kind, "throttled");
    });
    it("HTTP status and ARM error bodies in both shapes", () => {
        assert.deepEqual([429, 503, 500, 400, 401, 403, 404, 409].map(classifyStatus), [
            "throttled",
            "transient",
            "transient",
            "badRequest",
            "unauthorized",
            "forbidden",
            "notFound",
            "fatal",
        ]);
        assert.deepEqual(armErrorOf({ error: { code: "PartnerIdAlreadyLinked", message: "m" } }), {
            code: "PartnerIdAlreadyLinked",
            message: "m",
        });
        assert.deepEqual(armErrorOf('{"code":"Legacy","message":"old"}'), { code: "Legacy", message: "old" });
        assert.deepEqual(armErrorOf("not json"), {});
        assert.equal(judgeHttp(undefined, new Error("unable to verify the first certificate"), 0)?.kind, "fatal");
    });
    it("redacts secrets", () => {
        assert.equal(redact(`a ${SECRET} b ${SECRET}`, [SECRET, undefined, "ab"]), "a *** b ***");
    });
});

describe("azure: endpoints", () => {
    it("defaults to the public cloud and strips trailing slashes", () => {
        assert.deepEqual(resolveEndpoints({ resourceManager: "https://management.usgovcloudapi.net/" }), {
            authorityHost: "https://login.microsoftonline.com",
            resourceManager: "https://management.usgovcloudapi.net",
            graph: "https://graph.microsoft.com",
            partnerCenter: "https://api.partnercenter.microsoft.com",
        });
        assert.equal(defaultScope("https://management.azure.com/"), "https://management.azure.com/.default");
        assert.deepEqual(endpointProblems({ graph: "https://g" }), []);
        assert.match(
            endpointProblems({ graph: "ftp://g", nope: "https://x" }).join("\n"),
            /graph must be an absolute https URL[\s\S]*nope is not a known endpoint/,
        );
    });
});
