import { displayWidth, escapeControls, padCell } from "../format/cells";
import { markdownCell } from "../format/markdown";
import { markdownCode } from "../format/markdownCode";
import { whenText } from "./report";
import type { WatchFormat } from "./formats";
import type { ChangeRow, DelegationRow, WatchReport } from "./model";

/**
 * The formats of `lighthouse-pec watch`: a terminal table, JSON (the stable contract), and Markdown for a CI step
 * summary or an issue. Every value that came from Azure or the activity log is escaped for the format it lands
 * in: control characters as escapes in the table, `\u` escapes for invisible and bidirectional characters in
 * JSON, code spans in Markdown.
 */

// C1 controls, DEL, line/paragraph separators and bidirectional controls: valid in JSON strings, but a terminal or
// an editor showing the output would act on them. Escaped, the text still parses to the same value.
const INVISIBLE = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** The report as JSON (the documented, stable `--format json` output), with a final newline. */
export function renderWatchJson(report: WatchReport): string {
    const text = JSON.stringify(report, null, 2).replace(
        INVISIBLE,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    return `${text}\n`;
}

const changeText = (c: Pick<ChangeRow, "change" | "status" | "rawStatus">): string =>
    `${c.change === "removed" ? "removed" : "added or changed"}, ${c.status === "other" ? (c.rawStatus ?? "other") : c.status}`;

/** Cell text for the terminal: controls escaped, long values cut. */
function plain(value: string | null, max = 80): string {
    if (value === null) return "-";
    const text = escapeControls(value);
    const chars = Array.from(text);
    return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

function table(headers: string[], rows: string[][]): string[] {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => displayWidth(r[i]))));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => padCell(c, widths[i]))
            .join("  ")
            .trimEnd();
    return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function headline(report: WatchReport): string {
    const s = report.summary;
    return s.newAtRisk > 0
        ? `${s.newAtRisk} new finding(s) put PEC at risk`
        : s.atRisk > 0
          ? `nothing new at risk (${s.atRisk} still at risk, reported before)`
          : "nothing at risk";
}

function windowLine(report: WatchReport): string {
    const log = report.activityLog;
    return log === null
        ? "Tenant activity log: not read (--no-activity-log)."
        : `Tenant activity log of tenant ${report.managingTenantId}, ${log.since} to ${log.until}: ${log.events} delegation event(s)${log.alreadyReported ? `, ${log.alreadyReported} reported before (not repeated)` : ""}.`;
}

/**
 * A plain-text report for a terminal.
 * @param report the result of `buildWatchReport`
 */
export function renderWatchTable(report: WatchReport): string {
    const out: string[] = [`Delegation watch: ${headline(report)}.`, windowLine(report), ""];
    if (report.activityLog !== null) {
        if (report.changes.length === 0) out.push("No new delegation changes.", "");
        else {
            out.push("Changes:");
            out.push(
                ...table(
                    ["WHEN", "CHANGE", "CUSTOMER TENANT", "SUBSCRIPTION", "RESOURCE GROUP", "CALLER", "PEC"],
                    report.changes.map((c) => [
                        c.eventTimestamp === null ? "(no time)" : whenText(c.eventTimestamp),
                        plain(changeText(c)),
                        plain(c.customerTenantId),
                        plain(c.subscriptionId),
                        plain(c.resourceGroup, 40),
                        plain(c.caller, 40),
                        c.atRisk ? "AT RISK" : "ok",
                    ]),
                ).map((l) => `  ${l}`),
            );
            out.push("");
            for (const c of report.changes) {
                const where = c.subscriptionId ?? "(subscription unknown)";
                out.push(`  ${where}: ${plain(c.pecEffect, 2000)}`);
                if (c.rawDescription !== null) out.push(`    Description: ${plain(c.rawDescription, 300)}`);
                if (c.fix) out.push(`    Fix: ${plain(c.fix, 2000)}`);
            }
            out.push("");
        }
    }
    if (report.delegations.length > 0) {
        out.push("Delegations checked now:");
        out.push(
            ...table(
                ["SUBSCRIPTION", "VERDICT", "ROLES", "OFFER", "SINCE", "PEC"],
                report.delegations.map((d) => [
                    d.subscriptionId,
                    d.verdict,
                    plain(d.roles.join(", ") || "-", 60),
                    plain(d.offers.join(", ") || "-", 40),
                    whenText(d.since),
                    d.atRisk ? (d.new ? "AT RISK (new)" : "AT RISK") : "ok",
                ]),
            ).map((l) => `  ${l}`),
        );
        const atRisk = report.delegations.filter((d) => d.atRisk);
        if (atRisk.length > 0) out.push("");
        for (const d of atRisk) {
            out.push(`  ${d.subscriptionId}: ${d.verdict}: ${plain(d.detail, 2000)}`);
            if (d.fix) out.push(`    Fix: ${plain(d.fix, 2000)}`);
        }
        out.push("");
    }
    const s = report.summary;
    out.push(
        `${s.changes} new change(s), ${s.delegations} delegation(s) checked: ${s.atRisk} at risk, ${s.newAtRisk} of them new.`,
    );
    return `${out.join("\n")}\n`;
}

const code = (value: string | null): string => (value === null ? "-" : markdownCode(value, { inTable: true }));

function changeRowMarkdown(c: ChangeRow): string {
    const cells = [
        c.eventTimestamp === null ? "-" : whenText(c.eventTimestamp),
        markdownCell(c.change === "removed" ? "removed" : "added or changed"),
        c.status === "other" ? code(c.rawStatus) : c.status,
        code(c.customerTenantId),
        code(c.subscriptionId),
        code(c.resourceGroup),
        code(c.caller),
        c.atRisk ? "❌ at risk" : "✅ ok",
        markdownCell(c.pecEffect) + (c.rawDescription === null ? "" : ` Description: ${code(c.rawDescription)}`),
        markdownCell(c.fix),
    ];
    return `| ${cells.join(" | ")} |`;
}

function delegationRowMarkdown(d: DelegationRow): string {
    const cells = [
        code(d.subscriptionId),
        `\`${d.verdict}\``,
        d.roles.map((r) => code(r)).join(", ") || "-",
        d.offers.map((o) => code(o)).join(", ") || "-",
        whenText(d.since),
        d.atRisk ? (d.new ? "❌ at risk (new)" : "❌ at risk") : "✅ ok",
        markdownCell(d.detail),
        markdownCell(d.fix),
    ];
    return `| ${cells.join(" | ")} |`;
}

/**
 * Markdown for a CI step summary (`>> $GITHUB_STEP_SUMMARY`) or an issue body.
 * @param report the result of `buildWatchReport`
 */
export function renderWatchMarkdown(report: WatchReport): string {
    const s = report.summary;
    const out: string[] = [`## ${s.newAtRisk > 0 ? "❌" : "✅"} Lighthouse delegation watch: ${headline(report)}`, ""];
    const log = report.activityLog;
    out.push(
        log === null
            ? "Tenant activity log: not read (`--no-activity-log`)."
            : `Tenant activity log of tenant \`${report.managingTenantId}\`, ${whenText(log.since)} to ${whenText(log.until)}: ${log.events} delegation event(s)${log.alreadyReported ? `, ${log.alreadyReported} reported before (not repeated)` : ""}.`,
        "",
    );
    if (log !== null) {
        out.push("### Delegation changes", "");
        if (report.changes.length === 0) out.push("No new delegation changes.", "");
        else
            out.push(
                "| When | Change | Status | Customer tenant | Subscription | Resource group | Caller | PEC | What it does to PEC | Fix |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
                ...report.changes.map(changeRowMarkdown),
                "",
            );
    }
    if (report.delegations.length > 0)
        out.push(
            "### Delegations checked now",
            "",
            "| Subscription | Verdict | Roles | Offer | Since | PEC | Detail | Fix |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
            ...report.delegations.map(delegationRowMarkdown),
            "",
        );
    out.push(
        `${s.changes} new change(s), ${s.delegations} delegation(s) checked: **${s.atRisk} at risk**, ${s.newAtRisk} of them new.`,
    );
    return `${out.join("\n")}\n`;
}

/**
 * Renders the report.
 * @param report the report
 * @param format the format
 */
export function renderWatch(report: WatchReport, format: WatchFormat): string {
    return format === "json"
        ? renderWatchJson(report)
        : format === "markdown"
          ? renderWatchMarkdown(report)
          : renderWatchTable(report);
}
