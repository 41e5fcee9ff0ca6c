import type { FleetProgress, StackResult } from "./run";
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
        lines.push("", `${f.stack} failed:`, ...(f.error ?? "").split("\n").map((l) => `  ${l}`));
    }
    return `${lines.join("\n")}\n`;
}

/** The machine-readable summary (`--format json`). */
export function renderJson(operation: FleetOperation, results: StackResult[]): string {
    const failed = results.filter((r) => r.result === "failed").length;
    return `${JSON.stringify({ operation, succeeded: results.length - failed, failed, stacks: results }, null, 2)}\n`;
}

/** The live progress line (no newline): counts and the stacks in flight. */
export function progressLine(operation: FleetOperation, p: FleetProgress, width = 120): string {
    const line =
        `fleet ${operation}: ${p.done}/${p.total} done, ${p.failed} failed` +
        (p.running.length > 0 ? ` · running: ${p.running.join(", ")}` : "");
    return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}
