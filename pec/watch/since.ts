import { InputError } from "../../core/errors";

/**
 * The start of the activity log window `watch` reads (pure). The Azure activity log keeps 90 days of events
 * (Microsoft Learn, Azure Monitor, "Activity log": "Activity log events are retained in Azure for 90 days and then deleted"), so a start further back
 * cannot be served and is refused with the fix.
 */

/** How far back the activity log keeps events, in days. */
export const ACTIVITY_LOG_RETENTION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** Default window when neither `--since` nor a state file says where to start: the last day, as Microsoft's sample script reads. */
export const DEFAULT_WINDOW_MS = DAY_MS;

/**
 * Overlap with the previous run's window when a state file says where it ended: events can reach the log
 * some time after they happened, and the state file makes sure an event read twice is reported once.
 */
export const STATE_OVERLAP_MS = HOUR_MS;

const EXAMPLES = "e.g. 7d, 24h, P7D, PT12H, 2026-11-01 or 2026-11-01T06:00:00Z";

/** Milliseconds of a duration (`7d`, `24h`, `90m`, ISO 8601 `P7D`, `PT24H`, `P1DT12H`, `P2W`), or undefined. */
export function durationMs(value: string): number | undefined {
    const short = /^(\d{1,6})\s*([dhm])$/i.exec(value);
    if (short) return Number(short[1]) * { d: DAY_MS, h: HOUR_MS, m: 60_000 }[short[2].toLowerCase() as "d"];
    const weeks = /^P(\d{1,4})W$/i.exec(value);
    if (weeks) return Number(weeks[1]) * 7 * DAY_MS;
    const iso = /^P(?:(\d{1,6})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,6})S)?)?$/i.exec(value);
    if (!iso || /^P$|T$/i.test(value)) return undefined;
    const [d, h, m, s] = iso.slice(1).map((x) => Number(x ?? 0));
    return d * DAY_MS + h * HOUR_MS + m * 60_000 + s * 1000;
}

/** Epoch milliseconds of a date (`2026-11-01`, UTC midnight) or a date-time with a zone (`…T06:00:00Z`, `…+01:00`). */
function dateMs(value: string): number | undefined {
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/i.exec(value);
    if (!date && !dateTime) return undefined;
    const ms = Date.parse(date ? `${value}T00:00:00Z` : value.replace(/(\.\d{3})\d+/, "$1"));
    if (Number.isNaN(ms)) return undefined;
    // Date.parse rolls 2026-02-30 over to March: refuse dates that do not exist.
    if (date && new Date(ms).toISOString().slice(0, 10) !== value) return undefined;
    return ms;
}

/** ISO 8601 UTC without milliseconds, the form Microsoft's sample script puts in `$filter`. */
export function filterTime(ms: number): string {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Parses `--since`: a duration back from `now` or a date, no older than the log's 90 days and not in the future.
 * @param value the flag's value
 * @param now the current time (epoch ms)
 * @returns the start of the window (epoch ms)
 * @throws InputError naming the flag, the value and the fix
 */
export function parseSince(value: string, now: number): number {
    const trimmed = value.trim();
    const fail = (problem: string, fix: string) => new InputError(problem, { source: "--since", value }, fix);
    const duration = durationMs(trimmed);
    let start: number;
    if (duration !== undefined) {
        if (duration <= 0) throw fail("is an empty window", `Give a duration above zero (${EXAMPLES})`);
        start = now - duration;
    } else {
        const date = dateMs(trimmed);
        if (date === undefined) {
            const zone = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(trimmed)
                ? "; a date-time needs its time zone: add Z for UTC"
                : "";
            throw fail("is neither a duration nor a date", `Give one${zone} (${EXAMPLES})`);
        }
        start = date;
    }
    if (start > now) throw fail(`is in the future (now is ${filterTime(now)})`, "Give a past date or a duration");
    const oldest = now - ACTIVITY_LOG_RETENTION_DAYS * DAY_MS;
    if (start < oldest)
        throw fail(
            `is more than ${ACTIVITY_LOG_RETENTION_DAYS} days ago, and the activity log keeps ${ACTIVITY_LOG_RETENTION_DAYS} days`,
            `Use --since ${ACTIVITY_LOG_RETENTION_DAYS}d or a date from ${filterTime(oldest).slice(0, 10)} on`,
        );
    return start;
}

/**
 * Where the window starts: `--since` when given; else where the previous run's window ended (from the state
 * file), less {@link STATE_OVERLAP_MS}, but no older than the log's retention; else the last day.
 * @param since the `--since` value, if given
 * @param readUntil the end of the previous run's window (epoch ms), if a state file holds one
 * @param now the current time (epoch ms)
 * @returns the start, and a warning when the previous run's end is older than the log keeps (events were missed)
 */
export function windowStart(
    since: string | undefined,
    readUntil: number | null,
    now: number,
): { start: number; warning: string | null } {
    if (since !== undefined) return { start: parseSince(since, now), warning: null };
    if (readUntil === null) return { start: now - DEFAULT_WINDOW_MS, warning: null };
    const oldest = now - ACTIVITY_LOG_RETENTION_DAYS * DAY_MS;
    const wanted = Math.min(readUntil, now) - STATE_OVERLAP_MS;
    if (wanted >= oldest) return { start: wanted, warning: null };
    return {
        start: oldest,
        warning: `the previous run read the activity log up to ${filterTime(readUntil)}, more than ${ACTIVITY_LOG_RETENTION_DAYS} days ago; changes before ${filterTime(oldest)} are no longer in the log and were not checked.`,
    };
}
