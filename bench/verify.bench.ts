/**
 * `npm run bench:verify -- [--lines 1000000] [--runs 5] [--keep] [--old <checkout>] [--csv-parse]`:
 * lighthouse-pec verify on a synthetic month of N/4 and N usage lines, as a Graph blob (gzip JSON
 * Lines) and as a reconciliation CSV, against baselines measured in the same run, interleaved:
 * - JSON Lines: reading, gunzipping and splitting the same file into lines (target ≤ 3×);
 * - CSV: the fastest general-purpose JavaScript CSV parser (uDSV, Papa Parse) parsing the same
 *   file, parse-only (target ≤ 1×: verify parses AND aggregates, yet must cost no more than parsing
 *   alone with the fastest of them — the reason its reader is hand-written). csv-parse, ~30× slower
 *   than uDSV here, is left out unless `--csv-parse`.
 * Each run is a child process running the library transpiled to JS (peak RSS is that run's own);
 * ratios are medians of per-round ratios (bench/stats.ts). Also checks peak RSS ≤ 200 MB and flat
 * from N/4 to N, and prints what the JSON Lines fallback (JSON.parse on every line) costs.
 * `--old <checkout>` also runs that checkout's verify in every round (issue 10: ≤ 1.05× the old).
 *
 * Data goes to .bench-data/verify-v3/ (gitignored): each file is generated, measured and deleted
 * (~1 KB per CSV line, ~0.1 KB per gzip JSON line: 1 GB at most for the default N), unless `--keep`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg as osLoadavg } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { MonthShape, writeSyntheticCsv, writeSyntheticJsonlGz } from "../test/kit/generate";
import { median, pairedRatio } from "./stats";

const ROOT = join(__dirname, "..");
const BENCH_DATA = join(ROOT, ".bench-data");
const DATA = join(BENCH_DATA, "verify-v3");
/** Data of earlier versions of this bench (up to 3 GB): removed on start. */
const STALE = [join(BENCH_DATA, "verify-v2"), join(BENCH_DATA, "verify")];
const SHAPE: MonthShape = { customers: 60, subscriptionsPerCustomer: 3, year: 2026, month: 10 };

function option(name: string, env: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : (process.env[env] ?? fallback);
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

const BIG = Number(option("lines", "BENCH_LINES", "1000000"));
const SIZES = [Math.round(BIG / 4), BIG];
const RUNS = Number(option("runs", "BENCH_RUNS", "5"));
const KEEP = flag("keep");
const OLD = option("old", "BENCH_OLD", "");
const JSONL_TARGET = 3;
const CSV_TARGET = 1;
const OLD_TARGET = 1.05;
const RSS_TARGET_MB = 200;

interface Sample {
    ms: number;
    cpuMs: number;
    lines: number;
    maxRssMB: number;
}

/** A measured program: a child mode of one transpiled tree. */
interface Variant {
    name: string;
    js: string;
    mode: string;
}

/**
 * Transpiles this checkout's `bench/verifyChild.ts`, as if it were in the checkout `root`, and every
 * module of `root` it reaches by relative imports, to plain JS under `out`: the measured processes
 * run what the installed CLI runs (compiled code), their peak RSS does not include ts-node's
 * compiler, and another checkout (`--old`) is measured by the same child.
 * @returns the child's JS path
 */
function transpile(root: string, out: string): string {
    const ts = require("typescript") as typeof import("typescript");
    const entry = join(root, "bench", "verifyChild.ts");
    const seen = new Set<string>();
    const queue = [entry];
    while (queue.length > 0) {
        const file = queue.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        const source = readFileSync(file === entry ? join(__dirname, "verifyChild.ts") : file, "utf8");
        const js = ts.transpileModule(source, {
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        });
        const target = join(out, relative(root, file)).replace(/\.ts$/, ".js");
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, js.outputText);
        for (const m of js.outputText.matchAll(/require\("(\.\.?\/[^"]+)"\)/g)) {
            const base = resolve(dirname(file), m[1]);
            const found = [`${base}.ts`, join(base, "index.ts")].find((f) => existsSync(f));
            if (found !== undefined) queue.push(found);
        }
    }
    return join(out, "bench", "verifyChild.js");
}

function run(v: Variant, file: string): Sample {
    const out = execFileSync(process.execPath, [v.js, v.mode, file], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 1 << 20,
    });
    return JSON.parse(out.trim().split("\n").pop()!) as Sample;
}

/**
 * RUNS rounds of every variant on `file`, the order rotated each round (no variant always runs
 * first, after the page cache or the machine warmed up).
 */
function rounds(variants: Variant[], file: string, lines: number): Map<string, Sample[]> {
    const samples = new Map(variants.map((v) => [v.name, [] as Sample[]]));
    for (let r = 0; r < RUNS; r++) {
        for (let i = 0; i < variants.length; i++) {
            const v = variants[(i + r) % variants.length];
            const s = run(v, file);
            if (s.lines !== lines) throw new Error(`${v.name} read ${s.lines} lines of ${lines} in ${file}`);
            samples.get(v.name)!.push(s);
        }
    }
    return samples;
}

async function generate(path: string, write: (p: string) => Promise<void>): Promise<void> {
    if (existsSync(path)) return;
    const t = Date.now();
    await write(`${path}.tmp`);
    renameSync(`${path}.tmp`, path);
    console.log(
        `generated ${relative(ROOT, path)} (${mb(statSync(path).size)}) in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
}

function done(path: string): void {
    if (!KEEP) rmSync(path, { force: true });
}

function mb(bytes: number): string {
    return `${(bytes / 1e6).toFixed(0)} MB`;
}

function dirBytes(dir: string): number {
    if (!existsSync(dir)) return 0;
    return readdirSync(dir, { withFileTypes: true }).reduce(
        (sum, e) => sum + (e.isDirectory() ? dirBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size),
        0,
    );
}

const ms = (samples: Sample[]): number[] => samples.map((s) => s.ms);
const cpu = (samples: Sample[]): number[] => samples.map((s) => s.cpuMs);
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

interface Row {
    format: string;
    lines: number;
    baseline: string;
    baseMs: number;
    verifyMs: number;
    ratio: number;
    target: number;
    rss: number;
    /** Against `--old`: wall-clock medians and paired ratio, and the same for CPU time (the check: on a shared machine wall time includes waiting for a core). */
    old?: { ms: number; ratio: number; verifyCpu: number; cpu: number; cpuRatio: number };
}

async function main(): Promise<void> {
    for (const stale of STALE.filter((d) => existsSync(d))) {
        console.log(
            `removing ${relative(ROOT, stale)} (${mb(dirBytes(stale))}, data of an earlier version of this bench)`,
        );
        rmSync(stale, { recursive: true, force: true });
    }
    mkdirSync(DATA, { recursive: true });
    const ours = transpile(ROOT, join(BENCH_DATA, "js"));
    const verify: Variant = { name: "verify", js: ours, mode: "verify" };
    const extra: Variant[] = OLD
        ? [{ name: "old verify", js: transpile(resolve(OLD), join(BENCH_DATA, "js-old")), mode: "verify" }]
        : [];
    const split: Variant = { name: "split", js: ours, mode: "split" };
    const parsers: Variant[] = ["udsv", "papaparse", ...(flag("csv-parse") ? ["csv-parse"] : [])].map((p) => ({
        name: p,
        js: ours,
        mode: p,
    }));

    console.log(
        `\nnode ${process.version}, ${RUNS} rounds, variants interleaved, every run a child process; load average ${loadavg()}\n`,
    );
    const rows: Row[] = [];
    let fallback = "";
    for (const lines of SIZES) {
        const gz = join(DATA, `usage-${lines}.jsonl.gz`);
        await generate(gz, (p) => writeSyntheticJsonlGz(p, lines, SHAPE));
        const j = rounds([split, verify, ...extra], gz, lines);
        rows.push(row("jsonl.gz", lines, "split", j, JSONL_TARGET));
        if (lines === SIZES[0]) {
            // What the JSON Lines fallback costs: every line parsed with JSON.parse (keys shuffled per line).
            const shuffled = join(DATA, `usage-${lines}-shuffled.jsonl.gz`);
            await generate(shuffled, (p) => writeSyntheticJsonlGz(p, lines, SHAPE, true));
            const slow: Sample[] = [];
            const fast: Sample[] = [];
            for (let r = 0; r < RUNS; r++) {
                slow.push(run(verify, shuffled));
                fast.push(run(verify, gz));
            }
            const [s, f] = [median(ms(slow)), median(ms(fast))];
            fallback =
                `JSON Lines fallback (keys in a different order on every line, so every line goes through JSON.parse), ${fmt(lines)} lines: ` +
                `${fmt(s)} ms vs ${fmt(f)} ms on the fast path = ${pairedRatio(ms(slow), ms(fast)).toFixed(2)}×, ${(((s - f) * 1000) / lines).toFixed(2)} µs more per line`;
            done(shuffled);
        }
        const dataNow = dirBytes(DATA);
        done(gz);
        const csv = join(DATA, `usage-${lines}.csv`);
        await generate(csv, (p) => writeSyntheticCsv(p, lines, SHAPE));
        const c = rounds([...parsers, verify, ...extra], csv, lines);
        const fastest = parsers
            .map((p) => p.name)
            .reduce((a, b) => (median(ms(c.get(b)!)) < median(ms(c.get(a)!)) ? b : a));
        const parseOnly = parsers.map((p) => `${p.name} ${fmt(median(ms(c.get(p.name)!)))} ms`).join(", ");
        rows.push({ ...row("csv", lines, fastest, c, CSV_TARGET), baseline: `${fastest} (parse-only; ${parseOnly})` });
        console.log(`bench data in ${relative(ROOT, DATA)}: ${mb(Math.max(dataNow, dirBytes(DATA)))} at most so far`);
        done(csv);
    }
    print(rows, fallback);
    console.log(`\nbench data left in ${relative(ROOT, DATA)}: ${mb(dirBytes(DATA))}${KEEP ? " (--keep)" : ""}`);
}

function loadavg(): string {
    return osLoadavg()
        .map((l) => l.toFixed(1))
        .join(" ");
}

function row(format: string, lines: number, baseline: string, s: Map<string, Sample[]>, target: number): Row {
    const verify = ms(s.get("verify")!);
    const old = s.get("old verify");
    return {
        format,
        lines,
        baseline,
        target,
        baseMs: median(ms(s.get(baseline)!)),
        verifyMs: median(verify),
        ratio: pairedRatio(verify, ms(s.get(baseline)!)),
        rss: median(s.get("verify")!.map((x) => x.maxRssMB)),
        old: old && {
            ms: median(ms(old)),
            ratio: pairedRatio(verify, ms(old)),
            verifyCpu: median(cpu(s.get("verify")!)),
            cpu: median(cpu(old)),
            cpuRatio: pairedRatio(cpu(s.get("verify")!), cpu(old)),
        },
    };
}

function print(rows: Row[], fallback: string): void {
    console.log(
        "\nformat    lines      baseline ms  verify ms  ratio  target  verify lines/s  verify peak RSS  baseline",
    );
    for (const r of rows) {
        console.log(
            [
                r.format.padEnd(8),
                fmt(r.lines).padStart(9),
                fmt(r.baseMs).padStart(12),
                fmt(r.verifyMs).padStart(10),
                `${r.ratio.toFixed(2)}×`.padStart(6),
                `≤${r.target}×`.padStart(7),
                fmt(r.lines / (r.verifyMs / 1000)).padStart(15),
                `${r.rss.toFixed(0)} MB`.padStart(16),
                ` ${r.baseline}`,
            ].join("  "),
        );
    }
    console.log(`\n${fallback}\n`);
    let ok = true;
    for (const r of rows) {
        const pass = r.ratio <= r.target && r.rss <= RSS_TARGET_MB;
        ok &&= pass;
        console.log(
            `${pass ? "PASS" : "FAIL"} ${r.format} ${fmt(r.lines)}: verify ${r.ratio.toFixed(2)}× ${r.baseline.split(" ")[0]} ≤ ${r.target}×, peak RSS ${r.rss.toFixed(0)} MB ≤ ${RSS_TARGET_MB} MB`,
        );
    }
    for (const format of ["jsonl.gz", "csv"]) {
        const [a, b] = SIZES.map((n) => rows.find((r) => r.format === format && r.lines === n)!.rss);
        const flat = Math.abs(b - a) <= Math.max(20, 0.15 * a);
        ok &&= flat;
        console.log(
            `${flat ? "PASS" : "FAIL"} ${format} peak RSS flat: ${a.toFixed(0)} MB at ${fmt(SIZES[0])} lines, ${b.toFixed(0)} MB at ${fmt(SIZES[1])} lines`,
        );
    }
    for (const r of rows) {
        if (r.old === undefined) continue;
        const pass = r.old.cpuRatio <= OLD_TARGET;
        ok &&= pass;
        console.log(
            `${pass ? "PASS" : "FAIL"} ${r.format} ${fmt(r.lines)} against ${OLD}: CPU ${fmt(r.old.verifyCpu)} ms vs ${fmt(r.old.cpu)} ms = ${r.old.cpuRatio.toFixed(3)}× ≤ ${OLD_TARGET}× ` +
                `(wall ${fmt(r.verifyMs)} ms vs ${fmt(r.old.ms)} ms = ${r.old.ratio.toFixed(3)}×)`,
        );
    }
    process.exitCode = ok ? 0 : 1;
}

void main();
