import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GenLine, guid, MonthShape, syntheticLine, toReconCsv } from "./generate";
import { fileSource, verifyUsage } from "../../pec/verify";
import { PecAggregator } from "../../pec/aggregate";
import { buildReport, VerifyResult } from "../../pec/report";

/**
 * The lines of a synthetic month (see {@link syntheticLine}): every subscription has `linesPerDay`
 * lines on each of 28 days.
 * @param shape customers, subscriptions per customer, year and month
 * @param linesPerDay lines per subscription and day
 */
export function sampleLines(shape: MonthShape, linesPerDay = 1): GenLine[] {
    const subs = shape.customers * shape.subscriptionsPerCustomer;
    return Array.from({ length: subs * 28 * linesPerDay }, (_, i) => syntheticLine(i, shape));
}

/**
 * `verify`'s result over generated lines, read back from a reconciliation CSV like the CLI does.
 * @param lines the usage lines
 * @param expected subscriptions that must earn PEC (lower-case)
 */
export async function verifyLines(lines: GenLine[], expected: string[] = []): Promise<VerifyResult> {
    const dir = mkdtempSync(join(tmpdir(), "pec-sample-"));
    try {
        const path = join(dir, "usage.csv");
        writeFileSync(path, toReconCsv(lines));
        return await verifyUsage({ sources: [fileSource([path])], expected });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** The sample of the docs' screenshot: 4 customers × 3 subscriptions, October 2026, one absent subscription. */
export async function docsSample(): Promise<VerifyResult> {
    const lines = sampleLines({ customers: 4, subscriptionsPerCustomer: 3, year: 2026, month: 10 }, 3);
    // One subscription loses PEC on one of its lines for a few days (partial days in the heatmap).
    const partial = guid("sub:5");
    const days = new Set(["2026-10-08", "2026-10-09", "2026-10-10", "2026-10-15"]);
    const seen = new Set<string>();
    for (const l of lines) {
        if (l.subscriptionId !== partial || !days.has(l.usageDate) || seen.has(l.usageDate) || !l.pec) continue;
        seen.add(l.usageDate);
        l.pec = false;
    }
    return verifyLines(lines, [guid("sub:absent")]);
}

/**
 * `verify`'s result over generated lines without files (fast for large samples): every line is
 * eligible Microsoft usage in the line's currency.
 * @param lines the usage lines
 */
export function resultOfLines(lines: GenLine[]): VerifyResult {
    const agg = new PecAggregator();
    for (const l of lines) {
        agg.add({
            subscriptionId: l.subscriptionId,
            customerId: l.customerId,
            customerName: l.customerName,
            usageDate: l.usageDate,
            billingPreTaxTotal: l.billingPreTaxTotal,
            billingCurrency: l.currency ?? "USD",
            earnedPec: l.pec,
            ineligible: undefined,
        });
    }
    return buildReport(agg);
}

/**
 * A month of `subscriptions` × `days`, one line per subscription and day (two on a partial day): one
 * subscription in 10 never earns PEC, one in 10 loses it from day 20, one in 10 has partial days.
 * @param subscriptions how many subscriptions (20 per customer)
 * @param days days of October 2026 (at most 31)
 */
export function largeMonth(subscriptions: number, days: number): GenLine[] {
    const lines: GenLine[] = [];
    for (let s = 0; s < subscriptions; s++) {
        const c = Math.floor(s / 20);
        for (let d = 1; d <= days; d++) {
            const base = {
                customerId: guid(`customer:${c}`),
                customerName: `Customer ${c}, Ltd.`,
                subscriptionId: guid(`sub:${s}`),
                usageDate: `2026-10-${String(d).padStart(2, "0")}`,
                billingPreTaxTotal: ((s * 31 + d) % 997) / 10,
            };
            lines.push({ ...base, pec: s % 10 === 3 ? false : s % 10 === 7 ? d < 20 : true });
            if (s % 10 === 5 && d % 4 === 0) lines.push({ ...base, pec: false });
        }
    }
    return lines;
}
