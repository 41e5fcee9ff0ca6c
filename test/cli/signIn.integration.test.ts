// Sign-in failures that retrying cannot fix are said at once, as what they are: a tenant Entra ID does not know,
// an Azure CLI that is not installed.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aadstsError, FakeAzure, VirtualClock } from "../kit/fakeAzure";
import { clientSecretArgs } from "../kit/cliAuth";
import { runCli } from "../kit/cliHarness";
import { runChild } from "../kit/childCli";

const UNKNOWN_TENANT = "99999999-9999-4999-8999-999999999999";

describe("sign-in failures that no retry fixes", function () {
    this.timeout(60_000);
    let fake: FakeAzure;
    let clock: VirtualClock;
    let app: { tenantId: string; clientId: string; clientSecret: string };

    before(async () => {
        clock = new VirtualClock(Date.now());
        fake = await FakeAzure.start({ now: clock.now });
        app = fake.identity.addApp();
    });
    after(() => fake.close());
    beforeEach(() => {
        fake.clearLog();
        clock.sleeps.length = 0;
    });

    const verifyGraph = (tenantId: string) =>
        runCli(
            [
                "verify",
                "--source",
                "graph",
                "--graph-endpoint",
                fake.url,
                ...clientSecretArgs({ ...app, tenantId }, "PEC_SECRET", fake.url),
            ],
            { env: { PEC_SECRET: app.clientSecret }, deps: { agent: fake.agent, clock } },
        );

    it("a tenant Entra ID answers 'not found' (AADSTS90002) at discovery: exit 2 at once, saying so", async () => {
        fake.identity.rejectTenant(UNKNOWN_TENANT);
        const run = await verifyGraph(UNKNOWN_TENANT);
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, /AADSTS90002/);
        assert.match(run.stderr, /Entra ID does not know this tenant, which no retry changes\. Check --tenant-id/);
        assert.doesNotMatch(run.stderr, /network|kept failing/);
        assert.equal(fake.count("GET", /openid-configuration/), 1, "one attempt: the answer is final");
        assert.equal(fake.count("POST", /oauth2/), 0);
        assert.deepEqual(clock.sleeps, [], "no wait for a retry");
        assert.equal(fake.count("POST", /billing/), 0, "nothing was asked of Graph");
    });

    it("a tenant the token endpoint refuses (AADSTS900023): exit 2 at once, saying so", async () => {
        const tenant = "contoso.example";
        const remove = fake.route("POST", /^\/contoso\.example\/oauth2\/v2\.0\/token$/, () =>
            aadstsError(900023, tenant, app.clientId),
        );
        try {
            const run = await verifyGraph(tenant);
            assert.equal(run.code, 2, run.stderr);
            assert.match(run.stderr, /AADSTS900023.*does not know this tenant/s);
            assert.equal(fake.count("POST", /oauth2/), 1);
            assert.deepEqual(clock.sleeps, []);
        } finally {
            remove();
        }
    });

    it("a --tenant-id no tenant can have is refused before any request", async () => {
        const run = await verifyGraph("contoso tenant!");
        assert.equal(run.code, 2);
        assert.match(run.stderr, /--tenant-id "contoso tenant!" is not a tenant: give your tenant's ID \(a GUID/);
        assert.equal(fake.requests.length, 0);
        const fromEnv = await runCli(
            ["verify", "--source", "graph", "--graph-endpoint", fake.url, "--auth", "azure-cli"],
            {
                env: { AZURE_TENANT_ID: "not/a/tenant" },
                deps: { agent: fake.agent, clock },
            },
        );
        assert.equal(fromEnv.code, 2);
        assert.match(fromEnv.stderr, /AZURE_TENANT_ID "not\/a\/tenant" is not a tenant/);
    });

    it("--auth azure-cli without az on PATH says az is missing, not that nobody signed in", async () => {
        const emptyPath = mkdtempSync(join(tmpdir(), "lhpec-no-az-"));
        try {
            const run = await runChild(
                ["verify", "--source", "graph", "--graph-endpoint", "https://127.0.0.1:9", "--auth", "azure-cli"],
                { env: { PATH: emptyPath } },
            );
            assert.equal(run.code, 2, run.stderr);
            assert.match(run.stderr, /Azure CLI \(az\) is not installed or not on PATH/);
            assert.match(run.stderr, /or use --auth client-secret/);
            assert.doesNotMatch(run.stderr, /not signed in/);
        } finally {
            rmSync(emptyPath, { recursive: true, force: true });
        }
    });
});
