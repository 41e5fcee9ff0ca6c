import { displayWidth, escapeControls, escapeTerminal, padCell } from "./cells";
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
    // Widths in terminal columns: a CJK or emoji name takes two per character.
    const widths = DISPLAY_HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => displayWidth(r[i]))));
    const line = (cells: string[]): string =>
        cells
            .map((c, i) => padCell(c, widths[i], RIGHT_ALIGNED.has(i) ? "right" : "left"))
            .join("  ")
            .trimEnd();
    const out: string[] = [];
    out.push(
        `PEC verification ${report.from || "-"} to ${report.to || "-"}${report.currency ? ` (${report.currency})` : ""}`,
        "",
    );
    out.push(line(DISPLAY_HEADERS), line(widths.map((w) => "-".repeat(w))));
    for (const r of rows) out.push(line(r));
    if (report.problems.length > 0) {
        out.push("", "Problems:");
        for (const p of report.problems) out.push(`  ${p.subscriptionId}  ${p.kind}: ${escapeControls(p.detail)}`);
    }
    const excluded = excludedLines(result);
    if (excluded.length > 0) {
        out.push("", "Never eligible for PEC (excluded from coverage):");
        for (const e of excluded) out.push(`  ${e}`);
    }
    out.push("", summaryLine(result));
    // Every line once more through the terminal escape: no value from the data can act on the terminal.
    return `${escapeTerminal(out.join("\n"))}\n`;
}
