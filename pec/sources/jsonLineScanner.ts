import { FIELD_ALIASES, slotForName } from "../fields";
import { CharFinder } from "./charFinder";
import { LayoutPattern } from "./jsonLinePattern";

const QUOTE = 34,
    BACKSLASH = 92,
    COMMA = 44,
    COLON = 58,
    OPEN_BRACE = 123,
    CLOSE_BRACE = 125,
    OPEN_BRACKET = 91,
    CLOSE_BRACKET = 93;
const SPACE = 32,
    TAB = 9,
    CR = 13,
    LF = 10;
const MINUS = 45,
    PLUS = 43,
    DOT = 46,
    ZERO = 48,
    NINE = 57;

/** Valid characters after a backslash in a JSON string (`u` is checked apart). */
const SIMPLE_ESCAPE = /["\\/bfnrt]/;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** Keys remembered by {@link JsonLineExtractor.learn} (a usage line has ~55). */
const MAX_CACHED_KEYS = 10_000;

/** Compiled layout patterns kept (a file can alternate between a few layouts). */
const MAX_CACHED_PATTERNS = 16;

/** Longest learned key text compiled into a pattern (longer keys are not usage data; the walk reads them). */
const MAX_PATTERN_KEYS_LENGTH = 64 * 1024;

/** Lines in a row the pattern may miss while the walk reads them before it is set aside (e.g. every line has spaces). */
const MAX_PATTERN_MISSES = 16;

/** Deeper nesting is left to `JSON.parse` (usage lines nest two levels at most). */
const MAX_DEPTH = 32;

/** One top-level key of the learned line layout. */
interface LayoutKey {
    /** The key as JSON text followed by its colon, e.g. `"MeterName":`. */
    token: string;
    /** Field slot its value fills, or -1 for a key `verify` does not read. */
    slot: number;
    /**
     * For a key `verify` does not read: positions in the key where every field name of the same
     * length differs from it (case-insensitively). A key of the same length that matches this one
     * there, and has no space at either end, names no field — proven with a few character reads
     * instead of comparing the whole key. Undefined: compare the whole key.
     */
    probes?: number[];
}

/** Every field name, lower-case (what {@link slotForName} matches after trimming and lower-casing). */
const FIELD_NAMES = Object.values(FIELD_ALIASES)
    .flat()
    .map((a) => a.toLowerCase());

/**
 * Extracts the usage fields from one JSON object per line, giving exactly what
 * `slotsFromObject(JSON.parse(line))` gives, or declining (then the caller parses the line).
 *
 * Why not `JSON.parse` for every line: a Graph export line (attributeSet full) has ~55 keys and
 * nested `Tags` / `AdditionalInfo`; parsing it builds ~70 strings and costs several times what
 * decompressing and splitting the line costs (see bench/verify.bench.ts). `verify` needs ~12 values.
 *
 * The layout — every top-level key of a parsed line, in order — is learned from that line
 * ({@link learn}); Graph exports write every line with the same keys in the same order. A line is
 * then walked as the JSON grammar says: `{`, as many keys as learned, `}`, each value checked
 * against the grammar (strings with valid escapes, numbers, literals, nested values walked fully).
 * Where the layout has a key `verify` reads, the line must have exactly that key; elsewhere the
 * line's key must be proven to name no field (same length as the learned key, a few probed
 * characters, see {@link LayoutKey.probes}), else it must be exactly the learned key. So every key
 * naming a field is one the layout expects, once and in place: no field can be missed, read from
 * a repeated key, or taken from the wrong alias, and for such a line `JSON.parse` yields the same
 * values. The one check left out, for speed, is the search for raw control characters
 * (U+0000–U+001F) inside strings, which `JSON.parse` rejects: such a line is read as written.
 * Anything else declines, and the caller parses the line with `JSON.parse` (which also produces the
 * error message for a malformed line) and learns its layout.
 *
 * Once a second line has the learned layout, lines are first matched against the layout compiled
 * into one regular expression ({@link LayoutPattern}, same guarantees, checked in compiled code):
 * walking ~55 keys one by one made verify ~40 % slower than the old inexact search (issue 10);
 * with the pattern it is within a few per cent (CPU; docs/benchmarks.md, bench:verify). Lines it does not match are walked.
 */
export class JsonLineExtractor {
    private layout: LayoutKey[] = [];
    /** Layout entries by key: a file whose lines differ in key order re-learns on every line. */
    private readonly keyCache = new Map<string, LayoutKey>();
    private readonly backslashes = new CharFinder("\\");
    /** Whether the current line has a backslash (then strings are scanned escape-aware). */
    private escapes = false;
    /** The learned line's keys and values, until its pattern is compiled. */
    private learned: Record<string, unknown> | undefined;
    /** The layout as one regular expression (see {@link LayoutPattern}), compiled once a second line has the layout. */
    private pattern: LayoutPattern | undefined;
    private patternMisses = 0;
    private readonly patterns = new Map<string, LayoutPattern>();

    /** Whether a layout has been learned. */
    get ready(): boolean {
        return this.layout.length > 0;
    }

    /**
     * Learns the key order from a parsed line.
     * @param record a line parsed with `JSON.parse`
     */
    learn(record: Record<string, unknown>): void {
        const keys = Object.keys(record);
        const layout = new Array<LayoutKey>(keys.length);
        for (let i = 0; i < keys.length; i++) {
            let entry = this.keyCache.get(keys[i]);
            if (entry === undefined) {
                entry = layoutKey(keys[i]);
                if (this.keyCache.size < MAX_CACHED_KEYS) this.keyCache.set(keys[i], entry);
            }
            layout[i] = entry;
        }
        this.layout = layout;
        this.pattern = this.patterns.get(keys.join("\u0000"));
        this.learned = this.pattern === undefined ? record : undefined;
        this.patternMisses = 0;
    }

    /** The learned layout's pattern, compiled and cached. */
    private compile(record: Record<string, unknown>): LayoutPattern {
        const keys = Object.keys(record);
        const pattern = new LayoutPattern(
            keys.map((key, i) => ({ key, value: record[key], slot: this.layout[i].slot })),
        );
        if (this.patterns.size < MAX_CACHED_PATTERNS) this.patterns.set(keys.join("\u0000"), pattern);
        return pattern;
    }

    /**
     * Fills `out` (indexed like USAGE_FIELDS, all undefined on entry) from the line `s[start, end)`
     * as `slotsFromObject(JSON.parse(line))` would: strings, numbers, booleans, null; a field that
     * two keys fill (e.g. `CustomerId` and `customerId`) takes the first. On `false`, `out` may be
     * partly filled: clear it.
     * @returns false when the line is not provably one of the learned layout (parse it instead)
     */
    extract(s: string, start: number, end: number, out: unknown[]): boolean {
        const pattern = this.pattern;
        if (pattern !== undefined && this.patternMisses < MAX_PATTERN_MISSES) {
            if (pattern.match(s, start, end, out)) {
                this.patternMisses = 0;
                return true;
            }
            this.patternMisses++;
        }
        if (!this.walk(s, start, end, out)) return false;
        if (this.learned !== undefined) {
            // A second line with the layout: worth compiling (a file whose every line differs never gets here).
            if (this.layout.reduce((n, k) => n + k.token.length, 0) <= MAX_PATTERN_KEYS_LENGTH)
                this.pattern = this.compile(this.learned);
            this.learned = undefined;
        }
        return true;
    }

    /** {@link extract} by walking the line key by key. */
    private walk(s: string, start: number, end: number, out: unknown[]): boolean {
        const layout = this.layout;
        if (layout.length === 0) return false;
        let last = end;
        while (last > start && isSpace(s.charCodeAt(last - 1))) last--;
        let p = skipSpace(s, start, last);
        if (p >= last || s.charCodeAt(p) !== OPEN_BRACE) return false;
        const b = this.backslashes.next(s, p);
        this.escapes = b !== -1 && b < last;
        if (this.escapes && !validEscapes(s, b, last, this.backslashes)) return false;
        p++;
        for (let k = 0; k < layout.length; k++) {
            const { token, slot } = layout[k];
            if (k > 0) {
                if (s.charCodeAt(p) !== COMMA) {
                    p = skipSpace(s, p, last);
                    if (s.charCodeAt(p) !== COMMA) return false;
                }
                p++;
            }
            if (s.charCodeAt(p) !== QUOTE) {
                p = skipSpace(s, p, last);
                if (s.charCodeAt(p) !== QUOTE) return false;
            }
            const after = p + token.length;
            if (after > last) return false;
            const probes = layout[k].probes;
            if (probes === undefined || this.escapes || !namesNoField(s, p, after, token, probes)) {
                // The cheap checks first: on a mismatch indexOf would search on through the chunk.
                if (
                    s.charCodeAt(after - 2) !== QUOTE ||
                    s.charCodeAt(p + 1) !== token.charCodeAt(1) ||
                    s.indexOf(token, p) !== p
                )
                    return false;
            }
            p = after;
            let c = s.charCodeAt(p);
            if (isSpace(c)) {
                p = skipSpace(s, p, last);
                c = s.charCodeAt(p);
            }
            if (p >= last) return false;
            if (c === QUOTE) {
                let q: number;
                if (this.escapes) q = this.stringEnd(s, p + 1, last);
                else if ((q = s.indexOf('"', p + 1)) >= last) q = -1;
                if (q < 0) return false;
                if (slot >= 0 && out[slot] === undefined) {
                    const value = this.stringValue(s, p, q);
                    if (value === undefined) return false;
                    out[slot] = value;
                }
                p = q + 1;
            } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
                if (slot >= 0) return false;
                p = this.skipValue(s, p, last, 1);
                if (p < 0) return false;
            } else {
                const e = scalarEnd(s, p, last);
                if (e < 0) return false;
                if (slot >= 0 && out[slot] === undefined) out[slot] = scalarValue(s, p, e);
                p = e;
            }
        }
        p = skipSpace(s, p, last);
        return p === last - 1 && s.charCodeAt(p) === CLOSE_BRACE;
    }

    /** The quote closing the string whose content starts at `i`, or -1 (not before `last`). */
    private stringEnd(s: string, i: number, last: number): number {
        if (!this.escapes) {
            const q = s.indexOf('"', i);
            return q !== -1 && q < last ? q : -1;
        }
        for (let q = s.indexOf('"', i); q !== -1 && q < last; q = s.indexOf('"', q + 1)) {
            let j = q - 1;
            while (j >= i && s.charCodeAt(j) === BACKSLASH) j--;
            if ((q - 1 - j) % 2 === 0) return q;
        }
        return -1;
    }

    /** The string from the quote at `open` to the quote at `close`, unescaped; undefined when `JSON.parse` rejects it. */
    private stringValue(s: string, open: number, close: number): string | undefined {
        if (this.escapes) {
            const b = this.backslashes.next(s, open);
            if (b !== -1 && b < close) {
                try {
                    return JSON.parse(s.slice(open, close + 1)) as string;
                } catch {
                    return undefined; // a raw control character
                }
            }
        }
        return s.slice(open + 1, close);
    }

    /** End (exclusive) of the JSON value at `p`, checked against the grammar, or -1. */
    private skipValue(s: string, p: number, last: number, depth: number): number {
        if (p >= last) return -1;
        const c = s.charCodeAt(p);
        if (c === QUOTE) {
            const q = this.stringEnd(s, p + 1, last);
            return q < 0 ? -1 : q + 1;
        }
        if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return scalarEnd(s, p, last);
        if (depth > MAX_DEPTH) return -1;
        const isObject = c === OPEN_BRACE;
        const close = isObject ? CLOSE_BRACE : CLOSE_BRACKET;
        p = skipSpace(s, p + 1, last);
        if (p < last && s.charCodeAt(p) === close) return p + 1;
        for (;;) {
            if (isObject) {
                if (p >= last || s.charCodeAt(p) !== QUOTE) return -1;
                const q = this.stringEnd(s, p + 1, last);
                if (q < 0) return -1;
                p = skipSpace(s, q + 1, last);
                if (p >= last || s.charCodeAt(p) !== COLON) return -1;
                p = skipSpace(s, p + 1, last);
            }
            p = this.skipValue(s, p, last, depth + 1);
            if (p < 0) return -1;
            p = skipSpace(s, p, last);
            if (p >= last) return -1;
            const d = s.charCodeAt(p);
            if (d === close) return p + 1;
            if (d !== COMMA) return -1;
            p = skipSpace(s, p + 1, last);
        }
    }
}

/** The layout entry for a key (see {@link LayoutKey}). */
function layoutKey(key: string): LayoutKey {
    const token = flat(`${JSON.stringify(key)}:`);
    const slot = slotForName(key);
    // ASCII keys only: lower-casing keeps their positions (it can lengthen a non-ASCII key).
    if (
        slot >= 0 ||
        !/^[\x20-\x7e]+$/.test(key) ||
        token.includes("\\") ||
        !printable(key.charCodeAt(0)) ||
        !printable(key.charCodeAt(key.length - 1))
    )
        return { token, slot };
    const lower = key.toLowerCase();
    const probes = new Set<number>();
    for (const name of FIELD_NAMES) {
        if (name.length !== key.length) continue;
        let j = 0;
        while (j < key.length && lower[j] === name[j]) j++;
        if (j === key.length) return { token, slot }; // cannot happen for a key that names no field; be safe
        probes.add(j);
    }
    return { token, slot, probes: [...probes] };
}

/**
 * Whether the key at `p` (a quote) has the length of `token`'s key, no space at either end and
 * `token`'s characters at `probes`: then it names no field (see {@link LayoutKey.probes}). The line
 * has no backslash, so the first quote after `p` closes the key.
 */
function namesNoField(s: string, p: number, after: number, token: string, probes: number[]): boolean {
    const q = after - 2;
    if (s.indexOf('"', p + 1) !== q || s.charCodeAt(q + 1) !== COLON) return false;
    if (q > p + 1 && (!printable(s.charCodeAt(p + 1)) || !printable(s.charCodeAt(q - 1)))) return false;
    for (let i = 0; i < probes.length; i++) {
        if (s.charCodeAt(p + 1 + probes[i]) !== token.charCodeAt(1 + probes[i])) return false;
    }
    return true;
}

/** A visible ASCII character (what `trim` keeps, and never part of a non-ASCII spelling of a field name). */
function printable(c: number): boolean {
    return c > 32 && c < 127;
}

/** A flat copy of `s` (a concatenation is a rope in V8; comparing against one costs a flattening each time). */
function flat(s: string): string {
    return Buffer.from(s, "utf8").toString("utf8");
}

function isSpace(c: number): boolean {
    return c === SPACE || c === TAB || c === CR || c === LF;
}

function skipSpace(s: string, p: number, last: number): number {
    while (p < last && isSpace(s.charCodeAt(p))) p++;
    return p;
}

/** Every backslash in `s[first, last)` starts a valid JSON escape (a backslash outside a string fails the walk). */
function validEscapes(s: string, first: number, last: number, finder: CharFinder): boolean {
    for (let b = first; b !== -1 && b < last; b = finder.next(s, b)) {
        const c = s[b + 1];
        if (c === "u") {
            HEX4.lastIndex = b + 2;
            if (b + 6 > last || !HEX4.test(s)) return false;
            b += 6;
        } else {
            if (b + 1 >= last || !SIMPLE_ESCAPE.test(c)) return false;
            b += 2;
        }
    }
    return true;
}

/** End (exclusive) of the number, `true`, `false` or `null` at `p`, or -1. */
function scalarEnd(s: string, p: number, last: number): number {
    const c = s.charCodeAt(p);
    const word = c === 116 ? "true" : c === 102 ? "false" : c === 110 ? "null" : undefined;
    if (word !== undefined) {
        const e = p + word.length;
        return e <= last && s.slice(p, e) === word ? e : -1;
    }
    return numberEnd(s, p, last);
}

/** End (exclusive) of the JSON number (RFC 8259 §6) at `p`, or -1 (a hand-written scan: a regular expression costs more per call). */
function numberEnd(s: string, p: number, last: number): number {
    if (s.charCodeAt(p) === MINUS) p++;
    if (p >= last) return -1;
    let c = s.charCodeAt(p);
    if (c === ZERO) p++;
    else if (c > ZERO && c <= NINE) p = digitsEnd(s, p + 1, last);
    else return -1;
    if (p < last && s.charCodeAt(p) === DOT) {
        const d = digitsEnd(s, p + 1, last);
        if (d === p + 1) return -1;
        p = d;
    }
    c = s.charCodeAt(p);
    if (p < last && (c === 101 || c === 69)) {
        p++;
        c = s.charCodeAt(p);
        if (p < last && (c === PLUS || c === MINUS)) p++;
        const d = digitsEnd(s, p, last);
        if (d === p) return -1;
        p = d;
    }
    return p;
}

/** End (exclusive) of the run of ASCII digits at `p`. */
function digitsEnd(s: string, p: number, last: number): number {
    while (p < last) {
        const c = s.charCodeAt(p);
        if (c < ZERO || c > NINE) break;
        p++;
    }
    return p;
}

/** The value of the scalar `s[p, e)` (as checked by {@link scalarEnd}), as `JSON.parse` gives it. */
function scalarValue(s: string, p: number, e: number): unknown {
    const c = s.charCodeAt(p);
    return c === 116 ? true : c === 102 ? false : c === 110 ? null : Number(s.slice(p, e));
}

/**
 * Fills `out` (indexed like USAGE_FIELDS) from a parsed JSON object, matching keys
 * case-insensitively; when several keys fill one field, the first (in `Object.keys` order) wins.
 * This is the reference {@link JsonLineExtractor} agrees with, the fallback for lines it declines,
 * and the reader for API items. Numbers stay numbers.
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
