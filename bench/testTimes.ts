// What bench/testTimesReporter.ts writes and bench/tests.bench.ts reads.

/** One spec file's figures. */
export interface FileTimes {
    /** The spec file, relative to the working directory. */
    file: string;
    /** Milliseconds from its first suite's start to its last suite's end (hooks included). */
    ms: number;
    /** Tests that passed. */
    passed: number;
    /** Tests that failed (a failing hook counts once). */
    failed: number;
    /** Tests skipped (`it.skip`, `this.skip()`). */
    pending: number;
}

/** What the reporter writes. */
export interface TestTimes {
    /** `Date.now()` when mocha had loaded every spec file and created the reporter. */
    loadedAt: number;
    /** `Date.now()` when the run ended. */
    endedAt: number;
    /** Milliseconds in the root suite's own hooks (outside every file). */
    rootHooksMs: number;
    /** Every spec file that ran a suite, in the order they ran. */
    files: FileTimes[];
}

/** One spec file's run in a parallel worker, as bench/fileTimesHooks.js records it. */
export interface FileSpan {
    /** The spec file (absolute). */
    file: string;
    /** The worker process that ran it. */
    pid: number;
    /** `Date.now()` before its first suite's hooks. */
    startedAt: number;
    /** `Date.now()` after its last suite's hooks. */
    endedAt: number;
}
