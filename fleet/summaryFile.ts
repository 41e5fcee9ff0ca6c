// The JSON summary of a fleet run (`fleet preview|up --format json`): what one CI shard uploads, what
// `fleet summary --merge` combines and what `fleet up --retry-failed` reads. Read strictly: a file of another
// shape or a newer version is refused with the file, the field and the fix, never half-understood.
import { InputError } from "../core/errors";
import type { StackResult } from "./run";
import type { ShardSpec } from "./shard";
import type { FleetOperation, StackChanges } from "./workspace";

/** The version of the summary format this code writes and reads. */
export const SUMMARY_VERSION = 1;

/** At most this many bytes are read from a summary file (a 10,000-stack summary is about 3 MiB). */
export const SUMMARY_FILE_MAX_BYTES = 64 * 1024 * 1024;

/** What a merged summary records about the files it came from. */
export interface MergedFrom {
    /** How many summary files were merged. */
    files: number;
    /** The shard count of the run, when every file was one shard of it. */
    shardCount?: number;
    /** The shards (1-based) that had no summary among the files. */
    missingShards?: number[];
}

/** A stack of the slowest-stacks list. */
export interface SlowStack {
    /** The stack name. */
    stack: string;
    /** How long its operation took. */
    durationMs: number;
    /** Whether it succeeded. */
    result: StackResult["result"];
}

/** A fleet summary file, version 1. */
export interface FleetSummary {
    /** The format version ({@link SUMMARY_VERSION}). */
    version: typeof SUMMARY_VERSION;
    /** What the run did. */
    operation: FleetOperation;
    /** The shard this run was (`--shard k/n`); absent for a whole fleet or a merged summary. */
    shard?: ShardSpec;
    /** Wall-clock time of the whole run, when it was one run. */
    durationMs?: number;
    /** Present on a merged summary (`fleet summary --merge --format json`). */
    merged?: MergedFrom;
    /** Stacks that succeeded. */
    succeeded: number;
    /** Stacks that failed. */
    failed: number;
    /** Every stack's result. */
    stacks: StackResult[];
    /** The slowest stacks, slowest first (merged summaries). */
    slowest?: SlowStack[];
}

const TOP_KEYS = new Set([
    "version",
    "operation",
    "shard",
    "durationMs",
    "merged",
    "succeeded",
    "failed",
    "stacks",
    "slowest",
]);
const STACK_KEYS = new Set(["stack", "result", "changes", "durationMs", "step", "error", "detail"]);
const CHANGE_KEYS = ["create", "update", "delete", "replace", "same"] as const;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;
const isDuration = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

/** Reads summary files, naming the file (as `<flag> <path>`) in every error. */
class SummaryReader {
    constructor(private readonly source: string) {}

    fail(problem: string, field?: string, value?: unknown): never {
        throw new InputError(
            problem,
            {
                source: this.source,
                field,
                value: value === undefined ? undefined : typeof value === "string" ? value : JSON.stringify(value),
            },
            "Give the JSON that `lighthouse-pec fleet preview|up --format json` (or `fleet summary --merge --format json`) wrote",
        );
    }

    unknownKeys(object: Json, allowed: Set<string>, at: string): void {
        const extra = Object.keys(object).filter((k) => !allowed.has(k));
        if (extra.length > 0)
            this.fail(
                `has unknown keys (${extra.join(", ")}): not a fleet summary of version ${SUMMARY_VERSION}`,
                at || undefined,
            );
    }

    count(object: Json, key: string, at: string): number {
        const v = object[key];
        if (!isCount(v)) this.fail("must be a whole number ≥ 0", `${at}${key}`, v);
        return v;
    }

    stackResult(value: unknown, i: number): StackResult {
        const at = `stacks[${i}]`;
        if (!isObject(value)) this.fail("must be an object", at, value);
        this.unknownKeys(value, STACK_KEYS, at);
        const { stack, result, durationMs, step, error, detail, changes } = value;
        if (typeof stack !== "string" || stack === "") this.fail("must be a stack name", `${at}.stack`, stack);
        if (result !== "succeeded" && result !== "failed")
            this.fail('must be "succeeded" or "failed"', `${at}.result`, result);
        if (!isDuration(durationMs)) this.fail("must be a number of milliseconds ≥ 0", `${at}.durationMs`, durationMs);
        for (const [key, v] of Object.entries({ step, error, detail })) {
            if (v !== undefined && typeof v !== "string") this.fail("must be text", `${at}.${key}`, v);
        }
        const out: StackResult = { stack, result, durationMs };
        if (changes !== undefined) out.changes = this.changes(changes, `${at}.changes`);
        if (typeof step === "string") out.step = step;
        if (typeof error === "string") out.error = error;
        if (typeof detail === "string") out.detail = detail;
        return out;
    }

    changes(value: unknown, at: string): StackChanges {
        if (!isObject(value)) this.fail("must be an object of change counts", at, value);
        this.unknownKeys(value, new Set(CHANGE_KEYS), at);
        const [create, update, del, replace, same] = CHANGE_KEYS.map((k) => this.count(value, k, `${at}.`));
        return { create, update, delete: del, replace, same };
    }

    shard(value: unknown): ShardSpec {
        if (!isObject(value)) this.fail("must be an object { index, count }", "shard", value);
        this.unknownKeys(value, new Set(["index", "count"]), "shard");
        const index = this.count(value, "index", "shard.");
        const count = this.count(value, "count", "shard.");
        if (count < 1 || index < 1 || index > count) this.fail("must have 1 ≤ index ≤ count", "shard", value);
        return { index, count };
    }

    merged(value: unknown): MergedFrom {
        if (!isObject(value)) this.fail("must be an object", "merged", value);
        this.unknownKeys(value, new Set(["files", "shardCount", "missingShards"]), "merged");
        const out: MergedFrom = { files: this.count(value, "files", "merged.") };
        if (value.shardCount !== undefined) out.shardCount = this.count(value, "shardCount", "merged.");
        if (value.missingShards !== undefined) {
            const missing = value.missingShards;
            if (!Array.isArray(missing) || !missing.every(isCount))
                this.fail("must be a list of shard numbers", "merged.missingShards", missing);
            out.missingShards = missing;
        }
        return out;
    }

    slowest(value: unknown): SlowStack[] {
        if (!Array.isArray(value)) this.fail("must be a list", "slowest", value);
        return value.map((v, i) => {
            const at = `slowest[${i}]`;
            if (!isObject(v)) this.fail("must be an object", at, v);
            this.unknownKeys(v, new Set(["stack", "durationMs", "result"]), at);
            if (
                typeof v.stack !== "string" ||
                !isDuration(v.durationMs) ||
                (v.result !== "succeeded" && v.result !== "failed")
            )
                this.fail("must be { stack, durationMs, result }", at, v);
            return { stack: v.stack, durationMs: v.durationMs, result: v.result };
        });
    }
}

/**
 * Parses and checks a fleet summary file.
 * @param text the file's content
 * @param source the flag and path that named it, e.g. `--merge shard-3/fleet.json`
 * @throws InputError naming the file, the field and the fix
 */
export function parseSummary(text: string, source: string): FleetSummary {
    const reader: SummaryReader = new SummaryReader(source);
    let document: unknown;
    try {
        document = JSON.parse(text) as unknown;
    } catch (err) {
        reader.fail(`is not JSON (${(err as Error).message.split("\n")[0]})`);
    }
    if (!isObject(document)) reader.fail("is not a fleet summary (a JSON object with version, operation and stacks)");
    const { version, operation } = document;
    if (version === undefined) reader.fail("is not a fleet summary: it has no version", "version");
    if (version !== SUMMARY_VERSION) {
        reader.fail(
            typeof version === "number" && version > SUMMARY_VERSION
                ? `is a fleet summary of version ${version}; this lighthouse-pec reads version ${SUMMARY_VERSION} (upgrade lighthouse-pec)`
                : `is not a known fleet summary version (this lighthouse-pec reads version ${SUMMARY_VERSION})`,
            "version",
            version,
        );
    }
    reader.unknownKeys(document, TOP_KEYS, "");
    if (operation !== "preview" && operation !== "up") reader.fail('must be "preview" or "up"', "operation", operation);
    if (!Array.isArray(document.stacks)) reader.fail("must be a list of stack results", "stacks", document.stacks);
    const stacks = document.stacks.map((s, i) => reader.stackResult(s, i));
    const seen = new Set<string>();
    for (const [i, s] of stacks.entries()) {
        if (seen.has(s.stack)) reader.fail("names a stack twice", `stacks[${i}].stack`, s.stack);
        seen.add(s.stack);
    }
    const succeeded = reader.count(document, "succeeded", "");
    const failed = reader.count(document, "failed", "");
    const failedNow = stacks.filter((s) => s.result === "failed").length;
    if (failed !== failedNow || succeeded !== stacks.length - failedNow) {
        reader.fail(
            `does not match its stacks (${stacks.length - failedNow} succeeded, ${failedNow} failed): the file was edited or cut short`,
            "succeeded/failed",
            `${succeeded}/${failed}`,
        );
    }
    const summary: FleetSummary = { version: SUMMARY_VERSION, operation, succeeded, failed, stacks };
    if (document.shard !== undefined) summary.shard = reader.shard(document.shard);
    if (document.durationMs !== undefined) {
        if (!isDuration(document.durationMs))
            reader.fail("must be a number of milliseconds ≥ 0", "durationMs", document.durationMs);
        summary.durationMs = document.durationMs;
    }
    if (document.merged !== undefined) summary.merged = reader.merged(document.merged);
    if (document.slowest !== undefined) summary.slowest = reader.slowest(document.slowest);
    return summary;
}

/**
 * The summary of one run, as `--format json` writes it.
 * @param operation what the run did
 * @param results every stack's result
 * @param extra the shard and the run's wall-clock time, when known
 */
export function summaryOf(
    operation: FleetOperation,
    results: StackResult[],
    extra: { shard?: ShardSpec; durationMs?: number } = {},
): FleetSummary {
    const failed = results.filter((r) => r.result === "failed").length;
    return {
        version: SUMMARY_VERSION,
        operation,
        ...(extra.shard ? { shard: extra.shard } : {}),
        ...(extra.durationMs !== undefined ? { durationMs: extra.durationMs } : {}),
        succeeded: results.length - failed,
        failed,
        stacks: results,
    };
}
