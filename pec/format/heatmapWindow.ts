// Which days the HTML heatmap draws: at most a quarter, so that a few lines dated far apart (0100-01-01 and
// 9999-12-31) cannot make a page of millions of cells. Days with usage outside it are summarised.
import type { DayCounts } from "../report";

/** Most day columns the heatmap draws: a quarter, i.e. up to three monthly billing periods side by side. */
export const HEATMAP_MAX_DAYS = 92;

/** The days the heatmap draws, and what it leaves out. */
export interface HeatmapWindow {
    /** First day drawn, `YYYY-MM-DD`. */
    from: string;
    /** Last day drawn, `YYYY-MM-DD` (at most `maxDays - 1` days after `from`). */
    to: string;
    /** Days with eligible usage outside `from`..`to`, ascending (empty when everything is drawn). */
    outside: string[];
    /** Subscriptions with eligible usage on at least one of the `outside` days. */
    subscriptionsOutside: number;
}

const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
    return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

function dayText(n: number): string {
    return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The heatmap's days. The whole period when it spans at most `maxDays`; otherwise the stretch of at most
 * `maxDays` days holding the most subscription-days with eligible usage (of equal ones, the latest), with
 * the days left out listed. Work and output grow with the days that have usage, never with the span.
 * @param period first and last usage day of the report (`from`, `to`)
 * @param days eligible lines per subscription and day (`VerifyResult.days`)
 * @param maxDays most days drawn
 */
export function heatmapWindow(
    period: { from: string; to: string },
    days: ReadonlyMap<string, ReadonlyMap<string, DayCounts>>,
    maxDays: number = HEATMAP_MAX_DAYS,
): HeatmapWindow {
    const first = dayNumber(period.from);
    const last = dayNumber(period.to);
    if (last - first < maxDays) return { from: period.from, to: period.to, outside: [], subscriptionsOutside: 0 };
    const cellsPerDay = new Map<string, number>();
    for (const perDay of days.values()) {
        for (const [day, counts] of perDay) {
            if (counts.eligible > 0) cellsPerDay.set(day, (cellsPerDay.get(day) ?? 0) + 1);
        }
    }
    const used = [...cellsPerDay.keys()].sort();
    if (used.length === 0)
        return { from: dayText(last - maxDays + 1), to: period.to, outside: [], subscriptionsOutside: 0 };
    const numbers = used.map(dayNumber);
    let best = { cells: -1, start: 0, end: 0 };
    let start = 0;
    let cells = 0;
    for (let end = 0; end < used.length; end++) {
        cells += cellsPerDay.get(used[end])!;
        while (numbers[end] - numbers[start] >= maxDays) cells -= cellsPerDay.get(used[start++])!;
        if (cells >= best.cells) best = { cells, start, end };
    }
    const from = used[best.start];
    const to = used[best.end];
    const outside = used.filter((day) => day < from || day > to);
    let subscriptionsOutside = 0;
    for (const perDay of days.values()) {
        for (const [day, counts] of perDay) {
            if (counts.eligible > 0 && (day < from || day > to)) {
                subscriptionsOutside++;
                break;
            }
        }
    }
    return { from, to, outside, subscriptionsOutside };
}
