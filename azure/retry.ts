import { nextDelayMs, retryAfterMs } from "./backoff";
import type { FailureKind } from "./errors";
import { RetryClock, withDefaults } from "./retryClock";

/** Why an attempt should be retried (or not): its failure kind and an optional server-requested wait. */
export interface RetryVerdict {
    /** The failure kind; only `replication`, `transient` and `throttled` are retried. */
    kind: FailureKind;
    /** A wait the server asked for (Retry-After), honoured within the budget. */
    retryAfterMs?: number;
}

/** Bounds of {@link withRetries}. */
export interface RetryOptions {
    /** Clock (inject in tests). */
    clock?: Partial<RetryClock>;
    /** `replication` failures are retried until this much time has passed since the start (ms). Default 0. */
    replicationBudgetMs?: number;
    /** Most retries of `transient` / `throttled` failures. Default 5. */
    maxTransientRetries?: number;
    /** Most total waiting for `transient` / `throttled` failures (ms). Default 120 000. */
    transientBudgetMs?: number;
    /**
     * `transient` / `throttled` failures are not retried once this much time has passed since the
     * start (ms, on `clock`): with each attempt bounded by a request timeout, this bounds the whole
     * operation against a host that accepts and never answers. Default: no limit.
     */
    deadlineMs?: number;
}

/** The outcome of {@link withRetries}: the last value or error, and what it took. */
export interface RetryOutcome<T> {
    /** The last attempt's value (if it did not throw). */
    value?: T;
    /** The last attempt's error (if it threw). */
    error?: unknown;
    /** The verdict on the last attempt (undefined: success or not retryable as judged). */
    verdict?: RetryVerdict;
    /** Attempts made. */
    attempts: number;
    /** Total time waited between attempts (ms). */
    waitedMs: number;
}

/**
 * Runs `attempt` until `judge` finds nothing to retry or the budget is spent, waiting per
 * `./backoff` (or the server's Retry-After, within budget) in between. Never throws by itself.
 * @param attempt - one try
 * @param judge - the verdict on a try's value or error; undefined means done
 * @param options - clock and budgets
 */
export async function withRetries<T>(attempt: () => Promise<T>, judge: (value: T | undefined, error: unknown) => RetryVerdict | undefined, options: RetryOptions = {}): Promise<RetryOutcome<T>> {
    const clock = withDefaults(options.clock);
    const start = clock.now();
    let waitedMs = 0, transient = 0, previous: number | undefined;
    for (let attempts = 1; ; attempts++) {
        let value: T | undefined, error: unknown;
        try {
            value = await attempt();
        } catch (e) {
            error = e;
        }
        const verdict = judge(value, error);
        const kind = verdict?.kind;
        const remaining = kind === "replication" ? start + (options.replicationBudgetMs ?? 0) - clock.now()
            : (kind === "transient" || kind === "throttled") && transient++ < (options.maxTransientRetries ?? 5)
                ? Math.min((options.transientBudgetMs ?? 120_000) - waitedMs, start + (options.deadlineMs ?? Infinity) - clock.now()) : 0;
        const asked = verdict?.retryAfterMs;
        const delay = asked !== undefined && remaining > 0 ? Math.min(asked, remaining) : nextDelayMs(previous, remaining, clock.random());
        if (delay === undefined) return { value, error, verdict, attempts, waitedMs };
        await clock.sleep(delay);
        waitedMs += delay;
        previous = Math.max(delay, previous ?? 0);
    }
}

/**
 * The verdict on an HTTP exchange: 429 → throttled (with its Retry-After), 408 / 5xx → transient,
 * a thrown error (no response: refused, reset, dropped connection, timeout) → transient, except a
 * TLS certificate failure (fatal: retrying cannot fix it); else done.
 * @param response - the response, if any
 * @param error - the error thrown by the HTTP client, if any
 * @param nowMs - current time, for HTTP-date Retry-After values
 */
export function judgeHttp(response: { status: number; headers: { get(name: string): string | undefined } } | undefined, error: unknown, nowMs: number): RetryVerdict | undefined {
    if (!response) return error === undefined ? undefined : { kind: /certificate|self[- ]signed/i.test(String((error as Error)?.message)) ? "fatal" : "transient" };
    const s = response.status;
    if (s !== 429 && s !== 408 && s < 500) return undefined;
    return { kind: s === 429 ? "throttled" : "transient", retryAfterMs: retryAfterMs((h) => response.headers.get(h), nowMs) };
}
