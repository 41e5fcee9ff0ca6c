import { INELIGIBLE_REASONS } from "../eligibility";
import { escapeControls } from "./cells";
import { dayRanges, formatMoney, VerifyResult } from "../report";

/** A subscription row as shown by the table and Markdown formats. */
export interface DisplayRow {
    /** Customer name (or ID when the name is empty), control characters shown as escapes. */
    customer: string;
    /** Azure subscription ID. */
    subscription: string;
    /** Cells after customer and subscription, in {@link DISPLAY_HEADERS} order. */
    cells: string[];
    /** Problem kind, or "ok". */
    status: string;
}

/** Column headers of {@link displayRows} (customer, subscription, then the cells, then status). */
export const DISPLAY_HEADERS = [
    "Customer",
    "Subscription",
    "Lines",
    "Eligible",
    "With PEC",
    "Days with PEC",
    "Days without PEC",
    "Billed",
    "Missed credit",
    "Status",
];

/**
 * The subscription rows shared by the human-readable formats.
 * @param result the verification result
 */
export function displayRows(result: VerifyResult): DisplayRow[] {
    const { report } = result;
    const status = new Map(report.problems.map((p) => [p.subscriptionId, p.kind as string]));
    const rows: DisplayRow[] = report.subscriptions.map((s) => ({
        // Names come from the data: a newline or escape sequence in one must not break the row.
        customer: escapeControls(s.customerName || s.customerId),
        subscription: escapeControls(s.subscriptionId),
        cells: [
            String(s.lineItems),
            String(s.eligibleLineItems),
            String(s.linesWithPec),
            String(s.daysWithPec),
            s.daysWithoutPec.length === 0 ? "0" : `${s.daysWithoutPec.length} (${dayRanges(s.daysWithoutPec)})`,
            formatMoney(s.billingPreTaxTotal),
            formatMoney(s.estimatedMissedCredit),
        ],
        status: status.get(s.subscriptionId) ?? (s.eligibleLineItems === 0 ? "not eligible" : "ok"),
    }));
    for (const p of report.problems.filter((x) => x.kind === "expected-but-absent")) {
        rows.push({
            customer: "",
            subscription: p.subscriptionId,
            cells: ["0", "0", "0", "0", "0", "-", "-"],
            status: p.kind,
        });
    }
    return rows;
}

/**
 * One line per never-eligible reason that occurred, e.g. `third-party: 3 lines, 12.00 USD`.
 * @param result the verification result
 */
export function excludedLines(result: VerifyResult): string[] {
    const cur = result.report.currency ? ` ${result.report.currency}` : "";
    return INELIGIBLE_REASONS.filter((r) => result.excluded[r].lineItems > 0).map(
        (r) =>
            `${r}: ${result.excluded[r].lineItems} lines, ${formatMoney(result.excluded[r].billingPreTaxTotal)}${cur}`,
    );
}

/**
 * A one-line verdict, e.g. `PEC on 10 of 12 eligible lines; 2 problems; estimated missed credit 3.00 USD`.
 * @param result the verification result
 */
export function summaryLine(result: VerifyResult): string {
    const { totals, problems, currency } = result.report;
    const cur = currency ? ` ${currency}` : "";
    const verdict = problems.length === 0 ? "PEC fully proven" : `${problems.length} problem(s)`;
    return (
        `${verdict}: PEC on ${totals.linesWithPec} of ${totals.eligibleLineItems} eligible lines ` +
        `(${totals.lineItems} lines in total), billed ${formatMoney(totals.billingPreTaxTotal)}${cur}, ` +
        `estimated missed credit ${formatMoney(totals.estimatedMissedCredit)}${cur}`
    );
}
