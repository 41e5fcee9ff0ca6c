/**
 * Property-based tests (fast-check): the hand-written usage readers agree with the reference parsers
 * — `JSON.parse` for JSON Lines, csv-parse for the reconciliation CSV — on generated and mutated
 * input. Bounded for CI: a fixed number of runs (300 each, a new seed every run; `npm run test:fuzz` runs 10,000),
 * cut short after a time limit (fast-check's `interruptAfterTimeLimit`; an interrupted run is not a failure). A failure prints the seed and the
 * shrunk counterexample; rerun with `seed` / `path` in the parameters to reproduce it.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { parse as parseCsvSync } from "csv-parse/sync";
import { JsonLineExtractor, slotsFromObject } from "../../pec/sources/jsonLineScanner";
import { CsvRecordReader } from "../../pec/sources/csvRecords";
import { forEachTextChunk } from "../../pec/sources/textChunks";
import { FIELD_ALIASES, slotForName, USAGE_FIELDS } from "../../pec/fields";

const LIMITS = {
    numRuns: Number(process.env.FUZZ_RUNS ?? 300),
    interruptAfterTimeLimit: process.env.FUZZ_RUNS ? 600_000 : 10_000,
    markInterruptAsFailure: false,
};

const ALIASES = Object.values(FIELD_ALIASES).flat();
const OTHER_KEYS = [
    "PartnerId",
    "Tags",
    "AdditionalInfo",
    "ResourceURI",
    "Quantity",
    "__proto__",
    "0",
    "12",
    "",
    " MeterName ",
    "MeterName\u00a0",
    "\ufeffMeterName",
    'Meter"Name',
    "é€😀",
    "MeterType",
    "MeterNamf",
    "meterNamE",
    "UsageDatE",
    "ChargeType",
    "CustomerIdx",
    "Customerld",
    "ENTITLEMENTId",
];

/**
 * Any code point, lone surrogates and astral planes included: what fast-check's `unit: "binary"` draws, without the
 * 1.1-million-entry reverse mapping that unit builds on first use (1.1 s of every `npm run test:unit`).
 */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((codePoint) => String.fromCodePoint(codePoint));

/** A key: a field alias in some casing, a key verify ignores, or anything. */
const keyArb = fc.oneof(
    {
        weight: 4,
        arbitrary: fc.constantFrom(...ALIASES).chain((k) => fc.constantFrom(k, k.toLowerCase(), k.toUpperCase())),
    },
    { weight: 2, arbitrary: fc.constantFrom(...OTHER_KEYS) },
    { weight: 1, arbitrary: fc.string({ unit: anyCodePoint, maxLength: 8 }) },
);

/** Every JSON spelling of numbers, including the ones `Number()` reads differently from what was written. */
const numberArb = fc.oneof(
    fc.constantFrom(
        "0",
        "-0",
        "1.50",
        "1e3",
        "1E+2",
        "-1.25e-2",
        "1e999",
        "-1e309",
        "12345678901234567890",
        "0.1",
        "15",
        "0.15",
        "1e13",
        "2e13",
    ),
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);

/** A JSON string literal: plain, with escapes, or with characters spelled as \u escapes. */
const stringArb = fc
    .oneof(
        fc.constantFrom(
            "",
            "Microsoft",
            "D2s v3 Spot",
            "Spot",
            "SavingsPlan",
            "2026-10-03",
            "11111111-1111-4111-8111-111111111111",
            '{"k":"v"}',
            "a,b",
            "]}",
            "\\",
        ),
        fc.string({ unit: anyCodePoint, maxLength: 12 }),
    )
    .chain((s) =>
        fc
            .boolean()
            .map((escapeAll) =>
                escapeAll
                    ? `"${[...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"`
                    : JSON.stringify(s),
            ),
    );

/** A JSON value as text. */
const valueArb = fc.oneof(
    { weight: 4, arbitrary: stringArb },
    { weight: 3, arbitrary: numberArb },
    { weight: 1, arbitrary: fc.constantFrom("true", "false", "null") },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
);

const spaceArb = fc.constantFrom("", "", "", " ", "\t", " \r ");

/** Edits to a line's text: mostly none; else characters deleted or inserted, JSON-significant ones first. */
const mutationArb = fc.array(
    fc.record({
        at: fc.nat(),
        remove: fc.nat({ max: 3 }),
        insert: fc.constantFrom(
            "",
            '"',
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\\",
            " ",
            "0",
            "e",
            "-",
            "é",
            "\u0001",
            "\t",
            "\\u00",
        ),
    }),
    { maxLength: 2 },
);

/** A line from a layout (keys) and values, with a change to the layout and edits to the text. */
interface LineSpec {
    values: string[];
    spaces: string[];
    layout: { op: "keep" | "drop" | "dup" | "add" | "swap"; index: number; key: string; value: string };
    edits: { at: number; remove: number; insert: string }[];
}

function renderLine(keys: string[], spec: LineSpec): string {
    let pairs = keys.map((k, i) => [JSON.stringify(k), spec.values[i % spec.values.length]]);
    const { op, index, key, value } = spec.layout;
    const i = pairs.length === 0 ? 0 : index % pairs.length;
    if (op === "drop") pairs.splice(i, 1);
    else if (op === "dup" && pairs.length > 0) pairs.splice(i + 1 + (index % 3), 0, [pairs[i][0], value]);
    else if (op === "add") pairs.splice(i, 0, [JSON.stringify(key), value]);
    else if (op === "swap" && pairs.length > 1) [pairs[0], pairs[i]] = [pairs[i], pairs[0]];
    pairs = pairs.slice();
    const sp = (n: number): string => spec.spaces[n % spec.spaces.length];
    let text = `${sp(0)}{${pairs.map(([k, v], n) => `${sp(n + 1)}${k}:${sp(n + 2)}${v}`).join(`${sp(3)},`)}${sp(4)}}`;
    for (const e of spec.edits) {
        const at = text.length === 0 ? 0 : e.at % (text.length + 1);
        text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
    }
    return text;
}

const docArb = fc.array(keyArb, { minLength: 0, maxLength: 10 }).chain((keys) =>
    fc.record({
        keys: fc.constant(keys),
        lines: fc.array(
            fc.record({
                values: fc.array(valueArb, { minLength: 1, maxLength: Math.max(1, keys.length) }),
                spaces: fc.array(spaceArb, { minLength: 1, maxLength: 5 }),
                layout: fc.record({
                    op: fc.constantFrom("keep", "keep", "keep", "drop", "dup", "add", "swap"),
                    index: fc.nat(),
                    key: keyArb,
                    value: valueArb,
                }),
                edits: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: mutationArb }),
            }) as fc.Arbitrary<LineSpec>,
            { minLength: 1, maxLength: 6 },
        ),
    }),
);

/** What the reference reads from a line: its fields as slotsFromObject(JSON.parse(line)) gives them, or why not. */
function reference(line: string): { slots: unknown[]; record: Record<string, unknown> } | "invalid" | "not an object" {
    let value: unknown;
    try {
        value = JSON.parse(line);
    } catch {
        return "invalid";
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) return "not an object";
    const slots = new Array<unknown>(USAGE_FIELDS.length);
    slotsFromObject(value as Record<string, unknown>, slots);
    return { slots, record: value as Record<string, unknown> };
}

const CONTROL = /[\u0000-\u001f]/;
const CONTROL_ALL = /[\u0000-\u001f]/g;

describe("pec readers agree with the reference parsers on generated and mutated input (fast-check)", () => {
    it("JSON Lines fast path: reads every line as slotsFromObject(JSON.parse(line)), or declines", () => {
        let accepted = 0;
        fc.assert(
            fc.property(docArb, ({ keys, lines: specs }) => {
                const lines = specs.map((spec) => renderLine(keys, spec)).filter((l) => !l.includes("\n"));
                const text = `${lines.join("\n")}\n`;
                const extractor = new JsonLineExtractor();
                let start = 0;
                for (const line of lines) {
                    const end = start + line.length;
                    const out = new Array<unknown>(USAGE_FIELDS.length).fill(undefined);
                    const ok = extractor.extract(text, start, end, out);
                    const ref = reference(line);
                    if (ok) {
                        accepted++;
                        if (typeof ref === "object") assert.deepEqual(out, ref.slots, line);
                        else {
                            // The one documented gap: raw control characters inside strings (JSON.parse rejects them).
                            // With them replaced by spaces the line parses, and gives what the fast path read.
                            const spaced = reference(line.replace(CONTROL_ALL, " "));
                            assert.ok(
                                CONTROL.test(line) && typeof spaced === "object",
                                `accepted a line JSON.parse rejects: ${JSON.stringify(line)}`,
                            );
                            const blank = (v: unknown): unknown =>
                                typeof v === "string" ? v.replace(CONTROL_ALL, " ") : v;
                            assert.deepEqual(out.map(blank), spaced.slots.map(blank), line);
                        }
                    } else if (typeof ref === "object") {
                        extractor.learn(ref.record);
                    }
                    start = end + 1;
                }
            }),
            LIMITS,
        );
        assert.ok(accepted > 0, "the fast path was exercised");
    });

    it("JSON Lines fast path: lines of one layout with other values take the fast path", () => {
        fc.assert(
            fc.property(
                fc.uniqueArray(keyArb, { minLength: 1, maxLength: 10 }),
                fc.array(fc.array(valueArb, { minLength: 10, maxLength: 10 }), { minLength: 2, maxLength: 4 }),
                (keys, rows) => {
                    const lines = rows.map(
                        (values) => `{${keys.map((k, i) => `${JSON.stringify(k)}:${values[i]}`).join(",")}}`,
                    );
                    fc.pre(
                        lines.every(
                            (l) =>
                                typeof reference(l) === "object" &&
                                Object.keys((reference(l) as { record: object }).record).length === keys.length &&
                                !/^\d+$/.test(keys.join("")),
                        ),
                    );
                    fc.pre(keys.every((k) => !/^(0|[1-9]\d*)$/.test(k)));
                    const extractor = new JsonLineExtractor();
                    extractor.learn((reference(lines[0]) as { record: Record<string, unknown> }).record);
                    for (const line of lines) {
                        const out = new Array<unknown>(USAGE_FIELDS.length).fill(undefined);
                        const expected = (reference(line) as { slots: unknown[] }).slots;
                        // A field holding an object or array is left to JSON.parse.
                        const nested = keys.some(
                            (k, i) => slotForName(k) >= 0 && /^[[{]/.test(rows[lines.indexOf(line)][i]),
                        );
                        const ok = extractor.extract(line, 0, line.length, out);
                        if (!nested) assert.ok(ok, `declined ${line}`);
                        if (ok) assert.deepEqual(out, expected);
                    }
                },
            ),
            LIMITS,
        );
    });

    it('CSV reader: same records as csv-parse (quoting, "" escapes, commas, CR/LF/CRLF in fields, BOM, UTF-8 cut anywhere)', async () => {
        const fieldArb = fc.oneof(
            fc.string({ unit: fc.constantFrom("a", " ", ",", '"', "\r", "\n", "é", "😀", "{", "0"), maxLength: 6 }),
            fc.string({ unit: anyCodePoint, maxLength: 6 }),
        );
        const docArb = fc.record({
            columns: fc.integer({ min: 1, max: 5 }),
            rows: fc.array(fc.array(fieldArb, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
            quoteAll: fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
            eol: fc.constantFrom("\n", "\r\n"),
            finalEol: fc.boolean(),
            bom: fc.boolean(),
            cuts: fc.array(fc.nat(), { maxLength: 6 }),
        });
        await fc.assert(
            fc.asyncProperty(docArb, async ({ columns, rows, quoteAll, eol, finalEol, bom, cuts }) => {
                // First field of a row starts with a letter: a blank line is skipped by this reader and read as one empty field by csv-parse.
                const table = rows.map((row, r) => row.slice(0, columns).map((f, c) => (c === 0 ? `r${r}${f}` : f)));
                const quote = (f: string, n: number): string =>
                    /[",\r\n]/.test(f) || quoteAll[n % quoteAll.length] ? `"${f.replace(/"/g, '""')}"` : f;
                const text =
                    (bom ? "\uFEFF" : "") +
                    table.map((row, r) => row.map((f, c) => quote(f, r + c)).join(",")).join(eol) +
                    (finalEol ? eol : "");
                const expected = parseCsvSync(text, { bom: true });
                const bytes = Buffer.from(text);
                const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
                const pieces = [0, ...points].map((from, i) => bytes.subarray(from, [...points, bytes.length][i]));
                const records: string[][] = [];
                const reader = new CsvRecordReader(
                    "t.csv",
                    (names) => {
                        records.push(names);
                        return names.map((_, i) => i);
                    },
                    (out) => records.push((out as string[]).slice(0, columns)),
                    new Array(columns),
                );
                await forEachTextChunk(
                    (async function* () {
                        yield* pieces;
                    })(),
                    "t.csv",
                    (chunk, final) => reader.push(chunk, final),
                );
                assert.deepEqual(records, expected, JSON.stringify(text));
            }),
            LIMITS,
        );
    });
});
