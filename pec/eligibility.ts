/**
 * Why a usage line can never earn PEC, so it is reported apart and left out of coverage:
 * - `third-party`: Marketplace / third-party products. Recognised by `PublisherType` other than
 *   `Azure`/`Microsoft` (Cost Management spelling, e.g. `Marketplace`), or by a `PublisherName`
 *   that is set and does not start with "Microsoft" (first-party lines say `Microsoft` or
 *   `Microsoft Corporation`; an empty publisher is treated as first-party).
 * - `savings-plan` / `reservation`: usage covered by a benefit. Recognised by `BenefitType` (or
 *   `PricingModel`) containing "saving" or "reserv", case-insensitively (Microsoft's benefit kinds
 *   are `SavingsPlan`, `Reservation`; `IncludedQuantity` is not an exclusion).
 * - `spot`: Spot VMs. Recognised by `PricingModel` = `Spot`, or "Spot" as a word in `MeterName`
 *   or `MeterSubCategory` (e.g. "D2s v3 Spot").
 */
export type IneligibleReason = "third-party" | "savings-plan" | "reservation" | "spot";

/** All reasons, in report order. */
export const INELIGIBLE_REASONS: readonly IneligibleReason[] = ["third-party", "savings-plan", "reservation", "spot"];

/** The fields {@link ineligibleReason} looks at (all optional, as found in the line). */
export interface EligibilityFields {
    /** `PublisherName`. */
    publisherName?: string;
    /** `PublisherType` (Cost Management: Azure, Marketplace, AWS). */
    publisherType?: string;
    /** `BenefitType` (SavingsPlan, Reservation, IncludedQuantity). */
    benefitType?: string;
    /** `PricingModel` (OnDemand, Reservation, SavingsPlan, Spot). */
    pricingModel?: string;
    /** `MeterName`. */
    meterName?: string;
    /** `MeterSubCategory`. */
    meterSubCategory?: string;
}

const MICROSOFT_PUBLISHER = /^\s*microsoft\b/i;
const FIRST_PARTY_TYPE = /^\s*(azure|microsoft)?\s*$/i;
const SPOT = /\bspot\b/i;

/**
 * Why the line can never earn PEC, or `undefined` when it can.
 * @param f the line's eligibility-related fields
 */
export function ineligibleReason(f: EligibilityFields): IneligibleReason | undefined {
    return ineligibleReasonOf(
        f.publisherName,
        f.publisherType,
        f.benefitType,
        f.pricingModel,
        f.meterName,
        f.meterSubCategory,
    );
}

/**
 * {@link ineligibleReason} with positional arguments (the per-line hot path allocates nothing).
 * @param publisherName `PublisherName`
 * @param publisherType `PublisherType`
 * @param benefitType `BenefitType`
 * @param pricingModel `PricingModel`
 * @param meterName `MeterName`
 * @param meterSubCategory `MeterSubCategory`
 */
export function ineligibleReasonOf(
    publisherName: string | undefined,
    publisherType: string | undefined,
    benefitType: string | undefined,
    pricingModel: string | undefined,
    meterName: string | undefined,
    meterSubCategory: string | undefined,
): IneligibleReason | undefined {
    if (publisherType && !FIRST_PARTY_TYPE.test(publisherType)) return "third-party";
    if (publisherName && !MICROSOFT_PUBLISHER.test(publisherName) && publisherName.trim() !== "") return "third-party";
    const benefit = benefitReason(benefitType) ?? benefitReason(pricingModel);
    if (benefit) return benefit;
    if (pricingModel && /^\s*spot\s*$/i.test(pricingModel)) return "spot";
    if ((meterName && SPOT.test(meterName)) || (meterSubCategory && SPOT.test(meterSubCategory))) return "spot";
    return undefined;
}

function benefitReason(value: string | undefined): IneligibleReason | undefined {
    if (!value) return undefined;
    const v = value.toLowerCase();
    if (v.includes("saving")) return "savings-plan";
    if (v.includes("reserv")) return "reservation";
    return undefined;
}
