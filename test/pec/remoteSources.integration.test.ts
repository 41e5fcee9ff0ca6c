import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeAzure, VirtualClock } from "../kit/fakeAzure";
import { FakeBlobStore, FakeGraphBilling } from "../kit/fakeAzure/graphBillingRoutes";
import { FakePartnerCenterV1 } from "../kit/fakeAzure/partnerCenterRoutes";
import { toGraphBlob, v1Item } from "../kit/generate";
import { EXPECT_TEXT, expectedReport, SCENARIO_LINES } from "../kit/scenario";
import { runCli } from "../kit/cliHarness";
import { clientSecretArgs } from "../kit/cliAuth";

describe("pec verify: Graph export and Partner Center v1 against the fake (HTTPS on loopback)", function () {
    this.timeout(30_000);
    let fake: FakeAzure;
    let store: FakeBlobStore;
    let graph: FakeGraphBilling;
    let v1: FakePartnerCenterV1;
    let clock: VirtualClock;
    let dir: string;
    let expectFile: string;
    let app: { tenantId: string; clientId: string; clientSecret: string };

    before(async () => {
        clock = new VirtualClock(Date.now());
        fake = await FakeAzure.start({ now: clock.now });
        store = await FakeBlobStore.start(fake);
        graph = new FakeGraphBilling(fake, store);
        v1 = new FakePartnerCenterV1(fake);
        app = fake.identity.addApp();
        dir = mkdtempSync(join(tmpdir(), "pec-remote-"));
        expectFile = join(dir, "expect.txt");
        writeFileSync(expectFile, EXPECT_TEXT);
    });
    after(async () => {
        await store.close();
        await fake.close();
        rmSync(dir, { recursive: true, force: true });
    });
    beforeEach(() => {
        fake.clearLog();
        clock.sleeps.length = 0;
        store.requests.length = 0;
    });

    const auth = (): string[] => clientSecretArgs(app, "PEC_SECRET", fake.url);
    const run = (args: string[]) =>
        runCli(["verify", ...args, ...auth(), "--format", "json"], {
            env: { PEC_SECRET: app.clientSecret },
            deps: { agent: fake.agent, clock },
        });
    const threeBlobs = (): { name: string; data: Buffer }[] =>
        [0, 1, 2].map((i) => ({
            name: `part-${i}.json.gz`,
            data: toGraphBlob(SCENARIO_LINES.filter((_, j) => j % 3 === i)),
        }));

    it("graph: 202 + Location, polls honouring Retry-After, linked manifest, three blobs → exact report", async () => {
        graph.scenario = { blobs: threeBlobs(), manifest: "link", pollsBeforeDone: 2, retryAfterSeconds: 7 };
        const out = await run(["--source", "graph", "--graph-endpoint", fake.url, "--expect", expectFile]);
        assert.equal(out.stderr, "");
        assert.deepEqual(JSON.parse(out.stdout), expectedReport(expectFile));
        assert.equal(out.code, 1);
        assert.deepEqual(graph.exportRequests.at(-1)!.body, {
            currencyCode: "USD",
            billingPeriod: "current",
            attributeSet: "full",
        });
        assert.deepEqual(
            clock.sleeps,
            [7000, 7000, 7000],
            "waited the Retry-After of the 202 and of both running answers",
        );
        assert.equal(fake.count("GET", /\/billing\/operations\//), 3);
        assert.equal(fake.count("GET", /\/billing\/manifests\//), 1);
        assert.deepEqual(
            store.requests.map((p) => p.split("/").pop()),
            ["part-0.json.gz", "part-1.json.gz", "part-2.json.gz"],
        );
    });

    it("graph: inline manifest, no Retry-After (default poll interval), last period", async () => {
        graph.scenario = { blobs: threeBlobs(), manifest: "inline", pollsBeforeDone: 1 };
        const out = await run(["--source", "graph", "--graph-endpoint", fake.url, "--period", "last"]);
        assert.equal(out.code, 1, out.stderr);
        assert.equal((JSON.parse(out.stdout) as { totals: { lineItems: number } }).totals.lineItems, 24);
        assert.equal(fake.count("GET", /\/billing\/manifests\//), 0);
        assert.deepEqual(clock.sleeps, [15000, 15000]);
        assert.equal(graph.exportRequests.at(-1)!.body.billingPeriod, "last");
    });

    it("graph: billed usage with --invoice; a 429 while polling is retried after its Retry-After", async () => {
        graph.scenario = { blobs: threeBlobs(), manifest: "link", pollsBeforeDone: 0, retryAfterSeconds: 1 };
        fake.injectFault({
            method: "GET",
            path: /\/billing\/operations\//,
            fault: { kind: "status", status: 429, retryAfterSeconds: 3 },
        });
        const out = await run(["--source", "graph", "--graph-endpoint", fake.url, "--invoice", "G016907411"]);
        assert.equal(out.code, 1, out.stderr);
        assert.equal(fake.pendingFaults(), 0);
        assert.equal(fake.calls("GET", /\/billing\/operations\//)[0].fault, "429");
        assert.ok(clock.sleeps.includes(3000), `sleeps ${clock.sleeps.join(", ")}`);
        assert.deepEqual(graph.exportRequests.at(-1)!, {
            path: "/v1.0/reports/partners/billing/usage/billed/export",
            body: { invoiceId: "G016907411", attributeSet: "full" },
        });
    });

    it("graph: a blob connection dropped before the answer is retried and survives", async () => {
        graph.scenario = { blobs: threeBlobs(), manifest: "inline", pollsBeforeDone: 0 };
        store.dropNext = 2;
        const out = await run(["--source", "graph", "--graph-endpoint", fake.url]);
        assert.equal(out.code, 1, out.stderr);
        assert.equal(store.dropNext, 0, "both drops were served");
        assert.equal(
            (JSON.parse(out.stdout) as { totals: { lineItems: number } }).totals.lineItems,
            24,
            "no line lost or counted twice",
        );
        assert.deepEqual(
            store.requests.map((p) => p.split("/").pop()),
            ["part-0.json.gz", "part-0.json.gz", "part-0.json.gz", "part-1.json.gz", "part-2.json.gz"],
        );
    });

    it("graph: a failed operation is exit 2 with Graph's error", async () => {
        graph.scenario = {
            blobs: [],
            manifest: "link",
            pollsBeforeDone: 1,
            fail: { code: "ExportFailed", message: "Internal processing error" },
        };
        const out = await run(["--source", "graph", "--graph-endpoint", fake.url]);
        assert.equal(out.code, 2);
        assert.match(
            out.stderr,
            /The usage export operation failed \(ExportFailed: Internal processing error\)\. Run it again later/,
        );
        assert.equal(out.stdout, "");
    });

    it("graph: a blob download cut off mid-way is exit 2 naming the blob, never the SAS signature", async () => {
        graph.scenario = { blobs: threeBlobs(), manifest: "link", pollsBeforeDone: 0 };
        const original = store.blobs.set.bind(store.blobs);
        store.blobs.set = (path: string, data: Buffer) => {
            if (path.endsWith("part-1.json.gz")) store.cutOff.set(path, Math.floor(data.length / 2));
            return original(path, data);
        };
        try {
            const out = await run(["--source", "graph", "--graph-endpoint", fake.url]);
            assert.equal(out.code, 2);
            assert.match(out.stderr, /graph blob part-1\.json\.gz: (is not a complete gzip file|could not be read)/);
            assert.doesNotMatch(out.stderr, /sig=|FAKE/);
        } finally {
            store.blobs.set = original;
        }
    });

    it("graph: 403 on the export names the missing permission", async () => {
        fake.injectFault({
            method: "POST",
            path: /\/usage\/unbilled\/export$/,
            fault: {
                kind: "status",
                status: 403,
                body: { error: { code: "Forbidden", message: "Insufficient privileges." } },
            },
        });
        const out = await run(["--source", "graph", "--graph-endpoint", fake.url]);
        assert.equal(out.code, 2);
        assert.match(
            out.stderr,
            /HTTP 403 \(Forbidden: Insufficient privileges\.\)\. The identity needs the Microsoft Graph application permission PartnerBilling\.Read\.All/,
        );
    });

    it("partner center v1: follows links.next with MS-ContinuationToken to the last page → exact report", async () => {
        v1.items = SCENARIO_LINES.map((l, i) => v1Item(l, i));
        v1.maxPageSize = 5;
        v1.tokensReceived.length = 0;
        fake.injectFault({
            method: "GET",
            path: /\/v1\/invoices\/unbilled\/lineitems$/,
            fault: { kind: "status", status: 503 },
        });
        const out = await run([
            "--source",
            "partner-center-v1",
            "--partner-center-endpoint",
            fake.url,
            "--expect",
            expectFile,
        ]);
        // The clock says today, after the cutoff: one warning, however many pages were read.
        assert.equal(out.stderr.match(/^warning: /gm)?.length, 1, out.stderr);
        assert.match(
            out.stderr,
            /^warning: --source partner-center-v1: since 2025-04-21 Partner Center v1 line items no longer serve Azure plan usage of the current and previous billing periods \(asked: --period current, the period that began \d{4}-\d{2}-01\), .* Use --source graph --period current instead: .*PartnerBilling\.Read\.All.*\.\n$/,
        );
        assert.deepEqual(JSON.parse(out.stdout), expectedReport(expectFile));
        assert.equal(out.code, 1);
        assert.deepEqual(v1.tokensReceived, ["ct-5", "ct-10", "ct-15", "ct-20"]);
        assert.equal(fake.pendingFaults(), 0, "the injected 503 was served");
        const calls = fake.calls("GET", /\/lineitems$/);
        assert.equal(calls.length, 6, "one 503 + five pages");
        assert.equal(calls[0].fault, "503");
        assert.deepEqual(calls[1].query, {
            provider: "onetime",
            invoicelineitemtype: "usagelineitems",
            currencycode: "usd",
            period: "current",
            size: "2000",
        });
    });

    it("partner center v1: a request made before 2025-04-21 gets no warning (clock injected)", async () => {
        v1.items = SCENARIO_LINES.map((l, i) => v1Item(l, i));
        const before = new VirtualClock(Date.UTC(2025, 3, 20, 12));
        const out = await runCli(
            [
                "verify",
                "--source",
                "partner-center-v1",
                "--partner-center-endpoint",
                fake.url,
                "--period",
                "last",
                ...auth(),
                "--format",
                "json",
            ],
            { env: { PEC_SECRET: app.clientSecret }, deps: { agent: fake.agent, clock: before } },
        );
        assert.equal(out.code, 1, out.stderr);
        assert.equal(out.stderr, "");
        assert.equal(fake.calls("GET", /\/lineitems$/)[0].query.period, "previous");
    });

    it("partner center v1: billed invoice path; 401 without valid credentials is exit 2", async () => {
        v1.items = SCENARIO_LINES.map((l, i) => v1Item(l, i));
        const billed = await run([
            "--source",
            "partner-center-v1",
            "--partner-center-endpoint",
            fake.url,
            "--invoice",
            "D0300001A",
        ]);
        assert.equal(billed.code, 1, billed.stderr);
        assert.equal(fake.calls("GET", /\/lineitems$/)[0].path, "/v1/invoices/D0300001A/lineitems");
        assert.match(
            billed.stderr,
            /^warning: --source partner-center-v1: .*only for invoices of billing periods before September 2022\. If invoice D0300001A is for a later period, use --source graph --invoice D0300001A instead/,
        );
        const bad = await runCli(
            ["verify", "--source", "partner-center-v1", "--partner-center-endpoint", fake.url, ...auth()],
            { env: { PEC_SECRET: "wrong-secret" }, deps: { agent: fake.agent, clock } },
        );
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /AADSTS7000215/);
        assert.doesNotMatch(bad.stderr, /wrong-secret/);
    });
});
