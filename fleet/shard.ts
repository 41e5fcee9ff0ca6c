// Splitting a fleet across CI runners: `fleet preview|up --shard <k>/<n>`. A stack's shard depends on its
// name and n alone (a hash, never its position in the list), so every runner of a matrix computes the same
// split, and adding or removing stacks never moves the others. Jump consistent hashing (Lamping and Veach,
// "A Fast, Minimal Memory, Consistent Hash Algorithm", 2014, arXiv:1406.2294) maps the hash to a shard:
// uniform like `hash mod n`, and when n grows to n + 1 only the stacks that land in the new shard move.
import { createHash } from "node:crypto";

/** One shard of a fleet: `--shard 3/8` is `{ index: 3, count: 8 }` (1-based). */
export interface ShardSpec {
    /** Which shard, from 1 to `count`. */
    index: number;
    /** How many shards the fleet is split into. */
    count: number;
}

/** The most shards a fleet can be split into (a GitHub Actions matrix runs at most 256 jobs). */
export const SHARD_COUNT_MAX = 1000;

/** A usage problem with a `--shard` value: what is wrong, for a message that also names the flag, value and fix. */
export interface ShardSpecProblem {
    /** What is wrong with the value. */
    problem: string;
}

/** How to write `--shard`, for error messages. */
export const SHARD_FIX = "Fix: --shard <k>/<n>, the k-th of n shards, 1 ≤ k ≤ n (e.g. --shard 3/8)";

/**
 * Parses `<k>/<n>` (1-based: `1/4` … `4/4`).
 * @param text the value of `--shard`
 * @returns the spec, or what is wrong with the value
 */
export function parseShardSpec(text: string): ShardSpec | ShardSpecProblem {
    const m = /^(\d{1,6})\/(\d{1,6})$/.exec(text);
    if (!m) {
        return { problem: "is not <k>/<n> (two whole numbers separated by a slash)" };
    }
    const index = Number(m[1]);
    const count = Number(m[2]);
    if (count < 1 || count > SHARD_COUNT_MAX) {
        return { problem: `the shard count n must be from 1 to ${SHARD_COUNT_MAX}` };
    }
    if (index < 1 || index > count) {
        return {
            problem: `the shard number k must be from 1 to the shard count (${count}); shards are numbered from 1`,
        };
    }
    return { index, count };
}

/** True when `parsed` is a problem, not a spec. */
export function isShardProblem(parsed: ShardSpec | ShardSpecProblem): parsed is ShardSpecProblem {
    return "problem" in parsed;
}

const MASK_64 = (1n << 64n) - 1n;
const JUMP_MULTIPLIER = 2862933555777941757n;

/** The first 8 bytes of the SHA-256 of the stack name (UTF-8), as an unsigned 64-bit integer. */
export function stackKey(stack: string): bigint {
    return createHash("sha256").update(stack, "utf8").digest().readBigUInt64BE(0);
}

/**
 * Jump consistent hash: a bucket in [0, buckets) for a 64-bit key. The loop ends: `j` grows by at least one
 * each turn (the divisor is at most 2^31), so it runs at most `buckets` times (about ln(buckets) on average).
 * @param key a uniformly distributed 64-bit key
 * @param buckets how many buckets (≥ 1)
 */
export function jumpHash(key: bigint, buckets: number): number {
    let k = key & MASK_64;
    let b = -1;
    let j = 0;
    while (j < buckets) {
        b = j;
        k = (k * JUMP_MULTIPLIER + 1n) & MASK_64;
        j = Math.floor((b + 1) * (2 ** 31 / Number((k >> 33n) + 1n)));
    }
    return b;
}

/**
 * The shard (1-based) a stack belongs to when the fleet is split into `count` shards.
 * @param stack the stack name
 * @param count how many shards
 */
export function shardOf(stack: string, count: number): number {
    return jumpHash(stackKey(stack), count) + 1;
}

/**
 * The stacks of one shard, in the order given.
 * @param stacks every stack of the fleet run
 * @param spec which shard
 */
export function stacksOfShard(stacks: readonly string[], spec: ShardSpec): string[] {
    return stacks.filter((s) => shardOf(s, spec.count) === spec.index);
}

/**
 * How many stacks each shard gets (index 0 is shard 1).
 * @param stacks every stack of the fleet run
 * @param count how many shards
 */
export function shardSizes(stacks: readonly string[], count: number): number[] {
    const sizes = new Array<number>(count).fill(0);
    for (const s of stacks) sizes[shardOf(s, count) - 1]++;
    return sizes;
}
