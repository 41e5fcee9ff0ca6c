import { promises as fs } from "node:fs";
import { PecAggregator } from "./aggregate";
import { buildReport, VerifyResult } from "./report";
import { listInputFiles, readUsageFile } from "./sources/files";
import { LineSink } from "./sources/jsonLines";

/** Somewhere usage lines come from (files, the Graph export, Partner Center v1). */
export interface UsageSource {
    /** Short description for progress output, e.g. "graph export" or a file name. */
    readonly label: string;
    /**
     * Streams every usage line into `sink`.
     * @param sink receives each line
     * @param progress reports what is being read (a blob, a page) as it starts
     * @param warn receives warnings: input skipped or read differently than given, with the reason
     */
    read(sink: LineSink, progress: (what: string) => void, warn: (message: string) => void): Promise<void>;
}

/**
 * A {@link UsageSource} over local paths (`--input`): files or directories of any mix of shapes.
 * A file reached twice (the same path twice, a file and its folder, a link to it: same device and
 * inode) is read once, with a warning: counting its lines twice would double every total.
 * @param paths files or directories
 */
export function fileSource(paths: string[]): UsageSource {
    return {
        label: paths.join(", "),
        async read(sink, progress, warn) {
            const seen = new Map<string, string>();
            for (const path of paths) {
                for (const file of await listInputFiles(path, warn)) {
                    const id = await fileIdentity(file);
                    const first = seen.get(id);
                    if (first !== undefined) {
                        warn(`${file}: skipped, the same file as ${first} (given twice); its lines are counted once`);
                        continue;
                    }
                    seen.set(id, file);
                    progress(file);
                    await readUsageFile(file, sink);
                }
            }
        },
    };
}

/** Device and inode of a file (its real path where the file system has no inode numbers). */
async function fileIdentity(file: string): Promise<string> {
    try {
        const stat = await fs.stat(file);
        if (stat.ino !== 0) return `${stat.dev}:${stat.ino}`;
        return await fs.realpath(file);
    } catch {
        return file; // reading it reports the problem
    }
}

/** Options of {@link verifyUsage}. */
export interface VerifyOptions {
    /** Where the usage lines come from. */
    sources: UsageSource[];
    /** Subscriptions that should earn PEC (lower-case), e.g. from `--expect`. */
    expected?: string[];
    /** Where `expected` came from, for problem texts. */
    expectedSource?: string;
    /** Called about every {@link PROGRESS_EVERY} lines and when a new file/blob/page starts. */
    onProgress?: (lines: number, current: string) => void;
}

/** Lines between progress callbacks. */
export const PROGRESS_EVERY = 100_000;

/**
 * Streams all sources through one aggregation and builds the report. Memory stays bounded by the
 * number of subscriptions × days, whatever the number of lines.
 * @param options sources, expectations and progress
 */
export async function verifyUsage(options: VerifyOptions): Promise<VerifyResult> {
    const agg = new PecAggregator();
    const progress = options.onProgress;
    let current = "";
    let nextReport = PROGRESS_EVERY;
    const sink: LineSink = progress
        ? (line) => {
            agg.add(line);
            if (agg.lineItems >= nextReport) {
                nextReport += PROGRESS_EVERY;
                progress(agg.lineItems, current);
            }
        }
        : (line) => agg.add(line);
    const warnings: string[] = [];
    for (const source of options.sources) {
        await source.read(sink, (what) => {
            current = what;
            progress?.(agg.lineItems, what);
        }, (message) => warnings.push(message));
    }
    return { ...buildReport(agg, options.expected ?? [], options.expectedSource), warnings };
}
