// Issue 18 §2 "Outputs that stay data": a customer name, a currency or a date from the usage data is shown in
// every format as the text it is; it never becomes a spreadsheet formula, a markdown link, image, mention or
// HTML, a terminal control sequence, or a page of millions of cells.
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { renderDoctorJson, renderDoctorTable } from "../../../doctor/format";
import { diagnose } from "../../../doctor/verdict";
import { renderReport, REPORT_FORMATS, ReportFormat } from "../../../pec/format";
import { markdownText } from "../../../pec/format/markdown";
import { runCli } from "../../kit/cliHarness";
import { GenLine, toReconCsv } from "../../kit/generate";
import {
    activeMarkdown,
    csvRecords,
    HOSTILE_NAMES,
    htmlTags,
    htmlText,
    isFormula,
    lenientCells,
    markdownCells,
    markdownDisplay,
    riskyChar,
    shownAsEscapes,
    TERMINAL_ACTIVE,
} from "../../kit/hostile";
import { resultOfLines } from "../../kit/sampleReport";
import { S1, S2 } from "../../kit/scenario";

const HOSTILE_ID = "aaaaaaaa-0000-4000-8000-000000000001";
const BENIGN = { customerId: "bbbbbbbb-0000-4000-8000-000000000002", customerName: "Benign Ltd" };

/** Two customers of one subscription each, with the same numbers: `name` on S1, a plain name on S2. */
function twoCustomers(name: string): GenLine[] {
    const lines: GenLine[] = [];
    for (const [customer, subscriptionId] of [
        [{ customerId: HOSTILE_ID, customerName: name }, S1],
        [BENIGN, S2],
    ] as const) {
        lines.push({ ...customer, subscriptionId, usageDate: "2026-10-01", billingPreTaxTotal: 10, pec: true });
        lines.push({ ...customer, subscriptionId, usageDate: "2026-10-02", billingPreTaxTotal: 10, pec: false });
    }
    return lines;
}

type Outputs = Record<ReportFormat, string>;

function renderAll(lines: GenLine[]): Outputs {
    const result = resultOfLines(lines);
    return Object.fromEntries(REPORT_FORMATS.map((f) => [f, renderReport(result, f)])) as Outputs;
}

const withoutZwsp = (text: string) => text.replace(/\u200B/g, "");

/**
 * Every format shows `name` as data: JSON keeps it exactly; the table, markdown, CSV and HTML show it with
 * control characters as escapes and nothing active; none of them gains a line, a column, a row or an element
 * over the same report with a plain name.
 */
function assertInert(name: string, out: Outputs, plain: Outputs): void {
    // What the customer columns show: the name (its ID when empty), control characters as escapes.
    const kept = Buffer.from(name, "utf8").toString("utf8");
    const shown = shownAsEscapes(kept || HOSTILE_ID);

    const json = JSON.parse(out.json) as { subscriptions: { subscriptionId: string; customerName: string }[] };
    assert.equal(json.subscriptions.find((s) => s.subscriptionId === S1)?.customerName, kept, "json keeps the name");
    assert.doesNotMatch(out.json, TERMINAL_ACTIVE, "json: no raw control character");

    assert.doesNotMatch(out.table.replace(/\n/g, ""), TERMINAL_ACTIVE, "table: no raw control character");
    assert.equal(out.table.split("\n").length, plain.table.split("\n").length, "table: no extra line");
    assert.ok(out.table.includes(shown), `table shows ${JSON.stringify(shown)}`);

    const md = out.markdown.split("\n");
    assert.equal(md.length, plain.markdown.split("\n").length, "markdown: no extra line");
    assert.doesNotMatch(out.markdown.replace(/\n/g, ""), TERMINAL_ACTIVE, "markdown: no raw control character");
    const row = md.find((l) => l.includes(`\`${S1}\``));
    assert.ok(row, `markdown row of ${S1}:\n${out.markdown}`);
    const cells = markdownCells(row);
    assert.equal(cells.length, 10, `markdown: one cell per column: ${row}`);
    assert.deepEqual(activeMarkdown(cells[0]), [], `markdown cell ${cells[0]}`);
    assert.equal(withoutZwsp(markdownDisplay(cells[0])).trim(), withoutZwsp(shown).trim(), "markdown shows the name");
    const axis = /^ {4}x-axis \[(.*)\]$/m.exec(out.markdown)?.[1];
    const labels = JSON.parse(`[${axis ?? ""}]`) as string[];
    assert.equal(labels.length, 2, "one chart bar per customer");
    for (const label of labels) assert.doesNotMatch(label, /["`<>\n]/, "chart labels are plain text");

    assert.doesNotMatch(out.csv.replace(/[\t\r\n]/g, ""), TERMINAL_ACTIVE, "csv: only tabs and line breaks raw");
    const records = csvRecords(out.csv);
    assert.equal(records.length, csvRecords(plain.csv).length, "csv: no extra record");
    for (const record of records) {
        assert.equal(record.length, 13, "csv: no extra column");
        for (const cell of record) assert.ok(!isFormula(cell), `csv cell runs as a formula: ${JSON.stringify(cell)}`);
    }
    for (const delimiter of [";", "\t"]) {
        for (const cell of lenientCells(out.csv, delimiter)) {
            assert.ok(!isFormula(cell), `csv split on ${JSON.stringify(delimiter)}: ${JSON.stringify(cell)} runs`);
        }
    }
    const csvName = records.find((r) => r[2] === S1)?.[1];
    // CSV keeps tabs and line breaks (quoted), shows other controls as escapes, and puts a ' before a formula
    // start after a ;, tab or line break; an empty name stays empty.
    const csvShown = kept
        .replace(/[^\t\r\n]+/g, shownAsEscapes)
        .replace(/([;\t\r\n][" ]*)(?=[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20])/g, "$1'");
    assert.equal(csvName, isFormula(csvShown) ? `'${csvShown}` : csvShown, "csv shows the name (' when it would run)");

    assert.deepEqual(htmlTags(out.html), htmlTags(plain.html), "html: the same elements as with a plain name");
    assert.doesNotMatch(out.html.replace(/\n/g, ""), TERMINAL_ACTIVE, "html: no raw control character");
    const groups = [...out.html.matchAll(/<div class="g">([^<]*)<\/div>/g)].map((m) => htmlText(m[1]));
    assert.ok(groups.includes(shown), `html heatmap group ${JSON.stringify(shown)} in ${JSON.stringify(groups)}`);
}

/** Pieces of hostile names: formula starts, markdown and HTML syntax, controls, bidi, URLs, mentions. */
const PIECES = [
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\0",
    "[",
    "]",
    "(",
    ")",
    "!",
    "<",
    ">",
    "&",
    "*",
    "_",
    "`",
    "\\",
    "|",
    "#",
    "$",
    ":",
    "~",
    "^",
    "{",
    "}",
    "'",
    '"',
    ",",
    ";",
    " ",
    "www.",
    "WWW.",
    "https://",
    "mailto:",
    "@org/team",
    "#12",
    "\u001b",
    "\u0007",
    "\u009b",
    "\u007f",
    "\u202E",
    "\u2066",
    "\u200F",
    "\u2028",
    "\u200B",
    "\uFF1D",
    "\uFF20",
    "&amp;",
    "&#64;",
    "<!--",
    "-->",
    "```",
    "$x$",
    "\\@",
    "\\[",
    "a",
    "Z",
    "9",
    "東",
    "é",
    "-12.50",
    "1",
    "![x](https://e.example/p.png)",
    "[x](https://e.example)",
];

const hostileName = fc.oneof(
    fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((parts) => parts.join("")),
    fc.string({ unit: riskyChar, maxLength: 20 }),
    fc.string({ unit: fc.constantFrom(..."=+-@[]()!<>&*_`\\|#$:~\t\r\n w.a/"), maxLength: 20 }),
);

describe("outputs that stay data: hostile names in every format (issue 18 §2)", () => {
    const plain = renderAll(twoCustomers("Plain Customer"));

    for (const name of HOSTILE_NAMES) {
        it(`keeps ${shownAsEscapes(JSON.stringify(name))} as data in table, json, markdown, csv and html`, () => {
            assertInert(name, renderAll(twoCustomers(name)), plain);
        });
    }

    it("property: no generated name leaks an active construct into any format", () => {
        fc.assert(
            fc.property(hostileName, (name) => assertInert(name, renderAll(twoCustomers(name)), plain)),
            { numRuns: 300 },
        );
    });

    it("csv: the issue's formulas get a leading ' and quotes (OWASP), real numbers stay numbers", () => {
        const csv = renderAll(twoCustomers('=HYPERLINK("https://evil.example","x")')).csv;
        assert.ok(csv.includes(`,"'=HYPERLINK(""https://evil.example"",""x"")",${S1},`), csv);
        assert.ok(renderAll(twoCustomers("@SUM(1+1)")).csv.includes(`,"'@SUM(1+1)",`));
        const negative = renderAll(twoCustomers("-12.50")).csv;
        assert.ok(negative.includes(`,-12.50,${S1},`), "a name that is a plain number is left alone");
        const amounts = csvRecords(renderAll(twoCustomers("x")).csv).find((r) => r[2] === S1)!;
        assert.deepEqual(amounts.slice(8, 10), ["20.00", "1.50"], "amounts are numbers, not neutralised");
    });

    it("markdown: link, image and mention syntax are escaped; a mention gets a zero-width space GitHub cannot link", () => {
        assert.equal(
            markdownText("[Click to fix PEC](https://evil.example/login) ![x](https://evil.example/p.png)"),
            "\\[Click to fix PEC\\]\\(https\\://evil.example/login) \\!\\[x\\]\\(https\\://evil.example/p.png)",
        );
        assert.equal(markdownText("@org/team"), "\\@\u200Borg/team");
        assert.equal(markdownText("see #12, a @ b"), "see \\#\u200B12, a \\@ b", "only before a name or number");
        assert.equal(markdownText("www.evil.example"), "www\\.evil.example");
        assert.equal(markdownText("<b>&amp;</b>"), "&lt;b&gt;&amp;amp;&lt;/b&gt;", "HTML stays entity-escaped");
        assert.equal(markdownText("Fabrikam, Inc. (EU) - 1.5"), "Fabrikam, Inc. (EU) - 1.5", "plain text unchanged");
    });

    it("through the CLI: every issue string in a usage file, every format (files and stdout)", async () => {
        const dir = mkdtempSync(join(tmpdir(), "pec-hostile-"));
        try {
            for (const [i, name] of HOSTILE_NAMES.entries()) {
                const input = join(dir, `usage-${i}.csv`);
                writeFileSync(input, toReconCsv(twoCustomers(name), { dateStyle: "iso" }));
                const files = { json: "r.json", markdown: "r.md", csv: "r.csv", html: "r.html" } as const;
                const outs = Object.values(files).flatMap((f) => ["--out", join(dir, `${i}-${f}`)]);
                const run = await runCli(["verify", "--input", input, ...outs]);
                assert.equal(run.code, 1, run.stderr);
                const table = await runCli(["verify", "--input", input], { tty: true });
                const read = (f: string) => readFileSync(join(dir, `${i}-${f}`), "utf8");
                const out: Outputs = {
                    table: table.stdout,
                    json: read(files.json),
                    markdown: read(files.markdown),
                    csv: read(files.csv),
                    html: read(files.html),
                };
                assertInert(name, out, plain);
                // stderr: only the progress line's own "\r ESC [K" (clear the line) acts on the terminal.
                assert.doesNotMatch((run.stderr + table.stderr).replace(/\r\u001b\[K/g, ""), TERMINAL_ACTIVE);
            }
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("stderr: a file name with an escape sequence is shown escaped in errors, warnings and progress", async () => {
        const dir = mkdtempSync(join(tmpdir(), "pec-hostile-name-"));
        try {
            const name = "usage \u001b]0;pwned\u0007\u202Evsc.csv";
            const file = join(dir, name);
            writeFileSync(file, toReconCsv(twoCustomers("Contoso"), { dateStyle: "iso" }));
            // Given twice: the duplicate warning names it; on a terminal the progress line does too.
            const twice = await runCli(["verify", "--input", file, "--input", dir, "--format", "json"], { tty: true });
            assert.equal(twice.code, 1, twice.stderr);
            assert.match(twice.stderr, /warning: .*usage \\u001b\]0;pwned\\u0007\\u202evsc\.csv: skipped/);
            assert.doesNotMatch(twice.stderr.replace(/\r\u001b\[K/g, "").replace(/\n/g, ""), TERMINAL_ACTIVE);
            writeFileSync(file, "EntitlementId,UsageDate,BillingPreTaxTotal,PartnerEarnedCreditPercentage\nx,y,1,0\n");
            const bad = await runCli(["verify", "--input", file]);
            assert.equal(bad.code, 2);
            assert.match(bad.stderr, /usage \\u001b\]0;pwned\\u0007\\u202evsc\.csv:2: field "UsageDate" is not a date/);
            assert.doesNotMatch(bad.stderr.replace(/\n/g, ""), TERMINAL_ACTIVE);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("doctor: subscription and offer names from Azure stay data in its table and JSON", () => {
        const TENANT = "11111111-1111-1111-1111-111111111111";
        const report = (displayName: string, offer: string) =>
            diagnose({
                identity: { tenantId: TENANT, objectId: "33333333-3333-3333-3333-333333333333", clientId: null },
                memberOf: [],
                link: { partnerId: "1234567", partnerName: displayName, state: "Active" },
                expectedPartnerId: null,
                expected: null,
                subscriptions: [
                    {
                        subscription: {
                            subscriptionId: S1,
                            displayName,
                            tenantId: TENANT,
                            state: "Enabled",
                            managedByTenantIds: [TENANT],
                        },
                        registrationAssignments: {
                            ok: true as const,
                            value: [
                                {
                                    id: `/subscriptions/${S1}/providers/Microsoft.ManagedServices/registrationAssignments/x`,
                                    scope: `/subscriptions/${S1}`,
                                    registrationDefinitionId: `/subscriptions/${S1}/providers/Microsoft.ManagedServices/registrationDefinitions/y`,
                                    registrationDefinitionName: offer,
                                    managedByTenantId: TENANT,
                                    provisioningState: "Succeeded",
                                    authorizations: [],
                                    eligibleAuthorizations: [],
                                },
                            ],
                        },
                        roleAssignments: { ok: true as const, value: [] },
                    },
                ],
            });
        const plainTable = renderDoctorTable(report("Plain", "Offer"));
        for (const name of HOSTILE_NAMES) {
            const table = renderDoctorTable(report(name, name));
            assert.doesNotMatch(table.replace(/\n/g, ""), TERMINAL_ACTIVE, name);
            assert.equal(table.split("\n").length, plainTable.split("\n").length, `one row: ${table}`);
            const json = renderDoctorJson(report(name, name));
            assert.doesNotMatch(json, TERMINAL_ACTIVE, name);
            const parsed = JSON.parse(json) as { subscriptions: { displayName: string }[] };
            assert.equal(parsed.subscriptions[0].displayName, name, "json keeps the name");
        }
    });

    it("the escapes are exercised: without them the checks fail", () => {
        // The checks above are not vacuous: the raw name fails each of them.
        assert.notDeepEqual(activeMarkdown("[Click](https://evil.example)"), []);
        assert.notDeepEqual(activeMarkdown("@org/team"), []);
        assert.notDeepEqual(activeMarkdown("\\@org/team"), [], "a backslash alone does not stop a GitHub mention");
        assert.ok(isFormula('=HYPERLINK("x")') && isFormula("@SUM(1)") && !isFormula("-12.50"));
        assert.match("\u001b]0;x\u0007", TERMINAL_ACTIVE);
        assert.notDeepEqual(htmlTags("<p><img src=x></p>"), htmlTags("<p>x</p>"));
    });
});
