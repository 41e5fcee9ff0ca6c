import { InputError } from "../errors";
import { CharFinder } from "./charFinder";

const QUOTE = 34, COMMA = 44, CR = 13, LF = 10;

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
  private wanted: number[] = [];
  private readonly commas = new CharFinder(",");
  private readonly newlines = new CharFinder("\n");

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
    let p = 0;
    while (p < s.length) {
      const next = this.header ? this.record(s, p, final) : this.headerRow(s, p, final);
      if (next < 0) {
        this.pending = s.slice(p);
        if (final) throw this.error("has a quoted field that is never closed", "The file is cut off or a quote is missing");
        return;
      }
      p = next;
    }
    if (final && !this.header) throw new InputError("is empty", { source: this.source }, "Expected a CSV header row and usage lines");
  }

  /** True once the header was read. */
  get hasHeader(): boolean {
    return this.header !== undefined;
  }

  private headerRow(s: string, p: number, final: boolean): number {
    const names: string[] = [];
    const next = this.fields(s, p, final, (col, a, b, quoted) => {
      names.push(quoted ? s.slice(a, b).replace(/""/g, '"') : s.slice(a, b));
      void col;
    });
    if (next < 0) return next;
    if (names.length === 1 && names[0].trim() === "") return next; // blank line before the header
    this.header = names;
    this.wanted = this.onHeader(names);
    return next;
  }

  private record(s: string, p: number, final: boolean): number {
    const out = this.out;
    const wanted = this.wanted;
    out.fill(undefined);
    const line = this.line;
    let columns = 0;
    let blank = true;
    const next = this.fields(s, p, final, (col, a, b, quoted) => {
      columns = col + 1;
      if (b > a || quoted) blank = false;
      const slot = col < wanted.length ? wanted[col] : -1;
      if (slot >= 0) out[slot] = quoted ? unquote(s, a, b) : s.slice(a, b);
    });
    if (next < 0) return next;
    if (columns === 1 && blank) return next;
    if (columns !== this.header!.length) {
      throw new InputError(`has ${columns} columns, the header has ${this.header!.length}`, { source: this.source, line },
        "Every row must have as many fields as the header; quote fields that contain commas");
    }
    this.onRecord(out, line);
    return next;
  }

  /**
   * Walks the fields of one record from `p`, calling `field(column, start, end, quoted)` (for a
   * quoted field, `start..end` is the content between the quotes, `""` not yet unescaped).
   * @returns the position after the record's line end, or -1 when the record is incomplete
   */
  private fields(s: string, p: number, final: boolean, field: (col: number, a: number, b: number, quoted: boolean) => void): number {
    const len = s.length;
    let lines = 0;
    for (let col = 0; ; col++) {
      if (s.charCodeAt(p) === QUOTE) {
        let q = p + 1;
        let close: number;
        for (;;) {
          close = s.indexOf('"', q);
          if (close < 0) return -1;
          if (s.charCodeAt(close + 1) !== QUOTE) break;
          q = close + 2;
        }
        const nl = this.newlines.next(s, p);
        if (nl !== -1 && nl < close) lines += this.newlines.count(s, p, close);
        field(col, p + 1, close, true);
        const after = close + 1;
        const c = s.charCodeAt(after);
        if (c === COMMA) {
          p = after + 1;
          continue;
        }
        if (after >= len) {
          if (!final) return -1;
          this.line += lines + 1;
          return len;
        }
        if (c === LF || (c === CR && s.charCodeAt(after + 1) === LF)) {
          this.line += lines + 1;
          return after + (c === CR ? 2 : 1);
        }
        throw new InputError(`column ${col + 1} has text after its closing quote`, { source: this.source, line: this.line + lines, value: s.slice(p, Math.min(len, after + 20)) },
          "A quote inside a quoted field must be doubled (\"\")");
      }
      const comma = this.commas.next(s, p);
      let nl = this.newlines.next(s, p);
      if (comma !== -1 && (comma < nl || nl === -1)) {
        field(col, p, comma, false);
        p = comma + 1;
        continue;
      }
      if (nl === -1) {
        if (!final) return -1;
        nl = len;
      }
      field(col, p, nl > p && s.charCodeAt(nl - 1) === CR ? nl - 1 : nl, false);
      this.line += lines + 1;
      return nl === len ? len : nl + 1;
    }
  }

  private error(problem: string, fix: string): InputError {
    return new InputError(problem, { source: this.source, line: this.line }, fix);
  }
}

function unquote(s: string, a: number, b: number): string {
  const text = s.slice(a, b);
  return text.indexOf('"') === -1 ? text : text.replace(/""/g, '"');
}
