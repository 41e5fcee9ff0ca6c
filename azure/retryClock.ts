/** Time, waiting and randomness, injectable so retry schedules can be tested without real sleeping. */
export interface RetryClock {
    /** Wait `ms` milliseconds. */
    sleep: (ms: number) => Promise<void>;
    /** Current time in epoch milliseconds. */
    now: () => number;
    /** A number in [0, 1) used for jitter. */
    random: () => number;
}

/** `clock` with missing members taken from the real clock (setTimeout, Date.now, Math.random). */
export function withDefaults(clock?: Partial<RetryClock>): RetryClock {
    return {
        sleep: clock?.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        now: clock?.now ?? (() => Date.now()),
        random: clock?.random ?? (() => Math.random()),
    };
}
