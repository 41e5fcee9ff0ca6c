/*
 * The JSON grammar of RFC 8259 as regular-expression source, for lines in compact form (no
 * whitespace between tokens, as the Graph export writes them).
 */
/** String characters that need no escape (§7: not `"`, `\` or U+0000–U+001F). */
const PLAIN = String.raw`[^"\\\x00-\x1f]*`;
const ESCAPE = String.raw`\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})`;
/** What is between a string's quotes (the loop unrolled: plain runs, one escape each between). */
const STRING_BODY = `${PLAIN}(?:${ESCAPE}${PLAIN})*`;
const STRING = `"${STRING_BODY}"`;
const NUMBER = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`;
const LITERAL = "true|false|null";
const SCALAR = `(?:${STRING}|${NUMBER}|${LITERAL})`;
/** An object or array of scalars (`Tags`, `AdditionalInfo`); deeper values are left to the walk. */
const CONTAINER = String.raw`\{(?:${STRING}:${SCALAR}(?:,${STRING}:${SCALAR})*)?\}|\[(?:${SCALAR}(?:,${SCALAR})*)?\]`;

/**
 * A value of the kind the learned line had there: a string, a number, an object or array, or any
 * scalar after `null`, `true` or `false` (often a placeholder). Alternatives for every kind cost
 * ~50 % more to match; a line with another kind is walked instead.
 */
function valueSource(learned: unknown): string {
    if (typeof learned === "string") return STRING;
    if (typeof learned === "number") return NUMBER;
    return learned !== null && typeof learned === "object" ? `(?:${CONTAINER})` : SCALAR;
}

/** How a read key's value is captured: group 1 is its text (a string's body, or a scalar), group 2 (if any) a scalar. */
type Capture = "string" | "number" | "either";

/** A read key's value, captured (a field holding an object or array is left to JSON.parse, as the walk does). */
function captureSource(learned: unknown): [string, Capture] {
    if (typeof learned === "string") return [`"(${STRING_BODY})"`, "string"];
    if (typeof learned === "number") return [`(${NUMBER})`, "number"];
    return [`(?:"(${STRING_BODY})"|(${NUMBER}|${LITERAL}))`, "either"];
}

/**
 * One regular expression matching a whole line of a learned layout in compact form: `{`, exactly
 * the learned keys in order (each written as `JSON.stringify` writes it), every value checked
 * against the JSON grammar, `}`. A line it matches is valid JSON (stricter than the walk: raw
 * control characters in strings do not match) whose `JSON.parse` has exactly these keys, so the
 * values it captures are the ones `slotsFromObject(JSON.parse(line))` reads. The regular-expression
 * engine checks the ~2 KB of a Graph line in compiled code, which costs less than half of walking
 * its ~55 keys and values one by one (bench/verify.bench.ts); anything else — whitespace, deeper
 * nesting, another key — does not match, and the caller walks the line.
 */
export class LayoutPattern {
    private readonly re: RegExp;
    // Per read key, in flat arrays (read on every line): its slot, how it is captured, its first capture group.
    private readonly slots: number[] = [];
    private readonly captures: Capture[] = [];
    private readonly groups: number[] = [];
    /** Whether two read keys fill one slot (keys equal but for case): then the first one wins. */
    private readonly sharesSlots: boolean;

    /**
     * @param keys the learned line's keys in order, with its values (to order the alternatives) and slots (-1: not read)
     */
    constructor(keys: { key: string; value: unknown; slot: number }[]) {
        let group = 0;
        const parts = keys.map(({ key, value, slot }) => {
            const name = escapeRegExp(JSON.stringify(key));
            if (slot < 0) return `${name}:${valueSource(value)}`;
            const [source, capture] = captureSource(value);
            this.slots.push(slot);
            this.captures.push(capture);
            this.groups.push(group + 1);
            group += capture === "either" ? 2 : 1;
            return `${name}:${source}`;
        });
        this.sharesSlots = new Set(this.slots).size !== this.slots.length;
        this.re = new RegExp(String.raw`\{${parts.join(",")}\}`, "y");
    }

    /**
     * Fills `out` (all undefined on entry) from the line `s[start, end)` if it matches, first key wins.
     * @returns false when it does not match (`out` is untouched)
     */
    match(s: string, start: number, end: number, out: unknown[]): boolean {
        const re = this.re;
        re.lastIndex = start;
        const m = re.exec(s);
        if (m === null || re.lastIndex !== end) return false;
        const { slots, captures, groups, sharesSlots } = this;
        for (let i = 0; i < slots.length; i++) {
            const slot = slots[i];
            if (sharesSlots && out[slot] !== undefined) continue;
            const text = m[groups[i]];
            const capture = captures[i];
            if (capture === "number") out[slot] = Number(text);
            else if (text !== undefined) out[slot] = text.includes("\\") ? (JSON.parse(`"${text}"`) as string) : text;
            else out[slot] = scalarValue(m[groups[i] + 1]);
        }
        return true;
    }
}

function scalarValue(text: string): unknown {
    return text === "true" ? true : text === "false" ? false : text === "null" ? null : Number(text);
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
