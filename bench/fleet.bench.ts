// bench:fleet — `fleet preview --csp` orchestration over many customer stacks against a simulated
// workspace (each preview: a bounded delay, bounded CPU work, 20 engine lines). Measures the
// orchestrator's own cost: stack discovery, reading every stack file, bounded concurrency, summary.
// Each sample is a fresh process (fleetWorker.ts) so peak RSS belongs to that run alone; sizes interleaved.
//   npm run bench:fleet -- [--reps 5] [--sizes 30,100,300] [--concurrency 8] [--delay 10] [--rounds 200]
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { median } from "./stats";

interface Sample {
    n: number;
    ms: number;
    peakRssMb: number;
    baseRssMb: number;
    succeeded: number;
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

function sample(n: number): Sample {
    const out = execFileSync(
        process.execPath,
        [
            "--expose-gc",
            "-r",
            "ts-node/register/transpile-only",
            join(__dirname, "fleetWorker.ts"),
            String(n),
            concurrency,
            delay,
            rounds,
        ],
        { encoding: "utf8", cwd: join(__dirname, ".."), stdio: ["ignore", "pipe", "inherit"], timeout: 300_000 },
    );
    const s = JSON.parse(out.trim().split("\n").pop()!) as Sample;
    if (s.succeeded !== n) throw new Error(`expected ${n} stacks to succeed, got ${s.succeeded}`);
    return s;
}

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
const ideal = (n: number) => Math.ceil(n / Number(concurrency)) * Number(delay);

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
