import { slotForName } from "../fields";
import { CharFinder } from "./charFinder";

const QUOTE = 34, BACKSLASH = 92, COMMA = 44, OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93;

const SKIP_NESTED = -1, SKIP_STRING = -2;

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** One key of the learned line layout: its raw text (`Key":`) and what to do with its value. */
interface LayoutKey {
    /** The key as it appears in the line, without the opening quote, with `":` appended. */
    token: string;
    /** Field slot to fill; SKIP_NESTED for an object/array, SKIP_STRING for a string holding escapes or brackets. */
    slot: number;
}

/**
 * Extracts the usage fields from one JSON object per line without parsing the whole object.
 *
 * Why not `JSON.parse`: a Graph export line (attributeSet full) has ~55 keys and nested `Tags` /
 * `AdditionalInfo`; parsing it costs ~6 µs, five times what decompressing and splitting the line
 * costs, and even a hand-written tokenizer touching every string costs ~3 µs (measured; see
 * bench/verify.bench.ts and the README). `verify` needs ~12 top-level values.
 *
 * The key order is learned from a parsed line ({@link learn}); other lines are searched for those
 * keys in that order with `indexOf`, skipping nested values. The result is used only when it is
 * provably the top level of a well-formed line:
 * - `Key":` cannot occur inside a JSON string (a quote there is always escaped), so a match
 *   preceded by a quote is a key;
 * - every `{` and `[` of the line is the outer brace or inside a skipped value (a nested
 *   object/array, or a string learned to hold JSON such as `Tags`), so no match can sit inside an
 *   object this scan did not see;
 * - every backslash is inside a skipped string, so the wanted values and nested objects contain no
 *   escapes and their quotes were found exactly;
 * - every learned key was found, in order, and the line ends with `}`.
 * Otherwise {@link extract} returns false and the caller parses the line with `JSON.parse` (which
 * also produces the error message for malformed lines) and re-learns the layout from it.
 * Skipped values are checked only for balanced brackets.
 */
export class JsonLineExtractor {
    private layout: LayoutKey[] = [];
    private readonly backslashes = new CharFinder("\\");
    private readonly braces = new CharFinder("{");
    private readonly brackets = new CharFinder("[");

    /** Whether a layout has been learned. */
    get ready(): boolean {
        return this.layout.length > 0;
    }

    /**
     * Learns the key order from a parsed line: the keys `verify` reads, and nested values to skip.
     * @param record a line parsed with `JSON.parse`
     */
    learn(record: Record<string, unknown>): void {
        const layout: LayoutKey[] = [];
        for (const [key, value] of Object.entries(record)) {
            const slot = slotForName(key);
            const token = `${JSON.stringify(key).slice(1)}:`;
            if (value !== null && typeof value === "object") layout.push({ token, slot: SKIP_NESTED });
            else if (slot >= 0) layout.push({ token, slot });
            // e.g. Tags / AdditionalInfo holding JSON as a string: skipped with escape handling, so their
            // brackets and backslashes are accounted for.
            else if (typeof value === "string" && /[\\"{}[\]]/.test(value)) layout.push({ token, slot: SKIP_STRING });
        }
        this.layout = layout;
    }

    /**
     * Fills `out` (indexed like USAGE_FIELDS) from `s[start, end)`: strings as text, numbers as
     * their JSON text, booleans and null as such. Fields not in the layout are left untouched.
     * @returns false when the line cannot be proven to match the layout (parse it instead)
     */
    extract(s: string, start: number, end: number, out: unknown[]): boolean {
        const layout = this.layout;
        if (layout.length === 0) return false;
        let backslashes = this.backslashes.count(s, start, end);
        let last = end - 1;
        while (last > start && s.charCodeAt(last) <= 32) last--;
        if (s.charCodeAt(last) !== CLOSE_BRACE) return false;
        let first = start;
        while (first < last && s.charCodeAt(first) <= 32) first++;
        if (s.charCodeAt(first) !== OPEN_BRACE) return false;

        let brackets = this.braces.count(s, first + 1, end) + this.brackets.count(s, first, end);
        let pos = first + 1;
        for (let k = 0; k < layout.length; k++) {
            const { token, slot } = layout[k];
            let at = s.indexOf(token, pos);
            while (at !== -1 && at < end && s.charCodeAt(at - 1) !== QUOTE) at = s.indexOf(token, at + 1);
            if (at === -1 || at >= end) return false;
            const v = at + token.length;
            const c = s.charCodeAt(v);
            if (slot === SKIP_STRING) {
                if (c !== QUOTE) return false;
                const close = this.escapedStringEnd(s, v + 1, end);
                if (close < 0) return false;
                brackets -= this.braces.count(s, v + 1, close) + this.brackets.count(s, v + 1, close);
                backslashes -= this.backslashes.count(s, v + 1, close);
                pos = close + 1;
            } else if (slot < 0) {
                if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return false;
                const close = this.nestedEnd(s, v, end);
                if (close < 0) return false;
                brackets -= this.openedInNested;
                pos = close;
            } else if (c === QUOTE) {
                const q = s.indexOf('"', v + 1);
                if (q === -1 || q >= end) return false;
                out[slot] = s.slice(v + 1, q);
                pos = q + 1;
            } else {
                let e = v;
                while (e < end) {
                    const d = s.charCodeAt(e);
                    if (d === COMMA || d === CLOSE_BRACE || d <= 32) break;
                    e++;
                }
                const text = s.slice(v, e);
                if (text === "null") out[slot] = null;
                else if (text === "true") out[slot] = true;
                else if (text === "false") out[slot] = false;
                else if (JSON_NUMBER.test(text)) out[slot] = text;
                else return false;
                pos = e;
            }
        }
        // Every bracket was the outer one or inside a skipped value, and every backslash inside a
        // skipped string: elsewhere strings hold no escapes, so the plain quote searches were exact.
        return brackets === 0 && backslashes === 0;
    }

    /** The quote closing a string whose content starts at `i` (escapes allowed), or -1. */
    private escapedStringEnd(s: string, i: number, end: number): number {
        for (let q = s.indexOf('"', i); q !== -1 && q < end; q = s.indexOf('"', q + 1)) {
            let j = q - 1;
            while (j >= i && s.charCodeAt(j) === BACKSLASH) j--;
            if ((q - 1 - j) % 2 === 0) return q;
        }
        return -1;
    }

    private openedInNested = 0;

    /** End (exclusive) of the nested value at `i`; counts its `{`/`[` in `openedInNested`. No escapes here. */
    private nestedEnd(s: string, i: number, end: number): number {
        let depth = 0;
        let opened = 0;
        for (let j = i; j < end; j++) {
            const c = s.charCodeAt(j);
            if (c === QUOTE) {
                j = s.indexOf('"', j + 1);
                if (j === -1 || j >= end) return -1;
            } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
                depth++;
                opened++;
            } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
                if (--depth === 0) {
                    this.openedInNested = opened;
                    return j + 1;
                }
            }
        }
        return -1;
    }
}

/**
 * Fills `out` (indexed like USAGE_FIELDS) from a parsed JSON object, matching keys
 * case-insensitively (the fallback for lines {@link JsonLineExtractor} declines, and for API items).
 * Numbers stay numbers.
 * @param record the parsed object
 * @param out the slots to fill
 */
export function slotsFromObject(record: Record<string, unknown>, out: unknown[]): void {
    out.fill(undefined);
    for (const key of Object.keys(record)) {
        const slot = slotForName(key);
        if (slot >= 0 && out[slot] === undefined) out[slot] = record[key];
    }
}
