import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toGraphBlob, toReconCsv } from "../kit/generate";
import { SCENARIO_LINES } from "../kit/scenario";
import { runCli } from "../kit/cliHarness";

describe("pec verify: bad input → exit 2 with file, line, field and fix (no stack trace)", () => {
    let dir: string;
    const write = (name: string, data: string | Buffer): string => {
        const path = join(dir, name);
        writeFileSync(path, data);
        return path;
    };
    before(() => (dir = mkdtempSync(join(tmpdir(), "pec-bad-"))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    const expectBad = async (path: string, message: RegExp): Promise<void> => {
        const run = await runCli(["verify", "--input", path, "--format", "json"]);
        assert.equal(run.code, 2, run.stderr);
        assert.equal(run.stdout, "");
        assert.match(run.stderr, message);
        assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
    };

    it("truncated gzip", async () => {
        const blob = toGraphBlob(SCENARIO_LINES);
        const path = write("cut.json.gz", blob.subarray(0, Math.floor(blob.length * 0.6)));
        await expectBad(path, /cut\.json\.gz: is not a complete gzip file \(unexpected end of file\) after \d+ usage lines\. The file or download was cut off/);
    });

    it("CSV without the PEC column says it needs the full file / attributeSet full", async () => {
        const path = write("nopec.csv", toReconCsv(SCENARIO_LINES, { omit: ["PartnerEarnedCreditPercentage"] }));
        await expectBad(path, /nopec\.csv:1: field "PartnerEarnedCreditPercentage" has no PEC column\. .*full daily rated usage reconciliation file.*attributeSet "full"/);
    });

    it("JSON Lines without the PEC key (export made without attributeSet full)", async () => {
        const path = write("basic.json.gz", toGraphBlob(SCENARIO_LINES, { omit: ["PartnerEarnedCreditPercentage"] }));
        await expectBad(path, /basic\.json\.gz:1: field "PartnerEarnedCreditPercentage" has no PEC key\. .*attributeSet "full"/);
    });

    it("CSV without EntitlementId names the Azure subscription column", async () => {
        const path = write("noent.csv", toReconCsv(SCENARIO_LINES, { omit: ["EntitlementId"] }));
        await expectBad(path, /noent\.csv:1: field "EntitlementId" has no column\. EntitlementId holds the Azure subscription ID/);
    });

    it("empty file, whitespace-only file, header-only CSV, empty directory", async () => {
        await expectBad(write("empty.csv", ""), /empty\.csv: is empty\. Expected a reconciliation CSV/);
        await expectBad(write("blank.jsonl", "\n  \r\n"), /blank\.jsonl: is empty/);
        await expectBad(write("header.csv", `${toReconCsv([]).trimEnd()}\r\n`), /header\.csv: has a header but no usage lines/);
        const sub = join(dir, "nothing");
        (require("node:fs") as typeof import("node:fs")).mkdirSync(sub);
        await expectBad(sub, /nothing: contains no usage files/);
    });

    it("non-numeric amount names line, field and value", async () => {
        const csv = toReconCsv(SCENARIO_LINES.slice(0, 3)).split("\n");
        csv[2] = csv[2].replace(/,10,USD,/, ",ten,USD,").replace(/,5,USD,/, ",five,USD,");
        const path = write("nan.csv", csv.join("\n"));
        await expectBad(path, /nan\.csv:3: field "BillingPreTaxTotal" is not a number \(value "(ten|five)"\)\. Amounts must be plain decimal numbers/);
    });

    it("bad PEC value, bad date, ragged row, unclosed quote, broken JSON line", async () => {
        const rows = toReconCsv(SCENARIO_LINES.slice(0, 2)).split("\n");
        await expectBad(write("pec.csv", [rows[0], rows[1].replace(/,15,0,Credit/, ",yes,0,Credit")].join("\n")),
            /pec\.csv:2: field "PartnerEarnedCreditPercentage" is not a PEC percentage \(value "yes"\)\. Expected 0 or 15/);
        await expectBad(write("date.csv", [rows[0], rows[1].replace(/,10\/1\/2026,1 Compute/, ",31/31/2026,1 Compute")].join("\n")),
            /date\.csv:2: field "UsageDate" is not a valid calendar date \(value "31\/31\/2026"\)/);
        await expectBad(write("ragged.csv", [rows[0], rows[1].replace(/,[^,]*$/, "")].join("\n")), /ragged\.csv:2: has 54 columns, the header has 55/);
        await expectBad(write("quote.csv", [rows[0], rows[1].replace(/,Contoso Ltd\.,/, ',"Contoso Ltd.,')].join("\n")),
            /quote\.csv:2: (column \d+ has text after its closing quote .*must be doubled|has \d+ columns, the header has 55)/);
        await expectBad(write("open.csv", `${rows[0]}\n${rows[1]}\n"never closed,`), /open\.csv:3: has a quoted field that is never closed/);
        await expectBad(write("broken.jsonl", '{"EntitlementId":"11111111-1111-4111-8111-111111111111","UsageDate":"2026-10-01","BillingPreTaxTotal":1,"PartnerEarnedCreditPercentage":15}\n{"EntitlementId":'),
            /broken\.jsonl:2: is not valid JSON .*cut-off last line/);
    });

    it("usage errors: no source, both sources, unknown option, missing --expect file", async () => {
        for (const [args, message] of [
            [["verify"], /verify needs --input PATH or --source/],
            [["verify", "--input", "x", "--source", "graph"], /either --input or --source/],
            [["verify", "--nope"], /unknown option '--nope'/],
            [["verify", "--input", "x.csv", "--expect", join(dir, "missing.txt")], /--expect .*missing\.txt: cannot read the file \(ENOENT\)/],
        ] as const) {
            const run = await runCli([...args]);
            assert.equal(run.code, 2, args.join(" "));
            assert.match(run.stderr, message);
        }
    });
});
