// `fleet up --retry-failed <summary.json>`: run again only the stacks that failed in an earlier run.
import type { FleetSummary } from "./summaryFile";

/** The stacks to retry, and the failed ones that are left out (each with a warning). */
export interface RetrySelection {
    /** Failed stacks that still exist and match `--stacks`, in the order of `matching`. */
    stacks: string[];
    /** Failed stacks whose `Pulumi.<stack>.yaml` is gone from the project. */
    gone: string[];
    /** Failed stacks that exist but do not match `--stacks`. */
    notMatching: string[];
}

/**
 * Picks the stacks of a summary that failed and can run again.
 * @param summary the earlier run's summary
 * @param existing every stack of the project (from its stack files)
 * @param matching the stacks `--stacks` selects
 */
export function retryStacks(
    summary: FleetSummary,
    existing: readonly string[],
    matching: readonly string[],
): RetrySelection {
    const failed = new Set(summary.stacks.filter((s) => s.result === "failed").map((s) => s.stack));
    const exists = new Set(existing);
    const selected = new Set(matching);
    const gone = [...failed].filter((s) => !exists.has(s)).sort();
    const notMatching = [...failed].filter((s) => exists.has(s) && !selected.has(s)).sort();
    return { stacks: matching.filter((s) => failed.has(s)), gone, notMatching };
}
