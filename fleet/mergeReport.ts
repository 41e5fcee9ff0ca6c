// What `fleet summary --merge` prints: a table for a terminal, Markdown for `$GITHUB_STEP_SUMMARY`, or the
// merged summary as JSON (itself a summary: `fleet up --retry-failed` and another merge read it).
import { escapeControls } from "../pec/format/cells";
import { cell as markdownCell } from "../pec/format/markdown";
import type { MergedRun } from "./merge";
import { formatDuration, renderJson } from "./summary";
import type { StackChanges } from "./workspace";

/** Formats of `fleet summary`. */
export const MERGE_FORMATS = ["table", "markdown", "json"] as const;

/** A format of `fleet summary`. */
export type MergeFormat = (typeof MERGE_FORMATS)[number];

/** Failed stacks listed in Markdown at most (a step summary is limited to 1 MiB); the JSON lists all. */
export const MARKDOWN_FAILURES_MAX = 100;

/** `1h 02m 03s`, `4m 05s`, `12.3s`. */
export function formatLongDuration(ms: number): string {
    if (ms < 60_000) return formatDuration(ms);
    const seconds = Math.round(ms / 1000);
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const two = (n: number): string => String(n).padStart(2, "0");
    return h > 0 ? `${h}h ${two(m)}m ${two(s)}s` : `${m}m ${two(s)}s`;
}

/** `+3 ~1 -0 ±0`: creates, updates, deletes, replaces. */
function changesText(c: StackChanges): string {
    return `+${c.create} ~${c.update} -${c.delete} ±${c.replace}`;
}

/** Whether the merged run is a success: no failed stack and no missing shard. */
export function mergedOk(run: MergedRun): boolean {
    return run.summary.failed === 0 && (run.summary.merged?.missingShards?.length ?? 0) === 0;
}

function missingText(run: MergedRun): string | undefined {
    const missing = run.summary.merged?.missingShards ?? [];
    const count = run.summary.merged?.shardCount;
    if (missing.length === 0 || count === undefined) return undefined;
    return `no summary from shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")}: their stacks are not counted`;
}

/** Columns padded to their widest cell; the last column is not padded. */
function columns(rows: string[][]): string[] {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) =>
        r
            .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd(),
    );
}

/**
 * The merged run for a terminal: totals, shards, failed stacks (step and message), the slowest stacks.
 * @param run the merge
 */
export function renderMergedTable(run: MergedRun): string {
    const { summary } = run;
    const safe = escapeControls;
    const out: string[] = [
        `fleet ${summary.operation}, ${summary.merged?.files ?? 1} summaries merged: ${summary.stacks.length} stacks, ${summary.succeeded} succeeded, ${summary.failed} failed`,
        `changes: ${changesText(run.changes)}, ${run.changes.same} unchanged resources; stack time ${formatLongDuration(run.stackTimeMs)} (the stacks' durations added up)`,
    ];
    const missing = missingText(run);
    if (missing) out.push(`missing: ${missing}`);
    if (run.shards) {
        const count = summary.merged?.shardCount ?? 0;
        out.push(
            "",
            ...columns([
                ["SHARD", "STACKS", "FAILED", "DURATION"],
                ...run.shards.map((s) => [
                    `${s.index}/${count}`,
                    String(s.stacks),
                    String(s.failed),
                    s.durationMs === undefined ? "-" : formatLongDuration(s.durationMs),
                ]),
            ]),
        );
    }
    const failed = summary.stacks.filter((s) => s.result === "failed");
    if (failed.length > 0) {
        out.push(
            "",
            ...columns([
                ["FAILED STACK", "STEP", "ERROR"],
                ...failed.map((f) => [safe(f.stack), safe(f.step ?? "-"), safe(f.error ?? "-")]),
            ]),
        );
    }
    const slowest = summary.slowest ?? [];
    if (slowest.length > 0) {
        out.push(
            "",
            ...columns([
                ["SLOWEST STACK", "DURATION", "RESULT"],
                ...slowest.map((s) => [safe(s.stack), formatLongDuration(s.durationMs), s.result]),
            ]),
        );
    }
    return `${out.join("\n")}\n`;
}

/**
 * The merged run as Markdown for a GitHub step summary (`>> "$GITHUB_STEP_SUMMARY"`). Stack names and
 * messages are data: escaped as table cells (no column break, no line break, no HTML).
 * @param run the merge
 */
export function renderMergedMarkdown(run: MergedRun): string {
    const { summary } = run;
    const ok = mergedOk(run);
    const total = summary.stacks.length;
    const out: string[] = [
        ok
            ? `## ✅ fleet ${summary.operation}: ${total} stacks succeeded`
            : summary.failed > 0
              ? `## ❌ fleet ${summary.operation}: ${summary.failed} of ${total} stacks failed`
              : `## ❌ fleet ${summary.operation}: ${total} stacks succeeded, but summaries are missing`,
        "",
        "| stacks | succeeded | failed | changes | stack time | summaries |",
        "| ---: | ---: | ---: | --- | ---: | ---: |",
        `| ${total} | ${summary.succeeded} | ${summary.failed} | ${changesText(run.changes)} | ${formatLongDuration(run.stackTimeMs)} | ${summary.merged?.files ?? 1} |`,
    ];
    const missing = missingText(run);
    if (missing) out.push("", `> **Missing:** ${markdownCell(missing)}.`);
    if (run.shards) {
        const count = summary.merged?.shardCount ?? 0;
        out.push("", "### Shards", "", "| shard | stacks | failed | duration |", "| --- | ---: | ---: | ---: |");
        for (const s of run.shards) {
            out.push(
                `| ${s.index}/${count} | ${s.stacks} | ${s.failed} | ${s.durationMs === undefined ? "-" : formatLongDuration(s.durationMs)} |`,
            );
        }
    }
    const failed = summary.stacks.filter((s) => s.result === "failed");
    if (failed.length > 0) {
        out.push("", "### Failed stacks", "", "| stack | step | error |", "| --- | --- | --- |");
        for (const f of failed.slice(0, MARKDOWN_FAILURES_MAX)) {
            out.push(`| ${[f.stack, f.step ?? "-", f.error ?? "-"].map(markdownCell).join(" | ")} |`);
        }
        if (failed.length > MARKDOWN_FAILURES_MAX) {
            out.push(
                "",
                `… and ${failed.length - MARKDOWN_FAILURES_MAX} more: see the merged JSON (\`--format json\`).`,
            );
        }
    }
    const slowest = summary.slowest ?? [];
    if (slowest.length > 0) {
        out.push("", "### Slowest stacks", "", "| stack | duration | result |", "| --- | ---: | --- |");
        for (const s of slowest) {
            out.push(`| ${markdownCell(s.stack)} | ${formatLongDuration(s.durationMs)} | ${s.result} |`);
        }
    }
    return `${out.join("\n")}\n`;
}

/**
 * Renders the merged run.
 * @param run the merge
 * @param format table, markdown or json
 */
export function renderMerged(run: MergedRun, format: MergeFormat): string {
    switch (format) {
        case "markdown":
            return renderMergedMarkdown(run);
        case "json":
            return renderJson(run.summary);
        case "table":
            return renderMergedTable(run);
    }
}
