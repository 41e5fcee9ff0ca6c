// bench:startup — how long Pulumi waits for this package's processes, each as a ratio to loading @pulumi/pulumi
// (`node -e 'require("@pulumi/pulumi")'`, the floor: every one of them loads it), measured in the same run.
//   npm run bench:startup -- [--reps 7] [--before]
// Each sample is a fresh process started as Pulumi starts it; in each round every variant runs once, the order
// rotated from round to round; medians, and the median of the per-round ratios to the floor (bench/stats.ts).
//   plugin     `node <run-plugin> <package dir> <engine>` (the Node.js language host's RunPlugin) → port, → GetSchema
//   policy     `node <run-policy-pack> <engine> .` in policy/ → port
//   cli        `node bin/cli/main.js --help` (`npm run lighthouse-pec`) → exit
// --before adds the same from the TypeScript source through ts-node (the plugin with the analyzer at GetSchema).
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { assertBuildIsFresh, REPO } from "../test/kit/builtOutput";
import { startFakeEngine } from "../test/kit/fakeEngine";
import { PluginHarness } from "../test/kit/pluginHarness";
import { readPortLineMessage, waitForPortLine } from "../test/kit/portLine";
import { median, pairedRatio } from "./stats";

const TARGET = 2;
const SAMPLE_TIMEOUT_MS = 180_000;
const POLICY_DIR = path.join(REPO, "policy");

function arg(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
}

/** One sample: milliseconds to each milestone of a variant (the last one is the variant's total). */
type Sample = Record<string, number>;

const msSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** Runs `node ...args` in `cwd` to its exit; fails on a non-zero status. */
function timeToExit(args: string[], cwd: string): Promise<Sample> {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), SAMPLE_TIMEOUT_MS);
    return new Promise((resolve, reject) =>
        child.on("close", (code, signal) => {
            clearTimeout(timer);
            if (code === 0) resolve({ exit: msSince(start) });
            else reject(new Error(`node ${args.join(" ")} ended with ${signal ?? code}: ${stderr.slice(-2000)}`));
        }),
    );
}

/** Starts the plugin as the language host does; milliseconds to its port and to its GetSchema answer. */
async function pluginSample(program: string | undefined, cwd: string): Promise<Sample> {
    const start = process.hrtime.bigint();
    const plugin = await PluginHarness.start(REPO, { cwd, program, startTimeoutMs: SAMPLE_TIMEOUT_MS });
    try {
        const port = msSince(start);
        await plugin.getSchema();
        return { port, getSchema: msSince(start) };
    } finally {
        await plugin.close();
    }
}

/** Starts the policy pack as the CLI does (in its directory); milliseconds to its port. */
async function policySample(program: string): Promise<Sample> {
    const engine = await startFakeEngine();
    const entry = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [POLICY_DIR] });
    const start = process.hrtime.bigint();
    const child: ChildProcess = spawn(process.execPath, [entry, engine.address, program], {
        cwd: POLICY_DIR,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    try {
        await waitForPortLine(child, {
            timeoutMs: SAMPLE_TIMEOUT_MS,
            failureMessage: (reason) => readPortLineMessage(reason, `policy pack stderr: ${stderr.slice(-2000)}`),
        });
        return { port: msSince(start) };
    } finally {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await exited;
        engine.close();
    }
}

async function main(): Promise<void> {
    assertBuildIsFresh();
    const reps = Number(arg("reps", "7"));
    const before = process.argv.includes("--before");
    const consumer = fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-pec-bench-startup-"));
    const variants: Record<string, () => Promise<Sample>> = {
        floor: () => timeToExit(["-e", 'require("@pulumi/pulumi")'], REPO),
        plugin: () => pluginSample(undefined, consumer),
        policy: () => policySample("."),
        cli: () => timeToExit([path.join(REPO, "bin", "cli", "main.js"), "--help"], REPO),
    };
    if (before) {
        variants["plugin (source)"] = () => pluginSample(path.join(__dirname, "sourceProviderHost.ts"), consumer);
        variants["policy (source)"] = () => policySample("./index.ts");
        variants["cli (source)"] = () =>
            timeToExit(["-r", "ts-node/register/transpile-only", path.join(REPO, "cli", "main.ts"), "--help"], REPO);
    }
    const loadBefore = os.loadavg();
    const names = Object.keys(variants);
    const samples: Record<string, Sample[]> = Object.fromEntries(names.map((n) => [n, []]));
    try {
        for (let rep = 0; rep < reps; rep++) {
            const order = names.map((_, i) => names[(i + rep) % names.length]);
            for (const name of order) {
                const sample = await variants[name]();
                samples[name].push(sample);
                const text = Object.entries(sample).map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`);
                process.stderr.write(`round ${rep + 1}/${reps} ${name}: ${text.join(", ")}\n`);
            }
        }
    } finally {
        fs.rmSync(consumer, { recursive: true, force: true });
    }
    const loadAfter = os.loadavg();
    const floor = samples.floor.map((s) => s.exit);
    console.log(
        `bench:startup  node ${process.version}, ${os.cpus().length} CPUs, ${reps} rounds, medians; load average ${loadBefore[0].toFixed(1)} before, ${loadAfter[0].toFixed(1)} after`,
    );
    console.log(`floor  node -e 'require("@pulumi/pulumi")'  ${median(floor).toFixed(0)} ms`);
    console.log("variant           milestone   median ms   ratio to floor (target)");
    let failed = false;
    for (const name of names.filter((n) => n !== "floor")) {
        for (const milestone of Object.keys(samples[name][0])) {
            const times = samples[name].map((s) => s[milestone]);
            const ratio = pairedRatio(times, floor);
            const total = milestone === Object.keys(samples[name][0]).at(-1);
            const verdict =
                total && !name.includes("(source)") ? ` (<= ${TARGET}x)${ratio > TARGET ? " FAIL" : ""}` : "";
            failed ||= verdict.endsWith("FAIL");
            console.log(
                `${name.padEnd(18)}${milestone.padEnd(12)}${median(times).toFixed(0).padStart(9)}   ${ratio.toFixed(2)}x${verdict}`,
            );
        }
    }
    if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
});
