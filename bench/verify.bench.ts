/**
 * `npm run bench:verify`: lighthouse-pec verify on a synthetic month of 0.5 M and 2 M usage lines,
 * as a Graph blob (gzip JSON Lines) and as a reconciliation CSV, against a baseline measured in the
 * same run that only reads (and gunzips) the file and splits lines. Every run is a child process,
 * so peak RSS is that run's own (children run the library transpiled to JS, without ts-node). Prints medians of RUNS runs and checks the targets:
 * verify ≤ 3× baseline (JSONL.gz), ≤ 4× (CSV); peak RSS ≤ 200 MB and flat from 0.5 M to 2 M.
 * Also prints what the JSON Lines fallback (JSON.parse on every line) costs against the fast path.
 * Data is generated once into .bench-data/ (gitignored). BENCH_LINES=200000 for a quick run.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { MonthShape, writeSyntheticCsv, writeSyntheticJsonlGz } from "../test/kit/generate";
import { median } from "./stats";

const ROOT = join(__dirname, "..");
const DATA = join(ROOT, ".bench-data", "verify-v2");
const SHAPE: MonthShape = { customers: 60, subscriptionsPerCustomer: 3, year: 2026, month: 10 };
const BIG = Number(process.env.BENCH_LINES ?? 2_000_000);
const SIZES = [Math.round(BIG / 4), BIG];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Sample { ms: number; lines: number; maxRssMB: number }

const JS = join(ROOT, ".bench-data", "js");

/**
 * Transpiles the child and the pec/ library to plain JS once, so the measured processes run what
 * the installed CLI runs (compiled code) and their peak RSS does not include ts-node's compiler.
 */
function transpile(): void {
    const ts = require("typescript") as typeof import("typescript");
    const files = [join(__dirname, "verifyChild.ts"), ...walk(join(ROOT, "pec"))];
    for (const file of files) {
        const out = ts.transpileModule(readFileSync(file, "utf8"), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
        const target = join(JS, relative(ROOT, file)).replace(/\.ts$/, ".js");
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, out.outputText);
    }
}

function walk(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

function child(mode: string, file: string): Sample {
    const out = execFileSync(process.execPath, [join(JS, "bench", "verifyChild.js"), mode, file], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 20 });
    return JSON.parse(out.trim().split("\n").pop()!) as Sample;
}


async function ensure(path: string, write: (p: string) => Promise<void>): Promise<void> {
    if (existsSync(path)) return;
    const t = Date.now();
    await write(`${path}.tmp`);
    renameSync(`${path}.tmp`, path);
    console.log(`generated ${path} (${(statSync(path).size / 1e6).toFixed(0)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
    mkdirSync(DATA, { recursive: true });
    transpile();
    const files: { format: "jsonl.gz" | "csv"; lines: number; path: string }[] = [];
    for (const lines of SIZES) {
        const gz = join(DATA, `usage-${lines}.jsonl.gz`);
        const csv = join(DATA, `usage-${lines}.csv`);
        await ensure(gz, (p) => writeSyntheticJsonlGz(p, lines, SHAPE));
        await ensure(csv, (p) => writeSyntheticCsv(p, lines, SHAPE));
        files.push({ format: "jsonl.gz", lines, path: gz }, { format: "csv", lines, path: csv });
    }
    console.log(`\nnode ${process.version}, ${RUNS} runs each (medians), every run in a child process\n`);
    console.log("format    lines      baseline ms  verify ms  ratio  target  verify lines/s  verify peak RSS  baseline RSS");
    const results: { format: string; lines: number; ratio: number; rss: number }[] = [];
    for (const f of files) {
        const base: Sample[] = [];
        const ver: Sample[] = [];
        for (let i = 0; i < RUNS; i++) {
            base.push(child("split", f.path));
            ver.push(child("verify", f.path));
        }
        if (ver.some((v) => v.lines !== f.lines)) throw new Error(`verify read ${ver[0].lines} lines of ${f.lines}`);
        const b = median(base.map((s) => s.ms));
        const v = median(ver.map((s) => s.ms));
        const rss = median(ver.map((s) => s.maxRssMB));
        const target = f.format === "csv" ? 4 : 3;
        results.push({ format: f.format, lines: f.lines, ratio: v / b, rss });
        console.log([
            f.format.padEnd(8), String(f.lines).padStart(9), b.toFixed(0).padStart(12), v.toFixed(0).padStart(10),
            `${(v / b).toFixed(2)}×`.padStart(6), `≤${target}×`.padStart(7), Math.round(f.lines / (v / 1000)).toLocaleString("en-US").padStart(15),
            `${rss.toFixed(0)} MB`.padStart(16), `${median(base.map((s) => s.maxRssMB)).toFixed(0)} MB`.padStart(13),
        ].join("  "));
    }
    // What the JSON Lines fallback costs: every line parsed with JSON.parse (keys shuffled per line).
    const shuffled = join(DATA, `usage-${SIZES[0]}-shuffled.jsonl.gz`);
    await ensure(shuffled, (p) => writeSyntheticJsonlGz(p, SIZES[0], SHAPE, true));
    const fast = median(Array.from({ length: RUNS }, () => child("verify", files.find((f) => f.format === "jsonl.gz" && f.lines === SIZES[0])!.path).ms));
    const slow = median(Array.from({ length: RUNS }, () => child("verify", shuffled).ms));
    console.log(`\nJSON Lines fallback (keys in a different order on every line, so every line goes through JSON.parse), ${SIZES[0]} lines: ` +
        `${slow.toFixed(0)} ms vs ${fast.toFixed(0)} ms on the fast path = ${(slow / fast).toFixed(2)}×, ` +
        `${(((slow - fast) * 1000) / SIZES[0]).toFixed(2)} µs more per line`);

    const small = files.find((f) => f.format === "csv" && f.lines === SIZES[0])!;
    const ref = child("csv-parse", small.path);
    const refBase = median(Array.from({ length: RUNS }, () => child("split", small.path).ms));
    console.log(`\nreference: csv-parse 7 streaming alone (records only, no verification) on ${small.lines} CSV lines: ` +
        `${ref.ms.toFixed(0)} ms = ${(ref.ms / refBase).toFixed(2)}× the split baseline (${refBase.toFixed(0)} ms)`);

    let ok = true;
    console.log("");
    for (const r of results) {
        const target = r.format === "csv" ? 4 : 3;
        const pass = r.ratio <= target && r.rss <= 200;
        ok &&= pass;
        console.log(`${pass ? "PASS" : "FAIL"} ${r.format} ${r.lines}: ${r.ratio.toFixed(2)}× ≤ ${target}×, peak RSS ${r.rss.toFixed(0)} MB ≤ 200 MB`);
    }
    for (const format of ["jsonl.gz", "csv"]) {
        const [a, b] = SIZES.map((n) => results.find((r) => r.format === format && r.lines === n)!.rss);
        const flat = Math.abs(b - a) <= Math.max(20, 0.15 * a);
        ok &&= flat;
        console.log(`${flat ? "PASS" : "FAIL"} ${format} peak RSS flat: ${a.toFixed(0)} MB at ${SIZES[0]} lines, ${b.toFixed(0)} MB at ${SIZES[1]} lines`);
    }
    process.exitCode = ok ? 0 : 1;
}

void main();
