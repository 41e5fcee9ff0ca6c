import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderHtml } from "../../../pec/format/html";
import { renderJson } from "../../../pec/format/json";
import { renderMarkdown } from "../../../pec/format/markdown";
import { verifyFix } from "../../../pec/fixes";
import { formatMoney, PecReport, roundMoney, VerifyResult } from "../../../pec/report";
import { largeMonth, resultOfLines, verifyLines } from "../../kit/sampleReport";
import { CONTOSO, S1, S3, S5, SCENARIO_LINES } from "../../kit/scenario";

const HOSTILE = `<script>alert("x")</script> & <img src=x onerror=alert(1)> 'Evil' \u202Ecorp`;

/** The cells (inner HTML) of the table row of one subscription. */
function rowCells(html: string, subscriptionId: string): string[] {
    const row = new RegExp(`<tr><td><code>${subscriptionId}</code></td>(.*?)</tr>`).exec(html);
    assert.ok(row, `row of ${subscriptionId}`);
    return [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
}

/** Heatmap rows: subscription ID and the cell tags in order. */
function heatmapRows(html: string): Map<string, string[]> {
    const rows = new Map<string, string[]>();
    for (const m of html.matchAll(/<div><span class="k">([^<]*)<\/span>((?:<[bisu]>[^<]*<\/[bisu]>)*)<\/div>/g)) {
        rows.set(
            m[1],
            [...m[2].matchAll(/<([bisu])>/g)].map((c) => c[1]),
        );
    }
    return rows;
}

describe("verify --format html and the markdown chart", () => {
    let result: VerifyResult;
    let json: PecReport;
    before(async () => {
        result = await verifyLines(SCENARIO_LINES, [S1, S3, S5]);
        json = JSON.parse(renderJson(result)) as PecReport;
    });

    it("carries exactly the JSON numbers: totals and every subscription row", () => {
        const html = renderHtml(result);
        const total = (name: string) => new RegExp(`data-total="${name}">([^<]*)<`).exec(html)?.[1];
        assert.equal(total("billingPreTaxTotal"), `${formatMoney(json.totals.billingPreTaxTotal)} USD`);
        assert.equal(total("estimatedMissedCredit"), `${formatMoney(json.totals.estimatedMissedCredit)} USD`);
        assert.equal(total("linesWithPec"), String(json.totals.linesWithPec));
        assert.equal(total("eligibleLineItems"), String(json.totals.eligibleLineItems));
        assert.equal(total("lineItems"), String(json.totals.lineItems));
        assert.equal(total("problems"), String(json.problems.length));
        for (const s of json.subscriptions) {
            const cells = rowCells(html, s.subscriptionId);
            assert.deepEqual(cells.slice(0, 4).map(Number), [
                s.lineItems,
                s.eligibleLineItems,
                s.linesWithPec,
                s.daysWithPec,
            ]);
            assert.equal(Number(cells[4].split(" ")[0]), s.daysWithoutPec.length);
            assert.equal(cells[5], formatMoney(s.billingPreTaxTotal));
            assert.equal(cells[6], formatMoney(s.estimatedMissedCredit));
        }
        assert.deepEqual(rowCells(html, S5).slice(-1), ["expected-but-absent"]);
    });

    it("heatmap: one cell per subscription-day, full days = daysWithPec, others = daysWithoutPec", () => {
        const rows = heatmapRows(renderHtml(result));
        assert.equal(rows.size, json.subscriptions.length);
        for (const s of json.subscriptions) {
            const cells = rows.get(s.subscriptionId)!;
            assert.equal(cells.length, 4, s.subscriptionId); // 2026-10-01..04
            assert.equal(cells.filter((c) => c === "b").length, s.daysWithPec);
            assert.equal(cells.filter((c) => c === "i" || c === "s").length, s.daysWithoutPec.length);
        }
        assert.deepEqual(rows.get(S3), ["s", "s", "u", "u"]);
    });

    it("groups by customer, most missed credit first, and gives doctor's fix for each problem kind", () => {
        const html = renderHtml(result);
        assert.ok(html.indexOf("Fabrikam, Inc. · billed") < html.indexOf(`${CONTOSO.customerName} · billed`));
        for (const kind of new Set(json.problems.map((p) => p.kind))) {
            assert.ok(html.includes(verifyFix(kind).split("`")[0].replace(/'/g, "&#39;")), kind);
        }
        assert.match(verifyFix("no-pec"), /Add a permanent authorization for .* such as Contributor/);
    });

    it("is self-contained: no script, no external reference, a CSP that forbids fetching", () => {
        const html = renderHtml(result);
        assert.doesNotMatch(html, /<script|<link|<img|src=|href=|url\(|@import/i);
        assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
        assert.match(html, /@media print/);
    });

    it("escapes hostile customer names (HTML and Mermaid)", async () => {
        const lines = SCENARIO_LINES.map((l) => (l.subscriptionId === S3 ? { ...l, customerName: HOSTILE } : l));
        const hostile = await verifyLines(lines);
        const html = renderHtml(hostile);
        assert.doesNotMatch(html, /<script|<img|\u202E/);
        assert.ok(html.includes("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#60;img"));
        assert.ok(html.includes("\\u202ecorp"));
        const chart = /```mermaid\n([\s\S]*?)```/.exec(renderMarkdown(hostile))?.[1] ?? "";
        const labels = JSON.parse(`[${/x-axis \[(.*)\]/.exec(chart)?.[1] ?? ""}]`) as string[];
        assert.equal(labels.length, 2);
        assert.match(labels[0], /^script alert\( x \) \/script & img src=x o/);
        for (const label of labels) assert.doesNotMatch(label, /[<>"`]/);
    });

    it("markdown tables carry hostile names as text: no tag, no column break", async () => {
        const name = `${HOSTILE} | x`;
        const lines = SCENARIO_LINES.map((l) => (l.subscriptionId === S3 ? { ...l, customerName: name } : l));
        const markdown = renderMarkdown(await verifyLines(lines));
        const row = markdown.split("\n").find((line) => line.startsWith("| ") && line.includes("alert"))!;
        assert.doesNotMatch(row, /<script|<img/);
        assert.ok(row.includes('&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;img'));
        assert.ok(row.includes("\\| x"), "a pipe in the name does not split the row");
    });

    it("markdown: a Mermaid bar chart of missed credit per customer equal to the JSON sums", () => {
        const md = renderMarkdown(result);
        const chart = /```mermaid\n([\s\S]*?)```/.exec(md)?.[1];
        assert.ok(chart, "mermaid block");
        assert.match(chart, /^xychart-beta horizontal\n/);
        const labels = JSON.parse(`[${/x-axis \[(.*)\]/.exec(chart)![1]}]`) as string[];
        const bars = JSON.parse(`[${/bar \[(.*)\]/.exec(chart)![1]}]`) as number[];
        const perCustomer = new Map<string, number>();
        for (const s of json.subscriptions) {
            perCustomer.set(
                s.customerName,
                roundMoney((perCustomer.get(s.customerName) ?? 0) + s.estimatedMissedCredit),
            );
        }
        assert.deepEqual(
            labels.map((l, i) => [l, bars[i]]),
            [...perCustomer].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]),
        );
        assert.equal(roundMoney(bars.reduce((a, b) => a + b, 0)), json.totals.estimatedMissedCredit);
    });

    it("the docs' screenshot exists, is a PNG and stays under 200 KB", () => {
        const png = readFileSync(join(__dirname, "..", "..", "..", "docs", "images", "verify-report.png"));
        assert.equal(png.readUInt32BE(0), 0x89504e47);
        assert.ok(png.length < 200 * 1024, `${png.length} bytes`);
        assert.match(
            readFileSync(join(__dirname, "..", "..", "..", "docs", "verify.md"), "utf8"),
            /\]\(images\/verify-report\.png\)/,
        );
    });

    it("2,000 subscriptions × 31 days: 62,000 heatmap cells in under 3 MB", () => {
        const big = resultOfLines(largeMonth(2000, 31));
        const html = renderHtml(big);
        const cells = [...heatmapRows(html).values()].reduce((n, r) => n + r.length, 0);
        assert.equal(cells, 62000);
        const bytes = Buffer.byteLength(html);
        assert.ok(bytes < 3_000_000, `${bytes} bytes`);
        if (process.env.PEC_HTML_SIZE) process.stdout.write(`      html for 2000 × 31: ${bytes} bytes\n`);
    });
});
