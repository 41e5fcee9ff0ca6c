import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GenLine, guid, MonthShape, syntheticLine, toReconCsv } from "./generate";
import { fileSource, verifyUsage } from "../../pec/verify";
import { VerifyResult } from "../../pec/report";

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
