// bench:tests — how long `npm test` and `npm run test:unit` take, and which spec files take it.
//   npm run bench:tests -- [--runs 3] [--only test|test:unit] [--top 10] [--nice -10] [--json <file>] [--repo <checkout>]
// Runs each npm script as a developer does (`npm run -s <script>`), with mocha's dot reporter extended to record each
// spec file's time (bench/testTimesReporter.ts). Prints, per script: wall time against the target (npm test ≤ 60 s,
// test:unit ≤ 10 s on 2 cores), CPU time of the whole process tree (less sensitive to other work on the machine than
// wall time), the ratio to a floor measured in the same round (loading @pulumi/pulumi once, what every test process
// pays: it moves with the machine's speed), how long loading the spec files took, the root hooks (the build check, the shared package), the load
// average before and after, and the slowest files. `--nice -10` (root only) runs the tests ahead of other work, to see
// what they cost on a quiet machine. Exits non-zero when a test fails, not when a target is missed: on a shared
// machine the figures are the report, the targets are read against the load average printed next to them.
// `--repo` runs another checkout's scripts with this reporter (e.g. the code before a change:
// `git archive <commit> | tar -x -C /tmp/before` and a node_modules symlink), to compare under the same load.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { median, pairedRatio } from "./stats";
import type { FileSpan, FileTimes, TestTimes } from "./testTimes";

const THIS_REPO = path.resolve(__dirname, "..");
const REPORTER = path.join(__dirname, "testTimesReporter.ts");
const FILE_TIMES_HOOKS = path.join(__dirname, "fileTimesHooks.js");
/** Each script and its target wall time (issue 20). */
const TARGETS: Record<string, number> = { test: 60_000, "test:unit": 10_000 };
/** A run that takes longer than this is killed (a hang must not hold the machine). */
const RUN_TIMEOUT_MS = 30 * 60_000;

function arg(name: string): string | undefined {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
}

/** What one run of a script measured. */
export interface ScriptRun {
    /** The npm script. */
    script: string;
    /** Its exit status (non-zero: a test failed). */
    status: number | null;
    /** Wall milliseconds from the spawn of npm to its exit. */
    wallMs: number;
    /** CPU milliseconds (user + system) of npm and every process it waited for. */
    cpuMs: number;
    /** Milliseconds from the spawn until mocha had loaded every spec file. */
    loadMs: number;
    /** One-minute load average before and after. */
    load: [number, number];
    /** The niceness the run had (0 unless --nice). */
    nice: number;
    /** What the reporter recorded (file times from the workers' spans when the files ran in parallel). */
    times: TestTimes;
    /** The spec files as the parallel workers ran them; empty when mocha ran serially. */
    spans: FileSpan[];
    /** `Date.now()` at the spawn of npm. */
    startedAt: number;
}

/** Runs `npm run -s <script>` with the timing reporter; bash's `times` gives the CPU time of everything it waited for. */
async function runScript(repo: string, script: string, nice: number): Promise<ScriptRun> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-pec-bench-tests-"));
    const out = path.join(dir, "times.json");
    const cpuFile = path.join(dir, "cpu.txt");
    const spansFile = path.join(dir, "spans.jsonl");
    const npm = `npm run -s ${script} -- --reporter "$REPORTER" --reporter-option "out=$OUT" --require "$HOOKS"`;
    const body = `${nice !== 0 ? `nice -n ${nice} ` : ""}${npm}; status=$?; times > "$CPU"; exit $status`;
    const load0 = os.loadavg()[0];
    const start = Date.now();
    const child = spawn("bash", ["-c", body], {
        cwd: repo,
        stdio: ["ignore", "inherit", "inherit"],
        env: {
            ...process.env,
            REPORTER,
            OUT: out,
            CPU: cpuFile,
            HOOKS: FILE_TIMES_HOOKS,
            LIGHTHOUSE_PEC_FILE_TIMES: spansFile,
        },
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    clearTimeout(timer);
    const wallMs = Date.now() - start;
    const load1 = os.loadavg()[0];
    try {
        if (!fs.existsSync(out)) throw new Error(`npm run ${script} wrote no timings (exit ${status}): see its output`);
        const times = JSON.parse(fs.readFileSync(out, "utf8")) as TestTimes;
        const spans = fs.existsSync(spansFile)
            ? fs
                  .readFileSync(spansFile, "utf8")
                  .split("\n")
                  .filter(Boolean)
                  .map((line) => JSON.parse(line) as FileSpan)
            : [];
        return {
            spans,
            startedAt: start,
            script,
            status,
            wallMs,
            cpuMs: childrenCpuMs(fs.readFileSync(cpuFile, "utf8")),
            loadMs: times.loadedAt - start,
            load: [load0, load1],
            nice,
            times,
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The children's user + system time from bash's `times` (second line: `0m52.100s 0m6.020s`). */
export function childrenCpuMs(times: string): number {
    const line = times.trim().split("\n")[1] ?? "";
    const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)];
    if (parts.length !== 2) throw new Error(`bash times printed ${JSON.stringify(times)}: no children's line`);
    return parts.reduce((sum, m) => sum + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The reporter's per-file counts with the workers' times (a file's events reach the reporter only once it ended). */
export function withSpans(times: TestTimes, spans: FileSpan[], cwd: string): FileTimes[] {
    const ms = new Map(spans.map((span) => [path.relative(cwd, span.file), span.endedAt - span.startedAt]));
    return times.files.map((t) => ({ ...t, ms: ms.get(t.file) ?? t.ms }));
}

/** How the parallel workers spent the run: when the first file started, how many workers, how busy they were. */
function parallelLine(run: ScriptRun): string {
    const first = Math.min(...run.spans.map((sp) => sp.startedAt));
    const last = Math.max(...run.spans.map((sp) => sp.endedAt));
    const workers = new Set(run.spans.map((sp) => sp.pid)).size;
    const busy = run.spans.reduce((n, sp) => n + sp.endedAt - sp.startedAt, 0);
    return (
        `  in parallel: the first file started ${s(first - run.startedAt)} after npm (the build check, the workers ` +
        `starting), the last ended ${s(run.startedAt + run.wallMs - last)} before exit; ${workers} workers busy ` +
        `${s(busy)} in ${s(last - first)} (${((100 * busy) / (workers * (last - first))).toFixed(0)} %)`
    );
}

/** Milliseconds `node -e 'require("@pulumi/pulumi")'` takes in `repo`: the floor every test process pays. */
function floorMs(repo: string): number {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["-e", 'require("@pulumi/pulumi")'], { cwd: repo, timeout: 120_000 });
    if (r.status !== 0) throw new Error(`the floor (loading @pulumi/pulumi in ${repo}) failed: ${String(r.stderr)}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The rounds of one script: medians, the spread, the ratio to the floor, and the median run in detail. */
function summary(runs: ScriptRun[], floors: number[], top: number, cwd: string): string {
    const walls = runs.map((r) => r.wallMs);
    const target = TARGETS[runs[0].script];
    const mid = [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor((runs.length - 1) / 2)];
    const head =
        `npm run ${runs[0].script}, ${runs.length} run${runs.length > 1 ? "s" : ""}: median ${s(median(walls))} wall` +
        (target ? ` (target ≤ ${s(target)}: ${median(walls) <= target ? "met" : "MISSED"})` : "") +
        ` [${walls.map(s).join(", ")}], ${s(median(runs.map((r) => r.cpuMs)))} CPU, ` +
        `${pairedRatio(walls, floors).toFixed(1)}× the floor (${s(median(floors))})`;
    return `${head}\nthe median run:\n${report(mid, top, cwd)}`;
}

function report(run: ScriptRun, top: number, cwd: string): string {
    const target = TARGETS[run.script];
    const parallel = run.spans.length > 0;
    const fileTimes = parallel ? withSpans(run.times, run.spans, cwd) : run.times.files;
    const files = [...fileTimes].sort((a, b) => b.ms - a.ms);
    const sum = (f: (t: FileTimes) => number) => fileTimes.reduce((n, t) => n + f(t), 0);
    const lines = [
        `npm run ${run.script}${run.nice ? ` (nice ${run.nice})` : ""}: ${s(run.wallMs)} wall` +
            (target ? ` (target ≤ ${s(target)}: ${run.wallMs <= target ? "met" : "MISSED"})` : "") +
            `, ${s(run.cpuMs)} CPU, load average ${run.load[0].toFixed(1)} → ${run.load[1].toFixed(1)} on ${os.cpus().length} cores`,
        (parallel
            ? `  ${files.length} files, ${s(sum((t) => t.ms))} added up`
            : `  loading the spec files ${s(run.loadMs)}, root hooks ${s(run.times.rootHooksMs)}, ` +
              `${files.length} files ${s(sum((t) => t.ms))}`) +
            `; tests: ${sum((t) => t.passed)} passed, ` +
            `${sum((t) => t.failed)} failed, ${sum((t) => t.pending)} pending${run.status ? ` (exit ${run.status})` : ""}`,
        ...(parallel ? [parallelLine(run)] : []),
        `  slowest ${Math.min(top, files.length)}:`,
        ...files.slice(0, top).map((t) => `  ${s(t.ms).padStart(8)}  ${t.file}`),
    ];
    return lines.join("\n");
}

async function main(): Promise<void> {
    const only = arg("only");
    const scripts = only ? [only] : Object.keys(TARGETS);
    const unknown = scripts.filter((sc) => !(sc in TARGETS));
    if (unknown.length > 0)
        throw new Error(`--only ${unknown.join(", ")}: not one of ${Object.keys(TARGETS).join(", ")}`);
    const top = Number(arg("top") ?? "10");
    const nice = Number(arg("nice") ?? "0");
    if (!Number.isInteger(top) || top < 1) throw new Error(`--top ${arg("top")}: a positive whole number`);
    if (!Number.isInteger(nice) || nice < -20 || nice > 19) throw new Error(`--nice ${arg("nice")}: -20 to 19`);
    const repo = path.resolve(arg("repo") ?? THIS_REPO);
    if (!fs.existsSync(path.join(repo, "package.json"))) throw new Error(`--repo ${repo}: no package.json there`);
    const rounds = Number(arg("runs") ?? "3");
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10) throw new Error(`--runs ${arg("runs")}: 1 to 10`);
    const runs = new Map<string, ScriptRun[]>(scripts.map((script) => [script, []]));
    const floors = new Map<string, number[]>(scripts.map((script) => [script, []]));
    for (let round = 0; round < rounds; round++) {
        for (const script of scripts) {
            floors.get(script)!.push(floorMs(repo));
            runs.get(script)!.push(await runScript(repo, script, nice));
        }
    }
    console.log(`\nNode ${process.version}, ${new Date().toISOString()}, ${repo}`);
    for (const script of scripts) console.log(`\n${summary(runs.get(script)!, floors.get(script)!, top, repo)}`);
    const json = arg("json");
    if (json) fs.writeFileSync(json, JSON.stringify(Object.fromEntries(runs), null, 2));
    if ([...runs.values()].flat().some((r) => r.status !== 0)) process.exitCode = 1;
}

if (require.main === module) {
    main().catch((err: Error) => {
        console.error(err.message);
        process.exitCode = 2;
    });
}
