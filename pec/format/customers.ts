import { roundMoney, SubscriptionReport, VerifyResult } from "../report";

/** One customer's subscriptions, for the formats that group by customer. */
export interface CustomerGroup {
    /** Customer tenant ID ("" for subscriptions expected but absent from the data). */
    customerId: string;
    /** Customer name, or its ID when the data has no name (not escaped). */
    name: string;
    /** Sum of the subscriptions' `billingPreTaxTotal` (JSON numbers), rounded to cents. */
    billingPreTaxTotal: number;
    /** Sum of the subscriptions' `estimatedMissedCredit` (JSON numbers), rounded to cents. */
    estimatedMissedCredit: number;
    /** Its subscriptions, most missed credit first, then by ID. */
    subscriptions: SubscriptionReport[];
}

/**
 * The report's subscriptions grouped by customer, the customer with the most missed credit first (then
 * by name); the sums are those of the JSON `subscriptions[]` numbers, so every format shows the same.
 * @param result the verification result
 */
export function customerGroups(result: VerifyResult): CustomerGroup[] {
    const groups = new Map<string, CustomerGroup>();
    for (const s of result.report.subscriptions) {
        const key = s.customerId || `name:${s.customerName}`;
        let g = groups.get(key);
        if (g === undefined) {
            g = {
                customerId: s.customerId,
                name: s.customerName || s.customerId,
                billingPreTaxTotal: 0,
                estimatedMissedCredit: 0,
                subscriptions: [],
            };
            groups.set(key, g);
        }
        g.subscriptions.push(s);
        g.billingPreTaxTotal = roundMoney(g.billingPreTaxTotal + s.billingPreTaxTotal);
        g.estimatedMissedCredit = roundMoney(g.estimatedMissedCredit + s.estimatedMissedCredit);
    }
    const list = [...groups.values()];
    for (const g of list) {
        g.subscriptions.sort(
            (a, b) =>
                b.estimatedMissedCredit - a.estimatedMissedCredit ||
                (a.subscriptionId < b.subscriptionId ? -1 : a.subscriptionId > b.subscriptionId ? 1 : 0),
        );
    }
    return list.sort(
        (a, b) =>
            b.estimatedMissedCredit - a.estimatedMissedCredit ||
            a.name.toLowerCase().localeCompare(b.name.toLowerCase()) ||
            a.customerId.localeCompare(b.customerId),
    );
}
