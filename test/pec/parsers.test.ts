import assert from "node:assert/strict";
import { parse as parseCsvSync } from "csv-parse/sync";
import { CsvRecordReader } from "../../pec/sources/csvRecords";
import { JsonLineExtractor, slotsFromObject } from "../../pec/sources/jsonLineScanner";
import { slotForName, USAGE_FIELDS } from "../../pec/fields";
import { parseAmount, parsePecRate, parseUsageDate } from "../../pec/values";
import { ineligibleReason } from "../../pec/eligibility";

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
    return () => {
        seed |= 0;
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const PIECES = ["a", "b c", ",", '"', "\n", "\r\n", "{\"k\":\"v, w\"}", "é", "15", "", "  ", "x\"y"];

function randomField(r: () => number): string {
    let s = "";
    const n = Math.floor(r() * 4);
    for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)];
    return s;
}

function csvField(text: string, r: () => number): string {
    return /[",\r\n]/.test(text) || r() < 0.2 ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Reads `text` with CsvRecordReader fed in random pieces cut at line ends; returns all columns. */
function readAll(text: string, columns: number, r: () => number): string[][] {
    const rows: string[][] = [];
    const out = new Array<unknown>(columns);
    const reader = new CsvRecordReader("t.csv", (names) => {
        rows.push(names);
        return names.map((_, i) => i);
    }, (o) => rows.push((o as string[]).slice(0, columns)), out);
    const lines = text.split(/(?<=\n)/);
    let buf = "";
    for (const line of lines) {
        buf += line;
        if (r() < 0.5) {
            reader.push(buf, false);
            buf = "";
        }
    }
    reader.push(buf, true);
    return rows;
}

describe("pec parsers", () => {
    it("CSV reader agrees with csv-parse on random RFC 4180 data split at random line ends", () => {
        const r = rng(42);
        for (let round = 0; round < 1000; round++) {
            const columns = 1 + Math.floor(r() * 6);
            const rows: string[][] = [];
            for (let i = 0; i < 1 + Math.floor(r() * 8); i++) rows.push(Array.from({ length: columns }, () => `h${i}` + randomField(r)));
            const eol = r() < 0.5 ? "\r\n" : "\n";
            const text = rows.map((row) => row.map((f) => csvField(f, r)).join(",")).join(eol) + (r() < 0.5 ? eol : "");
            const expected = parseCsvSync(text, { relax_column_count: false });
            assert.deepEqual(readAll(text, columns, r), expected, `round ${round}: ${JSON.stringify(text)}`);
        }
    });

    it("CSV reader reports the first line of each record, counting quoted line breaks", () => {
        const lines: number[] = [];
        const reader = new CsvRecordReader("t.csv", (n) => n.map((_, i) => i), (_o, line) => lines.push(line), new Array(2));
        reader.push('a,b\r\n"x\r\ny",1\r\nz,2\r\n"multi\n\nline",3\n', true);
        assert.deepEqual(lines, [2, 4, 5]);
    });

    const SAMPLE = {
        PartnerId: "p", CustomerId: "c1", CustomerName: "Fabrikam, Inc.", UsageDate: "2026-10-03T00:00:00Z", BillingPreTaxTotal: 12.5,
        BillingCurrency: "USD", Tags: { env: "prod", EntitlementId: "decoy-in-tags" }, EntitlementId: "sub-1",
        AdditionalInfo: { list: [1, { a: "}" }], s: "]" }, PartnerEarnedCreditPercentage: 15, PublisherName: "Microsoft", BenefitType: "",
    };

    const { Tags: sampleTags, ...sampleRest } = SAMPLE;
    /** SAMPLE with its Tags (holding an "EntitlementId" decoy) moved first. */
    const TAGS_FIRST = { Tags: sampleTags, ...sampleRest };

    function viaParse(line: string): unknown[] {
        const out = new Array<unknown>(USAGE_FIELDS.length);
        slotsFromObject(JSON.parse(line) as Record<string, unknown>, out);
        return out;
    }

    it("JSON extractor either declines or agrees with JSON.parse, also on adversarial lines", () => {
        const extractor = new JsonLineExtractor();
        extractor.learn(SAMPLE);
        const variants = [
            JSON.stringify(SAMPLE),
            JSON.stringify({ ...SAMPLE, CustomerName: "Ünïcode Gmbh" }),
            JSON.stringify({ ...SAMPLE, CustomerName: 'quote " inside' }), // an escape in a wanted value: unescaped
            JSON.stringify(TAGS_FIRST), // key order differs: the nested decoy comes first
            JSON.stringify({ ...SAMPLE, Extra: { EntitlementId: "decoy" } }), // unlearned nested object
            JSON.stringify({ ...SAMPLE, Note: "{" }), // brace inside a string
            JSON.stringify(SAMPLE, null, 1).replace(/\n/g, ""), // whitespace between tokens
            JSON.stringify({ ...SAMPLE, BillingPreTaxTotal: "1e3" }),
            JSON.stringify({ ...SAMPLE, PartnerEarnedCreditPercentage: null }),
            JSON.stringify(SAMPLE).slice(0, -1), // truncated
        ];
        let accepted = 0;
        for (const line of variants) {
            const out = new Array<unknown>(USAGE_FIELDS.length).fill(undefined);
            if (extractor.extract(line, 0, line.length, out)) {
                accepted++;
                assert.deepEqual(out, viaParse(line), line);
            }
        }
        assert.equal(accepted, 6, "the plain, unicode, escaped, spaced, 1e3 and null variants take the fast path");
        const decoy = JSON.stringify(TAGS_FIRST);
        assert.equal(extractor.extract(decoy, 0, decoy.length, new Array(USAGE_FIELDS.length)), false);
    });

    it("JSON extractor keeps the fast path when Tags / AdditionalInfo are JSON strings (escapes, brackets)", () => {
        const asStrings = { ...SAMPLE, Tags: JSON.stringify(SAMPLE.Tags), AdditionalInfo: JSON.stringify({ ...SAMPLE.AdditionalInfo, path: "C:\\x" }) };
        const extractor = new JsonLineExtractor();
        extractor.learn(asStrings);
        const variants = [
            JSON.stringify(asStrings),
            JSON.stringify({ ...asStrings, Tags: JSON.stringify({ EntitlementId: "decoy", "k\"": "{[" }) }),
            JSON.stringify({ ...asStrings, CustomerName: 'escaped " name' }), // escape in a wanted value: unescaped
            JSON.stringify({ ...asStrings, Note: "{" }), // a key the layout does not have → decline
        ];
        const accepted = variants.map((line) => {
            const out = new Array<unknown>(USAGE_FIELDS.length).fill(undefined);
            const ok = extractor.extract(line, 0, line.length, out);
            if (ok) assert.deepEqual(out, viaParse(line), line);
            return ok;
        });
        assert.deepEqual(accepted, [true, true, true, false]);
    });

    it("JSON extractor works on a line inside a larger text (start/end bounds)", () => {
        const extractor = new JsonLineExtractor();
        extractor.learn(SAMPLE);
        const line = JSON.stringify(SAMPLE);
        const text = `${line}\n${line.replace("sub-1", "sub-2")}\n`;
        const out = new Array<unknown>(USAGE_FIELDS.length);
        assert.equal(extractor.extract(text, line.length + 1, text.length - 1, out), true);
        assert.equal(out[slotForName("EntitlementId")], "sub-2");
    });

    it("PEC values: 0 / 15 / 15.0 / 15.00 / 0.15 / 15% / JSON numbers; rejects the rest", () => {
        for (const v of ["15", "15.0", "15.00", "0.15", "15%", " 15 % ", 15, 0.15]) assert.deepEqual(parsePecRate(v), { ok: true, value: 0.15 }, String(v));
        for (const v of ["0", "0.00", "0%", "", null, 0]) assert.deepEqual(parsePecRate(v), { ok: true, value: 0 }, String(v));
        for (const v of ["yes", "-15", "150", "15 percent", true]) assert.equal(parsePecRate(v).ok, false, String(v));
    });

    it("amounts and dates", () => {
        assert.deepEqual(parseAmount("-1.25E-2"), { ok: true, value: -0.0125 });
        assert.deepEqual(parseAmount(3), { ok: true, value: 3 });
        for (const v of ["", "1,000.00", "ten", "0x10", "Infinity", null]) assert.equal(parseAmount(v).ok, false, String(v));
        assert.deepEqual(parseUsageDate("10/3/2026 12:00:00 AM"), { ok: true, value: "2026-10-03" });
        assert.deepEqual(parseUsageDate("2026-10-03T23:59:59-08:00"), { ok: true, value: "2026-10-03" });
        assert.equal(parseUsageDate("2026-02-30").ok, false);
    });

    it("never-eligible usage: third-party publishers, savings plan, reservation, Spot", () => {
        assert.equal(ineligibleReason({ publisherName: "Microsoft" }), undefined);
        assert.equal(ineligibleReason({ publisherName: "Microsoft Corporation", meterName: "D2s v3" }), undefined);
        assert.equal(ineligibleReason({ publisherName: "" }), undefined);
        assert.equal(ineligibleReason({ publisherName: "Contoso Security Inc." }), "third-party");
        assert.equal(ineligibleReason({ publisherType: "Marketplace", publisherName: "Microsoft" }), "third-party");
        assert.equal(ineligibleReason({ benefitType: "SavingsPlan" }), "savings-plan");
        assert.equal(ineligibleReason({ pricingModel: "Reservation" }), "reservation");
        assert.equal(ineligibleReason({ benefitType: "IncludedQuantity" }), undefined);
        assert.equal(ineligibleReason({ meterName: "D2s v3 Spot" }), "spot");
        assert.equal(ineligibleReason({ meterName: "Spotlight" }), undefined);
    });
});
