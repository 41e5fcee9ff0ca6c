/**
 * The usage-line fields `verify` reads, and the spellings each has in Microsoft's data: the
 * reconciliation CSV and Graph export (PascalCase), Partner Center v1 (camelCase) and Cost
 * Management exports. Matching is case-insensitive; `SubscriptionId` is deliberately absent
 * because in partner billing data it names the Azure plan, not the Azure subscription.
 */
export const FIELD_ALIASES = {
    customerId: ["CustomerId", "CustomerTenantId"],
    customerName: ["CustomerName", "CustomerCompanyName"],
    /** The Azure subscription ID (the one Lighthouse delegates). */
    subscription: ["EntitlementId"],
    usageDate: ["UsageDate"],
    billingPreTaxTotal: ["BillingPreTaxTotal"],
    billingCurrency: ["BillingCurrency", "BillingCurrencyCode"],
    /** PEC as a percentage (CSV, Graph) or fraction (v1 `rateOfPartnerEarnedCredit`). */
    pecRate: ["PartnerEarnedCreditPercentage", "RateOfPartnerEarnedCredit", "PartnerEarnedCreditRate"],
    /** PEC as a flag (v1 new commerce, Cost Management). */
    pecFlag: ["HasPartnerEarnedCredit", "PartnerEarnedCreditApplied"],
    publisherName: ["PublisherName"],
    publisherType: ["PublisherType"],
    benefitType: ["BenefitType"],
    pricingModel: ["PricingModel"],
    meterName: ["MeterName"],
    meterSubCategory: ["MeterSubCategory"],
} as const;

/** A field `verify` reads, by its canonical name. */
export type UsageField = keyof typeof FIELD_ALIASES;

/** All fields, in a fixed order (the index is used by the column/key maps). */
export const USAGE_FIELDS = Object.keys(FIELD_ALIASES) as UsageField[];

/** Fields without which a usage line cannot be checked. */
export const REQUIRED_FIELDS: readonly UsageField[] = ["subscription", "usageDate", "billingPreTaxTotal"];

/** The spelling used in messages for a field: its name in the reconciliation file. */
export function displayName(field: UsageField): string {
    return FIELD_ALIASES[field][0];
}

const slotByLowerName = new Map<string, number>();
USAGE_FIELDS.forEach((field, slot) => {
    for (const alias of FIELD_ALIASES[field]) slotByLowerName.set(alias.toLowerCase(), slot);
});

/**
 * The slot (index in {@link USAGE_FIELDS}) a header or JSON key fills, or -1 when `verify` does not
 * read it; case-insensitive.
 * @param name a CSV header or JSON key as found in the data
 */
export function slotForName(name: string): number {
    let slot = slotByExactName.get(name);
    if (slot === undefined) {
        slot = slotByLowerName.get(name.trim().toLowerCase()) ?? -1;
        if (slotByExactName.size < 10_000) slotByExactName.set(name, slot);
    }
    return slot;
}

/** Slots by the name exactly as found (JSON keys repeat on every line; saves a trim and a lower-casing each). */
const slotByExactName = new Map<string, number>();
