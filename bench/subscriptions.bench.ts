// bench:subscriptions — one customer stack delegating 10 subscriptions against the same stack with 1
// (`subscriptionId`), measured in the same run, interleaved: the whole program (config reader, validation,
// one provider, K components) under Pulumi mocks. Each sample is a fresh process (subscriptionsWorker.ts).
//   npm run bench:subscriptions -- [--reps 7] [--sizes 1,10]
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { median } from "./stats";

interface Sample {
    k: number;
    ms: number;
    peakRssMb: number;
    registered: number;
}

function arg(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
}

function sample(k: number): Sample {
    const out = execFileSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", join(__dirname, "subscriptionsWorker.ts"), String(k)],
        { encoding: "utf8", cwd: join(__dirname, ".."), stdio: ["ignore", "pipe", "ignore"], timeout: 120_000 },
    );
    return JSON.parse(out.trim().split("\n").pop()!) as Sample;
}

const reps = Number(arg("reps", "7"));
const sizes = arg("sizes", "1,10").split(",").map(Number);
const samples: Sample[] = [];
for (let rep = 1; rep <= reps; rep++) {
    for (const k of rep % 2 ? sizes : [...sizes].reverse()) {
        const s = sample(k);
        samples.push(s);
        process.stderr.write(`rep ${rep}/${reps} K=${k}: ${s.ms.toFixed(0)} ms, ${s.peakRssMb.toFixed(0)} MB\n`);
    }
}

const stat = (k: number) => {
    const mine = samples.filter((s) => s.k === k);
    return { ms: median(mine.map((s) => s.ms)), peakRssMb: median(mine.map((s) => s.peakRssMb)) };
};
console.log(`bench:subscriptions  node ${process.version}, ${reps} runs each, medians`);
console.log("K subscriptions  resources  program ms  ms/subscription  peak RSS MB");
for (const k of sizes) {
    const s = stat(k);
    console.log(
        `${String(k).padEnd(17)}${String(1 + 3 * k).padEnd(11)}${s.ms.toFixed(0).padStart(10)}  ${(s.ms / k).toFixed(1).padStart(15)}  ${s.peakRssMb.toFixed(0).padStart(11)}`,
    );
}
const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
console.log(
    `ratio K=${large}/K=${small}: time ${(stat(large).ms / stat(small).ms).toFixed(2)} (linear would be ${(large / small).toFixed(0)}), peak RSS ${(stat(large).peakRssMb / stat(small).peakRssMb).toFixed(2)}`,
);
