// Issue 18 §2: BillingCurrency reached every format and stderr unchecked (`<img src=…>` rendered as HTML,
// `ESC ]0;…BEL` retitled the terminal). It is now an ISO 4217 code or bad input naming source, line and field,
// in every source: reconciliation CSV, Graph JSON Lines, Partner Center v1 pages.
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { InputError } from "../../core/errors";
import { renderReport, REPORT_FORMATS } from "../../pec/format";
import { USAGE_FIELDS, UsageField } from "../../pec/fields";
import type { UsageHttp } from "../../pec/sources/http";
import { partnerCenterV1Source } from "../../pec/sources/partnerCenterV1";
import { newSlots, UsageLineReader } from "../../pec/usageLine";
import { verifyUsage } from "../../pec/verify";
import { runCli } from "../kit/cliHarness";
import { GenLine, toGraphBlob, toReconCsv, v1Item } from "../kit/generate";
import { riskyChar, TERMINAL_ACTIVE } from "../kit/hostile";
import { resultOfLines } from "../kit/sampleReport";
import { CONTOSO, S1 } from "../kit/scenario";

const HOSTILE_CURRENCIES = [
    '<img src="https://evil.example/p.png" onerror="alert(1)">',
    "\u001b]0;pwned\u0007",
    "US",
    "USDX",
    "U$D",
    "€",
    "ßD", // "ßD".toUpperCase() is "SSD": checked before upper-casing
    "ﬀx", // "ﬀ" upper-cases to "FF"
    "12 3",
    "US\u202ED",
];

function line(currency: string, day = "2026-10-01"): GenLine {
    return { ...CONTOSO, subscriptionId: S1, usageDate: day, billingPreTaxTotal: 10, pec: true, currency };
}

const slot = (field: UsageField) => USAGE_FIELDS.indexOf(field);

/** One usage line's slots with `currency` as BillingCurrency, read by the shared reader. */
function readCurrency(currency: unknown): string {
    const slots = newSlots();
    slots[slot("subscription")] = S1;
    slots[slot("usageDate")] = "2026-10-01";
    slots[slot("billingPreTaxTotal")] = "1.00";
    slots[slot("pecRate")] = "15";
    slots[slot("billingCurrency")] = currency;
    return new UsageLineReader("usage.csv").read(slots, 7).billingCurrency;
}

describe("BillingCurrency is an ISO 4217 code or bad input (issue 18 §2)", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "pec-currency-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("accepts three letters in any case (upper-cased), and an absent or empty currency", () => {
        assert.equal(readCurrency("USD"), "USD");
        assert.equal(readCurrency("eur"), "EUR");
        assert.equal(readCurrency(" GBP "), "GBP");
        assert.equal(readCurrency(""), "");
        assert.equal(readCurrency(undefined), "");
        assert.equal(readCurrency(null), "");
    });

    it("refuses anything else naming source, line, field and value (escaped), with the fix", () => {
        for (const currency of [...HOSTILE_CURRENCIES, 840, true, { code: "USD" }]) {
            assert.throws(
                () => readCurrency(currency),
                (e: unknown) => {
                    assert.ok(e instanceof InputError, String(e));
                    assert.match(
                        e.message,
                        /^usage\.csv:7: field "BillingCurrency" is not an ISO 4217 currency code \(value "/,
                    );
                    assert.match(e.message, /three letters such as USD or EUR/);
                    assert.doesNotMatch(e.message, TERMINAL_ACTIVE, "the value is shown escaped");
                    assert.equal(e.location.field, "BillingCurrency");
                    return true;
                },
                JSON.stringify(currency),
            );
        }
    });

    it("property: a currency is accepted exactly when it is three ASCII letters, and comes out as [A-Z]{3}", () => {
        const currency = fc.oneof(
            fc.string({ unit: riskyChar, maxLength: 6 }),
            fc.string({ unit: fc.constantFrom(..."aZuSD€ß<>\u001b\u202e \t"), maxLength: 5 }),
        );
        fc.assert(
            fc.property(currency, (raw) => {
                const valid = /^[A-Za-z]{3}$/.test(raw.trim()) || raw.trim() === "";
                let read: string | undefined;
                try {
                    read = readCurrency(raw);
                } catch (e) {
                    assert.ok(e instanceof InputError && e.location.field === "BillingCurrency", String(e));
                    assert.doesNotMatch(e.message, TERMINAL_ACTIVE);
                }
                assert.equal(read !== undefined, valid, JSON.stringify(raw));
                if (read === undefined) return;
                assert.match(read, /^(?:[A-Z]{3})?$/);
                // What is accepted is inert in every format.
                const result = resultOfLines([{ ...line(read), pec: false }]);
                assert.equal(result.report.currency, read);
                for (const format of REPORT_FORMATS) {
                    const text = renderReport(result, format);
                    assert.doesNotMatch(text.replace(/\r?\n/g, ""), TERMINAL_ACTIVE, format);
                    if (format !== "html")
                        assert.doesNotMatch(text, /<(?!details|\/details|summary|\/summary)/, format);
                }
            }),
            { numRuns: 300 },
        );
    });

    it("CLI: a hostile currency in a reconciliation CSV or a Graph blob is exit 2, file:line named, nothing written", async () => {
        for (const [i, currency] of HOSTILE_CURRENCIES.entries()) {
            const csv = join(dir, `usage-${i}.csv`);
            writeFileSync(csv, toReconCsv([line("USD"), line(currency, "2026-10-02")], { dateStyle: "iso" }));
            const blob = join(dir, `usage-${i}.json.gz`);
            writeFileSync(blob, toGraphBlob([line("USD"), line(currency, "2026-10-02")]));
            for (const [input, at] of [
                [csv, `usage-${i}.csv:3`],
                [blob, `usage-${i}.json.gz:2`],
            ]) {
                const html = join(dir, `r-${i}.html`);
                const run = await runCli(["verify", "--input", input, "--out", html, "--out", join(dir, `r-${i}.md`)]);
                assert.equal(run.code, 2, run.stderr);
                assert.ok(
                    run.stderr.includes(`${at}: field "BillingCurrency" is not an ISO 4217 currency code`),
                    run.stderr,
                );
                assert.doesNotMatch(run.stderr, TERMINAL_ACTIVE, "stderr shows the value escaped");
                assert.equal(existsSync(html), false, "no report written");
            }
        }
    });

    it("Partner Center v1: billingCurrency on a page is checked by the same reader", async () => {
        const items = [v1Item(line("USD"), 0), v1Item(line('<img src="x">', "2026-10-02"), 1)];
        const http: UsageHttp = {
            json: () => Promise.resolve({ status: 200, header: () => undefined, json: { items } }),
            stream: () => Promise.reject(new Error("no blobs in v1")),
        };
        const source = partnerCenterV1Source({
            http,
            endpoint: "https://api.partnercenter.example",
            scope: { kind: "unbilled", period: "current", currencyCode: "USD" },
        });
        await assert.rejects(
            verifyUsage({ sources: [source] }),
            /^InputError: partner center v1 page 1:2: field "BillingCurrency" is not an ISO 4217 currency code \(value "<img src=\\"x\\">"\)/,
        );
        const valid = [v1Item(line("eur"), 0)];
        const ok = await verifyUsage({
            sources: [
                partnerCenterV1Source({
                    http: {
                        ...http,
                        json: () => Promise.resolve({ status: 200, header: () => undefined, json: { items: valid } }),
                    },
                    endpoint: "https://api.partnercenter.example",
                    scope: { kind: "unbilled", period: "current", currencyCode: "EUR" },
                }),
            ],
        });
        assert.equal(ok.report.currency, "EUR");
    });
});
