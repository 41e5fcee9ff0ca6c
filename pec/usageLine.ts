import { InputError, InputLocation } from "./errors";
import { ineligibleReason, IneligibleReason } from "./eligibility";
import { displayName, fieldForName, REQUIRED_FIELDS, USAGE_FIELDS, UsageField } from "./fields";
import { parseAmount, parseFlag, parsePecRate, parseUsageDate, Parsed } from "./values";

/** One usage line reduced to what PEC verification needs. */
export interface UsageLine {
  /** Azure subscription ID (`EntitlementId`), lower-case; empty only on ineligible lines. */
  subscriptionId: string;
  /** Customer tenant ID as found in the data. */
  customerId: string;
  /** Customer name as found in the data. */
  customerName: string;
  /** Consumption day, `YYYY-MM-DD`. */
  usageDate: string;
  /** Amount billed to the partner (after PEC), in `billingCurrency`. */
  billingPreTaxTotal: number;
  /** ISO currency code, upper-case; may be empty. */
  billingCurrency: string;
  /** Whether the line earned PEC. */
  earnedPec: boolean;
  /** Why the line can never earn PEC, or undefined when it can. */
  ineligible: IneligibleReason | undefined;
}

const FIELD_INDEX = new Map<UsageField, number>(USAGE_FIELDS.map((f, i) => [f, i]));
const I = (f: UsageField): number => FIELD_INDEX.get(f)!;
const IX = {
  customerId: I("customerId"), customerName: I("customerName"), subscription: I("subscription"), usageDate: I("usageDate"),
  billingPreTaxTotal: I("billingPreTaxTotal"), billingCurrency: I("billingCurrency"), pecRate: I("pecRate"), pecFlag: I("pecFlag"),
  publisherName: I("publisherName"), publisherType: I("publisherType"), benefitType: I("benefitType"), pricingModel: I("pricingModel"),
  meterName: I("meterName"), meterSubCategory: I("meterSubCategory"),
};

/** The fix for data without a PEC field: only the full attribute set / full file has it. */
export const MISSING_PEC_FIX =
  "PartnerEarnedCreditPercentage is only in the full data: download the full daily rated usage reconciliation file " +
  "(all columns), or export from Microsoft Graph with attributeSet \"full\" (lighthouse-pec verify --source graph does)";

/** Where each field lives in a record: a column index (CSV) or a key (JSON). */
type Slots<K> = (K | undefined)[];

function missingFieldError(field: UsageField, source: string, line: number | undefined, what: string): InputError {
  const fix = field === "subscription"
    ? "EntitlementId holds the Azure subscription ID; use the daily rated usage file or the Graph export with attributeSet \"full\""
    : "Use the complete file as downloaded from Partner Center or the Graph export with attributeSet \"full\"";
  return new InputError(`has no ${what}`, { source, line, field: displayName(field) }, fix);
}

function checkSlots<K>(slots: Slots<K>, source: string, line: number | undefined, what: string): void {
  if (slots[IX.pecRate] === undefined && slots[IX.pecFlag] === undefined) {
    throw new InputError(`has no PEC ${what}`, { source, line, field: "PartnerEarnedCreditPercentage" }, MISSING_PEC_FIX);
  }
  for (const field of REQUIRED_FIELDS) {
    if (slots[I(field)] === undefined) throw missingFieldError(field, source, line, what);
  }
}

/**
 * Turns raw records (CSV rows or JSON objects) of one source into {@link UsageLine}s. Subclasses
 * only say how to find a field in a record; validation is shared so every shape gives the same
 * answers and the same messages.
 */
abstract class LineReader<R> {
  protected constructor(protected readonly source: string) {}

  protected abstract get(record: R, index: number): unknown;
  protected abstract has(index: number): boolean;

  /**
   * Reads one record.
   * @param record the raw record
   * @param line its 1-based line (or item) number, for messages
   */
  read(record: R, line: number): UsageLine {
    const dateField = this.get(record, IX.usageDate);
    const date = this.need(parseUsageDate(dateField), IX.usageDate, dateField, line);
    const amountField = this.get(record, IX.billingPreTaxTotal);
    const amount = this.need(parseAmount(amountField), IX.billingPreTaxTotal, amountField, line);
    let earnedPec = false;
    if (this.has(IX.pecRate)) {
      const raw = this.get(record, IX.pecRate);
      earnedPec = this.need(parsePecRate(raw), IX.pecRate, raw, line) > 0;
    }
    if (!earnedPec && this.has(IX.pecFlag)) {
      const raw = this.get(record, IX.pecFlag);
      earnedPec = this.need(parseFlag(raw), IX.pecFlag, raw, line);
    }
    const ineligible = ineligibleReason({
      publisherName: this.text(record, IX.publisherName),
      publisherType: this.text(record, IX.publisherType),
      benefitType: this.text(record, IX.benefitType),
      pricingModel: this.text(record, IX.pricingModel),
      meterName: this.text(record, IX.meterName),
      meterSubCategory: this.text(record, IX.meterSubCategory),
    });
    const subscriptionId = this.text(record, IX.subscription).trim().toLowerCase();
    if (subscriptionId === "" && ineligible === undefined) {
      throw new InputError("is empty", { source: this.source, line, field: displayName("subscription") },
        "EntitlementId must hold the Azure subscription ID on every line that can earn PEC");
    }
    return {
      subscriptionId,
      customerId: this.text(record, IX.customerId),
      customerName: this.text(record, IX.customerName),
      usageDate: date,
      billingPreTaxTotal: amount,
      billingCurrency: this.text(record, IX.billingCurrency).toUpperCase(),
      earnedPec,
      ineligible,
    };
  }

  private text(record: R, index: number): string {
    const v = this.get(record, index);
    return v === undefined || v === null ? "" : typeof v === "string" ? v : String(v);
  }

  private need<T>(parsed: Parsed<T>, index: number, raw: unknown, line: number): T {
    if (parsed.ok) return parsed.value;
    const location: InputLocation = { source: this.source, line, field: displayName(USAGE_FIELDS[index]), value: raw === undefined ? undefined : String(raw) };
    throw new InputError(parsed.problem, location, parsed.fix);
  }
}

/** Reads CSV rows (arrays of strings) by the column positions found in the header. */
export class RowReader extends LineReader<string[]> {
  private readonly columns: Slots<number>;

  /**
   * @param header the header row, as parsed
   * @param source file name for messages
   */
  constructor(header: string[], source: string) {
    super(source);
    this.columns = new Array<number | undefined>(USAGE_FIELDS.length).fill(undefined);
    header.forEach((name, column) => {
      const field = fieldForName(name);
      if (field !== undefined && this.columns[I(field)] === undefined) this.columns[I(field)] = column;
    });
    checkSlots(this.columns, source, 1, "column");
  }

  protected get(row: string[], index: number): unknown {
    const column = this.columns[index];
    return column === undefined ? undefined : row[column];
  }

  protected has(index: number): boolean {
    return this.columns[index] !== undefined;
  }
}

/**
 * Reads JSON objects (Graph blobs, JSON Lines, v1 items), matching keys case-insensitively. The
 * key spellings are resolved from the first object and reused (one producer spells them the same
 * way throughout a file); a record that lacks a required key is re-resolved before failing.
 */
export class ObjectReader extends LineReader<Record<string, unknown>> {
  private keys: Slots<string> = [];

  /**
   * @param first the first record of the source (defines the key spellings)
   * @param source file, blob or page name for messages
   * @param line the first record's line number
   */
  constructor(first: Record<string, unknown>, source: string, line: number) {
    super(source);
    this.keys = resolveKeys(first);
    checkSlots(this.keys, source, line, "key");
  }

  override read(record: Record<string, unknown>, line: number): UsageLine {
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      throw new InputError("is not a JSON object", { source: this.source, line }, "Each line must be one usage line item as a JSON object");
    }
    for (const field of REQUIRED_FIELDS) {
      const key = this.keys[I(field)];
      if (key === undefined || record[key] === undefined) {
        this.keys = resolveKeys(record);
        checkSlots(this.keys, this.source, line, "key");
        break;
      }
    }
    return super.read(record, line);
  }

  protected get(record: Record<string, unknown>, index: number): unknown {
    const key = this.keys[index];
    return key === undefined ? undefined : record[key];
  }

  protected has(index: number): boolean {
    return this.keys[index] !== undefined;
  }
}

function resolveKeys(record: Record<string, unknown>): Slots<string> {
  const keys = new Array<string | undefined>(USAGE_FIELDS.length).fill(undefined);
  for (const key of Object.keys(record)) {
    const field = fieldForName(key);
    if (field !== undefined && keys[I(field)] === undefined) keys[I(field)] = key;
  }
  return keys;
}
