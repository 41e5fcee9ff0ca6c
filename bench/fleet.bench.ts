// bench:fleet — `fleet preview --csp` orchestration over many customer stacks against a simulated
// workspace (each preview: a bounded delay, bounded CPU work, 20 engine lines). Measures the
// orchestrator's own cost: stack discovery, reading every stack file, bounded concurrency, summary.
// Each sample is a fresh process (fleetWorker.ts) so peak RSS belongs to that run alone; sizes interleaved.
// Part 2, shards: one project of --shard-stacks customers run as --shards shards (`--shard k/n`, one process
// each, as one CI runner each), the whole fleet in one process as the baseline, then `fleet summary --merge`
// of the shards' summaries; time and memory per shard, the shard sizes' spread, and the merge.
//   npm run bench:fleet -- [--reps 5] [--sizes 30,100,300] [--concurrency 8] [--delay 10] [--rounds 200]
//                          [--shard-stacks 3000] [--shards 8] [--shard-reps 3] [--spread-sets 100]
//                          [--only sizes|shards|spread]
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import { shardSizes } from "../fleet/shard";
import { customerStacks, writeProject } from "./fleetProject";
import { median } from "./stats";

interface Sample {
    n: number;
    ms: number;
    peakRssMb: number;
    baseRssMb: number;
    succeeded: number;
}

interface ShardSample {
    shard: string;
    ms: number;
    peakRssMb: number;
    baseRssMb: number;
    heapMb: number;
    stacks: number;
    succeeded: number;
}

interface MergeSample {
    ms: number;
    peakRssMb: number;
    baseRssMb: number;
    heapMb: number;
    stacks: number;
    bytes: number;
}

function arg(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
}

const reps = Number(arg("reps", "5"));
const sizes = arg("sizes", "30,100,300").split(",").map(Number);
const concurrency = arg("concurrency", "8");
const delay = arg("delay", "10");
const rounds = arg("rounds", "200");
const shardStacks = Number(arg("shard-stacks", "3000"));
const shards = Number(arg("shards", "8"));
const shardReps = Number(arg("shard-reps", "3"));
const only = arg("only", "");

/** Runs the worker in a fresh process; returns its last line of output, parsed. */
function worker<T>(args: string[]): T {
    const out = execFileSync(
        process.execPath,
        ["--expose-gc", "-r", "ts-node/register/transpile-only", join(__dirname, "fleetWorker.ts"), ...args],
        { encoding: "utf8", cwd: join(__dirname, ".."), stdio: ["ignore", "pipe", "inherit"], timeout: 600_000 },
    );
    return JSON.parse(out.trim().split("\n").pop()!) as T;
}

function sample(n: number): Sample {
    const s = worker<Sample>([String(n), concurrency, delay, rounds]);
    if (s.succeeded !== n) throw new Error(`expected ${n} stacks to succeed, got ${s.succeeded}`);
    return s;
}

const ideal = (n: number) => Math.ceil(n / Number(concurrency)) * Number(delay);

function benchSizes(): void {
    const samples: Sample[] = [];
    for (let rep = 1; rep <= reps; rep++) {
        // Rotate the order of sizes each rep so that no size always runs first (warm disk cache, other load).
        const order = sizes.map((_, i) => sizes[(i + rep) % sizes.length]);
        for (const n of order) {
            const s = sample(n);
            samples.push(s);
            process.stderr.write(
                `rep ${rep}/${reps} N=${n}: ${s.ms.toFixed(0)} ms, peak ${s.peakRssMb.toFixed(0)} MB (base ${s.baseRssMb.toFixed(0)} MB)\n`,
            );
        }
    }
    const stat = (n: number) => {
        const mine = samples.filter((s) => s.n === n);
        return {
            ms: median(mine.map((s) => s.ms)),
            peakRssMb: median(mine.map((s) => s.peakRssMb)),
            growthRssMb: median(mine.map((s) => s.peakRssMb - s.baseRssMb)),
        };
    };
    console.log(
        `bench:fleet  node ${process.version}, fleet preview --csp, concurrency ${concurrency}, ${delay} ms + ${rounds} sha256 rounds per preview, ${reps} runs each, medians`,
    );
    console.log("N     total ms  ms/stack  waves×delay ms  peak RSS MB  RSS above start MB");
    for (const n of sizes) {
        const s = stat(n);
        console.log(
            `${String(n).padEnd(6)}${s.ms.toFixed(0).padStart(8)}  ${(s.ms / n).toFixed(2).padStart(8)}  ${String(ideal(n)).padStart(14)}  ${s.peakRssMb.toFixed(0).padStart(11)}  ${s.growthRssMb.toFixed(1).padStart(18)}`,
        );
    }
    const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
    const a = stat(small),
        b = stat(large);
    console.log(
        `growth N=${large}/N=${small} (linear = ${(large / small).toFixed(0)}): time ${(b.ms / a.ms).toFixed(2)}, ` +
            `peak RSS ${(b.peakRssMb / a.peakRssMb).toFixed(2)}, RSS above start ${(b.growthRssMb / Math.max(a.growthRssMb, 0.1)).toFixed(2)}`,
    );
}

function benchShards(): void {
    const dir = fs.mkdtempSync(join(os.tmpdir(), "lhpec-bench-shards-"));
    try {
        writeProject(dir, shardStacks);
        const expected = shardSizes(customerStacks(shardStacks), shards);
        const runs: ShardSample[] = [];
        const whole: ShardSample[] = [];
        const merges: MergeSample[] = [];
        for (let rep = 1; rep <= shardReps; rep++) {
            const files: string[] = [];
            // Rotate the order (the whole-fleet baseline included) so that none always runs first.
            const specs = [...Array.from({ length: shards }, (_, i) => `${i + 1}/${shards}`), "all"];
            const order = specs.map((_, i) => specs[(i + rep) % specs.length]);
            for (const spec of order) {
                const out = join(dir, `summary-${spec.replace("/", "-of-")}.json`);
                const s = worker<ShardSample>(["shard", spec, dir, out, concurrency, delay, rounds]);
                const want = spec === "all" ? shardStacks : expected[Number(spec.split("/")[0]) - 1];
                if (s.stacks !== want || s.succeeded !== want)
                    throw new Error(`${spec}: ${s.stacks} stacks, expected ${want}`);
                (spec === "all" ? whole : runs).push(s);
                if (spec !== "all") files.push(out);
                process.stderr.write(
                    `rep ${rep}/${shardReps} shard ${spec}: ${s.stacks} stacks, ${s.ms.toFixed(0)} ms, peak ${s.peakRssMb.toFixed(0)} MB\n`,
                );
            }
            const m = worker<MergeSample>(["merge", ...files.sort()]);
            if (m.stacks !== shardStacks) throw new Error(`merge counted ${m.stacks} stacks`);
            merges.push(m);
            process.stderr.write(
                `rep ${rep}/${shardReps} merge: ${m.ms.toFixed(1)} ms, peak ${m.peakRssMb.toFixed(0)} MB\n`,
            );
        }
        const mean = shardStacks / shards;
        const [max, min] = [Math.max(...expected), Math.min(...expected)];
        console.log(
            `\nbench:fleet shards  node ${process.version}, ${shardStacks} stacks (customer-0000…) in ${shards} shards, fleet preview --csp --shard k/${shards}, ` +
                `concurrency ${concurrency}, ${delay} ms + ${rounds} sha256 rounds per preview, ${shardReps} runs each, medians`,
        );
        console.log(
            `shard sizes: ${expected.join(", ")}; max ${max} / min ${min} = ${(max / min).toFixed(3)}; ` +
                `max ${(((max - mean) / mean) * 100).toFixed(1)} % above the mean, min ${(((mean - min) / mean) * 100).toFixed(1)} % below`,
        );
        console.log("shard  stacks  total ms  ms/stack  waves×delay ms  peak RSS MB  RSS above start MB  heap MB");
        const row = (label: string, stacks: number, mine: ShardSample[]): number => {
            const ms = median(mine.map((s) => s.ms));
            const cells = [
                label.padEnd(5),
                String(stacks).padStart(6),
                ms.toFixed(0).padStart(8),
                (ms / Math.max(stacks, 1)).toFixed(2).padStart(8),
                String(ideal(stacks)).padStart(14),
                median(mine.map((s) => s.peakRssMb))
                    .toFixed(0)
                    .padStart(11),
                median(mine.map((s) => s.peakRssMb - s.baseRssMb))
                    .toFixed(1)
                    .padStart(18),
                median(mine.map((s) => s.heapMb))
                    .toFixed(1)
                    .padStart(7),
            ];
            console.log(cells.join("  "));
            return ms;
        };
        const shardMs = expected.map((n, i) =>
            row(
                `${i + 1}/${shards}`,
                n,
                runs.filter((s) => s.shard === `${i + 1}/${shards}`),
            ),
        );
        const wholeMs = row("all", shardStacks, whole);
        const slowest = Math.max(...shardMs);
        const sum = shardMs.reduce((a, b) => a + b, 0);
        console.log(
            `wall time with ${shards} runners (the slowest shard) / 1 runner: ${(slowest / wholeMs).toFixed(3)} (ideal ${(1 / shards).toFixed(3)}); ` +
                `median shard / 1 runner ${(median(shardMs) / wholeMs).toFixed(3)}; slowest / fastest shard ${(slowest / Math.min(...shardMs)).toFixed(2)}; ` +
                `the ${shards} shards' times added up / 1 runner ${(sum / wholeMs).toFixed(2)} (what sharding adds to the work)`,
        );
        console.log(
            `merge of ${shards} summaries (${shardStacks} stacks, --format markdown): ${median(merges.map((m) => m.ms)).toFixed(1)} ms, ` +
                `peak RSS ${median(merges.map((m) => m.peakRssMb)).toFixed(0)} MB (${median(merges.map((m) => m.peakRssMb - m.baseRssMb)).toFixed(1)} MB above start), ` +
                `heap ${median(merges.map((m) => m.heapMb)).toFixed(1)} MB, ` +
                `${merges[0].bytes} bytes of markdown`,
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * How even the shards are for fleets named any way: many sets of random-looking names (deterministic: hashes of
 * counters), each split into --shards; the spread (largest − smallest shard) relative to the mean, per fleet size.
 */
function benchSpread(): void {
    const sets = Number(arg("spread-sets", "100"));
    console.log(
        `\nbench:fleet spread  ${sets} sets of random names per fleet size, ${shards} shards: (max − min) / mean, and empty shards`,
    );
    console.log("stacks  median spread  95th pct spread  worst spread  sets with an empty shard");
    for (const n of [40, 400, 3000]) {
        const spreads: number[] = [];
        let withEmpty = 0;
        for (let set = 0; set < sets; set++) {
            const names = Array.from(
                { length: n },
                (_, i) => `customer-${createHash("sha256").update(`${set}/${i}`).digest("hex").slice(0, 12)}`,
            );
            const sizes = shardSizes(names, shards);
            spreads.push((Math.max(...sizes) - Math.min(...sizes)) / (n / shards));
            if (sizes.includes(0)) withEmpty++;
        }
        spreads.sort((a, b) => a - b);
        const pct = (q: number): string =>
            `${(spreads[Math.min(spreads.length - 1, Math.floor(q * spreads.length))] * 100).toFixed(0)} %`;
        console.log(
            `${String(n).padStart(6)}  ${pct(0.5).padStart(13)}  ${pct(0.95).padStart(15)}  ${pct(1).padStart(12)}  ${String(withEmpty).padStart(24)}`,
        );
    }
}

if (only === "" || only === "sizes") benchSizes();
if (only === "" || only === "shards") benchShards();
if (only === "" || only === "shards" || only === "spread") benchSpread();
