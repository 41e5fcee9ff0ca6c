import { VerifyResult } from "../report";

const COLUMNS = [
    "customerId",
    "customerName",
    "subscriptionId",
    "lineItems",
    "eligibleLineItems",
    "linesWithPec",
    "daysWithPec",
    "daysWithoutPec",
    "billingPreTaxTotal",
    "estimatedMissedCredit",
    "currency",
    "problem",
    "detail",
] as const;

/**
 * One CSV row per subscription (plus one per expected-but-absent subscription), with the problem
 * beside it; `daysWithoutPec` is `;`-separated. RFC 4180 quoting, CRLF line ends (spreadsheet-friendly).
 * @param result the verification result
 */
export function renderCsv(result: VerifyResult): string {
    const { report } = result;
    const problemOf = new Map(report.problems.map((p) => [`${p.subscriptionId}`, p]));
    const rows: (string | number)[][] = [COLUMNS.slice()];
    for (const s of report.subscriptions) {
        const p = problemOf.get(s.subscriptionId);
        rows.push([
            s.customerId,
            s.customerName,
            s.subscriptionId,
            s.lineItems,
            s.eligibleLineItems,
            s.linesWithPec,
            s.daysWithPec,
            s.daysWithoutPec.join(";"),
            s.billingPreTaxTotal.toFixed(2),
            s.estimatedMissedCredit.toFixed(2),
            report.currency,
            p?.kind ?? "",
            p?.detail ?? "",
        ]);
    }
    for (const p of report.problems.filter((x) => x.kind === "expected-but-absent")) {
        rows.push(["", "", p.subscriptionId, 0, 0, 0, 0, "", "0.00", "0.00", report.currency, p.kind, p.detail]);
    }
    return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function csvField(value: string | number): string {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
