// `fleet summary --merge`: the summaries of a run's shards (or of any fleet runs of one operation) as one.
import { InputError } from "../core/errors";
import type { StackResult } from "./run";
import { FleetSummary, SlowStack, summaryOf } from "./summaryFile";
import type { StackChanges } from "./workspace";

/** How many stacks the slowest-stacks list shows. */
export const SLOWEST_COUNT = 10;

/** A summary file as read: where it came from (`--merge <path>`) and what it holds. */
export interface SummaryInput {
    /** The flag and path, for messages. */
    source: string;
    /** The parsed summary. */
    summary: FleetSummary;
}

/** One shard's part of a merged run. */
export interface ShardLine {
    /** The shard (1-based). */
    index: number;
    /** Stacks it ran. */
    stacks: number;
    /** Stacks that failed. */
    failed: number;
    /** Its wall-clock time, when its summary recorded it. */
    durationMs?: number;
}

/** The merge of several summaries. */
export interface MergedRun {
    /** The merged summary: every stack (sorted by name), totals, `merged` and `slowest` filled in. */
    summary: FleetSummary;
    /** Every stack's changes added up (succeeded stacks). */
    changes: StackChanges;
    /** The stacks' durations added up: the runner time the fleet used. */
    stackTimeMs: number;
    /** Per shard, when every file was one shard of the same split. */
    shards?: ShardLine[];
}

/** The slowest stacks, slowest first (ties by name). */
export function slowestStacks(stacks: StackResult[], count = SLOWEST_COUNT): SlowStack[] {
    return [...stacks]
        .sort((a, b) => b.durationMs - a.durationMs || (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0))
        .slice(0, count)
        .map(({ stack, durationMs, result }) => ({ stack, durationMs, result }));
}

/** Sums the changes of the stacks that have them. */
export function totalChanges(stacks: StackResult[]): StackChanges {
    const total: StackChanges = { create: 0, update: 0, delete: 0, replace: 0, same: 0 };
    for (const { changes } of stacks) {
        if (!changes) continue;
        total.create += changes.create;
        total.update += changes.update;
        total.delete += changes.delete;
        total.replace += changes.replace;
        total.same += changes.same;
    }
    return total;
}

const FIX = "Merge the summaries of one run: each shard's file once, all of the same operation";

/**
 * Merges summaries of one operation. A stack in two files, two files of the same shard, different shard
 * counts or different operations are errors (exit 2), naming the files.
 * @param inputs the summaries, in the order given
 * @throws InputError naming the conflicting files
 */
export function mergeSummaries(inputs: SummaryInput[]): MergedRun {
    if (inputs.length === 0) throw new InputError("no summary file given", { source: "--merge" }, FIX);
    const [first] = inputs;
    const operation = first.summary.operation;
    const owner = new Map<string, string>();
    const stacks: StackResult[] = [];
    for (const { source, summary } of inputs) {
        if (summary.operation !== operation) {
            throw new InputError(
                `is a summary of \`fleet ${summary.operation}\`, but ${first.source} is one of \`fleet ${operation}\``,
                { source, field: "operation" },
                FIX,
            );
        }
    }
    // Shards before stacks: a shard's file given twice is best said as such, not as its first stack twice.
    const shards = shardLines(inputs);
    for (const { source, summary } of inputs) {
        for (const result of summary.stacks) {
            const other = owner.get(result.stack);
            if (other !== undefined) {
                throw new InputError(
                    `names stack ${JSON.stringify(result.stack)}, which ${other} names too`,
                    { source, field: "stacks" },
                    FIX,
                );
            }
            owner.set(result.stack, source);
            stacks.push(result);
        }
    }
    stacks.sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
    const merged = summaryOf(operation, stacks);
    merged.merged = { files: inputs.length };
    if (shards) {
        merged.merged.shardCount = shards.count;
        merged.merged.missingShards = shards.missing;
    }
    merged.slowest = slowestStacks(stacks);
    return {
        summary: merged,
        changes: totalChanges(stacks),
        stackTimeMs: stacks.reduce((sum, s) => sum + s.durationMs, 0),
        shards: shards?.lines,
    };
}

/** Per-shard lines and the missing shards, when every input is one shard of the same split. */
function shardLines(inputs: SummaryInput[]): { count: number; lines: ShardLine[]; missing: number[] } | undefined {
    if (!inputs.every((i) => i.summary.shard !== undefined)) return undefined;
    const count = inputs[0].summary.shard!.count;
    const byIndex = new Map<number, string>();
    const lines: ShardLine[] = [];
    for (const { source, summary } of inputs) {
        const shard = summary.shard!;
        if (shard.count !== count) {
            throw new InputError(
                `is shard ${shard.index}/${shard.count}, but ${inputs[0].source} is shard ${inputs[0].summary.shard!.index}/${count}: different splits`,
                { source, field: "shard" },
                FIX,
            );
        }
        const other = byIndex.get(shard.index);
        if (other !== undefined) {
            throw new InputError(
                `is shard ${shard.index}/${count}, and so is ${other}`,
                { source, field: "shard" },
                FIX,
            );
        }
        byIndex.set(shard.index, source);
        lines.push({
            index: shard.index,
            stacks: summary.stacks.length,
            failed: summary.failed,
            ...(summary.durationMs !== undefined ? { durationMs: summary.durationMs } : {}),
        });
    }
    lines.sort((a, b) => a.index - b.index);
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
    return { count, lines, missing };
}
