// bench:plan — cost of declaring customer delegations, against registering the same azure-native
// resources directly (no component, no validation), measured in the same run, interleaved.
// Each sample is a fresh process (planWorker.ts) so peak RSS belongs to that run alone.
//   npm run bench:plan -- [--reps 5] [--sizes 100,1000]
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { median } from "./stats";

interface Sample {
    variant: string;
    n: number;
    ms: number;
    peakRssMb: number;
    registered: number;
}

function arg(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
}

function sample(variant: string, n: number): Sample {
    const out = execFileSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", join(__dirname, "planWorker.ts"), variant, String(n)],
        { encoding: "utf8", cwd: join(__dirname, ".."), stdio: ["ignore", "pipe", "inherit"] },
    );
    return JSON.parse(out.trim().split("\n").pop()!) as Sample;
}

const reps = Number(arg("reps", "5"));
const sizes = arg("sizes", "100,1000").split(",").map(Number);
const samples: Sample[] = [];
for (let rep = 1; rep <= reps; rep++) {
    for (const n of sizes) {
        for (const variant of rep % 2 ? ["direct", "component"] : ["component", "direct"]) {
            const s = sample(variant, n);
            samples.push(s);
            process.stderr.write(
                `rep ${rep}/${reps} ${variant} N=${n}: ${s.ms.toFixed(0)} ms, ${s.peakRssMb.toFixed(0)} MB\n`,
            );
        }
    }
}

const stat = (variant: string, n: number) => {
    const mine = samples.filter((s) => s.variant === variant && s.n === n);
    return {
        msPerDelegation: median(mine.map((s) => s.ms / n)),
        totalMs: median(mine.map((s) => s.ms)),
        peakRssMb: median(mine.map((s) => s.peakRssMb)),
    };
};

console.log(`bench:plan  node ${process.version}, ${reps} runs each, medians`);
console.log("N     variant    ms/delegation  total ms   peak RSS MB");
for (const n of sizes) {
    for (const variant of ["direct", "component"]) {
        const s = stat(variant, n);
        console.log(
            `${String(n).padEnd(6)}${variant.padEnd(11)}${s.msPerDelegation.toFixed(2).padStart(13)}  ${s.totalMs.toFixed(0).padStart(8)}   ${s.peakRssMb.toFixed(0).padStart(10)}`,
        );
    }
}
for (const n of sizes) {
    const ratio = stat("component", n).totalMs / stat("direct", n).totalMs;
    console.log(`overhead ratio component/direct at N=${n}: ${ratio.toFixed(2)} (target <= 1.3)`);
}
if (sizes.length >= 2) {
    const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
    const growth = stat("component", large).totalMs / stat("component", small).totalMs;
    console.log(
        `growth t(${large})/t(${small}) for the component: ${growth.toFixed(2)} (linear would be ${(large / small).toFixed(0)}; target <= ${((large / small) * 1.1).toFixed(0)})`,
    );
}
