// Issue 10, "Secrets and tokens": no secret, bearer token or SAS signature leaves through a message
// or to a host the user did not configure. Against the fake Azure over HTTPS on loopback.
import assert from "node:assert/strict";
import { redact } from "../../azure/errors";
import { withoutValues } from "../../cli/main";
import { checkLinkInputs } from "../../components/partnerAdminLink/check";
import { FakeAzure, VirtualClock } from "../kit/fakeAzure";
import { FakeBlobStore, FakeGraphBilling } from "../kit/fakeAzure/graphBillingRoutes";
import { FakePartnerCenterV1 } from "../kit/fakeAzure/partnerCenterRoutes";
import { runCli } from "../kit/cliHarness";
import { toGraphBlob, v1Item } from "../kit/generate";
import { SCENARIO_LINES } from "../kit/scenario";
import { clientSecretArgs } from "../kit/cliAuth";

describe("secrets and tokens (issue 10)", function () {
    this.timeout(30_000);
    let fake: FakeAzure;
    let store: FakeBlobStore;
    let graph: FakeGraphBilling;
    let v1: FakePartnerCenterV1;
    let clock: VirtualClock;
    let app: ReturnType<FakeAzure["identity"]["addApp"]>;

    before(async () => {
        clock = new VirtualClock(Date.now());
        fake = await FakeAzure.start({ now: clock.now });
        store = await FakeBlobStore.start(fake);
        graph = new FakeGraphBilling(fake, store);
        v1 = new FakePartnerCenterV1(fake);
        app = fake.identity.addApp({ clientSecret: "Xy7Q~s3cretValue.WithTilde_0123456789" });
    });
    after(async () => {
        await store.close();
        await fake.close();
    });
    beforeEach(() => {
        fake.clearLog();
        store.requests.length = 0;
        store.authorizations.length = 0;
        v1.rewriteNext = undefined;
        graph.scenario = {
            blobs: [{ name: "part-0.json.gz", data: toGraphBlob(SCENARIO_LINES) }],
            manifest: "link",
            pollsBeforeDone: 0,
            retryAfterSeconds: 1,
        };
    });

    const auth = (): string[] => clientSecretArgs(app, "PEC_SECRET", fake.url);
    const verify = (args: string[]) =>
        runCli(["verify", ...args, ...auth(), "--format", "json"], {
            env: { PEC_SECRET: app.clientSecret },
            deps: { agent: fake.agent, clock },
        });
    const noSecret = (text: string) => assert.ok(!text.includes(app.clientSecret), `the client secret leaked: ${text}`);

    for (const source of ["graph", "partner-center-v1"]) {
        it(`verify --source ${source}: a token endpoint that echoes the secret has it redacted`, async () => {
            const off = fake.route("POST", /\/oauth2\/v2\.0\/token$/, ({ body }) => ({
                status: 401,
                body: {
                    error: "invalid_client",
                    error_description: `AADSTS7000215: Invalid client secret provided: ${new URLSearchParams(body).get("client_secret")}`,
                    error_codes: [7000215],
                },
            }));
            try {
                const out = await verify([
                    "--source",
                    source,
                    "--graph-endpoint",
                    fake.url,
                    "--partner-center-endpoint",
                    fake.url,
                ]);
                assert.equal(out.code, 2);
                assert.match(out.stderr, /AADSTS7000215.*Invalid client secret provided: \*\*\*/);
                noSecret(out.stderr + out.stdout);
                assert.ok(fake.count("POST", /oauth2/) >= 1, "the echoing endpoint was asked");
            } finally {
                off();
            }
        });
    }

    it("graph: a 202 Location on another origin gets no token; the run stops naming it", async () => {
        graph.scenario = {
            ...graph.scenario,
            location: `${store.url}/v1.0/reports/partners/billing/operations/op-x?sig=abc`,
        };
        const out = await verify(["--source", "graph", "--graph-endpoint", fake.url]);
        assert.equal(out.code, 2);
        assert.match(
            out.stderr,
            new RegExp(
                `pointed to ${store.url.replace(/\./g, "\\.")}/v1\\.0/reports/partners/billing/operations/op-x, outside ${fake.url.replace(/\./g, "\\.")}; refusing to send the access token there`,
            ),
        );
        assert.doesNotMatch(out.stderr, /sig=abc/);
        assert.deepEqual([store.requests, store.authorizations], [[], []], "nothing was sent to the other origin");
    });

    it("graph: a manifest link on another origin gets no token", async () => {
        graph.scenario = { ...graph.scenario, manifestLink: `${store.url}/manifests/m1` };
        const out = await verify(["--source", "graph", "--graph-endpoint", fake.url]);
        assert.equal(out.code, 2);
        assert.match(out.stderr, /refusing to send the access token there/);
        assert.deepEqual([store.requests, store.authorizations], [[], []]);
    });

    it("partner center v1: links.next.headers cannot replace Authorization; the token stays ours", async () => {
        v1.items = SCENARIO_LINES.map((l, i) => v1Item(l, i));
        v1.maxPageSize = 10;
        v1.rewriteNext = (next) => ({
            ...next,
            headers: [...next.headers, { key: "Authorization", value: "Bearer attacker-chosen" }],
        });
        const out = await verify(["--source", "partner-center-v1", "--partner-center-endpoint", fake.url]);
        assert.equal(out.code, 1, out.stderr);
        const pages = fake.calls("GET", /\/lineitems$/);
        assert.equal(pages.length, 3);
        assert.ok(
            pages.every((p) => p.caller?.clientId === app.clientId),
            "every page was read with our token",
        );
        assert.equal(
            (JSON.parse(out.stdout) as { totals: { lineItems: number } }).totals.lineItems,
            SCENARIO_LINES.length,
        );
    });

    it("partner center v1: an absolute next link on another origin gets no token", async () => {
        v1.items = SCENARIO_LINES.map((l, i) => v1Item(l, i));
        v1.maxPageSize = 10;
        v1.rewriteNext = (next) => ({ ...next, uri: `${store.url}/v1/invoices/unbilled/lineitems?seekOperation=Next` });
        const out = await verify(["--source", "partner-center-v1", "--partner-center-endpoint", fake.url]);
        assert.equal(out.code, 2);
        assert.match(out.stderr, /outside https:\/\/127\.0\.0\.1:\d+; refusing to send the access token there/);
        assert.deepEqual([store.requests, store.authorizations], [[], []]);
    });

    it("redact: secrets, SAS signatures and blob URL queries, in one function", () => {
        const text =
            "GET https://acct.blob.core.windows.net/c/part-0.json.gz?sv=2024-01-01&sr=c&sig=AbC%2Fdef%3D&se=2099 failed; " +
            "see https://127.0.0.1:1/x?sv=1&sig=zzz and the secret Xy7Q~s3cret";
        assert.equal(
            redact(text, ["Xy7Q~s3cret"]),
            "GET https://acct.blob.core.windows.net/c/part-0.json.gz failed; see https://127.0.0.1:1/x?sv=1&sig=*** and the secret ***",
        );
    });

    describe("values echoed after user mistakes", () => {
        const secret = "Qw8~VeryS3cretValue-0123456789abcdef";
        const cases: Array<[string, string[], RegExp]> = [
            [
                "verify --client-secret=VALUE",
                ["verify", "--input", "x.csv", `--client-secret=${secret}`],
                /--client-secret is not accepted/,
            ],
            [
                "verify --client-secret VALUE",
                ["verify", "--source", "graph", "--client-secret", secret],
                /--client-secret is not accepted/,
            ],
            [
                "a mistyped --client-secrett=VALUE",
                ["verify", `--client-secrett=${secret}`],
                /unknown option '--client-secrett=…' \(value not shown\)/,
            ],
            [
                "doctor --clientsecret=VALUE",
                ["doctor", `--clientsecret=${secret}`],
                /unknown option '--clientsecret=…'/,
            ],
            ["the secret given to --auth", ["verify", "--auth", secret], /argument \(not shown\) is invalid/],
            [
                "--client-secret-env <the secret itself>",
                [
                    "verify",
                    "--source",
                    "graph",
                    "--auth",
                    "client-secret",
                    "--tenant-id",
                    "t",
                    "--client-id",
                    "c",
                    "--client-secret-env",
                    secret,
                ],
                /the value given is not an environment variable name/,
            ],
        ];
        for (const [name, args, message] of cases) {
            it(`${name}: exit 2, the value is not echoed`, async () => {
                const out = await runCli(args, { env: {} });
                assert.equal(out.code, 2, out.stderr);
                assert.match(out.stderr, message);
                assert.ok(!(out.stderr + out.stdout).includes(secret), out.stderr);
            });
        }

        it("a name that is not set is still named", async () => {
            const out = await runCli(
                [
                    "verify",
                    "--source",
                    "graph",
                    "--auth",
                    "client-secret",
                    "--tenant-id",
                    "t",
                    "--client-id",
                    "c",
                    "--client-secret-env",
                    "MY_APP_SECRET",
                ],
                { env: {} },
            );
            assert.equal(out.code, 2);
            assert.match(out.stderr, /environment variable MY_APP_SECRET, which is not set or empty/);
            assert.equal(
                withoutValues("error: option '--format <format>' argument 'yaml' is invalid."),
                "error: option '--format <format>' argument 'yaml' is invalid.",
                "plain values are kept",
            );
        });

        it("PartnerAdminLink check: swapped clientId / clientSecret never shows the secret in a finding", () => {
            const r = checkLinkInputs({
                partnerId: "1234567",
                credential: {
                    kind: "clientSecret",
                    tenantId: secret,
                    clientId: secret,
                    clientSecret: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
                },
            });
            assert.equal(r.failures.length, 2);
            assert.match(
                r.failures.map((f) => f.reason).join("\n"),
                /clientId must be the application \(client\) ID, a GUID, got 36 characters \(not shown\); are clientId and clientSecret swapped\?/,
            );
            for (const f of r.failures) assert.ok(!f.reason.includes(secret), f.reason);
        });

        it("doctor --client-id <the secret>: not echoed", async () => {
            const out = await runCli(
                ["doctor", "--auth", "client-secret", "--tenant-id", app.tenantId, "--client-id", secret],
                { env: { AZURE_CLIENT_SECRET: "x" } },
            );
            assert.equal(out.code, 2);
            assert.match(out.stderr, /--client-id is not an application \(client\) ID/);
            assert.ok(!out.stderr.includes(secret), out.stderr);
        });
    });
});
