import { fieldForName, USAGE_FIELDS, UsageField } from "../fields";

const FIELD_SLOT = new Map<UsageField, number>(USAGE_FIELDS.map((f, i) => [f, i]));

const QUOTE = 34, BACKSLASH = 92, COMMA = 44, COLON = 58, OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93;

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Extracts the usage fields from one JSON object per line without building the whole object.
 *
 * Why not `JSON.parse`: a Graph export line (attributeSet full) has ~55 keys and nested `Tags` /
 * `AdditionalInfo`; `JSON.parse` costs ~6 µs per line, five times what decompressing and splitting
 * the line costs, while `verify` needs 14 top-level values (measured in bench/verify.bench.ts).
 * This scanner walks the top level, skips strings with `indexOf`, and slices only wanted values.
 * It checks the top-level structure strictly and skipped nested values loosely (balanced, strings
 * closed); whenever anything is unusual (escaped key, malformed text) it returns false and the
 * caller falls back to `JSON.parse`, which either succeeds or produces the error message.
 *
 * Key spellings are matched case-insensitively; the key order of the previous line is remembered,
 * so on a uniform file each key costs one length check and one `startsWith`.
 */
export class JsonLineScanner {
  private readonly order: string[] = [];
  private readonly orderSlot: number[] = [];
  private readonly keySlot = new Map<string, number>();
  private s = "";
  private end = 0;
  private escaped = false;

  /**
   * Scans `s[start, end)` (one line) into `out`, indexed like {@link USAGE_FIELDS}; fields absent
   * from the line are left `undefined`. String values are returned unescaped, numbers as their
   * JSON text, booleans and null as such, nested values parsed.
   * @returns false when the line is not a plain, well-formed JSON object (use `JSON.parse` then)
   */
  scan(s: string, start: number, end: number, out: unknown[]): boolean {
    out.fill(undefined);
    this.s = s;
    this.end = end;
    let i = this.ws(start);
    if (s.charCodeAt(i) !== OPEN_BRACE) return false;
    i = this.ws(i + 1);
    if (s.charCodeAt(i) === CLOSE_BRACE) return this.ws(i + 1) === end;
    for (let k = 0; ; k++) {
      if (i >= end || s.charCodeAt(i) !== QUOTE) return false;
      const keyEnd = this.stringEnd(i + 1);
      if (keyEnd < 0 || this.escaped) return false;
      const slot = this.slotOf(k, i + 1, keyEnd);
      i = this.ws(keyEnd + 1);
      if (s.charCodeAt(i) !== COLON) return false;
      i = this.ws(i + 1);
      const c = s.charCodeAt(i);
      let next: number;
      if (c === QUOTE) {
        const valueEnd = this.stringEnd(i + 1);
        if (valueEnd < 0) return false;
        if (slot >= 0) out[slot] = this.escaped ? JSON.parse(s.slice(i, valueEnd + 1)) : s.slice(i + 1, valueEnd);
        next = valueEnd + 1;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        next = this.nestedEnd(i);
        if (next < 0) return false;
        if (slot >= 0) out[slot] = JSON.parse(s.slice(i, next));
      } else {
        next = i;
        while (next < end) {
          const d = s.charCodeAt(next);
          if (d === COMMA || d === CLOSE_BRACE || isWs(d)) break;
          next++;
        }
        if (next === i) return false;
        if (slot >= 0) {
          const text = s.slice(i, next);
          if (text === "true") out[slot] = true;
          else if (text === "false") out[slot] = false;
          else if (text === "null") out[slot] = null;
          else if (JSON_NUMBER.test(text)) out[slot] = text;
          else return false;
        }
      }
      i = this.ws(next);
      const sep = s.charCodeAt(i);
      if (sep === COMMA) {
        i = this.ws(i + 1);
        continue;
      }
      if (sep !== CLOSE_BRACE) return false;
      return this.ws(i + 1) === end;
    }
  }

  private ws(i: number): number {
    const { s, end } = this;
    while (i < end && isWs(s.charCodeAt(i))) i++;
    return i;
  }

  /** Index of the quote closing a string whose content starts at `i`, or -1; sets `escaped`. */
  private stringEnd(i: number): number {
    const { s, end } = this;
    this.escaped = false;
    for (let j = i; j < end; j++) {
      const c = s.charCodeAt(j);
      if (c === QUOTE) return j;
      if (c === BACKSLASH) {
        this.escaped = true;
        j++;
      }
    }
    return -1;
  }

  /** Index just past the object/array starting at `i`, or -1 when it is not closed on the line. */
  private nestedEnd(i: number): number {
    const { s, end } = this;
    let depth = 0;
    for (let j = i; j < end; j++) {
      const c = s.charCodeAt(j);
      if (c === QUOTE) {
        j = this.stringEnd(j + 1);
        if (j < 0) return -1;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === 0) return j + 1;
      }
    }
    return -1;
  }

  /** The field slot of the k-th key (`s[a, b)`), or -1 when `verify` does not need it. */
  private slotOf(k: number, a: number, b: number): number {
    const s = this.s;
    if (k < this.order.length) {
      const known = this.order[k];
      if (known.length === b - a && s.startsWith(known, a)) return this.orderSlot[k];
    }
    const key = s.slice(a, b);
    let slot = this.keySlot.get(key);
    if (slot === undefined) {
      const field = fieldForName(key);
      slot = field === undefined ? -1 : FIELD_SLOT.get(field)!;
      if (this.keySlot.size < 10000) this.keySlot.set(key, slot);
    }
    if (k <= this.order.length) {
      this.order[k] = key;
      this.orderSlot[k] = slot;
    }
    return slot;
  }
}

/**
 * Fills `out` (indexed like {@link USAGE_FIELDS}) from a parsed JSON object, matching keys
 * case-insensitively (the fallback for lines {@link JsonLineScanner} declines, and for API items).
 * Numbers are kept as numbers.
 * @param record the parsed object
 * @param out the slots to fill
 */
export function slotsFromObject(record: Record<string, unknown>, out: unknown[]): void {
  out.fill(undefined);
  for (const key of Object.keys(record)) {
    const field = fieldForName(key);
    if (field !== undefined) {
      const slot = FIELD_SLOT.get(field)!;
      if (out[slot] === undefined) out[slot] = record[key];
    }
  }
}
