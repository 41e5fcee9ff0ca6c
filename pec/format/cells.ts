// Table cells for a terminal: control characters shown as escapes (a newline in a customer name must
// not break the row, an escape sequence must not recolour the terminal) and widths measured in columns.

/**
 * East Asian Wide and Fullwidth code points (two columns), from Unicode's EastAsianWidth data
 * (UAX #11; assigned characters of Unicode 14, merged across unassigned gaps; planes 2 and 3 whole).
 */
const WIDE: ReadonlyArray<readonly [number, number]> = [
    [0x1100, 0x115f],
    [0x231a, 0x231b],
    [0x2329, 0x232a],
    [0x23e9, 0x23ec],
    [0x23f0, 0x23f0],
    [0x23f3, 0x23f3],
    [0x25fd, 0x25fe],
    [0x2614, 0x2615],
    [0x2648, 0x2653],
    [0x267f, 0x267f],
    [0x2693, 0x2693],
    [0x26a1, 0x26a1],
    [0x26aa, 0x26ab],
    [0x26bd, 0x26be],
    [0x26c4, 0x26c5],
    [0x26ce, 0x26ce],
    [0x26d4, 0x26d4],
    [0x26ea, 0x26ea],
    [0x26f2, 0x26f3],
    [0x26f5, 0x26f5],
    [0x26fa, 0x26fa],
    [0x26fd, 0x26fd],
    [0x2705, 0x2705],
    [0x270a, 0x270b],
    [0x2728, 0x2728],
    [0x274c, 0x274c],
    [0x274e, 0x274e],
    [0x2753, 0x2755],
    [0x2757, 0x2757],
    [0x2795, 0x2797],
    [0x27b0, 0x27b0],
    [0x27bf, 0x27bf],
    [0x2b1b, 0x2b1c],
    [0x2b50, 0x2b50],
    [0x2b55, 0x2b55],
    [0x2e80, 0x303e],
    [0x3041, 0x3247],
    [0x3250, 0x4dbf],
    [0x4e00, 0xa4c6],
    [0xa960, 0xa97c],
    [0xac00, 0xd7a3],
    [0xf900, 0xfad9],
    [0xfe10, 0xfe19],
    [0xfe30, 0xfe6b],
    [0xff01, 0xff60],
    [0xffe0, 0xffe6],
    [0x16fe0, 0x1b2fb],
    [0x1f004, 0x1f004],
    [0x1f0cf, 0x1f0cf],
    [0x1f18e, 0x1f18e],
    [0x1f191, 0x1f19a],
    [0x1f200, 0x1f320],
    [0x1f32d, 0x1f335],
    [0x1f337, 0x1f37c],
    [0x1f37e, 0x1f393],
    [0x1f3a0, 0x1f3ca],
    [0x1f3cf, 0x1f3d3],
    [0x1f3e0, 0x1f3f0],
    [0x1f3f4, 0x1f3f4],
    [0x1f3f8, 0x1f43e],
    [0x1f440, 0x1f440],
    [0x1f442, 0x1f4fc],
    [0x1f4ff, 0x1f53d],
    [0x1f54b, 0x1f54e],
    [0x1f550, 0x1f567],
    [0x1f57a, 0x1f57a],
    [0x1f595, 0x1f596],
    [0x1f5a4, 0x1f5a4],
    [0x1f5fb, 0x1f64f],
    [0x1f680, 0x1f6c5],
    [0x1f6cc, 0x1f6cc],
    [0x1f6d0, 0x1f6d2],
    [0x1f6d5, 0x1f6df],
    [0x1f6eb, 0x1f6ec],
    [0x1f6f4, 0x1f6fc],
    [0x1f7e0, 0x1f7f0],
    [0x1f90c, 0x1f93a],
    [0x1f93c, 0x1f945],
    [0x1f947, 0x1f9ff],
    [0x1fa70, 0x1faf6],
    [0x20000, 0x3fffd],
];

function isWide(codePoint: number): boolean {
    let low = 0;
    let high = WIDE.length - 1;
    while (low <= high) {
        const middle = (low + high) >> 1;
        const [from, to] = WIDE[middle];
        if (codePoint < from) high = middle - 1;
        else if (codePoint > to) low = middle + 1;
        else return true;
    }
    return false;
}

// Combining marks, format characters (zero-width joiner, variation selectors are Mn) and Hangul medial
// vowels and final consonants take no column of their own.
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u1160-\u11FF]$/u;

// C0/C1 controls, DEL, line and paragraph separators, and bidirectional marks, overrides and isolates
// (which can make a row read differently from what it contains).
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * The text with every control character shown as an escape (`\n`, `\t`, `\u001b`), safe to print in one row.
 * @param text any text from the data (customer names, subscription names)
 */
export function escapeControls(text: string): string {
    return text.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A message for standard error with every control character shown as an escape except the line breaks
 * that separate its lines: a file name or value from the data cannot move the cursor, retitle the
 * terminal or reorder the text.
 * @param text a message that may quote data (file names, values)
 */
export function escapeTerminal(text: string): string {
    return text
        .split("\n")
        .map((line) => escapeControls(line))
        .join("\n");
}

export { escapeJsonControls } from "../../core/jsonText";

/**
 * Columns the text takes in a terminal: wide characters (CJK, most emoji) 2, combining marks 0, others 1.
 * @param text text without control characters (see {@link escapeControls})
 */
export function displayWidth(text: string): number {
    let width = 0;
    for (const c of text) {
        const codePoint = c.codePointAt(0)!;
        if (codePoint < 0x300) width += 1;
        else if (ZERO_WIDTH.test(c)) continue;
        else width += isWide(codePoint) ? 2 : 1;
    }
    return width;
}

/**
 * Pads to `width` columns on the right (left-aligned) or on the left (right-aligned).
 * @param text the cell
 * @param width columns to fill
 * @param align where the text goes
 */
export function padCell(text: string, width: number, align: "left" | "right" = "left"): string {
    const fill = " ".repeat(Math.max(0, width - displayWidth(text)));
    return align === "left" ? text + fill : fill + text;
}
