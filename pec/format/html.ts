// One self-contained HTML page: inline CSS, no script, and a Content-Security-Policy that forbids every
// fetch, so the file opens offline and as a CI artifact. Every text from the data is escaped.
import { escapeControls } from "./cells";
import { customerGroups } from "./customers";
import { HEATMAP_MAX_DAYS, heatmapWindow } from "./heatmapWindow";
import { DISPLAY_HEADERS, excludedLines, summaryLine } from "./text";
import { verifyFix } from "../fixes";
import { dayRanges, formatMoney, Problem, ProblemKind, VerifyResult } from "../report";

/** Heatmap states: element (the short tag is the class), symbol, and legend text. */
const STATES = {
    full: { tag: "b", symbol: "+", label: "PEC on every eligible line" },
    partial: { tag: "i", symbol: "±", label: "PEC on some eligible lines" },
    none: { tag: "s", symbol: "×", label: "no PEC on any eligible line" },
    idle: { tag: "u", symbol: "·", label: "no eligible usage" },
} as const;

const KIND_TITLES: Record<ProblemKind, string> = {
    "no-pec": "No PEC at all",
    "partial-pec": "PEC on some days only",
    "expected-but-absent": "Expected but absent from the data",
};

const CSS = `
*{box-sizing:border-box}
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1b1b1b;background:#fff}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.5em 0 .5em;border-bottom:1px solid #ccc}
code{font:12px ui-monospace,monospace}td code{white-space:nowrap}
.tot{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}
.tot div{border:1px solid #bbb;border-radius:6px;padding:.5em 1em;min-width:12em}
.tot dt{font-size:.85em;color:#555}.tot dd{margin:0;font-size:1.4em;font-weight:600}
.bad dd{color:#b3261e}
table{border-collapse:collapse}th,td{padding:2px 8px;text-align:left;border-bottom:1px solid #e3e3e3}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.c th{background:#f2f2f2;border-top:2px solid #999}
.fix{background:#f6f8fa;border-left:4px solid #888;padding:.4em .8em}
.hm{font:12px/1 ui-monospace,monospace;overflow:auto;max-height:80vh}
.hm>div{display:grid;grid-template-columns:24em repeat(var(--d),1.5em)}
.hm .g{display:block;padding:6px 0 2px;font:600 13px system-ui,sans-serif}
.hm .k,.hm .h>span:first-child{position:sticky;left:0;background:#fff;padding-right:.5em;white-space:nowrap;overflow:hidden}
.hm .h{position:sticky;top:0;background:#fff;z-index:1}
.hm .h span{text-align:center;padding:2px 0}
.hm b,.hm i,.hm s,.hm u,.lg b,.lg i,.lg s,.lg u{display:inline-block;text-align:center;font-weight:700;font-style:normal;text-decoration:none;height:1.5em;line-height:1.5em;min-width:1.5em;border:1px solid #fff}
.hm b,.lg b{background:#2e7d32;color:#fff}.hm i,.lg i{background:#f9a825;color:#000}.hm s,.lg s{background:#c62828;color:#fff}.hm u,.lg u{background:#eee;color:#666}
.lg{display:flex;flex-wrap:wrap;gap:1.5em;margin:.5em 0;padding:0;list-style:none}
@media print{
@page{size:landscape;margin:1cm}
body{margin:0;font-size:11px}
.hm{overflow:visible;max-height:none}
.hm .h{position:static}
body{-webkit-print-color-adjust:exact;print-color-adjust:exact}
h2{break-after:avoid}tr,.hm>div{break-inside:avoid}
}`;

/**
 * Escapes text for HTML (element content and quoted attributes); control and bidi characters are shown
 * as escapes first, so a name cannot reorder or hide what follows it.
 * @param text text from the data
 */
export function escapeHtml(text: string): string {
    return escapeControls(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escaped text with `code` spans (the problem and fix texts mark commands that way). */
function prose(text: string): string {
    return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

/**
 * The report as one self-contained HTML page: totals, problems with their fixes, subscriptions grouped
 * by customer (most missed credit first) and a subscription × day heatmap.
 * @param result the verification result
 */
export function renderHtml(result: VerifyResult): string {
    const { report } = result;
    const cur = report.currency ? ` ${escapeHtml(report.currency)}` : "";
    const period = report.from ? `${report.from} to ${report.to}` : "no usage";
    const out: string[] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<title>PEC report ${escapeHtml(period)}</title>`,
        `<style>${CSS}</style></head><body>`,
        `<h1>Partner earned credit, ${escapeHtml(period)}: ${report.problems.length === 0 ? "proven" : "problems found"}</h1>`,
        `<p>${escapeHtml(summaryLine(result))}</p>`,
        totals(result, cur),
        heatmap(result),
        problems(result),
        customers(result, cur),
    ];
    const excluded = excludedLines(result);
    if (excluded.length > 0) {
        out.push("<h2>Never eligible for PEC (excluded from coverage)</h2><ul>");
        for (const e of excluded) out.push(`<li>${escapeHtml(e)}</li>`);
        out.push("</ul>");
    }
    out.push("</body></html>");
    return `${out.join("\n")}\n`;
}

function totals(result: VerifyResult, cur: string): string {
    const t = result.report.totals;
    const coverage = t.eligibleLineItems === 0 ? "-" : `${((100 * t.linesWithPec) / t.eligibleLineItems).toFixed(1)}%`;
    const item = (name: string, label: string, value: string, note = "", cls = "") =>
        `<div${cls ? ` class="${cls}"` : ""}><dt>${label}</dt><dd data-total="${name}">${value}</dd>${note ? `<dt>${note}</dt>` : ""}</div>`;
    return [
        '<dl class="tot">',
        item("billingPreTaxTotal", "Billed (pre-tax)", `${formatMoney(t.billingPreTaxTotal)}${cur}`),
        item(
            "estimatedMissedCredit",
            "Estimated missed credit",
            `${formatMoney(t.estimatedMissedCredit)}${cur}`,
            "",
            t.estimatedMissedCredit > 0 ? "bad" : "",
        ),
        item(
            "coverage",
            "Coverage",
            coverage,
            `<span data-total="linesWithPec">${t.linesWithPec}</span> of <span data-total="eligibleLineItems">${t.eligibleLineItems}</span> eligible lines with PEC; <span data-total="lineItems">${t.lineItems}</span> lines in total`,
        ),
        item(
            "problems",
            "Problems",
            String(result.report.problems.length),
            "",
            result.report.problems.length ? "bad" : "",
        ),
        "</dl>",
    ].join("");
}

function problems(result: VerifyResult): string {
    if (result.report.problems.length === 0)
        return "<h2>Problems</h2><p>None: PEC is proven on every eligible line.</p>";
    const names = new Map(result.report.subscriptions.map((s) => [s.subscriptionId, s.customerName || s.customerId]));
    const byKind = new Map<ProblemKind, Problem[]>();
    for (const p of result.report.problems) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), p]);
    const out = ["<h2>Problems and fixes</h2>"];
    for (const [kind, list] of byKind) {
        out.push(
            `<h3>${KIND_TITLES[kind]} (${list.length})</h3>`,
            `<p class="fix"><strong>Fix:</strong> ${prose(verifyFix(kind))}</p><ul>`,
        );
        for (const p of list) {
            const name = names.get(p.subscriptionId);
            out.push(
                `<li><code>${escapeHtml(p.subscriptionId)}</code>${name ? ` (${escapeHtml(name)})` : ""}: ${prose(p.detail)}</li>`,
            );
        }
        out.push("</ul>");
    }
    return out.join("\n");
}

/** The columns of {@link DISPLAY_HEADERS} after "Customer" (customers head their own row groups). */
const HEADERS = DISPLAY_HEADERS.slice(1);

function customers(result: VerifyResult, cur: string): string {
    const { report } = result;
    const status = new Map(report.problems.map((p) => [p.subscriptionId, p.kind as string]));
    const out = [
        "<h2>Subscriptions by customer, most missed credit first</h2>",
        `<table><thead><tr>${HEADERS.map((h, i) => `<th${i >= 1 && i <= 7 ? ' class="n"' : ""}>${h}</th>`).join("")}</tr></thead>`,
    ];
    for (const g of customerGroups(result)) {
        out.push(
            `<tbody><tr class="c"><th colspan="9">${escapeHtml(g.name)} · billed ${formatMoney(g.billingPreTaxTotal)}${cur} · missed credit ${formatMoney(g.estimatedMissedCredit)}${cur}</th></tr>`,
        );
        for (const s of g.subscriptions) {
            const without = s.daysWithoutPec.length
                ? `${s.daysWithoutPec.length} (${dayRanges(s.daysWithoutPec)})`
                : "0";
            const st = status.get(s.subscriptionId) ?? (s.eligibleLineItems === 0 ? "not eligible" : "ok");
            out.push(
                `<tr><td><code>${escapeHtml(s.subscriptionId)}</code></td><td class="n">${s.lineItems}</td><td class="n">${s.eligibleLineItems}</td><td class="n">${s.linesWithPec}</td><td class="n">${s.daysWithPec}</td><td class="n">${without}</td><td class="n">${formatMoney(s.billingPreTaxTotal)}</td><td class="n">${formatMoney(s.estimatedMissedCredit)}</td><td>${st}</td></tr>`,
            );
        }
        out.push("</tbody>");
    }
    const absent = report.problems.filter((p) => p.kind === "expected-but-absent");
    if (absent.length > 0) {
        out.push('<tbody><tr class="c"><th colspan="9">Expected, no usage in the data</th></tr>');
        for (const p of absent) {
            out.push(
                `<tr><td><code>${escapeHtml(p.subscriptionId)}</code></td><td class="n">0</td><td class="n">0</td><td class="n">0</td><td class="n">0</td><td class="n">0</td><td class="n">-</td><td class="n">-</td><td>${p.kind}</td></tr>`,
            );
        }
        out.push("</tbody>");
    }
    out.push("</table>");
    return out.join("\n");
}

/** Ranges of left-out days listed by name; the rest are counted. */
const LEFT_OUT_RANGES = 10;

/** What the heatmap does not draw: the days with usage outside its window, as ranges (the first few). */
function leftOut(outside: string[], subscriptions: number, drawn: { from: string; to: string }): string {
    const ranges = dayRanges(outside).split(", ");
    const listed = ranges.slice(0, LEFT_OUT_RANGES).join(", ");
    const more = ranges.length > LEFT_OUT_RANGES ? ` and ${ranges.length - LEFT_OUT_RANGES} more ranges` : "";
    return (
        `<p class="fix">The heatmap shows ${escapeHtml(drawn.from)} to ${escapeHtml(drawn.to)}, the stretch of at most ${HEATMAP_MAX_DAYS} days ` +
        `with the most usage. Not drawn: eligible usage on ${outside.length} other day(s) in ${subscriptions} subscription(s): ` +
        `${escapeHtml(listed)}${more}. The tables count them; dates far apart usually mean files of different periods or a damaged file.</p>`
    );
}

/** Every day from `from` to `to`, inclusive (`YYYY-MM-DD`). */
function daysBetween(from: string, to: string): string[] {
    const days: string[] = [];
    const d = new Date(`${from}T00:00:00Z`);
    const end = new Date(`${to}T00:00:00Z`).getTime();
    while (d.getTime() <= end) {
        days.push(d.toISOString().slice(0, 10));
        d.setUTCDate(d.getUTCDate() + 1);
    }
    return days;
}

function heatmap(result: VerifyResult): string {
    const { report } = result;
    const out = ["<h2>Coverage per subscription and day</h2>"];
    if (!report.from || report.subscriptions.length === 0) return `${out[0]}<p>No usage in the data.</p>`;
    const drawn = heatmapWindow(report, result.days);
    const days = daysBetween(drawn.from, drawn.to);
    if (drawn.outside.length > 0) out.push(leftOut(drawn.outside, drawn.subscriptionsOutside, drawn));
    out.push(
        `<ul class="lg">${Object.values(STATES)
            .map((s) => `<li><${s.tag}>${s.symbol}</${s.tag}> ${s.label}</li>`)
            .join("")}</ul>`,
        `<div class="hm" style="--d:${days.length}">`,
        `<div class="h"><span>Subscription \\ day</span>${days.map((d) => `<span title="${d}">${d.slice(8)}</span>`).join("")}</div>`,
    );
    for (const g of customerGroups(result)) {
        out.push(`<div class="g">${escapeHtml(g.name)}</div>`);
        for (const s of g.subscriptions) {
            const counts = result.days.get(s.subscriptionId);
            const cells = days.map((day) => {
                const c = counts?.get(day);
                const state =
                    c === undefined || c.eligible === 0
                        ? STATES.idle
                        : c.withPec === c.eligible
                          ? STATES.full
                          : c.withPec === 0
                            ? STATES.none
                            : STATES.partial;
                return `<${state.tag}>${state.symbol}</${state.tag}>`;
            });
            out.push(`<div><span class="k">${escapeHtml(s.subscriptionId)}</span>${cells.join("")}</div>`);
        }
    }
    out.push("</div>");
    return out.join("\n");
}
