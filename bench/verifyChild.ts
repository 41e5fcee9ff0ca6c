/**
 * One measured run in a fresh process (so peak RSS is this run's alone). Prints one JSON line:
 * { ms, lines, maxRssMB }. Modes: verify (the CLI's pipeline), split (baseline: read, gunzip if
 * .gz, count lines), csv-parse (reference: csv-parse streaming, records counted).
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

async function csvParse(file: string): Promise<number> {
    const { parse } = require("csv-parse") as typeof import("csv-parse");
    let records = 0;
    const parser = createReadStream(file, { highWaterMark: READ_CHUNK }).pipe(parse({ bom: true }));
    parser.on("data", () => records++);
    await new Promise((resolve, reject) => parser.on("end", resolve).on("error", reject));
    return records;
}

async function run(): Promise<void> {
    const [mode, file] = process.argv.slice(2);
    const start = process.hrtime.bigint();
    let lines: number;
    if (mode === "split") lines = await split(file);
    else if (mode === "csv-parse") lines = await csvParse(file);
    else lines = (await verifyUsage({ sources: [fileSource([file])] })).report.totals.lineItems;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    process.stdout.write(`${JSON.stringify({ ms, lines, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

run().catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
});
