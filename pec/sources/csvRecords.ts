import { InputError } from "../../core/errors";

const QUOTE = 34,
    COMMA = 44,
    CR = 13,
    LF = 10;

/**
 * The rest of a quoted field after its opening quote: text and `""` pairs up to the closing quote.
 * Sticky; measured ~40% faster than an `indexOf` per quote on the JSON in `Tags` / `AdditionalInfo`.
 */
const QUOTED_REST = /[^"]*(?:""[^"]*)*"/y;

/** Most header columns accepted (the reconciliation file has 55). */
const MAX_COLUMNS = 4096;
/** 0 … MAX_COLUMNS − 1, copied by each reader (building it per reader cost more than a small file's reading). */
const EVERY_COLUMN: readonly number[] = Array.from({ length: MAX_COLUMNS }, (_, i) => i);

/**
 * Streaming RFC 4180 CSV reader (comma-separated, `"`-quoted, `""` escapes, quoted commas and
 * line breaks, CRLF or LF) that slices only the columns asked for.
 *
 * Why not csv-parse (which the tests use as the reference this reader must agree with): on the
 * reconciliation file (55 columns, ~1 KB lines with JSON in `Tags` / `AdditionalInfo`) csv-parse 7
 * runs at ~32 MB/s, about 12× the time of reading and splitting the lines, so `verify` could not
 * stay within 4× of that (measured in bench/verify.bench.ts, figures in the README). This reader
 * finds field ends with `indexOf` and builds strings only for the ~12 columns `verify` reads.
 * Differences: a quote inside an unquoted field is kept as text (csv-parse's `relax_quotes`).
 */
export class CsvRecordReader {
    private pending = "";
    private line = 1;
    private header: string[] | undefined;
    /** Per column, the slot to fill or -1; while reading the header, every column (names go to `names`). */
    private wanted: number[] = EVERY_COLUMN.slice();
    private readonly names: unknown[] = new Array<unknown>(MAX_COLUMNS);
    // Next comma / line feed at or after the scan position in the text `push` is reading (-1: none;
    // -2: unknown). Valid for one `push` call only: a string cannot be compared by identity, and two
    // pieces with equal text (repeated lines) must not share these positions.
    private comma = -2;
    private nl = -2;

    /**
     * @param source file name for messages
     * @param onHeader receives the header row; returns, per column, the slot to fill or -1
     * @param onRecord receives each record's wanted fields (`out[slot]`) and its first line number
     * @param out the slot array `onRecord` receives (reused for every record)
     */
    constructor(
        private readonly source: string,
        private readonly onHeader: (names: string[]) => number[],
        private readonly onRecord: (out: unknown[], line: number) => void,
        private readonly out: unknown[],
    ) {}

    /**
     * Feeds text that ends at a line end (or the end of input when `final`).
     * @param chunk the text
     * @param final true for the last piece
     */
    push(chunk: string, final: boolean): void {
        const s = this.pending === "" ? chunk : this.pending + chunk;
        this.pending = "";
        this.comma = -2;
        this.nl = -2;
        let p = 0;
        while (p < s.length) {
            const next = this.record(s, p, final);
            if (next < 0) {
                this.pending = s.slice(p);
                if (final)
                    throw new InputError(
                        "has a quoted field that is never closed",
                        { source: this.source, line: this.line },
                        "The file is cut off or a quote is missing",
                    );
                return;
            }
            p = next;
        }
        if (final && !this.header)
            throw new InputError("is empty", { source: this.source }, "Expected a CSV header row and usage lines");
    }

    /** True once the header was read. */
    get hasHeader(): boolean {
        return this.header !== undefined;
    }

    /**
     * Reads one record starting at `p` (the header first) and hands it on.
     * @returns the position after the record's line end, or -1 when the record is incomplete
     */
    private record(s: string, p: number, final: boolean): number {
        const isHeader = this.header === undefined;
        const out = isHeader ? this.names : this.out;
        const wanted = this.wanted;
        const wantedLength = wanted.length;
        out.fill(undefined);
        let comma = this.comma;
        let nl = this.nl;
        const len = s.length;
        const start = p;
        let lines = 0;
        let col = 0;
        let end: number;
        for (; ; col++) {
            const slot = col < wantedLength ? wanted[col] : -1;
            if (s.charCodeAt(p) === QUOTE) {
                QUOTED_REST.lastIndex = p + 1;
                if (!QUOTED_REST.test(s)) return -1;
                const close = QUOTED_REST.lastIndex - 1;
                // Followed by a quote: the regex backtracked into a "" pair, so the field is not closed yet.
                if (s.charCodeAt(close + 1) === QUOTE) return -1;
                if (nl !== -1 && nl < p) nl = s.indexOf("\n", p);
                while (nl !== -1 && nl < close) {
                    lines++;
                    nl = s.indexOf("\n", nl + 1);
                }
                if (slot >= 0) {
                    const text = s.slice(p + 1, close);
                    out[slot] = text.indexOf('"') === -1 ? text : text.replace(/""/g, '"');
                }
                const after = close + 1;
                const c = s.charCodeAt(after);
                if (c === COMMA) {
                    p = after + 1;
                    continue;
                }
                if (after >= len) {
                    if (!final) return -1;
                    end = len;
                    break;
                }
                if (c === LF || (c === CR && s.charCodeAt(after + 1) === LF)) {
                    end = after + (c === CR ? 2 : 1);
                    break;
                }
                throw new InputError(
                    `column ${col + 1} has text after its closing quote`,
                    { source: this.source, line: this.line + lines, value: s.slice(p, Math.min(len, after + 20)) },
                    'A quote inside a quoted field must be doubled ("")',
                );
            }
            if (comma !== -1 && comma < p) comma = s.indexOf(",", p);
            if (nl !== -1 && nl < p) nl = s.indexOf("\n", p);
            if (comma !== -1 && (comma < nl || nl === -1)) {
                if (slot >= 0) out[slot] = s.slice(p, comma);
                p = comma + 1;
                continue;
            }
            let fieldEnd = nl;
            if (nl === -1) {
                if (!final) return -1;
                fieldEnd = len;
            }
            end = fieldEnd === len ? len : fieldEnd + 1;
            if (fieldEnd > p && s.charCodeAt(fieldEnd - 1) === CR) fieldEnd--;
            if (slot >= 0) out[slot] = s.slice(p, fieldEnd);
            break;
        }
        this.comma = comma;
        this.nl = nl;
        const line = this.line;
        this.line += lines + 1;
        const columns = col + 1;
        if (columns === 1 && isBlank(s, start, end)) return end;
        if (isHeader) {
            if (columns > MAX_COLUMNS)
                throw new InputError(
                    `has more than ${MAX_COLUMNS} columns`,
                    { source: this.source, line },
                    "This is not a reconciliation file",
                );
            this.header = out.slice(0, columns) as string[];
            this.wanted = this.onHeader(this.header);
            return end;
        }
        if (columns !== this.header!.length) {
            throw new InputError(
                `has ${columns} columns, the header has ${this.header!.length}`,
                { source: this.source, line },
                "Every row must have as many fields as the header; quote fields that contain commas",
            );
        }
        this.onRecord(out, line);
        return end;
    }
}

function isBlank(s: string, start: number, end: number): boolean {
    for (let i = start; i < end; i++) {
        const c = s.charCodeAt(i);
        if (c !== 32 && c !== 9 && c !== CR && c !== LF) return false;
    }
    return true;
}
