import { DISPLAY_HEADERS, displayRows, excludedLines, summaryLine } from "./text";
import { VerifyResult } from "../report";

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
    out.push(
        `| ${DISPLAY_HEADERS.join(" | ")} |`,
        `|${DISPLAY_HEADERS.map((_, i) => (i >= 2 && i <= 8 ? " ---: " : " --- ")).join("|")}|`,
    );
    for (const r of displayRows(result)) {
        out.push(`| ${[r.customer, `\`${r.subscription}\``, ...r.cells, r.status].map(cell).join(" | ")} |`);
    }
    if (!ok) {
        out.push("", "### Problems", "");
        for (const p of report.problems) out.push(`- **${p.kind}** \`${p.subscriptionId}\`: ${cell(p.detail)}`);
    }
    const excluded = excludedLines(result);
    if (excluded.length > 0) {
        out.push("", "<details><summary>Never eligible for PEC (excluded from coverage)</summary>", "");
        for (const e of excluded) out.push(`- ${e}`);
        out.push("", "</details>");
    }
    return `${out.join("\n")}\n`;
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
