import type { FleetProgress, StackResult } from "./run";
import type { FleetSummary } from "./summaryFile";
import type { FleetOperation } from "./workspace";

/** `+1 ~2 -0 ±0` (create, update, delete, replace), or "no changes". */
export function formatChanges(r: StackResult): string {
    if (!r.changes) {
        return "-";
    }
    const { create, update, delete: del, replace } = r.changes;
    return create + update + del + replace === 0 ? "no changes" : `+${create} ~${update} -${del} ±${replace}`;
}

/** Seconds with one decimal: `12.3s`. */
export function formatDuration(ms: number): string {
    return `${(ms / 1000).toFixed(1)}s`;
}

/** The summary table: stack, changes, duration, result, then each failure's reason. */
export function renderTable(operation: FleetOperation, results: StackResult[]): string {
    const rows = [
        ["STACK", "CHANGES", "DURATION", "RESULT"],
        ...results.map((r) => [r.stack, formatChanges(r), formatDuration(r.durationMs), r.result]),
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    const lines = rows.map((row) =>
        row
            .map((cell, i) => cell.padEnd(widths[i]))
            .join("  ")
            .trimEnd(),
    );
    const failed = results.filter((r) => r.result === "failed");
    lines.push("", `${operation}: ${results.length - failed.length} succeeded, ${failed.length} failed`);
    for (const f of failed) {
        lines.push("", `${f.stack}: ${failureLine(f)}`, ...detailLines(f).map((l) => `  ${l}`));
    }
    return `${lines.join("\n")}\n`;
}

/** `preview failed: <first line of Pulumi's message>` (the step, when known, then the message). */
export function failureLine(r: Pick<StackResult, "step" | "error">): string {
    return `${r.step ? `${r.step} failed` : "failed"}: ${r.error ?? "no message"}`;
}

/** The detail lines of a failure worth showing under its headline (none when they only repeat it). */
function detailLines(r: StackResult): string[] {
    const lines = (r.detail ?? "").split("\n").filter((l) => l.trim() !== "");
    const bare = (l: string): string => l.trim().replace(/^error:\s*/, "");
    return lines.length === 1 && bare(lines[0]) === r.error ? [] : lines;
}

/** The machine-readable summary (`--format json`): a {@link FleetSummary}, what `fleet summary --merge` reads. */
export function renderJson(summary: FleetSummary): string {
    return `${JSON.stringify(summary, null, 2)}\n`;
}

/** The line for a finished stack when stderr is not a terminal: `fleet up: customer-b failed (3/40): preview failed: …`. */
export function finishedLine(operation: FleetOperation, p: FleetProgress & { finished: StackResult }): string {
    const { stack, result } = p.finished;
    const why = result === "failed" ? `: ${failureLine(p.finished)}` : "";
    return `fleet ${operation}: ${stack} ${result} (${p.done}/${p.total})${why}\n`;
}

/** The live progress line (no newline): counts and the stacks in flight. */
export function progressLine(operation: FleetOperation, p: FleetProgress, width = 120): string {
    const line =
        `fleet ${operation}: ${p.done}/${p.total} done, ${p.failed} failed` +
        (p.running.length > 0 ? ` · running: ${p.running.join(", ")}` : "");
    return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}
