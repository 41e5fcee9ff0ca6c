/** Time, waiting and randomness, injectable so retry schedules can be tested without real sleeping. */
export interface RetryClock {
    /** Wait `ms` milliseconds. */
    sleep(ms: number): Promise<void>;
    /** Current time in epoch milliseconds. */
    now(): number;
    /** A number in [0, 1) used for jitter. */
    random(): number;
}

/** The real clock. */
export const systemClock: RetryClock = {
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    random: () => Math.random(),
};

/** `clock` with missing members taken from the real clock. */
export function withDefaults(clock?: Partial<RetryClock>): RetryClock {
    return {
        sleep: clock?.sleep ?? systemClock.sleep,
        now: clock?.now ?? systemClock.now,
        random: clock?.random ?? systemClock.random,
    };
}
