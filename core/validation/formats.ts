/** The Pulumi engine's placeholder for a value not known yet during preview. */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A GUID such as `00000000-0000-0000-0000-000000000000`, any case: the one pattern for tenant, subscription, object,
 * client and role IDs. Prefer {@link isGuid}; the pattern itself is for code serialized into a dynamic provider,
 * where it costs less than a function.
 */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a GUID such as `00000000-0000-0000-0000-000000000000` (any case). */
export function isGuid(value: string): boolean {
    return GUID_PATTERN.test(value);
}

/**
 * Azure resource group names: 1-90 characters of letters, digits, `_`, `-`, `.`, `(`, `)`, not ending
 * with a period.
 */
export function isResourceGroupName(value: string): boolean {
    return /^[-\w.()]{1,90}$/u.test(value) && !value.endsWith(".");
}

/**
 * An Associated Partner ID (partner location ID) as Microsoft.ManagementPartner takes it: 1 to 12 digits, nothing
 * else (the config, the CLI and the PartnerAdminLink provider use this one rule).
 */
export const PARTNER_ID_PATTERN = /^\d{1,12}$/;

/** Whether `value` is an Associated Partner ID ({@link PARTNER_ID_PATTERN}). */
export function isPartnerId(value: string): boolean {
    return PARTNER_ID_PATTERN.test(value);
}

/**
 * Whether `value` looks like an Azure region's name as ARM and `az account list-locations --query [].name`
 * write it: lower-case letters then letters and digits, 3 to 40 of them (`westeurope`, `eastus2`,
 * `usgovvirginia`, `australiacentral2`). Display names (`West Europe`) are not names.
 */
export function isAzureRegionName(value: string): boolean {
    return /^[a-z][a-z0-9]{2,39}$/.test(value);
}

/**
 * Minutes in an ISO-8601 duration of the form ARM uses for JIT activation (`PT8H`, `PT30M`, `PT1H30M`,
 * `P0DT4H`); undefined when the text is not such a duration.
 */
export function isoDurationMinutes(value: string): number | undefined {
    const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(value.trim());
    if (!match || value.trim().toUpperCase() === "P" || /T$/i.test(value.trim())) {
        return undefined;
    }
    const [, d, h, m, s] = match.map((x) => (x === undefined ? 0 : Number(x)));
    return d * 24 * 60 + h * 60 + m + s / 60;
}

/**
 * An activation duration as Azure expects it: ISO-8601 designators upper case, no surrounding spaces
 * (`pt4h` → `PT4H`). Validation accepts any case; what is sent is always this form.
 */
export function normalizeIsoDuration(value: string): string {
    return value.trim().toUpperCase();
}

/**
 * An activation duration in the one form this project sends: the shortest `PT#H#M` spelling of its length
 * (`PT60M` → `PT1H`, `PT90M` → `PT1H30M`, `pt4h` → `PT4H`, `P0DT8H` → `PT8H`; seconds only when the length
 * is not whole minutes). Text that is not such a duration is returned as {@link normalizeIsoDuration} gives it.
 */
export function canonicalIsoDuration(value: string): string {
    const minutes = isoDurationMinutes(value);
    if (minutes === undefined) {
        return normalizeIsoDuration(value);
    }
    const totalSeconds = Math.round(minutes * 60);
    const hours = Math.floor(totalSeconds / 3600);
    const wholeMinutes = Math.floor((totalSeconds % 3600) / 60);
    const seconds = totalSeconds % 60;
    const parts = `${hours > 0 ? `${hours}H` : ""}${wholeMinutes > 0 ? `${wholeMinutes}M` : ""}${seconds > 0 ? `${seconds}S` : ""}`;
    return `PT${parts === "" ? "0M" : parts}`;
}
