import { InputError, InputLocation } from "../core/errors";
import { isGuid } from "../core/validation/formats";
import { ineligibleReasonOf, IneligibleReason } from "./eligibility";
import { displayName, REQUIRED_FIELDS, USAGE_FIELDS, UsageField } from "./fields";
import { DECIMAL, isAmountInRange, parseAmount, parseFlag, parsePecRate, parseUsageDate, Parsed } from "./values";

/** One usage line reduced to what PEC verification needs. */
export interface UsageLine {
    /**
     * Azure subscription ID (`EntitlementId`), lower-case; empty only on ineligible lines. A string of
     * its own (not a slice of the input text, so it may be kept), the same string on every line of
     * the subscription (up to 100,000 subscriptions per source).
     */
    subscriptionId: string;
    /** Customer tenant ID as found in the data. */
    customerId: string;
    /** Customer name as found in the data. */
    customerName: string;
    /** Consumption day, `YYYY-MM-DD`. */
    usageDate: string;
    /** Amount billed to the partner (after PEC), in `billingCurrency`. */
    billingPreTaxTotal: number;
    /** ISO 4217 currency code (three letters A-Z, checked), upper-case; empty when the data has none. */
    billingCurrency: string;
    /** Whether the line earned PEC. */
    earnedPec: boolean;
    /** Why the line can never earn PEC, or undefined when it can. */
    ineligible: IneligibleReason | undefined;
}

const FIELD_INDEX = new Map<UsageField, number>(USAGE_FIELDS.map((f, i) => [f, i]));
const I = (f: UsageField): number => FIELD_INDEX.get(f)!;
const IX = {
    customerId: I("customerId"),
    customerName: I("customerName"),
    subscription: I("subscription"),
    usageDate: I("usageDate"),
    billingPreTaxTotal: I("billingPreTaxTotal"),
    billingCurrency: I("billingCurrency"),
    pecRate: I("pecRate"),
    pecFlag: I("pecFlag"),
    publisherName: I("publisherName"),
    publisherType: I("publisherType"),
    benefitType: I("benefitType"),
    pricingModel: I("pricingModel"),
    meterName: I("meterName"),
    meterSubCategory: I("meterSubCategory"),
};

/** Most subscription IDs remembered as checked; more are checked on every line. */
const MAX_CHECKED_SUBSCRIPTIONS = 100_000;

/** The fix for data without a PEC field: only the full attribute set / full file has it. */
export const MISSING_PEC_FIX =
    "PartnerEarnedCreditPercentage is only in the full data: download the full daily rated usage reconciliation file " +
    '(all columns), or export from Microsoft Graph with attributeSet "full" (lighthouse-pec verify --source graph does)';

/** A record reduced to the usage fields, indexed like {@link USAGE_FIELDS} (undefined = absent). */
export type FieldSlots = unknown[];

/** A fresh, empty {@link FieldSlots}. */
export function newSlots(): FieldSlots {
    return new Array<unknown>(USAGE_FIELDS.length).fill(undefined);
}

/**
 * Checks that a source carries the fields verification needs (from its header or first record),
 * naming the missing one and how to get the full data.
 * @param present which fields the source has, indexed like {@link USAGE_FIELDS}
 * @param source file or blob name
 * @param line line of the header or first record
 * @param what "column" or "key", for the message
 */
export function checkFields(present: readonly boolean[], source: string, line: number | undefined, what: string): void {
    if (!present[IX.pecRate] && !present[IX.pecFlag]) {
        throw new InputError(
            `has no PEC ${what}`,
            { source, line, field: "PartnerEarnedCreditPercentage" },
            MISSING_PEC_FIX,
        );
    }
    for (const field of REQUIRED_FIELDS) {
        if (!present[I(field)]) {
            const fix =
                field === "subscription"
                    ? 'EntitlementId holds the Azure subscription ID; use the daily rated usage file or the Graph export with attributeSet "full"'
                    : 'Use the complete file as downloaded from Partner Center, or the Graph export with attributeSet "full"';
            throw new InputError(`has no ${what}`, { source, line, field: displayName(field) }, fix);
        }
    }
}

/**
 * Validates and normalises {@link FieldSlots} into {@link UsageLine}s. One implementation for every
 * source shape, so CSV, Graph blobs and v1 pages give the same answers and the same messages.
 */
export class UsageLineReader {
    private readonly line: UsageLine = {
        subscriptionId: "",
        customerId: "",
        customerName: "",
        usageDate: "",
        billingPreTaxTotal: 0,
        billingCurrency: "",
        earnedPec: false,
        ineligible: undefined,
    };

    /**
     * Subscription IDs checked to be GUIDs, each mapped to a copy of itself (a month has thousands of
     * lines per subscription). Lines carry the copy: one flat string per subscription, whose hash is
     * computed once, so the aggregator's lookups and comparisons on it cost no second hashing.
     */
    private readonly checkedSubscriptions = new Map<string, string>();
    /** The last line's subscription ID as read, and its checked copy (lines often come grouped). */
    private lastSubscription = "";
    private lastSubscriptionCopy = "";

    /** @param source file, blob or page name for messages */
    constructor(private readonly source: string) {}

    /**
     * Reads one record. The returned object is reused by the next call (lines stream through an
     * aggregation; allocating one per line showed up as GC time): copy what you keep.
     * @param slots the record's fields
     * @param line its 1-based line (or item) number, for messages
     */
    read(slots: FieldSlots, line: number): UsageLine {
        const date = this.need(parseUsageDate(slots[IX.usageDate]), IX.usageDate, slots, line);
        const rawAmount = slots[IX.billingPreTaxTotal];
        let amount =
            typeof rawAmount === "number"
                ? rawAmount
                : typeof rawAmount === "string" && DECIMAL.test(rawAmount)
                  ? Number(rawAmount)
                  : NaN;
        if (!isAmountInRange(amount)) amount = this.need(parseAmount(rawAmount), IX.billingPreTaxTotal, slots, line);
        let earnedPec = false;
        if (slots[IX.pecRate] !== undefined)
            earnedPec = this.need(parsePecRate(slots[IX.pecRate]), IX.pecRate, slots, line) > 0;
        if (!earnedPec && slots[IX.pecFlag] !== undefined)
            earnedPec = this.need(parseFlag(slots[IX.pecFlag]), IX.pecFlag, slots, line);
        const ineligible = ineligibleReasonOf(
            text(slots[IX.publisherName]),
            text(slots[IX.publisherType]),
            text(slots[IX.benefitType]),
            text(slots[IX.pricingModel]),
            text(slots[IX.meterName]),
            text(slots[IX.meterSubCategory]),
        );
        const subscriptionId = text(slots[IX.subscription]).trim().toLowerCase();
        if (subscriptionId === "" && ineligible === undefined) {
            throw new InputError(
                slots[IX.subscription] === undefined ? "is missing" : "is empty",
                { source: this.source, line, field: displayName("subscription") },
                "EntitlementId must hold the Azure subscription ID on every line that can earn PEC",
            );
        }
        const checkedId = subscriptionId === "" ? "" : this.checkedSubscription(subscriptionId, slots, line);
        const out = this.line;
        out.subscriptionId = checkedId;
        out.customerId = text(slots[IX.customerId]);
        out.customerName = text(slots[IX.customerName]);
        out.usageDate = date;
        out.billingPreTaxTotal = amount;
        out.billingCurrency = this.currency(slots[IX.billingCurrency], line);
        out.earnedPec = earnedPec;
        out.ineligible = ineligible;
        return out;
    }

    /** `id` if it is a GUID (a copy that shares no memory with the chunk it was sliced from); throws otherwise. */
    private checkedSubscription(id: string, slots: FieldSlots, line: number): string {
        if (id === this.lastSubscription) return this.lastSubscriptionCopy;
        let copy = this.checkedSubscriptions.get(id);
        if (copy === undefined) {
            if (typeof slots[IX.subscription] !== "string" || !isGuid(id)) {
                throw new InputError(
                    "is not an Azure subscription ID",
                    {
                        source: this.source,
                        line,
                        field: displayName("subscription"),
                        value: String(slots[IX.subscription]),
                    },
                    "EntitlementId must hold the Azure subscription ID, a GUID such as 11111111-2222-3333-4444-555555555555 (the daily rated usage file " +
                        "and the Graph export write it so); another value means the file is not Azure plan usage or its columns are shifted",
                );
            }
            // A copy: the ID is a slice of a 64 KB chunk, which the map (or a sink) would otherwise keep alive.
            copy = Buffer.from(id, "latin1").toString("latin1");
            if (this.checkedSubscriptions.size < MAX_CHECKED_SUBSCRIPTIONS) this.checkedSubscriptions.set(copy, copy);
        }
        this.lastSubscription = id;
        this.lastSubscriptionCopy = copy;
        return copy;
    }

    /** The billing currency as an upper-case ISO 4217 code, "" when absent or empty; throws on anything else. */
    private currency(raw: unknown, line: number): string {
        if (raw === undefined || raw === null) return "";
        if (typeof raw === "string" && raw === lastCurrency) return lastUpper;
        const code = text(raw);
        const trimmed = code.trim();
        if (trimmed !== "" && !ISO_CURRENCY.test(trimmed)) {
            throw new InputError(
                "is not an ISO 4217 currency code",
                { source: this.source, line, field: displayName("billingCurrency"), value: code },
                "BillingCurrency must be three letters such as USD or EUR, as Partner Center and the Graph export write it; " +
                    "another value means the file is not Azure plan usage, its columns are shifted or it was edited",
            );
        }
        lastCurrency = code;
        lastUpper = trimmed.toUpperCase();
        return lastUpper;
    }

    private need<T>(parsed: Parsed<T>, index: number, slots: FieldSlots, line: number): T {
        if (parsed.ok) return parsed.value;
        const raw = slots[index];
        const location: InputLocation = {
            source: this.source,
            line,
            field: displayName(USAGE_FIELDS[index]),
            value:
                raw === undefined
                    ? undefined
                    : typeof raw === "string"
                      ? raw
                      : typeof raw === "number" || typeof raw === "boolean"
                        ? String(raw)
                        : JSON.stringify(raw),
        };
        throw new InputError(raw === undefined ? "is missing" : parsed.problem, location, parsed.fix);
    }
}

/** An ISO 4217 alphabetic code, in either case (`USD`, `eur`); checked before upper-casing (`"ß".toUpperCase()` is `SS`). */
const ISO_CURRENCY = /^[A-Za-z]{3}$/;

/** The last currency text read and its checked, upper-case code (lines of a file share one currency). */
let lastCurrency = "";
let lastUpper = "";

function text(v: unknown): string {
    return v === undefined || v === null
        ? ""
        : typeof v === "string"
          ? v
          : typeof v === "number" || typeof v === "boolean"
            ? String(v)
            : JSON.stringify(v);
}
