import { escapeControls } from "./cells";
import { VerifyResult } from "../report";

const COLUMNS = [
    "customerId",
    "customerName",
    "subscriptionId",
    "lineItems",
    "eligibleLineItems",
    "linesWithPec",
    "daysWithPec",
    "daysWithoutPec",
    "billingPreTaxTotal",
    "estimatedMissedCredit",
    "currency",
    "problem",
    "detail",
] as const;

/**
 * One CSV row per subscription (plus one per expected-but-absent subscription), with the problem
 * beside it; `daysWithoutPec` is `;`-separated. RFC 4180 quoting, CRLF line ends (spreadsheet-friendly).
 * Text from the data stays data in a spreadsheet: see {@link csvField}.
 * @param result the verification result
 */
export function renderCsv(result: VerifyResult): string {
    const { report } = result;
    const problemOf = new Map(report.problems.map((p) => [`${p.subscriptionId}`, p]));
    const rows: (string | number)[][] = [COLUMNS.slice()];
    for (const s of report.subscriptions) {
        const p = problemOf.get(s.subscriptionId);
        rows.push([
            s.customerId,
            s.customerName,
            s.subscriptionId,
            s.lineItems,
            s.eligibleLineItems,
            s.linesWithPec,
            s.daysWithPec,
            s.daysWithoutPec.join(";"),
            s.billingPreTaxTotal.toFixed(2),
            s.estimatedMissedCredit.toFixed(2),
            report.currency,
            p?.kind ?? "",
            p?.detail ?? "",
        ]);
    }
    for (const p of report.problems.filter((x) => x.kind === "expected-but-absent")) {
        rows.push(["", "", p.subscriptionId, 0, 0, 0, 0, "", "0.00", "0.00", report.currency, p.kind, p.detail]);
    }
    return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/**
 * First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection": `=`, `+`, `-`,
 * `@`, tab, carriage return), with line feed, NUL and the fullwidth `＝ ＋ － ＠` some spreadsheets read the same.
 */
const FORMULA_START = /^[=+\-@\t\r\n\0\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * A formula start after a `;`, tab or line break (and any quotes or spaces): a spreadsheet that splits cells on
 * `;` or tabs (Excel in many locales) would start a new cell there, whatever our quoting says (OWASP: "take care
 * of the field separator").
 */
const EMBEDDED_FORMULA = /([;\t\r\n][" ]*)(?=[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20])/g;

/** A plain decimal number such as `12`, `-12.50`: a spreadsheet reads it as the number, never as a formula. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * One CSV field. Tabs and line breaks stay as they are (RFC 4180 quotes them); other control characters and bidi
 * controls are shown as escapes (`\u001b`), as in the other formats, so printing the CSV cannot act on a
 * terminal. A text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`, a leading tab)
 * gets a leading `'` and quotes, as OWASP advises, so it shows as the text it is; plain numbers such as
 * `-12.50` stay numbers. A formula start after a `;`, tab or line break inside the text gets a `'` too: a
 * spreadsheet splitting cells on `;` or tabs would otherwise run it as a cell of its own.
 * @param value a number, or text (possibly from the data)
 */
export function csvField(value: string | number): string {
    if (typeof value === "number") return String(value);
    let text = value.replace(/[^\t\r\n]+/g, escapeControls).replace(EMBEDDED_FORMULA, "$1'");
    let quote = /[",\r\n]/.test(text);
    if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) {
        text = `'${text}`;
        quote = true;
    }
    return quote ? `"${text.replace(/"/g, '""')}"` : text;
}
