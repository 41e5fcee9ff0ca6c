/**
 * Bounded exponential backoff with jitter, shared by token acquisition and ARM calls.
 *
 * The first wait is 1–2 s; each next wait is 1.10–1.25 × the previous one (never more than double),
 * capped at 30 s, and cut so the total never passes the deadline. Growing by at most 1.25× keeps
 * the overshoot after an unknown delay D to about D/4 (total ≤ 1.25·D + 2 s), where doubling would
 * overshoot by up to D.
 * @param previousMs - the previous wait (0 or undefined before the first retry)
 * @param remainingMs - time left until the deadline; the wait never exceeds it
 * @param random - a number in [0, 1) (inject for determinism)
 * @returns the wait in ms, or `undefined` when no time is left for another attempt
 */
export function nextDelayMs(previousMs: number | undefined, remainingMs: number, random: number): number | undefined {
    if (remainingMs <= 0) return undefined;
    const r = Math.min(Math.max(random, 0), 1);
    const raw = previousMs && previousMs > 0 ? previousMs * (1.1 + 0.15 * r) : 2000 * (0.5 + 0.5 * r);
    return Math.round(Math.min(raw, 30_000, remainingMs));
}

/**
 * The wait a `retry-after-ms` / `x-ms-retry-after-ms` or `Retry-After` (seconds or HTTP date)
 * header asks for, in ms; undefined when absent or unparsable.
 */
export function retryAfterMs(header: (name: string) => string | undefined, nowMs: number): number | undefined {
    const ms = header("retry-after-ms") ?? header("x-ms-retry-after-ms");
    const ra = header("retry-after");
    const v =
        ms !== undefined
            ? Number(ms)
            : ra === undefined
              ? NaN
              : /^\s*\d+(\.\d+)?\s*$/.test(ra)
                ? Number(ra) * 1000
                : Date.parse(ra) - nowMs;
    return Number.isFinite(v) ? Math.max(0, v) : undefined;
}
