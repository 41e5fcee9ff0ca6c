import { INELIGIBLE_REASONS, IneligibleReason } from "./eligibility";
import { UsageLine } from "./usageLine";

/** Counts for one subscription and day. */
interface DayTally {
    eligible: number;
    withPec: number;
}

/** Running totals for one Azure subscription. */
export interface SubscriptionTally {
    /** Azure subscription ID, lower-case. */
    subscriptionId: string;
    /** First non-empty customer ID seen on the subscription's lines. */
    customerId: string;
    /** First non-empty customer name seen on the subscription's lines. */
    customerName: string;
    /** All lines, eligible or not. */
    lineItems: number;
    /** Lines that can earn PEC. */
    eligibleLineItems: number;
    /** Eligible lines that earned PEC. */
    linesWithPec: number;
    /** Sum of `BillingPreTaxTotal` over all lines. */
    billingPreTaxTotal: number;
    /** Sum of `BillingPreTaxTotal` over eligible lines without PEC (the base of the missed credit). */
    billedWithoutPec: number;
    /** Per consumption day. */
    days: Map<string, DayTally>;
}

/** Lines that can never earn PEC, per reason. */
export interface ExcludedTally {
    /** Number of lines. */
    lineItems: number;
    /** Sum of their `BillingPreTaxTotal`. */
    billingPreTaxTotal: number;
}

/**
 * Folds usage lines into per-subscription, per-day tallies. Memory grows with subscriptions × days,
 * never with lines, so any number of lines streams through.
 */
export class PecAggregator {
    /** Per Azure subscription. */
    readonly subscriptions = new Map<string, SubscriptionTally>();
    /** Lines that can never earn PEC, per reason. */
    readonly excluded = Object.fromEntries(
        INELIGIBLE_REASONS.map((r) => [r, { lineItems: 0, billingPreTaxTotal: 0 }]),
    ) as Record<IneligibleReason, ExcludedTally>;
    /** Billing currencies seen. */
    readonly currencies = new Set<string>();
    /** All lines. */
    lineItems = 0;
    /** Sum of `BillingPreTaxTotal` over all lines. */
    billingPreTaxTotal = 0;
    /** Earliest usage day seen (`YYYY-MM-DD`), or "". */
    from = "";
    /** Latest usage day seen (`YYYY-MM-DD`), or "". */
    to = "";

    private lastSub: SubscriptionTally | undefined;
    private lastCurrency = "";

    /**
     * Adds one line.
     * @param line the normalised usage line
     */
    add(line: UsageLine): void {
        this.lineItems++;
        this.billingPreTaxTotal += line.billingPreTaxTotal;
        const date = line.usageDate;
        if (this.from === "" || date < this.from) this.from = date;
        if (date > this.to) this.to = date;
        if (line.billingCurrency !== this.lastCurrency && line.billingCurrency !== "") {
            this.lastCurrency = detach(line.billingCurrency);
            this.currencies.add(this.lastCurrency);
        }
        if (line.ineligible !== undefined) {
            const ex = this.excluded[line.ineligible];
            ex.lineItems++;
            ex.billingPreTaxTotal += line.billingPreTaxTotal;
            if (line.subscriptionId === "") return;
        }
        const sub = this.subscription(line);
        sub.lineItems++;
        sub.billingPreTaxTotal += line.billingPreTaxTotal;
        if (line.ineligible !== undefined) return;
        sub.eligibleLineItems++;
        let day = sub.days.get(date);
        if (day === undefined) {
            day = { eligible: 0, withPec: 0 };
            sub.days.set(date, day);
        }
        day.eligible++;
        if (line.earnedPec) {
            sub.linesWithPec++;
            day.withPec++;
        } else {
            sub.billedWithoutPec += line.billingPreTaxTotal;
        }
    }

    private subscription(line: UsageLine): SubscriptionTally {
        let sub = this.lastSub;
        if (sub === undefined || sub.subscriptionId !== line.subscriptionId) {
            sub = this.subscriptions.get(line.subscriptionId);
            if (sub === undefined) {
                const id = line.subscriptionId; // a string of its own (UsageLine), kept as is
                sub = {
                    subscriptionId: id,
                    customerId: "",
                    customerName: "",
                    lineItems: 0,
                    eligibleLineItems: 0,
                    linesWithPec: 0,
                    billingPreTaxTotal: 0,
                    billedWithoutPec: 0,
                    days: new Map(),
                };
                this.subscriptions.set(id, sub);
            }
            this.lastSub = sub;
        }
        if (sub.customerId === "" && line.customerId !== "") sub.customerId = detach(line.customerId);
        if (sub.customerName === "" && line.customerName !== "") sub.customerName = detach(line.customerName);
        return sub;
    }
}

/**
 * A copy of `s` that does not share memory with the text it was sliced from: values are slices of
 * 64 KB chunks, and keeping one slice per subscription would keep its whole chunk alive.
 */
function detach(s: string): string {
    return Buffer.from(s, "utf8").toString("utf8");
}
