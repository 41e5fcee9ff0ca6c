import { PecAggregator, ExcludedTally, SubscriptionTally } from "./aggregate";
import { IneligibleReason } from "./eligibility";

/**
 * The PEC rate Microsoft pays on eligible Azure plan consumption. The missed credit of an eligible
 * line without PEC is this rate times its `BillingPreTaxTotal`: without PEC nothing was deducted,
 * so the billed amount is the full pre-PEC cost (in the billing currency).
 */
export const PEC_RATE = 0.15;

/** Report totals (the JSON `totals` object). */
export interface PecTotals {
    /** All usage lines read. */
    lineItems: number;
    /** Lines that can earn PEC (not third-party, savings plan, reservation or Spot). */
    eligibleLineItems: number;
    /** Eligible lines that earned PEC. */
    linesWithPec: number;
    /** Sum of `BillingPreTaxTotal` over all lines. */
    billingPreTaxTotal: number;
    /** Sum of the subscriptions' estimated missed credit. */
    estimatedMissedCredit: number;
}

/** One Azure subscription (a JSON `subscriptions[]` entry). */
export interface SubscriptionReport {
    /** Customer tenant ID. */
    customerId: string;
    /** Customer name. */
    customerName: string;
    /** Azure subscription ID (`EntitlementId`), lower-case. */
    subscriptionId: string;
    /** All lines of the subscription. */
    lineItems: number;
    /** Lines that can earn PEC. */
    eligibleLineItems: number;
    /** Eligible lines that earned PEC. */
    linesWithPec: number;
    /** Days on which every eligible line earned PEC. */
    daysWithPec: number;
    /** Days (`YYYY-MM-DD`, ascending) with at least one eligible line without PEC. */
    daysWithoutPec: string[];
    /** Sum of `BillingPreTaxTotal` over all lines of the subscription. */
    billingPreTaxTotal: number;
    /** {@link PEC_RATE} × `BillingPreTaxTotal` of its eligible lines without PEC, rounded to cents. */
    estimatedMissedCredit: number;
}

/** Kinds of problem `verify` reports. */
export type ProblemKind = "no-pec" | "partial-pec" | "expected-but-absent";

/** A subscription losing (or not proving) PEC. */
export interface Problem {
    /** Azure subscription ID, lower-case. */
    subscriptionId: string;
    /** What is wrong. */
    kind: ProblemKind;
    /** Evidence and likely reason, in one sentence or two. */
    detail: string;
}

/** The `verify` report; its JSON form is a published contract (other tools rely on the names). */
export interface PecReport {
    /** Billing currency; several are joined with "," (totals then mix currencies). */
    currency: string;
    /** First usage day, `YYYY-MM-DD` ("" when there were no lines). */
    from: string;
    /** Last usage day, `YYYY-MM-DD` ("" when there were no lines). */
    to: string;
    /** Totals over all lines. */
    totals: PecTotals;
    /** One entry per Azure subscription, by customer name then subscription ID. */
    subscriptions: SubscriptionReport[];
    /** Problems, by kind then subscription ID; empty when PEC is fully proven. */
    problems: Problem[];
}

/** The report plus what the human-readable formats show besides it. */
export interface VerifyResult {
    /** The report (JSON contract). */
    report: PecReport;
    /** Lines that can never earn PEC, per reason (excluded from coverage). */
    excluded: Record<IneligibleReason, ExcludedTally>;
    /** Subscriptions that were expected (`--expect`), lower-case; empty without `--expect`. */
    expected: string[];
    /** Input skipped or read differently than given, with the reason (printed to stderr, not in the report). */
    warnings: string[];
    /**
     * Eligible lines per subscription and day (`YYYY-MM-DD`), for the HTML heatmap (not in the report);
     * a day without eligible lines is absent.
     */
    days: ReadonlyMap<string, ReadonlyMap<string, DayCounts>>;
}

/** Eligible lines of one subscription on one day. */
export interface DayCounts {
    /** Eligible lines (at least 1). */
    eligible: number;
    /** Of them, those that earned PEC. */
    withPec: number;
}

/** Rounds to cents without binary-fraction surprises (1.005 → 1.01) and without `-0`. */
export function roundMoney(x: number): number {
    const r = Math.round((x + Math.sign(x) * Number.EPSILON * Math.abs(x)) * 100) / 100;
    return r === 0 ? 0 : r;
}

/**
 * Builds the report from the aggregated lines.
 * @param agg the aggregated usage lines
 * @param expected subscriptions that should be present (lower-case), e.g. from `--expect`
 * @param expectedSource where `expected` came from, for the problem text
 */
export function buildReport(agg: PecAggregator, expected: string[] = [], expectedSource = "--expect"): VerifyResult {
    const currency = [...agg.currencies].sort().join(",");
    const subscriptions = [...agg.subscriptions.values()].map(subscriptionReport).sort(bySubscription);
    const problems: Problem[] = [];
    for (const [sub, tally] of subscriptions.map((s) => [s, agg.subscriptions.get(s.subscriptionId)!] as const)) {
        const problem = coverageProblem(sub, tally, currency);
        if (problem) problems.push(problem);
    }
    for (const id of expected) {
        if (!agg.subscriptions.has(id)) {
            const period = agg.from ? `from ${agg.from} to ${agg.to}` : "in the data";
            problems.push({
                subscriptionId: id,
                kind: "expected-but-absent",
                detail:
                    `Listed in ${expectedSource} but no usage line ${period} has it as EntitlementId: it had no usage, ` +
                    "is not under this partner's Azure plan (other partner or reseller), or the data covers another period.",
            });
        }
    }
    const order: Record<ProblemKind, number> = { "no-pec": 0, "partial-pec": 1, "expected-but-absent": 2 };
    problems.sort((a, b) => order[a.kind] - order[b.kind] || cmp(a.subscriptionId, b.subscriptionId));
    const totals: PecTotals = {
        lineItems: agg.lineItems,
        eligibleLineItems: sum(subscriptions, (s) => s.eligibleLineItems),
        linesWithPec: sum(subscriptions, (s) => s.linesWithPec),
        billingPreTaxTotal: roundMoney(agg.billingPreTaxTotal),
        estimatedMissedCredit: roundMoney(sum(subscriptions, (s) => s.estimatedMissedCredit)),
    };
    return {
        report: { currency, from: agg.from, to: agg.to, totals, subscriptions, problems },
        excluded: agg.excluded,
        expected,
        warnings: [],
        days: new Map([...agg.subscriptions].map(([id, t]) => [id, t.days])),
    };
}

/**
 * The exit status for a report: 0 when every expected subscription is fully covered, 1 otherwise.
 * @param report the report
 */
export function exitStatusFor(report: PecReport): 0 | 1 {
    return report.problems.length === 0 ? 0 : 1;
}

function subscriptionReport(t: SubscriptionTally): SubscriptionReport {
    let daysWithPec = 0;
    const daysWithoutPec: string[] = [];
    for (const [day, tally] of t.days) {
        if (tally.withPec === tally.eligible) daysWithPec++;
        else daysWithoutPec.push(day);
    }
    daysWithoutPec.sort();
    return {
        customerId: t.customerId,
        customerName: t.customerName,
        subscriptionId: t.subscriptionId,
        lineItems: t.lineItems,
        eligibleLineItems: t.eligibleLineItems,
        linesWithPec: t.linesWithPec,
        daysWithPec,
        daysWithoutPec,
        billingPreTaxTotal: roundMoney(t.billingPreTaxTotal),
        estimatedMissedCredit: roundMoney(PEC_RATE * t.billedWithoutPec),
    };
}

function coverageProblem(s: SubscriptionReport, t: SubscriptionTally, currency: string): Problem | undefined {
    if (s.eligibleLineItems === 0 || s.daysWithoutPec.length === 0) return undefined;
    const missed = `estimated missed credit ${formatMoney(s.estimatedMissedCredit)}${currency ? ` ${currency}` : ""}`;
    if (s.linesWithPec === 0) {
        return {
            subscriptionId: s.subscriptionId,
            kind: "no-pec",
            detail:
                `None of ${s.eligibleLineItems} eligible lines earned PEC on ${t.days.size} day(s) (${dayRanges(s.daysWithoutPec)}); ${missed}. ` +
                "Likely the partner-linked (PAL) identity has no permanent PEC-eligible role on this subscription through Lighthouse " +
                "(only Reader or a just-in-time role, or the delegation is missing), or PAL is not set; run `lighthouse-pec doctor`.",
        };
    }
    return {
        subscriptionId: s.subscriptionId,
        kind: "partial-pec",
        detail:
            `PEC missing on ${s.daysWithoutPec.length} of ${t.days.size} day(s) (${dayRanges(s.daysWithoutPec)}); ` +
            `${s.linesWithPec} of ${s.eligibleLineItems} eligible lines earned it; ${missed}. ` +
            "Likely the PEC-eligible access did not hold for the whole of those days (delegation or role added late or removed, " +
            "JIT-only, PAL changed); PEC appears about 48 hours after access is in place.",
    };
}

/**
 * Compresses sorted days into ranges: `2026-10-03..2026-10-05, 2026-10-09`.
 * @param days ascending `YYYY-MM-DD` days
 */
export function dayRanges(days: readonly string[]): string {
    const parts: string[] = [];
    let start = 0;
    for (let i = 1; i <= days.length; i++) {
        if (i < days.length && nextDay(days[i - 1]) === days[i]) continue;
        parts.push(i - 1 === start ? days[start] : `${days[start]}..${days[i - 1]}`);
        start = i;
    }
    return parts.join(", ");
}

function nextDay(day: string): string {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
}

/** Formats an amount with two decimals, e.g. `1234.5` → `1234.50`. */
export function formatMoney(x: number): string {
    return x.toFixed(2);
}

function sum<T>(items: T[], f: (t: T) => number): number {
    return items.reduce((acc, t) => acc + f(t), 0);
}

function cmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function bySubscription(a: SubscriptionReport, b: SubscriptionReport): number {
    return cmp(a.customerName.toLowerCase(), b.customerName.toLowerCase()) || cmp(a.subscriptionId, b.subscriptionId);
}
