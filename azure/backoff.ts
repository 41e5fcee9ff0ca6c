/**
 * Bounded exponential backoff with jitter, shared by token acquisition and ARM calls.
 *
 * The first wait is 1–2 s; each next wait is 1.10–1.25 × the previous one (never more than double),
 * capped at `capMs`, and the last wait is cut so the total never passes the deadline. Growing by at
 * most 1.25× keeps the overshoot after an unknown delay D to about D/4 (so total ≤ 1.25·D + 2 s),
 * where doubling would overshoot by up to D.
 */
export interface BackoffPolicy {
    /** Upper bound of the first wait (ms). Default 2000. */
    firstMaxMs: number;
    /** Cap of any single wait (ms). Default 30000. */
    capMs: number;
    /** Smallest growth factor between consecutive waits. Default 1.10. */
    minGrowth: number;
    /** Largest growth factor between consecutive waits (≤ 2). Default 1.25. */
    maxGrowth: number;
}

/** The default policy (first ≤ 2 s, growth 1.10–1.25, cap 30 s). */
export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = Object.freeze({ firstMaxMs: 2000, capMs: 30_000, minGrowth: 1.1, maxGrowth: 1.25 });

/**
 * The wait before the next attempt.
 * @param previousMs - the previous wait (0 or undefined before the first retry)
 * @param remainingMs - time left until the deadline; the wait never exceeds it
 * @param random - a number in [0, 1) (inject for determinism)
 * @param policy - the policy
 * @returns the wait in ms, or `undefined` when no time is left for another attempt
 */
export function nextDelayMs(previousMs: number | undefined, remainingMs: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number | undefined {
    if (remainingMs <= 0) return undefined;
    const r = Math.min(Math.max(random, 0), 1);
    const raw = !previousMs || previousMs <= 0
        ? policy.firstMaxMs * (0.5 + 0.5 * r)
        : previousMs * (policy.minGrowth + (policy.maxGrowth - policy.minGrowth) * r);
    return Math.round(Math.min(raw, policy.capMs, remainingMs));
}

/**
 * The wait a `Retry-After` (seconds or HTTP date) or `retry-after-ms` header asks for, in ms;
 * undefined when absent or unparsable.
 */
export function retryAfterMs(headers: { get(name: string): string | undefined }, nowMs: number): number | undefined {
    for (const h of ["retry-after-ms", "x-ms-retry-after-ms"]) {
        const v = Number(headers.get(h));
        if (headers.get(h) !== undefined && Number.isFinite(v) && v >= 0) return v;
    }
    const ra = headers.get("retry-after");
    if (ra === undefined) return undefined;
    const seconds = Number(ra);
    if (ra.trim() !== "" && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(ra);
    return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}
