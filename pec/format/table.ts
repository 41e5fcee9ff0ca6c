import { DISPLAY_HEADERS, displayRows, excludedLines, summaryLine } from "./text";
import { VerifyResult } from "../report";

const RIGHT_ALIGNED = new Set([2, 3, 4, 5, 7, 8]);

/**
 * A plain-text table for a terminal: one row per subscription, then problems, exclusions and totals.
 * @param result the verification result
 */
export function renderTable(result: VerifyResult): string {
    const { report } = result;
    const rows = displayRows(result).map((r) => [r.customer, r.subscription, ...r.cells, r.status]);
    const widths = DISPLAY_HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]): string =>
        cells.map((c, i) => (RIGHT_ALIGNED.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
    const out: string[] = [];
    out.push(`PEC verification ${report.from || "-"} to ${report.to || "-"}${report.currency ? ` (${report.currency})` : ""}`, "");
    out.push(line(DISPLAY_HEADERS), line(widths.map((w) => "-".repeat(w))));
    for (const r of rows) out.push(line(r));
    if (report.problems.length > 0) {
        out.push("", "Problems:");
        for (const p of report.problems) out.push(`  ${p.subscriptionId}  ${p.kind}: ${p.detail}`);
    }
    const excluded = excludedLines(result);
    if (excluded.length > 0) {
        out.push("", "Never eligible for PEC (excluded from coverage):");
        for (const e of excluded) out.push(`  ${e}`);
    }
    out.push("", summaryLine(result));
    return `${out.join("\n")}\n`;
}
