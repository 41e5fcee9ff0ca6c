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
        out.push(`| ${[cell(r.customer), code(r.subscription), ...[...r.cells, r.status].map(cell)].join(" | ")} |`);
    }
    if (!ok) {
        out.push("", "### Problems", "");
        for (const p of report.problems) out.push(`- **${p.kind}** ${code(p.subscriptionId)}: ${prose(p.detail)}`);
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
 * ASCII punctuation that starts a construct in GitHub-flavoured markdown, backslash-escaped in text from the
 * data: links and images (`[`, `]`, `!`), code, emphasis and strikethrough (`` ` ``, `*`, `_`, `~`), autolinks
 * (`:` of `https://`, `mailto:`), math (`$`), the table's column break (`|`), mentions and references (`@`,
 * `#`) and `\` itself; the `(` of `](` too. `(`, `)`, `.`, `,` and `-` are otherwise left as they are: alone
 * they start nothing in a cell.
 */
const MARKDOWN_ACTIVE = /\]\(|[\\`*_~[\]!#@|$:]|www\.|[&<>]|\r\n?|\n/gi;

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * Text from the data as inert markdown (table cells, list items): it renders as the same characters and
 * never as a link, an image, HTML, a mention, a reference, emphasis or another column. HTML's `& < >` become
 * entities; the constructs of {@link MARKDOWN_ACTIVE} are backslash-escaped; `www.` becomes `www\.` (no
 * autolink); a line break becomes a space. GitHub links `@name` and `#123` after rendering, so a backslash
 * does not stop them (github/markup#1168, github/cmark-gfm#181): an invisible U+200B ZERO WIDTH SPACE after
 * an `@` or `#` that a letter or digit follows does.
 * @param text the text, control characters already shown as escapes (see `escapeControls`)
 */
export function markdownText(text: string): string {
    return text.replace(MARKDOWN_ACTIVE, (match: string, offset: number) => {
        if (match.startsWith("\r") || match === "\n") return " ";
        if (match === "](") return "\\]\\(";
        if (match.length > 1) return `${match.slice(0, 3)}\\.`;
        const entity = ENTITIES[match];
        if (entity !== undefined) return entity;
        const breakLink = (match === "@" || match === "#") && /[A-Za-z0-9]/.test(text.charAt(offset + 1));
        return `\\${match}${breakLink ? "\u200B" : ""}`;
    });
}

/** A table cell from the data: see {@link markdownText}. */
export function cell(text: string): string {
    return markdownText(text);
}

/** A subscription ID as code; anything but an ID's characters as inert text instead. */
function code(id: string): string {
    return /^[0-9a-fA-F-]+$/.test(id) ? `\`${id}\`` : markdownText(id);
}

/** Our own sentences (problem details): `code` spans kept, the text between them inert (it may quote a path). */
function prose(text: string): string {
    return text
        .split(/(`[^`\r\n]+`)/)
        .map((part, i) => (i % 2 === 1 ? part : markdownText(part)))
        .join("");
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

/**
 * Our own sentences in a table cell or list item (another report's fixes and effects): `code` spans kept, the text
 * between them inert, no column or line break. A value from the data goes through `markdownCode` or {@link cell}.
 */
export const markdownCell = prose;
