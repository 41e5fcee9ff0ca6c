/**
 * Issue 10, "Wrong numbers reported as facts": each case was accepted (or misread) before and is
 * now rejected, warned about or read as JSON.parse reads it.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { graphJsonLine, reconCsvHeader, reconCsvLine, toReconCsv } from "../kit/generate";
import { CONTOSO, S1, S2, SCENARIO_LINES } from "../kit/scenario";
import { runCli } from "../kit/cliHarness";
import { fileSource, verifyUsage } from "../../pec/verify";
import { CsvRecordReader } from "../../pec/sources/csvRecords";
import type { GenLine } from "../kit/generate";

const LINE: GenLine = { ...CONTOSO, subscriptionId: S1, usageDate: "2026-10-03", billingPreTaxTotal: 10, pec: true };

describe("pec verify: wrong numbers are never reported as facts (issue 10)", () => {
    let dir: string;
    const write = (name: string, data: string | Buffer): string => {
        const path = join(dir, name);
        writeFileSync(path, data);
        return path;
    };
    before(() => (dir = mkdtempSync(join(tmpdir(), "pec-numbers-"))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    const expectBad = async (path: string, message: RegExp): Promise<void> => {
        const run = await runCli(["verify", "--input", path, "--format", "json"]);
        assert.equal(run.code, 2, run.stderr || run.stdout);
        assert.equal(run.stdout, "");
        assert.match(run.stderr, message);
    };
    const read = (...paths: string[]) => verifyUsage({ sources: [fileSource(paths)] });

    describe("amounts", () => {
        it("rejects BillingPreTaxTotal 1e999 / 1e309 (Infinity) in JSON Lines and CSV, naming file, line and field", async () => {
            const json = graphJsonLine(LINE, 0);
            await expectBad(write("inf.jsonl", `${json}\n${json.replace('"BillingPreTaxTotal":10', '"BillingPreTaxTotal":1e999')}\n`),
                /inf\.jsonl:2: field "BillingPreTaxTotal" is out of range \(value "Infinity"\)\. Amounts must be finite numbers between -1e\+13 and 1e\+13/);
            const csv = [reconCsvHeader(), reconCsvLine(LINE, 0), reconCsvLine({ ...LINE, billingPreTaxTotal: 7 }, 1).replace(",7,USD,", ",1e309,USD,")].join("\n");
            await expectBad(write("inf.csv", csv), /inf\.csv:3: field "BillingPreTaxTotal" is out of range \(value "1e309"\)/);
        });

        it("rejects finite amounts beyond ±1e13 (cents no longer exact), accepts 1e13", async () => {
            const json = graphJsonLine(LINE, 0);
            await expectBad(write("big.jsonl", json.replace('"BillingPreTaxTotal":10', '"BillingPreTaxTotal":-2e13')), /big\.jsonl:1: field "BillingPreTaxTotal" is out of range/);
            const ok = await read(write("max.jsonl", json.replace('"BillingPreTaxTotal":10', '"BillingPreTaxTotal":1e13')));
            assert.equal(ok.report.totals.billingPreTaxTotal, 1e13);
        });
    });

    describe("JSON Lines read exactly as JSON.parse reads them", () => {
        it("a Spot line after a line without MeterName is excluded as Spot, not counted eligible without PEC", async () => {
            const first = JSON.parse(graphJsonLine(LINE, 0)) as Record<string, unknown>;
            delete first.MeterName;
            const spot = graphJsonLine({ ...LINE, usageDate: "2026-10-04", pec: false, meterName: "D2s v3 Spot" }, 1);
            const result = await read(write("spot.jsonl", `${JSON.stringify(first)}\n${spot}\n`));
            assert.equal(result.excluded.spot.lineItems, 1);
            assert.deepEqual(result.report.problems, []);
            assert.equal(result.report.totals.eligibleLineItems, 1);
        });

        it("a duplicated key counts its last value, as JSON.parse does", async () => {
            const first = graphJsonLine(LINE, 0);
            const dup = graphJsonLine({ ...LINE, usageDate: "2026-10-04" }, 1).replace(/\}$/, `,"EntitlementId":"${S2}","PartnerEarnedCreditPercentage":0}`);
            const result = await read(write("dup.jsonl", `${first}\n${dup}\n`));
            assert.deepEqual(result.report.subscriptions.map((s) => [s.subscriptionId, s.lineItems, s.linesWithPec]), [[S1, 1, 1], [S2, 1, 0]]);
        });

        it("a key that names a field twice in different case: the first, as slotsFromObject(JSON.parse) takes it", async () => {
            const first = graphJsonLine(LINE, 0);
            const second = graphJsonLine({ ...LINE, usageDate: "2026-10-04" }, 1).replace('{"PartnerId"', `{"entitlementid":"${S2}","PartnerId"`);
            const result = await read(write("case.jsonl", `${first}\n${second}\n`));
            assert.deepEqual(result.report.subscriptions.map((s) => [s.subscriptionId, s.lineItems]), [[S1, 1], [S2, 1]]);
        });
    });

    it("CSV: text cut into identical 64 KB pieces (repeated lines) is read whole", async () => {
        const line = reconCsvLine(LINE, 0);
        const count = Math.ceil((5 * 64 * 1024) / (line.length + 2));
        const path = write("repeat.csv", `${reconCsvHeader()}\r\n${`${line}\r\n`.repeat(count)}`);
        const result = await read(path);
        assert.equal(result.report.totals.lineItems, count);
    });

    it("CSV reader: two pushes of equal text do not share scan positions", () => {
        const records: unknown[][] = [];
        const reader = new CsvRecordReader("t.csv", (names) => names.map((_, i) => i), (out) => records.push(out.slice(0, 2)), new Array(2));
        reader.push("a,b\n", false);
        const piece = "1,2\n3,4\n";
        reader.push(piece, false);
        reader.push(`${piece}`, true);
        assert.deepEqual(records, [["1", "2"], ["3", "4"], ["1", "2"], ["3", "4"]]);
    });

    describe("silently accepted before", () => {
        it("UsageDate with text after the day", async () => {
            const rows = toReconCsv([LINE], { dateStyle: "iso" }).replace(",2026-10-03,", ",2026-10-03junk,");
            await expectBad(write("junk.csv", rows), /junk\.csv:2: field "UsageDate" is not a date \(value "2026-10-03junk"\)/);
        });

        it("EntitlementId that is not a subscription GUID", async () => {
            await expectBad(write("noguid.csv", toReconCsv([{ ...LINE, subscriptionId: "not-a-guid" }])),
                /noguid\.csv:2: field "EntitlementId" is not an Azure subscription ID \(value "not-a-guid"\)\. EntitlementId must hold the Azure subscription ID, a GUID/);
        });

        it("the same file given twice (path twice, file and its folder, a symlink) is read once, with a warning", async () => {
            const sub = join(dir, "twice");
            mkdirSync(sub);
            const path = join(sub, "a.csv");
            writeFileSync(path, toReconCsv(SCENARIO_LINES));
            symlinkSync(path, join(dir, "link.csv"));
            const once = await runCli(["verify", "--input", path, "--format", "json"]);
            for (const args of [[path, path], [sub, path], [path, join(dir, "link.csv")]]) {
                const run = await runCli(["verify", ...args.flatMap((a) => ["--input", a]), "--format", "json"]);
                assert.equal(run.stdout, once.stdout, args.join(" "));
                assert.match(run.stderr, /^warning: .*: skipped, the same file as .*a\.csv \(given twice\); its lines are counted once\n$/);
            }
        });

        it("a JSON array document says it is not a usage file", async () => {
            await expectBad(write("array.json", JSON.stringify([JSON.parse(graphJsonLine(LINE, 0))])),
                /array\.json:1: is a JSON array, not a usage file\. .*jq -c '\.\[\]'/);
        });

        it("a pretty-printed JSON document says it is not JSON Lines", async () => {
            await expectBad(write("pretty.json", JSON.stringify(JSON.parse(graphJsonLine(LINE, 0)), null, 2)),
                /pretty\.json:1: is a JSON document spread over several lines, not JSON Lines/);
        });

        it("a non-usage manifest.json in an input folder is skipped with a warning naming it", async () => {
            const sub = join(dir, "withManifest");
            mkdirSync(sub);
            writeFileSync(join(sub, "a.csv"), toReconCsv(SCENARIO_LINES));
            writeFileSync(join(sub, "manifest.json"), JSON.stringify({ name: "something else" }));
            const run = await runCli(["verify", "--input", sub, "--format", "json"]);
            assert.equal(run.code, 1);
            assert.equal((JSON.parse(run.stdout) as { totals: { lineItems: number } }).totals.lineItems, SCENARIO_LINES.length);
            assert.match(run.stderr, /^warning: .*withManifest\/manifest\.json: skipped, not a Microsoft Graph usage export manifest and not usage data\n$/);
        });

        it("a Graph export manifest is read: complete folder → no warning; a missing blob → exit 2 naming it", async () => {
            const sub = join(dir, "graphExport");
            mkdirSync(sub);
            writeFileSync(join(sub, "part-0.json.gz"), (require("node:zlib") as typeof import("node:zlib")).gzipSync(SCENARIO_LINES.map((l, i) => graphJsonLine(l, i)).join("\n")));
            const manifest = (blobs: string[]) => JSON.stringify({ id: "m", dataFormat: "compressedJSONLines", blobCount: blobs.length, blobs: blobs.map((name) => ({ name, partitionValue: "default" })) });
            writeFileSync(join(sub, "manifest.json"), manifest(["export/2026-10/part-0.json.gz"]));
            const ok = await runCli(["verify", "--input", sub, "--format", "json"]);
            assert.equal(ok.stderr, "");
            assert.equal((JSON.parse(ok.stdout) as { totals: { lineItems: number } }).totals.lineItems, SCENARIO_LINES.length);
            writeFileSync(join(sub, "manifest.json"), manifest(["export/2026-10/part-0.json.gz", "export/2026-10/part-1.json.gz"]));
            await expectBad(sub, /manifest\.json: lists 2 blob\(s\) of the Graph usage export, 1 of them not in the folder: part-1\.json\.gz\. The download is incomplete/);
        });
    });
});
