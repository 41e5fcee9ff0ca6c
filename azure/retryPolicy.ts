import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import { nextDelayMs, retryAfterMs } from "./backoff";
import { classifyStatus, FailureKind, isNetworkError } from "./errors";
import { RetryClock, withDefaults } from "./retryClock";

/** Options of {@link boundedRetryPolicy}. */
export interface BoundedRetryOptions {
    /** Most retries per request (default 5). */
    maxRetries?: number;
    /** Most total waiting per request, ms (default 120 000). */
    maxTotalWaitMs?: number;
    /** Longest `Retry-After` honoured, ms (default 60 000); a longer one is cut to this. */
    maxRetryAfterMs?: number;
    /** Clock (inject in tests). */
    clock?: Partial<RetryClock>;
    /** Called before each wait. */
    onRetry?: (info: { attempt: number; kind: FailureKind; status?: number; delayMs: number }) => void;
}

/** Name of the policy in a pipeline. */
export const boundedRetryPolicyName = "lighthousePecBoundedRetry";

/**
 * A core-rest-pipeline policy that retries 429 (honouring `Retry-After`), 408/5xx and failed or
 * dropped connections with the shared bounded backoff. It replaces the SDK's retry policies because
 * those sleep with real timers that tests cannot inject. After the last retry the last response is
 * returned (or the network error rethrown) for the caller to report.
 */
export function boundedRetryPolicy(options: BoundedRetryOptions = {}): PipelinePolicy {
    const maxRetries = options.maxRetries ?? 5;
    const maxTotal = options.maxTotalWaitMs ?? 120_000;
    const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
    return {
        name: boundedRetryPolicyName,
        async sendRequest(request, next) {
            const clock = withDefaults(options.clock);
            let waited = 0;
            let previous: number | undefined;
            for (let attempt = 1; ; attempt++) {
                let response: PipelineResponse | undefined;
                let error: unknown;
                try {
                    response = await next(request);
                } catch (e) {
                    error = e;
                }
                const kind: FailureKind | undefined = response
                    ? (response.status === 429 || response.status === 408 || response.status >= 500 ? classifyStatus(response.status) : undefined)
                    : isNetworkError(error) ? "transient" : undefined;
                if (!kind || attempt > maxRetries) {
                    if (response) return response;
                    throw error;
                }
                const remaining = maxTotal - waited;
                let delay = nextDelayMs(previous, remaining, clock.random());
                const asked = response ? retryAfterMs({ get: (h) => response!.headers.get(h) }, clock.now()) : undefined;
                if (asked !== undefined && remaining > 0) delay = Math.min(asked, maxRetryAfter, remaining);
                if (delay === undefined) {
                    if (response) return response;
                    throw error;
                }
                options.onRetry?.({ attempt, kind, status: response?.status, delayMs: delay });
                await clock.sleep(delay);
                waited += delay;
                previous = Math.max(delay, previous ?? 0);
            }
        },
    };
}
