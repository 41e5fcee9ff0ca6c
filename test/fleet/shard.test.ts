import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
    isShardProblem,
    jumpHash,
    parseShardSpec,
    SHARD_COUNT_MAX,
    shardOf,
    shardSizes,
    stacksOfShard,
} from "../../fleet/shard";

const RUNS = { numRuns: 200, seed: 2121 };

/** Stack names as Pulumi allows them (letters, digits, `-`, `_`, `.`), distinct. */
const stackName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,40}$/);
const fleet = fc.uniqueArray(stackName, { minLength: 0, maxLength: 60 });
const shardCount = fc.integer({ min: 1, max: 40 });

/** customer-0000 … customer-(n-1): how `new-customer` fleets are often named. */
const customers = (n: number): string[] =>
    Array.from({ length: n }, (_, i) => `customer-${String(i).padStart(4, "0")}`);

describe("fleet shards (fleet/shard.ts)", () => {
    it("partition: every stack is in exactly one shard, and the shards together are the fleet", () => {
        fc.assert(
            fc.property(fleet, shardCount, (stacks, count) => {
                const parts = Array.from({ length: count }, (_, i) => stacksOfShard(stacks, { index: i + 1, count }));
                const seen = parts.flat();
                assert.equal(seen.length, stacks.length, "no stack in two shards, none left out");
                assert.deepEqual([...seen].sort(), [...stacks].sort());
                for (const s of stacks) {
                    const home = shardOf(s, count);
                    assert.ok(home >= 1 && home <= count, `shard ${home} of ${count}`);
                    assert.ok(parts[home - 1].includes(s));
                }
            }),
            RUNS,
        );
    });

    it("deterministic: the same stack, the same shard, whatever the order or company of the list", () => {
        fc.assert(
            fc.property(fleet, shardCount, (stacks, count) => {
                const reversed = [...stacks].reverse();
                for (let k = 1; k <= count; k++) {
                    const a = stacksOfShard(stacks, { index: k, count });
                    const b = stacksOfShard(reversed, { index: k, count });
                    assert.deepEqual([...a].sort(), [...b].sort());
                }
            }),
            RUNS,
        );
        // Fixed values (checked against an independent Python implementation of the paper's C++ code), so that a
        // change of the hash, which would move every partner's stacks to other shards, fails here.
        assert.deepEqual(
            ["customer-contoso", "customer-fabrikam", "customer-tailspin", "customer-0000"].map((s) => shardOf(s, 8)),
            [2, 7, 7, 4],
        );
    });

    it("stable when stacks are added: no existing stack changes shard", () => {
        fc.assert(
            fc.property(fleet, fleet, shardCount, (existing, added, count) => {
                const before = new Map(existing.map((s) => [s, shardOf(s, count)]));
                const grown = [...new Set([...existing, ...added])];
                for (let k = 1; k <= count; k++) {
                    for (const s of stacksOfShard(grown, { index: k, count })) {
                        if (before.has(s)) assert.equal(before.get(s), k, `${s} moved`);
                    }
                }
            }),
            RUNS,
        );
    });

    it("one more shard moves only the stacks that land in the new shard (about 1/(n+1) of them)", () => {
        fc.assert(
            fc.property(fleet, shardCount, (stacks, count) => {
                for (const s of stacks) {
                    const now = shardOf(s, count + 1);
                    assert.ok(now === shardOf(s, count) || now === count + 1, `${s} moved between old shards`);
                }
            }),
            RUNS,
        );
        const names = customers(3000);
        const moved = names.filter((s) => shardOf(s, 8) !== shardOf(s, 9)).length;
        assert.ok(moved > 3000 / 9 / 2 && moved < (3000 / 9) * 1.5, `${moved} of 3000 moved from 8 to 9 shards`);
    });

    it("near-equal: 3,000 stacks in 8 shards are within 12 % of the mean; one shard takes every stack", () => {
        const sizes = shardSizes(customers(3000), 8);
        assert.equal(
            sizes.reduce((a, b) => a + b, 0),
            3000,
        );
        const mean = 3000 / 8;
        assert.ok(Math.max(...sizes) <= mean * 1.12 && Math.min(...sizes) >= mean * 0.88, `sizes ${sizes.join(", ")}`);
        assert.deepEqual(shardSizes(customers(7), 1), [7]);
    });

    it("jumpHash stays in range for any 64-bit key and bucket count", () => {
        fc.assert(
            fc.property(
                fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
                fc.integer({ min: 1, max: SHARD_COUNT_MAX }),
                (key, n) => {
                    const b = jumpHash(key, n);
                    assert.ok(Number.isInteger(b) && b >= 0 && b < n);
                },
            ),
            RUNS,
        );
        assert.equal(jumpHash(0n, 1), 0);
    });

    it("parses k/n, 1-based, and says what is wrong with anything else", () => {
        assert.deepEqual(parseShardSpec("1/4"), { index: 1, count: 4 });
        assert.deepEqual(parseShardSpec("4/4"), { index: 4, count: 4 });
        assert.deepEqual(parseShardSpec("1/1"), { index: 1, count: 1 });
        const problems: Record<string, RegExp> = {
            "0/4": /k must be from 1 to the shard count \(4\); shards are numbered from 1/,
            "5/4": /k must be from 1 to the shard count \(4\)/,
            x: /is not <k>\/<n>/,
            "": /is not <k>\/<n>/,
            "1/0": /n must be from 1 to 1000/,
            "1/1001": /n must be from 1 to 1000/,
            "-1/4": /is not <k>\/<n>/,
            "1.5/4": /is not <k>\/<n>/,
            " 1/4": /is not <k>\/<n>/,
            "1/4/8": /is not <k>\/<n>/,
            "3 of 8": /is not <k>\/<n>/,
        };
        for (const [spec, problem] of Object.entries(problems)) {
            const parsed = parseShardSpec(spec);
            assert.ok(isShardProblem(parsed), `${JSON.stringify(spec)} was accepted`);
            assert.match(parsed.problem, problem, spec);
        }
    });
});
