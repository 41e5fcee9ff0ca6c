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
     */
    read(sink: LineSink, progress: (what: string) => void): Promise<void>;
}

/**
 * A {@link UsageSource} over local paths (`--input`): files or directories of any mix of shapes.
 * @param paths files or directories
 */
export function fileSource(paths: string[]): UsageSource {
    return {
        label: paths.join(", "),
        async read(sink, progress) {
            for (const path of paths) {
                for (const file of await listInputFiles(path)) {
                    progress(file);
                    await readUsageFile(file, sink);
                }
            }
        },
    };
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
    for (const source of options.sources) {
        await source.read(sink, (what) => {
            current = what;
            progress?.(agg.lineItems, what);
        });
    }
    return buildReport(agg, options.expected ?? [], options.expectedSource);
}
