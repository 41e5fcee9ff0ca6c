// Issue 18 §2: one subscription with usage dated 0100-01-01 and 9999-12-31 (under 200 bytes of input) took
// 22 s, 1.4 GB and wrote a 155 MB page; 22 of them ended in "Invalid string length" and no --out file. The
// heatmap now draws at most HEATMAP_MAX_DAYS days and lists the days it leaves out.
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { HEATMAP_MAX_DAYS, heatmapWindow } from "../../../pec/format/heatmapWindow";
import { renderHtml } from "../../../pec/format/html";
import type { DayCounts } from "../../../pec/report";
import { runCli } from "../../kit/cliHarness";
import { GenLine, guid } from "../../kit/generate";
import { resultOfLines } from "../../kit/sampleReport";

/** The smallest usage file verify reads: the four columns it needs. */
function minimalCsv(rows: [subscription: string, day: string][]): string {
    return [
        "EntitlementId,UsageDate,BillingPreTaxTotal,PartnerEarnedCreditPercentage",
        ...rows.map(([s, d]) => `${s},${d},1,0`),
    ].join("\n");
}

/** Day columns of the heatmap's header row. */
const heatmapColumns = (html: string): string[] =>
    [...html.matchAll(/<span title="(\d{4}-\d{2}-\d{2})">/g)].map((m) => m[1]);

const days = (entries: Record<string, string[]>): Map<string, Map<string, DayCounts>> =>
    new Map(
        Object.entries(entries).map(([sub, list]) => [
            sub,
            new Map(list.map((d) => [d, { eligible: 1, withPec: 0 }] as const)),
        ]),
    );

function* daysFrom(first: string, count: number): Generator<string> {
    const d = new Date(`${first}T00:00:00Z`);
    for (let i = 0; i < count; i++, d.setUTCDate(d.getUTCDate() + 1)) yield d.toISOString().slice(0, 10);
}

describe("HTML heatmap: a small input never makes a large page (issue 18 §2)", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "pec-heatmap-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("the issue's file: usage on 0100-01-01 and 9999-12-31 writes both --out files, the page a few KB", async () => {
        const sub = guid("far-apart");
        const input = join(dir, "far.csv");
        writeFileSync(
            input,
            minimalCsv([
                [sub, "0100-01-01"],
                [sub, "9999-12-31"],
            ]),
        );
        assert.ok(statSync(input).size < 200, "under 200 bytes of input");
        const [html, md] = [join(dir, "r.html"), join(dir, "r.md")];
        const run = await runCli(["verify", "--input", input, "--out", html, "--out", md]);
        assert.equal(run.code, 1, run.stderr);
        assert.ok(existsSync(md), "the markdown is written too");
        const page = readFileSync(html, "utf8");
        assert.ok(page.length < 20_000, `${page.length} characters`);
        assert.deepEqual(heatmapColumns(page), ["9999-12-31"], "the stretch with the most usage (the later of equals)");
        assert.match(page, /Not drawn: eligible usage on 1 other day\(s\) in 1 subscription\(s\): 0100-01-01\./);
        assert.match(readFileSync(md, "utf8"), /0100-01-01 to 9999-12-31/, "the report's period is the data's");
    });

    it("22 such subscriptions: both files written, the page grows by at most a row per subscription", async () => {
        const rows = Array.from({ length: 22 }, (_, i) => guid(`far-${i}`)).flatMap(
            (s) =>
                [
                    [s, "0100-01-01"],
                    [s, "9999-12-31"],
                ] as [string, string][],
        );
        const input = join(dir, "far22.csv");
        writeFileSync(input, minimalCsv(rows));
        const [html, md] = [join(dir, "r.html"), join(dir, "r.md")];
        const run = await runCli(["verify", "--input", input, "--out", html, "--out", md]);
        assert.equal(run.code, 1, run.stderr);
        assert.ok(existsSync(html) && existsSync(md), run.stderr);
        const page = readFileSync(html, "utf8");
        assert.ok(page.length < 60_000, `${page.length} characters`);
        assert.ok(heatmapColumns(page).length <= HEATMAP_MAX_DAYS);
        assert.match(page, /in 22 subscription\(s\): 0100-01-01\./);
    });

    it("a period of up to 92 days is drawn whole, as before; nothing is listed as left out", () => {
        const all = [...daysFrom("2026-07-01", 92)];
        const w = heatmapWindow({ from: all[0], to: all[91] }, days({ a: [all[0], all[91]] }));
        assert.deepEqual(w, { from: "2026-07-01", to: "2026-09-30", outside: [], subscriptionsOutside: 0 });
    });

    it("longer: the 92 days with the most usage (the latest of equals), the other days listed", () => {
        const fourMonths = [...daysFrom("2026-06-01", 122)];
        const even = heatmapWindow({ from: fourMonths[0], to: fourMonths[121] }, days({ a: fourMonths }));
        assert.equal(even.to, "2026-09-30", "even usage: the latest quarter");
        assert.equal(even.from, "2026-07-01");
        assert.deepEqual(even.outside, [...daysFrom("2026-06-01", 30)]);

        const october = [...daysFrom("2026-10-01", 31)];
        const stray = heatmapWindow(
            { from: "2019-01-05", to: "2031-02-03" },
            days({ a: october, b: [...october, "2019-01-05"], c: ["2031-02-03"] }),
        );
        assert.deepEqual(
            [stray.from, stray.to, stray.outside, stray.subscriptionsOutside],
            ["2026-10-01", "2026-10-31", ["2019-01-05", "2031-02-03"], 2],
            "a dense month wins over stray days, whichever side they are on",
        );
        const none = heatmapWindow({ from: "2020-01-01", to: "2026-10-31" }, new Map());
        assert.deepEqual([none.from, none.to], ["2026-08-01", "2026-10-31"], "no eligible usage: the last 92 days");
    });

    it("property: any days, any span: at most 92 columns, every day with usage drawn or listed", () => {
        const day = fc
            .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true })
            .map((d) => d.toISOString().slice(0, 10));
        const nearDay = fc
            .integer({ min: 0, max: 200 })
            .map((n) => new Date(Date.UTC(2026, 5, 1 + n)).toISOString().slice(0, 10));
        const usage = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.oneof(day, nearDay)), {
            minLength: 1,
            maxLength: 40,
        });
        fc.assert(
            fc.property(usage, (entries) => {
                const lines: GenLine[] = entries.map(([s, d]) => ({
                    customerId: "c",
                    customerName: "C",
                    subscriptionId: guid(`p${s}`),
                    usageDate: d,
                    billingPreTaxTotal: 1,
                    pec: s % 2 === 0,
                }));
                const html = renderHtml(resultOfLines(lines));
                const columns = heatmapColumns(html);
                assert.ok(columns.length >= 1 && columns.length <= HEATMAP_MAX_DAYS, `${columns.length} columns`);
                assert.ok(html.length < 30_000, `${html.length} characters for ${entries.length} lines`);
                const note = /Not drawn: [^<]*: ([^<]*?)(?: and \d+ more ranges)?\. The tables/.exec(html)?.[1] ?? "";
                if (/more ranges/.test(html)) return; // only the first ranges are listed by name
                for (const d of new Set(entries.map(([, u]) => u))) {
                    const drawn = d >= columns[0] && d <= columns[columns.length - 1];
                    assert.ok(drawn || listedWithin(note, d), `${d} neither drawn nor listed: ${note}`);
                }
            }),
            { numRuns: 150 },
        );
    });
});

/** Whether `day` falls in one of the note's ranges (`a..b`) or is one of its days. */
function listedWithin(note: string, day: string): boolean {
    return note
        .split(", ")
        .filter((r) => r !== "")
        .some((r) => {
            const [a, b = a] = r.split("..");
            return day >= a && day <= b;
        });
}
