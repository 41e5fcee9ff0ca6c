import { createReadStream, promises as fs } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { basename, join } from "node:path";
import { createGunzip } from "node:zlib";
import { InputError } from "../../core/errors";
import { openUserFile } from "../../io/userFile";
import { readReconciliationCsv } from "./csv";
import { LineSink, readJsonLines } from "./jsonLines";
import { checkManifest, MANIFEST_NAME } from "./manifest";

/** File names taken from a directory: CSV, JSON Lines, JSON, each optionally gzip-compressed. */
export const USAGE_FILE = /\.(csv|jsonl|ndjson|json)(\.gz)?$/i;

/** Files are read in pieces of this size (fewer callbacks; reads run ahead of parsing). */
export const READ_CHUNK = 1024 * 1024;

/**
 * Compressed files are read in smaller pieces: decompression, not reading, is the bottleneck, and
 * each 64 KB already inflates to ~600 KB (measured: same speed, lower peak RSS than 1 MB).
 */
export const GZIP_READ_CHUNK = 64 * 1024;

/** Whether a file starts with the gzip magic bytes. */
export async function isGzipFile(path: string): Promise<boolean> {
    const handle = await openUserFile(path, "--input");
    try {
        return await startsWithGzipMagic(handle);
    } finally {
        await handle.close();
    }
}

async function startsWithGzipMagic(handle: fs.FileHandle): Promise<boolean> {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
}

/** Decompressed output is produced in pieces of this size (fewer, larger callbacks; measured). */
export const GUNZIP_CHUNK = 256 * 1024;

/**
 * The usage files under `path`: the file itself, or a directory's usage files (not recursive,
 * sorted by name). A directory's `manifest.json` is not a usage file: see {@link checkManifest}.
 * @param path a file or directory given with `--input`
 * @param warn receives warnings (a skipped file)
 */
export async function listInputFiles(
    path: string,
    warn: (message: string) => void = () => undefined,
): Promise<string[]> {
    let stat;
    try {
        stat = await fs.stat(path);
    } catch {
        throw new InputError(
            "does not exist",
            { source: path },
            "Give a reconciliation CSV, a JSON Lines or .json.gz file, or a directory of them",
        );
    }
    if (!stat.isDirectory()) return [path];
    const all = await fs.readdir(path);
    let names = all.filter((n) => USAGE_FILE.test(n)).sort();
    for (const manifest of names.filter((n) => MANIFEST_NAME.test(n))) {
        const warning = await checkManifest(path, all, manifest);
        if (warning) warn(warning);
    }
    names = names.filter((n) => !MANIFEST_NAME.test(n));
    if (names.length === 0) {
        throw new InputError(
            "contains no usage files",
            { source: path },
            "Expected *.csv, *.jsonl, *.json or *.json.gz files",
        );
    }
    return names.map((n) => join(path, n));
}

/**
 * Reads one usage file of any supported shape, recognised by content, not name: gzip (by its
 * magic bytes) is decompressed as it streams; then a first `{` means JSON Lines, anything else CSV.
 * @param path the file
 * @param sink receives each usage line
 * @returns the number of usage lines read
 */
export async function readUsageFile(path: string, sink: LineSink): Promise<number> {
    // Opened once, as a regular file (a FIFO or device named *.csv in a folder would block or never end).
    const handle = await openUserFile(path, "--input");
    let gzip: boolean;
    try {
        gzip = await startsWithGzipMagic(handle);
    } catch (e) {
        await handle.close();
        throw e;
    }
    const file = createReadStream(path, { fd: handle, start: 0, highWaterMark: gzip ? GZIP_READ_CHUNK : READ_CHUNK });
    try {
        return await readUsageStream(file, path, sink);
    } finally {
        file.destroy();
    }
}

/**
 * Reads a usage byte stream of any supported shape (see {@link readUsageFile}).
 * @param stream the bytes, possibly gzip-compressed
 * @param source name for messages
 * @param sink receives each usage line
 */
export async function readUsageStream(stream: AsyncIterable<Buffer>, source: string, sink: LineSink): Promise<number> {
    const raw = await peek(stream[Symbol.asyncIterator]());
    if (raw.first === undefined)
        throw new InputError("is empty", { source }, "Expected a reconciliation CSV, JSON Lines or a .json.gz blob");
    let body: AsyncIterable<Buffer> = raw.iterable;
    const gzip = raw.first[0] === 0x1f && raw.first[1] === 0x8b;
    let gunzip: ReturnType<typeof createGunzip> | undefined;
    if (gzip) {
        gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
        // Errors reach the reader through `gunzip`, which pipeline destroys on any failure.
        pipeline(Readable.from(raw.iterable, { objectMode: false }), gunzip).catch(() => undefined);
        body = gunzip;
    }
    let lines = 0;
    const counting: LineSink = (line) => {
        lines++;
        sink(line);
    };
    try {
        const text = await peek(body[Symbol.asyncIterator]());
        const firstChar = text.first === undefined ? undefined : firstSignificantChar(text.first);
        if (firstChar === undefined)
            throw new InputError(
                "is empty",
                { source },
                "Expected a reconciliation CSV, JSON Lines or a .json.gz blob",
            );
        if (firstChar === "[") {
            throw new InputError(
                "is a JSON array, not a usage file",
                { source, line: 1 },
                "verify reads JSON Lines (one usage line item as a JSON object per line, as the Graph export writes) or the reconciliation CSV; " +
                    "convert an array of line items with: jq -c '.[]' FILE.json > FILE.jsonl",
            );
        }
        return firstChar === "{"
            ? await readJsonLines(text.iterable, source, counting)
            : await readReconciliationCsv(text.iterable, source, counting);
    } catch (e) {
        if (e instanceof InputError) throw e;
        const code = (e as NodeJS.ErrnoException).code ?? "";
        if (gzip && /^Z_|ERR_ZLIB/.test(code)) {
            throw new InputError(
                `is not a complete gzip file (${(e as Error).message}) after ${lines} usage lines`,
                { source },
                "The file or download was cut off; download it again",
            );
        }
        throw new InputError(
            `could not be read completely (${(e as Error).message}) after ${lines} usage lines`,
            { source },
            "If it was being downloaded, the connection dropped: run again",
        );
    } finally {
        gunzip?.destroy();
    }
}

/** Reads the first non-empty chunk and returns it with an iterable that replays it. */
async function peek(
    it: AsyncIterator<Buffer>,
): Promise<{ first: Buffer | undefined; iterable: AsyncIterable<Buffer> }> {
    let first: Buffer | undefined;
    for (;;) {
        const r = await it.next();
        if (r.done) break;
        if (r.value.length > 0) {
            first = r.value;
            break;
        }
    }
    const iterable: AsyncIterable<Buffer> = {
        async *[Symbol.asyncIterator]() {
            if (first === undefined) return;
            yield first;
            for (;;) {
                const r = await it.next();
                if (r.done) return;
                yield r.value;
            }
        },
    };
    return { first, iterable };
}

function firstSignificantChar(chunk: Buffer): string | undefined {
    let i = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
    while (i < chunk.length && (chunk[i] === 0x20 || chunk[i] === 0x09 || chunk[i] === 0x0a || chunk[i] === 0x0d)) i++;
    return i < chunk.length ? String.fromCharCode(chunk[i]) : undefined;
}

/** Short display name for progress output. */
export function displayName(path: string): string {
    return basename(path);
}
