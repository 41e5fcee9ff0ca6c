import { escapeControls } from "./cells";
import { DISPLAY_HEADERS, displayRows, excludedLines, summaryLine } from "./text";
import { customerGroups } from "./customers";
import { roundMoney, VerifyResult } from "../report";

/**
 * Markdown for a pull-request comment or a CI step summary (`>> $GITHUB_STEP_SUMMARY`).
 * @param result the verification result
 */
export function renderMarkdown(result: VerifyResult): string {
    const { report } = result;
    const ok = report.problems.length === 0;
    const out: string[] = [];
    out.push(`## ${ok ? "✅" : "❌"} Partner earned credit ${report.from || "-"} to ${report.to || "-"}`, "");
    out.push(summaryLine(result), "");
    const chart = missedCreditChart(result);
    if (chart.length > 0) out.push(...chart, "");
    out.push(
        `| ${DISPLAY_HEADERS.join(" | ")} |`,
        `|${DISPLAY_HEADERS.map((_, i) => (i >= 2 && i <= 8 ? " ---: " : " --- ")).join("|")}|`,
    );
    for (const r of displayRows(result)) {
        out.push(`| ${[r.customer, `\`${r.subscription}\``, ...r.cells, r.status].map(markdownCell).join(" | ")} |`);
    }
    if (!ok) {
        out.push("", "### Problems", "");
        for (const p of report.problems) out.push(`- **${p.kind}** \`${p.subscriptionId}\`: ${markdownCell(p.detail)}`);
    }
    const excluded = excludedLines(result);
    if (excluded.length > 0) {
        out.push("", "<details><summary>Never eligible for PEC (excluded from coverage)</summary>", "");
        for (const e of excluded) out.push(`- ${e}`);
        out.push("", "</details>");
    }
    return `${out.join("\n")}\n`;
}

/**
 * Table-cell text: no column break, no line break, and no HTML (GitHub renders tags in summaries and comments).
 * @param text our own text, or names already made safe; a value that may hold Markdown goes through `markdownCode`
 */
export function markdownCell(text: string): string {
    return text
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/\|/g, "\\|")
        .replace(/\r?\n/g, " ");
}

/** Customers shown by name in the chart; the rest are summed into one bar. */
const CHART_CUSTOMERS = 10;

/**
 * A Mermaid bar chart (GitHub renders `mermaid` code blocks; `xychart-beta` is the keyword every
 * Mermaid since 10.5 accepts) of the estimated missed credit per customer, the sums of the JSON
 * subscriptions' numbers; empty when nothing was missed.
 * @param result the verification result
 */
export function missedCreditChart(result: VerifyResult): string[] {
    const groups = customerGroups(result).filter((g) => g.estimatedMissedCredit > 0);
    if (groups.length === 0) return [];
    const bars = groups.slice(0, CHART_CUSTOMERS).map((g) => ({ label: g.name, value: g.estimatedMissedCredit }));
    const rest = groups.slice(CHART_CUSTOMERS);
    if (rest.length > 0) {
        bars.push({
            label: `${rest.length} other customers`,
            value: rest.reduce((acc, g) => roundMoney(acc + g.estimatedMissedCredit), 0),
        });
    }
    const currency = result.report.currency || "credit";
    return [
        "```mermaid",
        "xychart-beta horizontal",
        `    title "Estimated missed credit per customer (${chartText(currency)})"`,
        `    x-axis [${bars.map((b) => `"${chartText(b.label)}"`).join(", ")}]`,
        `    y-axis "${chartText(currency)}" 0 --> ${Math.max(...bars.map((b) => b.value))}`,
        `    bar [${bars.map((b) => String(b.value)).join(", ")}]`,
        "```",
    ];
}

/** A label safe inside a quoted Mermaid string on one line (names are data: no quotes, no markup). */
function chartText(text: string): string {
    const plain = escapeControls(text)
        .replace(/["`<>#;\\[\]{}]/g, " ")
        .replace(/\s+/g, " ")
        .trim();
    return plain.length > 40 ? `${plain.slice(0, 39)}…` : plain || "(no name)";
}
