/**
 * The JSON Lines fast path's first tier (pec/sources/jsonLinePattern.ts): once a second line of a
 * layout has been read, lines are matched by one regular expression. It must read exactly what
 * JSON.parse reads, and decline every line JSON.parse rejects (the walk, then JSON.parse, takes it).
 */
import assert from "node:assert/strict";
import { JsonLineExtractor, slotsFromObject } from "../../pec/sources/jsonLineScanner";
import { LayoutPattern } from "../../pec/sources/jsonLinePattern";
import { slotForName, USAGE_FIELDS } from "../../pec/fields";

const LEARNED = {
    PartnerId: "p",
    CustomerId: "c1",
    CustomerName: "Fabrikam, Inc.",
    Quantity: 3.5,
    UsageDate: "2026-10-03T00:00:00Z",
    BillingPreTaxTotal: 12.5,
    Tags: { env: "prod", EntitlementId: "decoy-in-tags" },
    EntitlementId: "sub-1",
    Flag: null,
    PartnerEarnedCreditPercentage: 15,
    BenefitType: null,
};
const LINE = JSON.stringify(LEARNED);

function slots(): unknown[] {
    return new Array<unknown>(USAGE_FIELDS.length).fill(undefined);
}

function viaParse(line: string): unknown[] {
    const out = slots();
    slotsFromObject(JSON.parse(line) as Record<string, unknown>, out);
    return out;
}

/** An extractor that has learned LEARNED and read a second line of it, so its pattern is compiled. */
function warmed(): JsonLineExtractor {
    const extractor = new JsonLineExtractor();
    extractor.learn(LEARNED);
    assert.equal(extractor.extract(LINE, 0, LINE.length, slots()), true);
    assert.ok(
        (extractor as unknown as { pattern?: LayoutPattern }).pattern instanceof LayoutPattern,
        "the pattern is compiled",
    );
    return extractor;
}

describe("JSON Lines fast path: the layout pattern", () => {
    it("reads what JSON.parse reads: escapes, unicode, numbers in every JSON form, null placeholders", () => {
        const variants = [
            LINE,
            LINE.replace('"Fabrikam, Inc."', '"Fa\\"bri\\\\kam \\u00e9\\n\\/"'),
            LINE.replace('"c1"', '"Ünïcode 😀 \u2028"'),
            LINE.replace(":12.5,", ":-0,"),
            LINE.replace(":12.5,", ":1E+2,"),
            LINE.replace(":12.5,", ":0.125e-1,"),
            LINE.replace(":12.5,", ":1e400,"),
            LINE.replace('"Flag":null', '"Flag":"x"'),
            LINE.replace('"BenefitType":null', '"BenefitType":"SavingsPlan"'),
            LINE.replace('"BenefitType":null', '"BenefitType":true'),
            LINE.replace('"env":"prod"', '"env":"a}\\"b]"'),
            LINE.replace('{"env":"prod","EntitlementId":"decoy-in-tags"}', "[]"),
        ];
        for (const line of variants) {
            const out = slots();
            assert.equal(warmed().extract(line, 0, line.length, out), true, line);
            assert.deepEqual(out, viaParse(line), line);
        }
    });

    it("declines every line JSON.parse rejects, and lines whose keys differ", () => {
        const broken = [
            LINE.replace(":12.5,", ":012.5,"),
            LINE.replace(":12.5,", ":12.,"),
            LINE.replace(":12.5,", ":.5,"),
            LINE.replace(":12.5,", ":+1,"),
            LINE.replace(":12.5,", ":-,"),
            LINE.replace(":12.5,", ":1e,"),
            LINE.replace(":12.5,", ":NaN,"),
            LINE.replace(":3.5,", ":0x1,"),
            LINE.replace('"p"', '"\\x"'),
            LINE.replace('"p"', '"\\u12G4"'),
            LINE.replace('"c1"', '"c\\"'),
            LINE.replace('"p"', '"a\u0001"'),
            LINE.replace('"prod"', '"prod",'),
            LINE.replace('"prod"', "prod"),
            LINE.replace('{"env"', "{env"),
            LINE.replace('"Flag":null', '"Flag":nul'),
            LINE.replace(',"Flag"', ',,"Flag"'),
            LINE.slice(0, -1),
            `${LINE}}`,
            LINE.replace('"Flag":null', '"Flag":null,"Flag":1'),
        ];
        for (const line of broken) {
            let parses = true;
            try {
                JSON.parse(line);
            } catch {
                parses = false;
            }
            const out = slots();
            const read = warmed().extract(line, 0, line.length, out);
            if (!read) continue;
            if (parses)
                assert.deepEqual(out, viaParse(line), line); // e.g. a duplicated key: read as JSON.parse reads it, or declined
            else assert.ok(/[\u0000-\u001f]/.test(line), `accepted a line JSON.parse rejects: ${line}`); // the walk's documented gap
        }
        for (const line of [
            LINE.replace('"EntitlementId":"sub-1"', '"entitlementid":"sub-1"'),
            LINE.replace('"Flag":null', '"MeterName":"Spot"'),
            LINE.replace('"Flag":null', '"Flag":null,"EntitlementId":"sub-2"'),
        ]) {
            const out = slots();
            if (warmed().extract(line, 0, line.length, out)) assert.deepEqual(out, viaParse(line), line);
        }
    });

    it("matches a line inside a larger text only between its bounds", () => {
        const extractor = warmed();
        const second = LINE.replace("sub-1", "sub-2");
        const text = `${LINE}\n${second} \n`;
        const out = slots();
        assert.equal(extractor.extract(text, LINE.length + 1, LINE.length + 1 + second.length, out), true);
        assert.equal(out[slotForName("EntitlementId")], "sub-2");
    });
});
