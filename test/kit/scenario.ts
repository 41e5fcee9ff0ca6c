/**
 * A small month with hand-computed answers: two customers, four subscriptions, full / partial /
 * no PEC, third-party, savings-plan, reservation and Spot lines. EXPECTED_REPORT is written out by
 * hand (not computed by the code under test).
 */
import type { PecReport } from "../../pec/report";
import type { GenLine } from "./generate";

export const CONTOSO = { customerId: "aaaaaaaa-0000-4000-8000-000000000001", customerName: "Contoso Ltd." };
export const FABRIKAM = { customerId: "bbbbbbbb-0000-4000-8000-000000000002", customerName: "Fabrikam, Inc." };
export const S1 = "11111111-1111-4111-8111-111111111111";
export const S2 = "22222222-2222-4222-8222-222222222222";
export const S3 = "33333333-3333-4333-8333-333333333333";
export const S4 = "44444444-4444-4444-8444-444444444444";
export const S5 = "55555555-5555-4555-8555-555555555555";

const day = (d: number): string => `2026-10-0${d}`;

function lines(): GenLine[] {
    const out: GenLine[] = [];
    for (let d = 1; d <= 4; d++) {
        // S1: every line earns PEC.
        out.push({ ...CONTOSO, subscriptionId: S1, usageDate: day(d), billingPreTaxTotal: 10, pec: true });
        out.push({ ...CONTOSO, subscriptionId: S1, usageDate: day(d), billingPreTaxTotal: 10, pec: true });
        // S2: PEC on days 1-2, one of two lines on day 3, none on day 4.
        out.push({ ...CONTOSO, subscriptionId: S2, usageDate: day(d), billingPreTaxTotal: 5, pec: d <= 3 });
        out.push({ ...CONTOSO, subscriptionId: S2, usageDate: day(d), billingPreTaxTotal: 5, pec: d <= 2 });
    }
    out.push({
        ...CONTOSO,
        subscriptionId: S1,
        usageDate: day(4),
        billingPreTaxTotal: 1.25,
        pec: false,
        benefitType: "Reservation",
    });
    out.push({
        ...CONTOSO,
        subscriptionId: S2,
        usageDate: day(2),
        billingPreTaxTotal: 0.75,
        pec: false,
        meterName: "D2s v3 Spot",
    });
    // S3: no PEC, plus a third-party line and a savings-plan line.
    out.push({ ...FABRIKAM, subscriptionId: S3, usageDate: day(1), billingPreTaxTotal: 20, pec: false });
    out.push({ ...FABRIKAM, subscriptionId: S3, usageDate: day(2), billingPreTaxTotal: 20, pec: false });
    out.push({
        ...FABRIKAM,
        subscriptionId: S3,
        usageDate: day(1),
        billingPreTaxTotal: 100,
        pec: false,
        publisherName: "Contoso Security Inc.",
    });
    out.push({
        ...FABRIKAM,
        subscriptionId: S3,
        usageDate: day(2),
        billingPreTaxTotal: 7,
        pec: false,
        benefitType: "SavingsPlan",
    });
    // S4: only third-party usage.
    out.push({
        ...FABRIKAM,
        subscriptionId: S4,
        usageDate: day(3),
        billingPreTaxTotal: 3.5,
        pec: false,
        publisherName: "Contoso Security Inc.",
    });
    out.push({
        ...FABRIKAM,
        subscriptionId: S4,
        usageDate: day(4),
        billingPreTaxTotal: 3.5,
        pec: false,
        publisherName: "Contoso Security Inc.",
    });
    // Interleave customers like a real file (sorted by date, not by subscription).
    return out.sort((a, b) => a.usageDate.localeCompare(b.usageDate));
}

/** The scenario's lines. */
export const SCENARIO_LINES: GenLine[] = lines();

/** The `--expect` file: S1, S2, S3 and S5 (absent from the data), with casing, a comment and CRLF. */
export const EXPECT_TEXT = `# customers that must earn PEC\r\n${S1}\r\n/subscriptions/${S2.toUpperCase()}\r\n\r\n${S3}  # Fabrikam\r\n${S5}\r\n`;

/** The report for SCENARIO_LINES with EXPECT_TEXT, computed by hand. */
export function expectedReport(expectSource: string): PecReport {
    return {
        currency: "USD",
        from: "2026-10-01",
        to: "2026-10-04",
        totals: {
            lineItems: 24,
            eligibleLineItems: 18,
            linesWithPec: 13,
            billingPreTaxTotal: 276,
            estimatedMissedCredit: 8.25,
        },
        subscriptions: [
            {
                ...CONTOSO,
                subscriptionId: S1,
                lineItems: 9,
                eligibleLineItems: 8,
                linesWithPec: 8,
                daysWithPec: 4,
                daysWithoutPec: [],
                billingPreTaxTotal: 81.25,
                estimatedMissedCredit: 0,
            },
            {
                ...CONTOSO,
                subscriptionId: S2,
                lineItems: 9,
                eligibleLineItems: 8,
                linesWithPec: 5,
                daysWithPec: 2,
                daysWithoutPec: ["2026-10-03", "2026-10-04"],
                billingPreTaxTotal: 40.75,
                estimatedMissedCredit: 2.25,
            },
            {
                ...FABRIKAM,
                subscriptionId: S3,
                lineItems: 4,
                eligibleLineItems: 2,
                linesWithPec: 0,
                daysWithPec: 0,
                daysWithoutPec: ["2026-10-01", "2026-10-02"],
                billingPreTaxTotal: 147,
                estimatedMissedCredit: 6,
            },
            {
                ...FABRIKAM,
                subscriptionId: S4,
                lineItems: 2,
                eligibleLineItems: 0,
                linesWithPec: 0,
                daysWithPec: 0,
                daysWithoutPec: [],
                billingPreTaxTotal: 7,
                estimatedMissedCredit: 0,
            },
        ],
        problems: [
            {
                subscriptionId: S3,
                kind: "no-pec",
                detail:
                    "None of 2 eligible lines earned PEC on 2 day(s) (2026-10-01..2026-10-02); estimated missed credit 6.00 USD. " +
                    "Likely the partner-linked (PAL) identity has no permanent PEC-eligible role on this subscription through Lighthouse " +
                    "(only Reader or a just-in-time role, or the delegation is missing), or PAL is not set; run `lighthouse-pec doctor`.",
            },
            {
                subscriptionId: S2,
                kind: "partial-pec",
                detail:
                    "PEC missing on 2 of 4 day(s) (2026-10-03..2026-10-04); 5 of 8 eligible lines earned it; estimated missed credit 2.25 USD. " +
                    "Likely the PEC-eligible access did not hold for the whole of those days (delegation or role added late or removed, " +
                    "JIT-only, PAL changed); PEC appears about 48 hours after access is in place.",
            },
            {
                subscriptionId: S5,
                kind: "expected-but-absent",
                detail:
                    `Listed in ${expectSource} but no usage line from 2026-10-01 to 2026-10-04 has it as EntitlementId: it had no usage, ` +
                    "is not under this partner's Azure plan (other partner or reseller), or the data covers another period.",
            },
        ],
    };
}

/** Lines that can never earn PEC in the scenario, per reason. */
export const EXPECTED_EXCLUDED = {
    "third-party": { lineItems: 3, billingPreTaxTotal: 107 },
    "savings-plan": { lineItems: 1, billingPreTaxTotal: 7 },
    reservation: { lineItems: 1, billingPreTaxTotal: 1.25 },
    spot: { lineItems: 1, billingPreTaxTotal: 0.75 },
};
