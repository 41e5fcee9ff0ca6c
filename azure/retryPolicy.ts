import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import { judgeHttp, RetryOptions, withRetries } from "./retry";
import { withDefaults } from "./retryClock";

/**
 * A core-rest-pipeline policy that retries 429 (honouring `Retry-After`), 408/5xx and failed or
 * dropped connections with the shared bounded backoff ({@link withRetries}). It stands in for the
 * SDK's retry policies because those sleep on real timers that tests cannot inject. After the last
 * retry the last response is returned (or the error rethrown) for the caller to report.
 */
export function boundedRetryPolicy(options: RetryOptions = {}): PipelinePolicy {
    const now = withDefaults(options.clock).now;
    return {
        name: "lighthousePecBoundedRetry",
        async sendRequest(request, next) {
            const out = await withRetries<PipelineResponse>(
                () => next(request),
                (r, e) => judgeHttp(r, e, now()),
                options,
            );
            if (out.value) return out.value;
            throw out.error;
        },
    };
}
