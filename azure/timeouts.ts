/** Default idle timeout of one HTTP request, token requests included (ms). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * The overall deadline of one operation (a request and its retries) for a request timeout: four
 * timeouts, so a host that accepts and never answers fails after about five (2.5 min by default).
 * @param requestTimeoutMs - the idle timeout of one request
 */
export function operationDeadlineMs(requestTimeoutMs: number): number {
    return 4 * requestTimeoutMs;
}
