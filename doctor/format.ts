import { displayWidth, escapeControls, escapeJsonControls, escapeTerminal, padCell } from "../pec/format/cells";
import { linkState, linkStateText } from "./link";
import type { AccessGrant, DoctorReport } from "./model";

/** Output formats of `doctor`. */
export const DOCTOR_FORMATS = ["table", "json"] as const;

/** One of {@link DOCTOR_FORMATS}. */
export type DoctorFormat = (typeof DOCTOR_FORMATS)[number];

/**
 * The report as JSON (the documented, stable `--format json` output), with a final newline; control and bidi
 * characters in names are `\uXXXX` escapes (the same strings once parsed), never raw to a terminal.
 */
export function renderDoctorJson(report: DoctorReport): string {
    return `${escapeJsonControls(JSON.stringify(report, null, 2))}\n`;
}

const shortGrant = (g: AccessGrant): string =>
    `${g.roleName ?? g.roleDefinitionId} [${g.source === "lighthouse-eligible" ? "jit" : g.source}${g.wholeSubscription ? "" : ", part"}]`;

/**
 * A plain-text table: who and which link, one row per subscription with its verdict, then every
 * problem with its fix, then a summary line.
 * @param report - the result of `diagnose`
 */
export function renderDoctorTable(report: DoctorReport): string {
    const { identity: id, partnerAdminLink: pal } = report;
    const out: string[] = [];
    out.push(
        `Identity: object ID ${id.objectId}${id.clientId ? ` (client ID ${id.clientId})` : ""} in tenant ${id.tenantId}`,
    );
    out.push(
        `Partner Admin Link: ${pal.linked ? `partner ID ${pal.partnerId}${pal.partnerName ? ` (${escapeControls(pal.partnerName)})` : ""}, ${pal.state}` : "NOT LINKED"}`,
        "",
    );
    const headers = ["SUBSCRIPTION", "NAME", "DELEGATION", "ACCESS", "VERDICT"];
    // Names come from Azure: control characters are shown as escapes so that each row stays one line.
    const rows = report.subscriptions.map((s) =>
        [
            s.subscriptionId,
            s.displayName ?? (s.visible ? "" : "(not visible)"),
            s.registrationAssignments
                .map((a) => a.registrationDefinitionName ?? a.id.split("/").pop() ?? "")
                .join(", ") || (s.delegated ? "(delegated)" : "-"),
            s.access.map(shortGrant).join(", ") || "-",
            s.verdict,
        ].map(escapeControls),
    );
    if (rows.length === 0) out.push("The identity sees no subscription.");
    else {
        const widths = headers.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => displayWidth(r[i])))));
        const line = (cells: string[]) =>
            cells
                .map((c, i) => padCell(c, widths[i]))
                .join("  ")
                .trimEnd();
        out.push(line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line));
    }
    if (report.problems.length > 0) {
        out.push("", "Problems:");
        for (const p of report.problems) {
            out.push(`  ${p.subscriptionId ?? "Partner Admin Link"}: ${p.kind}: ${escapeControls(p.detail)}`);
            if (p.fix) out.push(`    Fix: ${escapeControls(p.fix)}`);
        }
    }
    // AOBO rows that are not problems still carry the warning about removing AOBO too early (and, when the
    // link is not in order, that the Lighthouse path cannot take over yet).
    const link = linkState({
        link: pal.linked
            ? { partnerId: pal.partnerId ?? "", partnerName: pal.partnerName, state: pal.state ?? "" }
            : null,
        expectedPartnerId: pal.expectedPartnerId,
    });
    const notes = report.subscriptions.filter(
        (r) => !r.problem && (r.verdict === "aobo-only" || (r.verdict === "aobo-and-lighthouse" && link !== "linked")),
    );
    const linkNote =
        link !== "linked" && !report.problems.some((p) => p.subscriptionId === null)
            ? `  Partner Admin Link: ${linkStateText(link)}; not needed here: every subscription that earns PEC is reached through CSP admin-on-behalf-of (AOBO), which needs no link.`
            : undefined;
    const log = report.activityLog;
    const logNote =
        log && !log.read
            ? `  Tenant activity log: not read (${escapeControls(log.error ?? "unknown failure")}), so the problems above do not say when a delegation changed. Reading it needs Monitoring Reader at root scope (/); \`lighthouse-pec watch\` explains how (docs/watch.md).`
            : undefined;
    if (notes.length > 0 || linkNote || logNote) {
        out.push("", "Notes:");
        if (linkNote) out.push(linkNote);
        for (const r of notes) out.push(`  ${r.subscriptionId}: ${r.verdict}: ${escapeControls(r.detail)}`);
        if (logNote) out.push(logNote);
    }
    const s = report.summary;
    out.push("", `${s.subscriptions} subscription(s): ${s.ok} ok, ${s.problems} problem(s).`);
    // Every line once more through the terminal escape: a value not escaped above (an ID from Azure) still cannot act.
    return `${escapeTerminal(out.join("\n"))}\n`;
}
