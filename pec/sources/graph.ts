import { retryAfterMs } from "../../azure/backoff";
import { RetryClock, withDefaults } from "../../azure/retryClock";
import type { UsageSource } from "../verify";
import { SourceError } from "../../core/errors";
import { errorText, UsageHttp, withoutQuery } from "./http";
import { readUsageStream } from "./files";

/** Which usage the Graph export covers. */
export type GraphExportScope =
    { kind: "unbilled"; period: "current" | "last"; currencyCode: string } | { kind: "billed"; invoiceId: string };

/** Options of {@link graphExportSource}. */
export interface GraphExportOptions {
    /** HTTP with a token for Microsoft Graph. */
    http: UsageHttp;
    /** Graph base URL, e.g. `https://graph.microsoft.com`. */
    graphEndpoint: string;
    /** Unbilled (current/last period) or billed (invoice). */
    scope: GraphExportScope;
    /** Clock for polling (inject in tests). */
    clock?: Partial<RetryClock>;
    /** Longest time to wait for the export to finish (ms). Default 2 hours. */
    maxWaitMs?: number;
    /** Poll interval when the service gives no Retry-After (ms). Default 15 s. */
    defaultPollMs?: number;
    /** Shortest time between two polls, whatever Retry-After says (ms). Default 1 s. */
    minPollMs?: number;
}

/** The export manifest (Graph `microsoft.graph.partners.billing.manifest`). */
interface Manifest {
    dataFormat?: string;
    rootDirectory?: string;
    sasToken?: string;
    blobCount?: number;
    blobs?: { name?: string; partitionValue?: string }[];
}

const POLL_LIMIT = 10_000;
const MIN_POLL_MS = 1000;

/**
 * The Microsoft Graph partner billing usage export (v2) as a usage source: POST the export with
 * `attributeSet: "full"` (only that set carries PartnerEarnedCreditPercentage), poll the operation
 * honouring `Retry-After` (but at least `minPollMs` apart, at most `maxWaitMs` in all and
 * 10 000 polls) until it succeeds or fails, read the manifest (inline in
 * `resourceLocation` or at `resourceLocation@odata.navigationLink`), and stream every blob
 * (gzip JSON Lines) through the same reader as local files — one blob at a time, never whole.
 * @param options HTTP, endpoint, scope and clock
 */
export function graphExportSource(options: GraphExportOptions): UsageSource {
    const clock = withDefaults(options.clock);
    const base = `${options.graphEndpoint.replace(/\/+$/, "")}/v1.0/reports/partners/billing`;
    return {
        label: "graph export",
        async read(sink, progress) {
            const { scope, http } = options;
            const [url, body] =
                scope.kind === "billed"
                    ? [`${base}/usage/billed/export`, { invoiceId: scope.invoiceId, attributeSet: "full" }]
                    : [
                          `${base}/usage/unbilled/export`,
                          { currencyCode: scope.currencyCode, billingPeriod: scope.period, attributeSet: "full" },
                      ];
            progress("graph export: requesting");
            const started = await http.json("POST", url, body);
            if (started.status !== 202) {
                throw new SourceError(
                    `Microsoft Graph refused the usage export: HTTP ${started.status}${errorText(started.json)}. ${adviceFor(started.status)}`,
                );
            }
            const location = started.header("location");
            if (!location)
                throw new SourceError("Microsoft Graph accepted the usage export but sent no Location header to poll");
            const operation = await poll(http, location, started.header, clock, options, progress);
            const manifest = await manifestOf(http, operation);
            const blobs = manifest.blobs ?? [];
            if (manifest.dataFormat && !/jsonlines/i.test(manifest.dataFormat)) {
                throw new SourceError(
                    `The export manifest's dataFormat is ${JSON.stringify(manifest.dataFormat)}; only compressed JSON Lines is supported`,
                );
            }
            if (blobs.length > 0 && (!manifest.rootDirectory || manifest.sasToken === undefined)) {
                throw new SourceError(
                    "The export manifest has no rootDirectory or sasToken; cannot download its blobs",
                );
            }
            for (const [i, blob] of blobs.entries()) {
                if (!blob.name) throw new SourceError(`The export manifest's blob ${i + 1} has no name`);
                const name = `graph blob ${blob.name}`;
                progress(`${name} (${i + 1}/${blobs.length})`);
                const blobUrl = `${manifest.rootDirectory!.replace(/\/+$/, "")}/${blob.name}${manifest.sasToken ? `?${manifest.sasToken.replace(/^\?/, "")}` : ""}`;
                const stream = await http.stream(blobUrl, blob.name);
                await readUsageStream(stream as AsyncIterable<Buffer>, name, sink).catch((e: Error) => {
                    (stream as { destroy?: () => void }).destroy?.();
                    throw e;
                });
            }
        },
    };
}

async function poll(
    http: UsageHttp,
    location: string,
    firstHeader: (name: string) => string | undefined,
    clock: RetryClock,
    options: GraphExportOptions,
    progress: (what: string) => void,
): Promise<Record<string, unknown>> {
    const deadline = clock.now() + (options.maxWaitMs ?? 2 * 3600_000);
    let header = firstHeader;
    for (let polls = 1; polls <= POLL_LIMIT; polls++) {
        const wait = Math.max(
            retryAfterMs(header, clock.now()) ?? options.defaultPollMs ?? 15_000,
            options.minPollMs ?? MIN_POLL_MS,
        );
        if (clock.now() + wait > deadline) break;
        await clock.sleep(wait);
        const answer = await http.json("GET", location);
        if (answer.status !== 200 || typeof answer.json !== "object" || answer.json === null) {
            throw new SourceError(
                `Polling the usage export operation ${withoutQuery(location)} failed: HTTP ${answer.status}${errorText(answer.json)}`,
            );
        }
        const op = answer.json as Record<string, unknown>;
        const status = typeof op.status === "string" ? op.status.toLowerCase() : "";
        if (status === "succeeded") return op;
        if (status === "failed") {
            throw new SourceError(
                `The usage export operation failed${errorText(op)}. Run it again later; if it keeps failing, export a smaller scope (billed invoice) or use --input with a downloaded file`,
            );
        }
        progress(`graph export: ${status || "waiting"} (poll ${polls})`);
        header = answer.header;
    }
    throw new SourceError(
        `The usage export did not finish within the wait limit of ${Math.round((options.maxWaitMs ?? 7_200_000) / 60_000)} minutes or ${POLL_LIMIT} polls; try again later`,
    );
}

async function manifestOf(http: UsageHttp, op: Record<string, unknown>): Promise<Manifest> {
    const inline = op.resourceLocation;
    if (inline && typeof inline === "object") return inline as Manifest;
    const link = op["resourceLocation@odata.navigationLink"] ?? (typeof inline === "string" ? inline : undefined);
    if (typeof link !== "string")
        throw new SourceError("The usage export succeeded but named no manifest (resourceLocation)");
    const answer = await http.json("GET", link);
    if (answer.status !== 200 || typeof answer.json !== "object" || answer.json === null) {
        throw new SourceError(`Reading the export manifest failed: HTTP ${answer.status}${errorText(answer.json)}`);
    }
    return answer.json as Manifest;
}

function adviceFor(status: number): string {
    if (status === 401) return "Check the credential (tenant, client ID, secret)";
    if (status === 403)
        return "The identity needs the Microsoft Graph application permission PartnerBilling.Read.All (admin-consented) in the partner tenant";
    if (status === 400) return "Check --period / --currency / --invoice";
    return "Try again later";
}
