/** Result of reading one field: the value, or why it is unusable (the caller adds the location). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string; fix?: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A plain decimal number (no spaces, no thousands separators), e.g. `-12.5`, `1.2E-3`. */
export const DECIMAL = NUMBER;

/**
 * Largest amount (in absolute value) accepted on one usage line: 10^13. Up to 2^45 (~3.5 × 10^13)
 * a double still holds every cent (its spacing is below 0.005), so reports stay exact to the cent;
 * and 10^13 is far above any real line item, even in a currency of ~25,000 units per US dollar
 * (it would be ~400 million USD of Azure usage on one line for one day). A larger value, or
 * `1e999` (which reads as Infinity), is a corrupted or foreign file, never a fact to report.
 */
export const MAX_AMOUNT = 1e13;

const AMOUNT_RANGE_FIX =
    `Amounts must be finite numbers between -${MAX_AMOUNT.toExponential()} and ${MAX_AMOUNT.toExponential()}; ` +
    "a larger value is not a usage amount (a corrupted or edited file?): download the file again";

/**
 * Reads a money amount (a JSON number or a decimal string such as `-12.5`, `1.2E-3`), finite and
 * within ±{@link MAX_AMOUNT}.
 * @param raw the field's value as found in the data
 */
export function parseAmount(raw: unknown): Parsed<number> {
    let value: number | undefined;
    if (typeof raw === "number") value = raw;
    else if (typeof raw === "string") {
        const text = raw.trim();
        if (NUMBER.test(text)) value = Number(text);
        else if (text === "")
            return { ok: false, problem: "is empty", fix: "Every usage line needs an amount; re-download the file" };
    }
    if (value === undefined || Number.isNaN(value))
        return { ok: false, problem: "is not a number", fix: "Amounts must be plain decimal numbers such as 12.34" };
    if (!isAmountInRange(value)) return { ok: false, problem: "is out of range", fix: AMOUNT_RANGE_FIX };
    return { ok: true, value };
}

/**
 * Whether `x` is a finite amount within ±{@link MAX_AMOUNT} (false for NaN and infinities).
 * @param x the amount
 */
export function isAmountInRange(x: number): boolean {
    return x <= MAX_AMOUNT && x >= -MAX_AMOUNT;
}

const pecCache = new Map<string, Parsed<number>>();

/**
 * Reads a PEC rate and returns it as a fraction (0.15 for 15%). Accepts `0`, `15`, `15.0`, `15.00`,
 * `0.15`, `15%` and JSON numbers. A value with `%` or above 1 is a percentage; 0..1 is a fraction
 * (v1 `rateOfPartnerEarnedCredit` and some exports). Empty or null means no PEC.
 * @param raw the field's value as found in the data
 */
export function parsePecRate(raw: unknown): Parsed<number> {
    if (raw === null || raw === undefined) return { ok: true, value: 0 };
    if (typeof raw === "number") return pecFromNumber(raw, false);
    if (typeof raw !== "string") return { ok: false, problem: "is not a PEC percentage", fix: PEC_FIX };
    let cached = pecCache.get(raw);
    if (cached === undefined) {
        cached = parsePecText(raw);
        if (pecCache.size < 1000) pecCache.set(raw, cached);
    }
    return cached;
}

const PEC_FIX = "Expected 0 or 15 (also accepted: 15.00, 0.15, 15%)";

function parsePecText(raw: string): Parsed<number> {
    let text = raw.trim();
    if (text === "") return { ok: true, value: 0 };
    const percent = text.endsWith("%");
    if (percent) text = text.slice(0, -1).trim();
    if (!NUMBER.test(text)) return { ok: false, problem: "is not a PEC percentage", fix: PEC_FIX };
    return pecFromNumber(Number(text), percent);
}

function pecFromNumber(n: number, percent: boolean): Parsed<number> {
    if (!Number.isFinite(n) || n < 0 || n > 100)
        return { ok: false, problem: "is not a PEC percentage between 0 and 100", fix: PEC_FIX };
    return { ok: true, value: percent || n > 1 ? n / 100 : n };
}

/**
 * Reads a yes/no PEC flag (`true`, `True`, `1`, `yes` / `false`, `0`, `no`, empty).
 * @param raw the field's value as found in the data
 */
export function parseFlag(raw: unknown): Parsed<boolean> {
    if (typeof raw === "boolean") return { ok: true, value: raw };
    if (raw === null || raw === undefined) return { ok: true, value: false };
    const text = (typeof raw === "string" || typeof raw === "number" ? String(raw) : JSON.stringify(raw))
        .trim()
        .toLowerCase();
    if (text === "true" || text === "1" || text === "yes") return { ok: true, value: true };
    if (text === "false" || text === "0" || text === "no" || text === "") return { ok: true, value: false };
    return { ok: false, problem: "is not true or false" };
}

/** ISO 8601 day, optionally with a time and a zone (`2026-10-03`, `2026-10-03T00:00:00Z`, `…T23:59:59.5-08:00`). */
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
/** The US form the Partner Center portal writes, optionally with a time (`10/3/2026`, `10/03/2026 12:00:00 AM`). */
const US_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?: ?[AP]M)?)?$/i;

let lastDateRaw: unknown;
let lastDate: Parsed<string> = { ok: false, problem: "" };
/** Dates read, by their text (a month has ~31 distinct values on millions of lines). */
const dateCache = new Map<string, Parsed<string>>();
/** Most texts {@link dateCache} holds; further ones are parsed every time. */
const MAX_CACHED_DATES = 4096;

/**
 * Reads a usage date as `YYYY-MM-DD`. Accepts ISO 8601 (`2026-10-03`, `2026-10-03T00:00:00Z`;
 * the calendar day as written, no time-zone shift — billing days are UTC) and the US form the
 * Partner Center portal writes (`10/3/2026`, `10/03/2026 12:00:00 AM`). Anything after the day
 * must be a time (and zone): `2026-10-03junk` is rejected, not read as 2026-10-03.
 * @param raw the field's value as found in the data
 */
export function parseUsageDate(raw: unknown): Parsed<string> {
    if (raw === lastDateRaw) return lastDate;
    let result = typeof raw === "string" ? dateCache.get(raw) : undefined;
    if (result === undefined) {
        result = parseDateUncached(raw);
        // A copy as the key: the text is a slice of a 64 KB chunk, which the cache would otherwise keep alive.
        if (typeof raw === "string" && dateCache.size < MAX_CACHED_DATES)
            dateCache.set(Buffer.from(raw, "utf8").toString("utf8"), result);
    }
    lastDateRaw = raw;
    lastDate = result;
    return result;
}

function parseDateUncached(raw: unknown): Parsed<string> {
    const fix = "Expected a date such as 2026-10-03 or 10/3/2026";
    if (typeof raw !== "string") return { ok: false, problem: "is not a date", fix };
    const text = raw.trim();
    let y: number, m: number, d: number;
    let match = ISO_DAY.exec(text);
    if (match) {
        [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    } else if ((match = US_DAY.exec(text))) {
        [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    } else {
        return { ok: false, problem: text === "" ? "is empty" : "is not a date", fix };
    }
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
        return { ok: false, problem: "is not a valid calendar date", fix };
    }
    return { ok: true, value: date.toISOString().slice(0, 10) };
}
