/**
 * One measured run in a fresh process (so peak RSS is this run's alone). Prints one JSON line:
 * { ms, cpuMs, lines, maxRssMB } (cpuMs: user + system time of the whole process, gunzip threads included). Modes:
 * - verify: the CLI's pipeline (read, parse, aggregate, report);
 * - split: read, gunzip if .gz, count lines (the JSON Lines baseline);
 * - udsv, papaparse, csv-parse: that parser alone on a CSV file, parse-only (every record
 *   materialised as an array of strings, then dropped), streaming, counting data records.
 */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { GUNZIP_CHUNK, GZIP_READ_CHUNK, READ_CHUNK } from "../pec/sources/files";
import { fileSource, verifyUsage } from "../pec/verify";

async function split(file: string): Promise<number> {
    const raw = createReadStream(file, { highWaterMark: file.endsWith(".gz") ? GZIP_READ_CHUNK : READ_CHUNK });
    const stream = file.endsWith(".gz") ? raw.pipe(createGunzip({ chunkSize: GUNZIP_CHUNK })) : raw;
    let lines = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    }
    return lines;
}

/** The file as UTF-8 text in 64 KB pieces (the size uDSV's README streams in; a split character is decoded whole). */
function text(file: string): AsyncIterable<string> {
    return createReadStream(file, { highWaterMark: 64 * 1024, encoding: "utf8" }) as AsyncIterable<string>;
}

/** uDSV 0.7 incremental API as its README shows it: schema inferred from the first piece, string tuples. */
async function udsv(file: string): Promise<number> {
    const { inferSchema, initParser } = require("udsv") as typeof import("udsv");
    let parser: ReturnType<typeof initParser> | undefined;
    let records = 0;
    const count = (): void => {
        records++;
    };
    for await (const piece of text(file)) {
        parser ??= initParser(inferSchema(piece));
        parser.chunk<string[]>(piece, parser.stringArrs, count);
    }
    parser?.end();
    return records;
}

/** Papa Parse 5 on a Node stream, records delivered per chunk (its fastest streaming path; no worker, no header mode). */
async function papaparse(file: string): Promise<number> {
    const Papa = require("papaparse") as typeof import("papaparse");
    let records = -1; // the header row
    await new Promise<void>((resolve, reject) => {
        Papa.parse(createReadStream(file, { highWaterMark: 64 * 1024, encoding: "utf8" }) as unknown as File, {
            skipEmptyLines: true,
            chunk: (results) => {
                records += results.data.length;
            },
            complete: () => resolve(),
            error: (e: Error) => reject(e),
        });
    });
    return records;
}

async function csvParse(file: string): Promise<number> {
    const { parse } = require("csv-parse") as typeof import("csv-parse");
    let records = -1; // the header row
    const parser = createReadStream(file, { highWaterMark: READ_CHUNK }).pipe(parse({ bom: true }));
    parser.on("data", () => records++);
    await new Promise((resolve, reject) => parser.on("end", resolve).on("error", reject));
    return records;
}

const MODES: Record<string, (file: string) => Promise<number>> = {
    split,
    udsv,
    papaparse,
    "csv-parse": csvParse,
    verify: async (file) => (await verifyUsage({ sources: [fileSource([file])] })).report.totals.lineItems,
};

async function run(): Promise<void> {
    const [mode, file] = process.argv.slice(2);
    const measure = MODES[mode];
    if (measure === undefined) throw new Error(`unknown mode ${mode}: one of ${Object.keys(MODES).join(", ")}`);
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const lines = await measure(file);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const { user, system } = process.cpuUsage(cpu);
    process.stdout.write(
        `${JSON.stringify({ ms, cpuMs: (user + system) / 1000, lines, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
    );
}

run().catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
});
