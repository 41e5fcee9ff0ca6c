import { describeFailure } from "./failure";
import { FleetOperation, FleetWorkspace, StackChanges } from "./workspace";

/** The outcome of one stack. */
export interface StackResult {
    /** The stack name. */
    stack: string;
    /** Whether the operation succeeded on this stack. */
    result: "succeeded" | "failed";
    /** Present when the operation succeeded. */
    changes?: StackChanges;
    /** Wall-clock time of the operation on this stack. */
    durationMs: number;
    /** The step that failed (`stack select`, `preview`, `up`, `stack output`, …), when known. */
    step?: string;
    /** Why it failed: the first line of Pulumi's own message (secrets are never in engine errors; values are). */
    error?: string;
    /** The last lines of Pulumi's output for a failure (its diagnostics, or its error output). */
    detail?: string;
}

/** A progress event: sent when a stack starts or finishes. */
export interface FleetProgress {
    /** Stacks in the run. */
    total: number;
    /** Stacks finished, failed or not. */
    done: number;
    /** Stacks that failed so far. */
    failed: number;
    /** Stacks in flight, in start order. */
    running: string[];
    /** The stack that just finished, with its result. */
    finished?: StackResult;
}

/** Options of {@link runFleet}. */
export interface FleetRunOptions {
    /** Stacks run at the same time (≥ 1). */
    concurrency: number;
    /** Milliseconds clock for durations (tests inject one). Default `Date.now`. */
    now?: () => number;
    /** Called whenever a stack starts or finishes. */
    onProgress?: (progress: FleetProgress) => void;
    /** Receives each stack's engine output lines. */
    onOutput?: (stack: string, line: string) => void;
}

/**
 * Runs `operation` on every stack with at most `concurrency` in flight. A failing stack is recorded and
 * never stops the others. Results come back in the order of `stacks`.
 */
export async function runFleet(
    stacks: string[],
    operation: FleetOperation,
    workspace: FleetWorkspace,
    options: FleetRunOptions,
): Promise<StackResult[]> {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
        throw new RangeError(`concurrency must be a whole number ≥ 1, got ${options.concurrency}`);
    }
    const now = options.now ?? Date.now;
    const results = new Array<StackResult>(stacks.length);
    const running: string[] = [];
    let next = 0;
    let done = 0;
    let failed = 0;
    const report = (finished?: StackResult): void =>
        options.onProgress?.({ total: stacks.length, done, failed, running: [...running], finished });

    const runOne = async (index: number): Promise<void> => {
        const stack = stacks[index];
        running.push(stack);
        report();
        const started = now();
        let result: StackResult;
        try {
            const changes = await workspace.run(stack, operation, (line) => options.onOutput?.(stack, line));
            result = { stack, result: "succeeded", changes, durationMs: now() - started };
        } catch (err) {
            const { step, message, detail } = describeFailure(err);
            result = { stack, result: "failed", durationMs: now() - started, step, error: message, detail };
            failed++;
        }
        running.splice(running.indexOf(stack), 1);
        done++;
        results[index] = result;
        report(result);
    };
    const worker = async (): Promise<void> => {
        while (next < stacks.length) {
            await runOne(next++);
        }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, stacks.length) }, worker));
    return results;
}
