// Issue 10, "Hangs and storms": a stalled host fails with a message naming it, repeated next links
// and Retry-After: 0 cannot storm, network failures are retried, advice fits the credential kind.
// Stalls are real (the fake accepts and never answers) but short: --timeout 0.2 s. Waits between
// retries and polls run on a virtual clock. Nothing here asserts a duration, only that it finished.
import assert from "node:assert/strict";
import { acquireToken } from "../../azure/credential";
import { classifyTokenError } from "../../azure/errors";
import { FakeAzure, VirtualClock } from "../kit/fakeAzure";
import { FakeBlobStore, FakeGraphBilling } from "../kit/fakeAzure/graphBillingRoutes";
import { FakePartnerCenterV1 } from "../kit/fakeAzure/partnerCenterRoutes";
import { runCli } from "../kit/cliHarness";
import { toGraphBlob, v1Item } from "../kit/generate";
import { SCENARIO_LINES } from "../kit/scenario";
import { clientSecretArgs } from "../kit/cliAuth";

describe("hangs and storms (issue 10)", function () {
    this.timeout(30_000);
    let fake: FakeAzure;
    let store: FakeBlobStore;
    let graph: FakeGraphBilling;
    let v1: FakePartnerCenterV1;
    let clock: VirtualClock;
    let app: ReturnType<FakeAzure["identity"]["addApp"]>;
    let host: string;

    before(async () => {
        clock = new VirtualClock(Date.now());
        fake = await FakeAzure.start({ now: clock.now });
        store = await FakeBlobStore.start(fake);
        graph = new FakeGraphBilling(fake, store);
        v1 = new FakePartnerCenterV1(fake);
        app = fake.identity.addApp();
        host = new URL(fake.url).host.replace(/\./g, "\\.");
    });
    after(async () => {
        await store.close();
        await fake.close();
    });
    beforeEach(() => {
        fake.clearLog();
        clock.sleeps.length = 0;
        store.requests.length = 0;
        store.stallNext = 0;
        v1.rewriteNext = undefined;
        graph.scenario = {
            blobs: [0, 1].map((i) => ({
                name: `part-${i}.json.gz`,
                data: toGraphBlob(SCENARIO_LINES.filter((_, j) => j % 2 === i)),
            })),
            manifest: "inline",
            pollsBeforeDone: 0,
            retryAfterSeconds: 1,
        };
    });

    const auth = (authorityHost = fake.url): string[] => clientSecretArgs(app, "PEC_SECRET", authorityHost);
    const verify = (args: string[], authorityHost?: string) =>
        runCli(["verify", ...args, ...auth(authorityHost), "--format", "json", "--timeout", "0.2"], {
            env: { PEC_SECRET: app.clientSecret },
            deps: { agent: fake.agent, clock },
        });
    const graphArgs = () => ["--source", "graph", "--graph-endpoint", fake.url];

    describe("a host that accepts and never answers", () => {
        it("verify: a stalled Graph export request fails naming the host, after bounded retries", async () => {
            fake.injectFault({ method: "POST", path: /\/export$/, times: 20, fault: { kind: "stall" } });
            const out = await verify(graphArgs());
            assert.equal(out.code, 2);
            assert.match(
                out.stderr,
                new RegExp(
                    `POST https://${host}/v1\\.0/reports/partners/billing/usage/unbilled/export failed: ${host} did not answer within 0\\.2 s`,
                ),
            );
            const stalled = fake.calls("POST", /\/export$/).filter((r) => r.fault === "stall").length;
            assert.ok(
                stalled >= 2 && stalled <= 6,
                `the stall was injected and retried a bounded number of times (${stalled})`,
            );
        });

        it("verify: a stalled token endpoint fails naming the authority host", async () => {
            fake.injectFault({ method: "POST", path: /\/oauth2\/v2\.0\/token$/, times: 20, fault: { kind: "stall" } });
            const out = await verify(graphArgs());
            assert.equal(out.code, 2);
            assert.match(
                out.stderr,
                new RegExp(`Could not get an Entra ID token from https://${host} after \\d attempt\\(s\\)`),
            );
            assert.match(out.stderr, /did not answer: check --authority-host and the network/);
            assert.ok(fake.calls("POST", /token$/).some((r) => r.fault === "stall"));
            assert.equal(fake.count("POST", /\/export$/), 0);
        });

        it("verify: a blob host that stalls once is retried and the run survives", async () => {
            store.stallNext = 1;
            const out = await verify(graphArgs());
            assert.equal(out.code, 1, out.stderr);
            assert.equal(store.stallNext, 0, "the stall was served");
            assert.equal(
                (JSON.parse(out.stdout) as { totals: { lineItems: number } }).totals.lineItems,
                SCENARIO_LINES.length,
            );
            assert.deepEqual(
                store.requests.map((p) => p.split("/").pop()),
                ["part-0.json.gz", "part-0.json.gz", "part-1.json.gz"],
            );
        });

        it("verify: a blob that stops sending mid-way fails naming the blob and host, not the SAS", async () => {
            const original = store.blobs.set.bind(store.blobs);
            store.blobs.set = (path: string, data: Buffer) => {
                if (path.endsWith("part-1.json.gz")) store.stallAt.set(path, Math.floor(data.length / 2));
                return original(path, data);
            };
            try {
                const out = await verify(graphArgs());
                assert.equal(out.code, 2);
                const blobHost = new URL(store.url).host.replace(/\./g, "\\.");
                assert.match(
                    out.stderr,
                    new RegExp(`graph blob part-1\\.json\\.gz: .*no data from ${blobHost} for 0\\.2 s`),
                );
                assert.doesNotMatch(out.stderr, /sig=|FAKE/);
            } finally {
                store.blobs.set = original;
            }
        });

        it("doctor --timeout: a stalled Resource Manager fails naming the host", async () => {
            fake.injectFault({
                method: "GET",
                path: /ManagementPartner\/partners$/,
                times: 20,
                fault: { kind: "stall" },
            });
            const out = await runCli(["doctor", ...auth(), "--resource-manager", fake.url, "--timeout", "0.2"], {
                env: { PEC_SECRET: app.clientSecret },
                deps: { agent: fake.agent, clock },
            });
            assert.equal(out.code, 2);
            assert.match(
                out.stderr,
                new RegExp(
                    `Could not reach Azure Resource Manager at https://${host} \\(${host}: no answer in 0\\.2 s \\(\\d tries\\)\\)`,
                ),
            );
            assert.ok(fake.calls("GET", /partners$/).every((r) => r.fault === "stall"));
        });

        it("--timeout is checked", async () => {
            const out = await runCli(["verify", ...graphArgs(), "--timeout", "0"], { env: {} });
            assert.equal(out.code, 2);
            assert.match(
                out.stderr,
                /--timeout must be a number of seconds from 0\.1 to 3600, got "0"; the default is 30/,
            );
        });
    });

    describe("storms", () => {
        it("partner center v1: a next link repeated for ever stops at once, naming the limit", async () => {
            v1.items = SCENARIO_LINES.map((l, i) => v1Item(l, i));
            v1.maxPageSize = 10;
            // The same first page again and again: its next link drops the continuation.
            v1.rewriteNext = (next) => ({
                ...next,
                uri: "/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=usagelineitems&currencycode=usd&period=current&size=2000",
                headers: [],
            });
            const out = await verify(["--source", "partner-center-v1", "--partner-center-endpoint", fake.url]);
            assert.equal(out.code, 2);
            assert.match(
                out.stderr,
                /Partner Center sent page 2's next link a second time: stopped \(repeated next link\)/,
            );
            assert.equal(fake.count("GET", /\/lineitems$/), 2);
        });

        it("graph: Retry-After: 0 still polls at least 1 s apart", async () => {
            graph.scenario = { ...graph.scenario, pollsBeforeDone: 4, retryAfterSeconds: 0 };
            const out = await verify(graphArgs());
            assert.equal(out.code, 1, out.stderr);
            assert.equal(fake.count("GET", /\/billing\/operations\//), 5);
            assert.deepEqual(clock.sleeps, [1000, 1000, 1000, 1000, 1000]);
        });
    });

    describe("sign-in failures", () => {
        it("an unreachable login host is retried and the advice is about the host, not az login", async () => {
            const out = await verify(graphArgs(), "https://127.0.0.1:1");
            assert.equal(out.code, 2);
            assert.match(
                out.stderr,
                /Could not get an Entra ID token from https:\/\/127\.0\.0\.1:1 after [2-6] attempt\(s\)/,
            );
            assert.match(out.stderr, /check --authority-host and the network/);
            assert.doesNotMatch(out.stderr, /az login/);
            assert.ok(clock.sleeps.length >= 1, "waited between attempts");
        });

        it("a token endpoint 5xx is retried, then described (never [object Object])", async () => {
            fake.injectFault({
                method: "POST",
                path: /\/oauth2\/v2\.0\/token$/,
                times: 20,
                fault: { kind: "status", status: 500 },
            });
            const out = await verify(graphArgs());
            assert.equal(out.code, 2);
            assert.ok(fake.calls("POST", /token$/).filter((r) => r.fault === "500").length >= 2, "retried");
            assert.match(out.stderr, /Detail: server error/);
            assert.doesNotMatch(out.stderr, /object Object|Not Available/);
        });

        it("default credential with nothing signed in: no credential found, at once, with how to sign in", async () => {
            const { AggregateAuthenticationError, CredentialUnavailableError } = await import("@azure/identity");
            let calls = 0;
            const credential = {
                getToken: async () => {
                    calls++;
                    throw new AggregateAuthenticationError(
                        [
                            new CredentialUnavailableError(
                                "EnvironmentCredential is unavailable. No underlying credential could be used.",
                            ),
                            new CredentialUnavailableError(
                                "ManagedIdentityCredential: Network unreachable. Attempted to connect to the IMDS endpoint but timed out.",
                            ),
                        ],
                        "ChainedTokenCredential authentication failed.",
                    );
                },
            };
            const error = await acquireToken(credential, "https://graph.microsoft.com/.default", {
                propagationTimeoutMs: 0,
                clock,
                kind: "default",
            }).then(
                () => undefined,
                (e: Error) => e,
            );
            assert.equal(calls, 1, "not retried");
            assert.deepEqual(clock.sleeps, []);
            assert.match(
                String(error?.message),
                /No credential was found: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, use a managed or workload identity, sign in with `az login`/,
            );
        });

        it("network errors are transient; a credential that cannot be used is not", () => {
            assert.equal(
                classifyTokenError({
                    name: "CredentialUnavailableError",
                    message: "endpoints_resolution_error: See https://aka.ms/msal.js.errors#endpoints_resolution_error",
                }).kind,
                "transient",
            );
            assert.equal(
                classifyTokenError({
                    name: "AuthenticationRequiredError",
                    message: "network_error: See https://aka.ms/msal.js.errors#network_error",
                }).kind,
                "transient",
            );
            assert.equal(
                classifyTokenError({
                    name: "AggregateAuthenticationError",
                    message: "ChainedTokenCredential authentication failed. network timed out",
                }).kind,
                "unavailable",
            );
            assert.equal(
                classifyTokenError({
                    name: "CredentialUnavailableError",
                    message: "Please run 'az login' to set up an account",
                }).kind,
                "unavailable",
            );
        });

        it("advice fits the credential kind", async () => {
            const failing = (message: string, name = "AuthenticationRequiredError") => ({
                getToken: async () => {
                    throw Object.assign(new Error(message), { name });
                },
            });
            const messageOf = (credential: ReturnType<typeof failing>, kind: "clientSecret" | "azureCli" | "default") =>
                acquireToken(credential, "s", { propagationTimeoutMs: 0, clock, kind, maxTransientRetries: 0 }).then(
                    () => "",
                    (e: Error) => e.message,
                );
            assert.match(
                await messageOf(failing("AADSTS50034: The user account does not exist"), "clientSecret"),
                /Check credential\.tenantId, credential\.clientId and that clientSecret is the secret's value/,
            );
            assert.match(
                await messageOf(failing("AADSTS900023: bad tenant"), "clientSecret"),
                /Entra ID does not know this tenant, which no retry changes\. Check credential\.tenantId/,
            );
            assert.match(
                await messageOf(
                    failing(
                        "Azure CLI could not be found. Please visit https://aka.ms/azure-cli",
                        "CredentialUnavailableError",
                    ),
                    "azureCli",
                ),
                /Azure CLI \(az\) is not installed or not on PATH/,
            );
            assert.match(
                await messageOf(failing("Please run 'az login'", "CredentialUnavailableError"), "azureCli"),
                /Azure CLI is not signed in here: run `az login --tenant <tenant>`/,
            );
            assert.match(await messageOf(failing("network_error"), "azureCli"), /The Azure CLI kept failing/);
            assert.doesNotMatch(await messageOf(failing("network_error"), "clientSecret"), /az login/);
        });
    });
});
