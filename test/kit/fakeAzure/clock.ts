/**
 * A virtual clock for tests: `sleep` advances `now` instantly and records each wait, so retry
 * schedules can be asserted without real sleeping. Share one instance between the code under test
 * (its injected `sleep`/`now`) and the fake server (its `now`) so replication delays elapse in
 * virtual time.
 */
export class VirtualClock {
    /** Every wait requested through {@link sleep}, in milliseconds, in order. */
    readonly sleeps: number[] = [];
    private current: number;

    /** @param startMs - the initial virtual time (epoch milliseconds). */
    constructor(startMs = Date.UTC(2025, 0, 1)) {
        this.current = startMs;
    }

    /** The current virtual time in epoch milliseconds. */
    readonly now = (): number => this.current;

    /** Advances virtual time by `ms` and resolves on the next tick. */
    readonly sleep = async (ms: number): Promise<void> => {
        this.sleeps.push(ms);
        this.current += Math.max(0, ms);
        await new Promise((resolve) => setImmediate(resolve));
    };

    /** Moves virtual time forward without recording a sleep. */
    advance(ms: number): void {
        this.current += ms;
    }
}
