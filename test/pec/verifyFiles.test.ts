import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { graphJsonLine, toGraphBlob, toReconCsv } from "../kit/generate";
import { EXPECT_TEXT, EXPECTED_EXCLUDED, expectedReport, SCENARIO_LINES, S1, S2, S3, S5 } from "../kit/scenario";
import { runCli } from "../kit/cliHarness";
import { fileSource, verifyUsage } from "../../pec/verify";
import { parseExpected } from "../../pec/expect";

describe("pec verify: local files (known scenario, every report field)", () => {
    let dir: string;
    let expectFile: string;
    const write = (name: string, data: string | Buffer): string => {
        const path = join(dir, name);
        writeFileSync(path, data);
        return path;
    };
    before(() => {
        dir = mkdtempSync(join(tmpdir(), "pec-verify-"));
        expectFile = write("expect.txt", EXPECT_TEXT);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const shapes: [string, () => string][] = [
        ["CSV with BOM, CRLF, documented headers, US dates, PEC 15", () => write("a.csv", toReconCsv(SCENARIO_LINES, { bom: true, crlf: true }))],
        ["CSV, LF, lower-case headers, ISO dates, PEC 0.15", () => write("b.csv", toReconCsv(SCENARIO_LINES, { headerCase: "lower", dateStyle: "iso", pecStyle: "0.15" }))],
        ["CSV, upper-case headers, PEC 15%", () => write("c.csv", toReconCsv(SCENARIO_LINES, { headerCase: "upper", pecStyle: "15%", crlf: true }))],
        ["CSV, camelCase headers, PEC 15.00", () => write("d.csv", toReconCsv(SCENARIO_LINES, { headerCase: "camel", pecStyle: "15.00" }))],
        ["Graph blob .json.gz (PascalCase keys, numbers)", () => write("e.json.gz", toGraphBlob(SCENARIO_LINES))],
        ["JSON Lines, camelCase keys, numbers as strings, CRLF", () => write("f.jsonl", SCENARIO_LINES.map((l, i) => graphJsonLine(l, i, { keyCase: "camel", numbersAsStrings: true, pecStyle: "15.00" })).join("\r\n"))],
        ["JSON Lines, lower-case keys, gzip under a .jsonl name", () => write("g.jsonl", gzipSync(SCENARIO_LINES.map((l, i) => graphJsonLine(l, i, { keyCase: "lower" })).join("\n")))],
        ["a directory mixing a CSV and a .json.gz, plus an unrelated file", () => {
            const sub = join(dir, "mixed");
            mkdirSync(sub);
            const half = Math.floor(SCENARIO_LINES.length / 2);
            writeFileSync(join(sub, "1.csv"), toReconCsv(SCENARIO_LINES.slice(0, half), { bom: true }));
            writeFileSync(join(sub, "2.json.gz"), toGraphBlob(SCENARIO_LINES.slice(half)));
            writeFileSync(join(sub, "README.txt"), "not usage data");
            return sub;
        }],
    ];

    for (const [name, make] of shapes) {
        it(`${name}: exact JSON report, exit 1`, async () => {
            const path = make();
            const run = await runCli(["verify", "--input", path, "--expect", expectFile, "--format", "json"]);
            assert.equal(run.stderr, "");
            assert.deepEqual(JSON.parse(run.stdout), expectedReport(expectFile));
            assert.equal(run.code, 1);
        });
    }

    it("keeps non-ASCII names intact (UTF-8 in CSV and gzip JSON Lines)", async () => {
        const name = "Bäckerei Müller, GmbH — Zürich";
        const lines = SCENARIO_LINES.map((l) => (l.subscriptionId === S3 ? { ...l, customerName: name } : l));
        for (const path of [write("utf8.csv", toReconCsv(lines, { bom: true })), write("utf8.json.gz", toGraphBlob(lines))]) {
            const result = await verifyUsage({ sources: [fileSource([path])] });
            assert.equal(result.report.subscriptions.find((s) => s.subscriptionId === S3)!.customerName, name, path);
        }
    });

    it("reports never-eligible usage apart, per reason", async () => {
        const path = write("x.csv", toReconCsv(SCENARIO_LINES));
        const result = await verifyUsage({ sources: [fileSource([path])] });
        assert.deepEqual(result.excluded, EXPECTED_EXCLUDED);
    });

    it("exit 0 and no problems when every expected subscription is fully covered", async () => {
        const path = write("ok.csv", toReconCsv(SCENARIO_LINES.filter((l) => l.subscriptionId === S1)));
        const expect = write("ok.json", JSON.stringify({ outputs: { customer: { subscriptionId: S1 } } }));
        const run = await runCli(["verify", "--input", path, "--expect", expect, "--format", "json"]);
        assert.equal(run.code, 0);
        assert.deepEqual((JSON.parse(run.stdout) as { problems: unknown[] }).problems, []);
    });

    it("without --expect, only coverage problems (exit 1)", async () => {
        const path = write("noexp.csv", toReconCsv(SCENARIO_LINES));
        const run = await runCli(["verify", "--input", path, "--format", "json"]);
        assert.equal(run.code, 1);
        assert.deepEqual((JSON.parse(run.stdout) as { problems: { kind: string }[] }).problems.map((p) => p.kind), ["no-pec", "partial-pec"]);
    });

    it("markdown, csv and table formats carry the same facts", async () => {
        const path = write("fmt.csv", toReconCsv(SCENARIO_LINES));
        const md = await runCli(["verify", "--input", path, "--expect", expectFile, "--format", "markdown"]);
        assert.match(md.stdout, /^## ❌ Partner earned credit 2026-10-01 to 2026-10-04/);
        assert.match(md.stdout, new RegExp(`\\| Fabrikam, Inc\\. \\| \`${S3}\` \\| 4 \\| 2 \\| 0 \\| 0 \\| 2 \\(2026-10-01\\.\\.2026-10-02\\) \\| 147\\.00 \\| 6\\.00 \\| no-pec \\|`));
        assert.match(md.stdout, new RegExp(`- \\*\\*expected-but-absent\\*\\* \`${S5}\``));
        assert.match(md.stdout, /- third-party: 3 lines, 107\.00 USD/);
        const csv = await runCli(["verify", "--input", path, "--expect", expectFile, "--format", "csv"]);
        const rows = csv.stdout.trimEnd().split("\r\n");
        assert.equal(rows[0], "customerId,customerName,subscriptionId,lineItems,eligibleLineItems,linesWithPec,daysWithPec,daysWithoutPec,billingPreTaxTotal,estimatedMissedCredit,currency,problem,detail");
        assert.equal(rows.length, 6);
        assert.match(rows[2], new RegExp(`^aaaaaaaa-0000-4000-8000-000000000001,Contoso Ltd\\.,${S2},9,8,5,2,2026-10-03;2026-10-04,40\\.75,2\\.25,USD,partial-pec,"PEC missing`));
        assert.match(rows[3], /^bbbbbbbb-0000-4000-8000-000000000002,"Fabrikam, Inc\.",/);
        assert.match(rows[5], new RegExp(`^,,${S5},0,0,0,0,,0\\.00,0\\.00,USD,expected-but-absent,`));
        const table = await runCli(["verify", "--input", path, "--expect", expectFile], { tty: true });
        assert.equal(table.code, 1);
        assert.match(table.stdout, /^PEC verification 2026-10-01 to 2026-10-04 \(USD\)/);
        assert.match(table.stdout, new RegExp(`Contoso Ltd\\.\\s+${S1}\\s+9\\s+8\\s+8\\s+4\\s+0\\s+81\\.25\\s+0\\.00\\s+ok`));
        assert.match(table.stdout, /3 problem\(s\): PEC on 13 of 18 eligible lines \(24 lines in total\), billed 276\.00 USD, estimated missed credit 8\.25 USD/);
    });

    it("defaults to JSON when stdout is not a terminal, and shows progress only on a terminal", async () => {
        const path = write("def.csv", toReconCsv(SCENARIO_LINES));
        const piped = await runCli(["verify", "--input", path]);
        assert.doesNotThrow(() => JSON.parse(piped.stdout));
        assert.equal(piped.stderr, "");
        const tty = await runCli(["verify", "--input", path], { tty: true });
        assert.match(tty.stderr, /lines read — .*def\.csv/);
    });

    it("--expect accepts stack-output JSON (nested, arrays, JSON Lines) and plain lists", () => {
        assert.deepEqual(parseExpected(EXPECT_TEXT, "e.txt"), [S1, S2, S3, S5]);
        const stacks = JSON.stringify([{ name: "contoso", outputs: { subscriptionIds: [S1, S2.toUpperCase()] } }, { outputs: { delegation: { subscriptionId: `/subscriptions/${S3}` } } }]);
        assert.deepEqual(parseExpected(stacks, "s.json"), [S1, S2, S3]);
        assert.deepEqual(parseExpected(`{"subscriptionId":"${S1}"}\n{"SubscriptionId":"${S5}"}\n`, "s.jsonl"), [S1, S5]);
        assert.throws(() => parseExpected("not-a-guid\n", "bad.txt"), /bad\.txt:1: is not an Azure subscription ID \(value "not-a-guid"\)/);
        assert.throws(() => parseExpected('{"name":"x"}', "none.json"), /none\.json: lists no subscription/);
    });
});
