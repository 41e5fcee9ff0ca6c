/**
 * Writes realistic partner usage data in the three shapes `verify` reads — the Partner Center
 * daily rated usage reconciliation CSV, Graph export blobs (gzip JSON Lines, attributeSet full)
 * and Partner Center v1 line-item pages — from a list of {@link GenLine}s whose answers are known.
 * Used by the tests (small, hand-checked scenarios) and by bench/verify.bench.ts (millions of lines).
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { createGzip, constants as zlibConstants } from "node:zlib";
import { Writable } from "node:stream";

/** One usage line to write; everything else in the record is derived. */
export interface GenLine {
    customerId: string;
    customerName: string;
    /** Azure subscription ID (EntitlementId). */
    subscriptionId: string;
    /** `YYYY-MM-DD`. */
    usageDate: string;
    billingPreTaxTotal: number;
    /** Whether the line earned PEC (15%). */
    pec: boolean;
    /** Default "Microsoft". */
    publisherName?: string;
    /** e.g. "SavingsPlan", "Reservation"; default "". */
    benefitType?: string;
    /** Default "D2 v3/D2s v3". */
    meterName?: string;
    currency?: string;
}

/** Column order of the reconciliation file (Partner Center docs, 55 columns). */
export const RECON_COLUMNS = [
    "PartnerId", "PartnerName", "CustomerId", "CustomerName", "CustomerDomainName", "CustomerCountry", "MpnId", "Tier2MpnId",
    "InvoiceNumber", "ProductId", "SkuId", "AvailabilityId", "SkuName", "ProductName", "PublisherName", "PublisherId",
    "SubscriptionDescription", "SubscriptionId", "ChargeStartDate", "ChargeEndDate", "UsageDate", "MeterType", "MeterCategory",
    "MeterId", "MeterSubCategory", "MeterName", "MeterRegion", "Unit", "ResourceLocation", "ConsumedService", "ResourceGroup",
    "ResourceURI", "ChargeType", "UnitPrice", "Quantity", "UnitType", "BillingPreTaxTotal", "BillingCurrency", "PricingPreTaxTotal",
    "PricingCurrency", "ServiceInfo1", "ServiceInfo2", "Tags", "AdditionalInfo", "EffectiveUnitPrice", "PCToBCExchangeRate",
    "PCToBCExchangeRateDate", "EntitlementId", "EntitlementDescription", "PartnerEarnedCreditPercentage", "CreditPercentage",
    "CreditType", "BenefitOrderId", "BenefitId", "BenefitType",
] as const;

const guids = new Map<string, string>();

/** A deterministic GUID from a seed, so generated files are reproducible. */
export function guid(seed: string): string {
    let g = guids.get(seed);
    if (g === undefined) {
        const h = createHash("sha1").update(seed).digest("hex");
        g = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
        if (guids.size < 100000) guids.set(seed, g);
    }
    return g;
}

/** How the PEC value is spelled in CSV / Graph output. */
export type PecStyle = "15" | "15.00" | "0.15" | "15%";

function usDate(iso: string): string {
    const [y, m, d] = iso.split("-").map(Number);
    return `${m}/${d}/${y}`;
}

function pecText(pec: boolean, style: PecStyle): string {
    if (!pec) return style === "15.00" ? "0.00" : style === "15%" ? "0%" : "0";
    return style;
}

/** All 55 reconciliation fields of a line, as strings (PascalCase names). */
export function reconRecord(l: GenLine, index: number, opts: { pecStyle?: PecStyle; dateStyle?: "us" | "iso" } = {}): Record<string, string> {
    const pecStyle = opts.pecStyle ?? "15";
    const date = opts.dateStyle === "iso" ? l.usageDate : usDate(l.usageDate);
    const month = l.usageDate.slice(0, 8);
    const vm = `vm-app-${index % 7}`;
    const rg = `rg-${l.customerName.split(/\W/)[0].toLowerCase()}-prod`;
    const currency = l.currency ?? "USD";
    const pricing = l.pec ? l.billingPreTaxTotal / 0.85 : l.billingPreTaxTotal;
    const thirdParty = l.publisherName !== undefined && !/^microsoft/i.test(l.publisherName);
    return {
        PartnerId: "3f2b5c1e-8d4a-4f7b-9c21-6a0e5d9b7c44", PartnerName: "Northwind Traders CSP",
        CustomerId: l.customerId, CustomerName: l.customerName, CustomerDomainName: `${rg.slice(3, -5)}.onmicrosoft.com`,
        CustomerCountry: "US", MpnId: "6543210", Tier2MpnId: "", InvoiceNumber: "", ProductId: "DZH318Z0BQPS", SkuId: "0001",
        AvailabilityId: "DZH318Z0BQ5S", SkuName: thirdParty ? "Managed Firewall Pro" : "Azure plan",
        ProductName: thirdParty ? "Contoso NGFW" : "Azure plan", PublisherName: l.publisherName ?? "Microsoft",
        PublisherId: thirdParty ? "contoso-security" : "", SubscriptionDescription: "Azure plan", SubscriptionId: guid(`plan:${l.customerId}`),
        ChargeStartDate: usDate(`${month}01`), ChargeEndDate: usDate(`${month}28`), UsageDate: date, MeterType: "1 Compute Hour",
        MeterCategory: "Virtual Machines", MeterId: guid(`meter:${index % 13}`), MeterSubCategory: "Dv3/DSv3 Series",
        MeterName: l.meterName ?? "D2 v3/D2s v3", MeterRegion: "EU West", Unit: "1 Hour", ResourceLocation: "westeurope",
        ConsumedService: "Microsoft.Compute", ResourceGroup: rg,
        ResourceURI: `/subscriptions/${l.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${vm}`,
        ChargeType: "new", UnitPrice: "0.096", Quantity: (pricing / 0.096).toFixed(6), UnitType: "1 Hour",
        BillingPreTaxTotal: String(l.billingPreTaxTotal), BillingCurrency: currency, PricingPreTaxTotal: pricing.toFixed(6),
        PricingCurrency: currency, ServiceInfo1: "", ServiceInfo2: "",
        Tags: JSON.stringify({ env: "prod", costCenter: "1234, Operations", owner: "ops@contoso.com" }),
        AdditionalInfo: JSON.stringify({ ImageType: "Canonical", ServiceType: "Standard_D2s_v3", VMName: vm, UsageType: "ComputeHR", "VCPUs": 2 }),
        EffectiveUnitPrice: l.pec ? "0.0816" : "0.096", PCToBCExchangeRate: "1", PCToBCExchangeRateDate: usDate(`${month}01`),
        EntitlementId: l.subscriptionId, EntitlementDescription: `${l.customerName} production`,
        PartnerEarnedCreditPercentage: pecText(l.pec, pecStyle), CreditPercentage: "0", CreditType: "Credit Not Applied",
        BenefitOrderId: l.benefitType ? guid(`order:${l.subscriptionId}`) : "", BenefitId: l.benefitType ? guid(`benefit:${l.subscriptionId}`) : "",
        BenefitType: l.benefitType ?? "",
    };
}

/** Options for {@link toReconCsv}. */
export interface CsvOptions {
    bom?: boolean;
    crlf?: boolean;
    /** Header spelling: as documented, lower-case, upper-case, or camelCase. */
    headerCase?: "pascal" | "lower" | "upper" | "camel";
    pecStyle?: PecStyle;
    dateStyle?: "us" | "iso";
    /** Columns to leave out (e.g. to write a file without the PEC column). */
    omit?: string[];
}

function recase(name: string, style: CsvOptions["headerCase"]): string {
    switch (style) {
        case "lower": return name.toLowerCase();
        case "upper": return name.toUpperCase();
        case "camel": return name[0].toLowerCase() + name.slice(1);
        default: return name;
    }
}

function csvField(text: string): string {
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV header line (without line end). */
export function reconCsvHeader(opts: CsvOptions = {}): string {
    return RECON_COLUMNS.filter((c) => !opts.omit?.includes(c)).map((c) => csvField(recase(c, opts.headerCase))).join(",");
}

/** One CSV data line (without line end). */
export function reconCsvLine(l: GenLine, index: number, opts: CsvOptions = {}): string {
    const r = reconRecord(l, index, opts);
    return RECON_COLUMNS.filter((c) => !opts.omit?.includes(c)).map((c) => csvField(r[c])).join(",");
}

/** A whole reconciliation CSV file. */
export function toReconCsv(lines: GenLine[], opts: CsvOptions = {}): string {
    const eol = opts.crlf ? "\r\n" : "\n";
    const body = [reconCsvHeader(opts), ...lines.map((l, i) => reconCsvLine(l, i, opts))].join(eol) + eol;
    return (opts.bom ? "\uFEFF" : "") + body;
}

/** Options for {@link graphJsonLine}. */
export interface JsonOptions {
    /** Key spelling: PascalCase as in the Graph table, camelCase, or lower-case. */
    keyCase?: "pascal" | "camel" | "lower";
    /** Write amounts as JSON numbers (default) or strings. */
    numbersAsStrings?: boolean;
    pecStyle?: PecStyle;
    omit?: string[];
}

/** One Graph export line (attributeSet full): JSON text, no line end. */
export function graphJsonLine(l: GenLine, index: number, opts: JsonOptions = {}): string {
    const r = reconRecord(l, index, { pecStyle: opts.pecStyle, dateStyle: "iso" });
    const out: Record<string, unknown> = {};
    for (const c of RECON_COLUMNS) {
        if (c === "PCToBCExchangeRateDate" || opts.omit?.includes(c)) continue;
        const key = opts.keyCase === "lower" ? c.toLowerCase() : opts.keyCase === "camel" ? c[0].toLowerCase() + c.slice(1) : c === "BenefitId" ? "BenefitID" : c === "BenefitOrderId" ? "BenefitOrderID" : c;
        let value: unknown = r[c];
        if (c === "UsageDate" || c === "ChargeStartDate" || c === "ChargeEndDate") value = `${l.usageDate.slice(0, 8)}${c === "UsageDate" ? l.usageDate.slice(8) : c === "ChargeStartDate" ? "01" : "28"}T00:00:00Z`;
        if (c === "Tags" || c === "AdditionalInfo") value = JSON.parse(r[c]);
        if (!opts.numbersAsStrings && (c === "BillingPreTaxTotal" || c === "PricingPreTaxTotal" || c === "UnitPrice" || c === "Quantity" || c === "EffectiveUnitPrice" || c === "PCToBCExchangeRate")) value = Number(r[c]);
        if (!opts.numbersAsStrings && c === "PartnerEarnedCreditPercentage" && opts.pecStyle === undefined) value = l.pec ? 15 : 0;
        out[key] = value;
    }
    return JSON.stringify(out);
}

/** Gzip-compressed JSON Lines, as one Graph export blob. */
export function toGraphBlob(lines: GenLine[], opts: JsonOptions = {}): Buffer {
    const { gzipSync } = require("node:zlib") as typeof import("node:zlib");
    return gzipSync(Buffer.from(lines.map((l, i) => graphJsonLine(l, i, opts)).join("\n") + "\n"));
}

/** One Partner Center v1 `DailyRatedUsageLineItem` (camelCase, PEC as a fraction). */
export function v1Item(l: GenLine, index: number): Record<string, unknown> {
    const r = reconRecord(l, index, { dateStyle: "iso" });
    return {
        partnerId: r.PartnerId, partnerName: r.PartnerName, customerId: l.customerId, customerName: l.customerName,
        customerDomainName: r.CustomerDomainName, invoiceNumber: "", productId: r.ProductId, skuId: r.SkuId, availabilityId: r.AvailabilityId,
        productName: r.ProductName, skuName: r.SkuName, publisherName: r.PublisherName, publisherId: r.PublisherId,
        subscriptionId: r.SubscriptionId, subscriptionDescription: r.SubscriptionDescription,
        chargeStartDate: `${l.usageDate.slice(0, 8)}01T00:00:00Z`, chargeEndDate: `${l.usageDate.slice(0, 8)}28T00:00:00Z`,
        usageDate: `${l.usageDate}T00:00:00Z`, meterType: r.MeterType, meterCategory: r.MeterCategory, meterId: r.MeterId,
        meterSubCategory: r.MeterSubCategory, meterName: r.MeterName, meterRegion: r.MeterRegion, unitOfMeasure: r.Unit,
        resourceLocation: r.ResourceLocation, consumedService: r.ConsumedService, resourceGroup: r.ResourceGroup, resourceUri: r.ResourceURI,
        tags: r.Tags, additionalInfo: r.AdditionalInfo, serviceInfo1: "", serviceInfo2: "", customerCountry: "US", mpnId: "6543210",
        resellerMpnId: "", chargeType: "new", unitPrice: 0.096, quantity: Number(r.Quantity), unitType: "1 Hour",
        billingPreTaxTotal: l.billingPreTaxTotal, billingCurrency: r.BillingCurrency, pricingPreTaxTotal: Number(r.PricingPreTaxTotal),
        pricingCurrency: r.PricingCurrency, entitlementId: l.subscriptionId, entitlementDescription: r.EntitlementDescription,
        pcToBCExchangeRate: 1, pcToBCExchangeRateDate: `${l.usageDate.slice(0, 8)}01T00:00:00Z`, effectiveUnitPrice: Number(r.EffectiveUnitPrice),
        rateOfPartnerEarnedCredit: l.pec ? 0.15 : 0, hasPartnerEarnedCredit: l.pec, rateOfCredit: l.pec ? 0.15 : 0,
        creditType: l.pec ? "Partner Earned Credit Applied" : "Credit Not Applied", benefitOrderId: r.BenefitOrderId, benefitId: r.BenefitId,
        benefitType: r.BenefitType, attributes: { objectType: "DailyRatedUsageLineItem" },
    };
}

/** Shape of the large synthetic month the benchmark uses. */
export interface MonthShape {
    customers: number;
    subscriptionsPerCustomer: number;
    year: number;
    /** 1-based. */
    month: number;
}

/**
 * The i-th line of a synthetic month with a known mix: ~8% third-party, ~4% savings plan, the rest
 * eligible; one subscription in 10 never earns PEC, one in 10 loses it from day 20.
 */
export function syntheticLine(i: number, shape: MonthShape): GenLine {
    const subs = shape.customers * shape.subscriptionsPerCustomer;
    const s = i % subs;
    const c = Math.floor(s / shape.subscriptionsPerCustomer);
    const day = 1 + (Math.floor(i / subs) % 28);
    const kind = (Math.floor(i / subs) * 7 + s * 3) % 25;
    const pec = s % 10 === 3 ? false : s % 10 === 7 ? day < 20 : true;
    return {
        customerId: guid(`customer:${c}`), customerName: `Customer ${c}, Ltd.`, subscriptionId: guid(`sub:${s}`),
        usageDate: `${shape.year}-${String(shape.month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
        billingPreTaxTotal: Math.round(((i * 7919) % 100000) / 10) / 1000, pec: kind < 2 ? false : pec,
        publisherName: kind < 2 ? "Contoso Security Inc." : undefined, benefitType: kind === 2 ? "SavingsPlan" : undefined,
    };
}

async function writeAll(out: Writable, lines: number, render: (i: number) => string, header?: string): Promise<void> {
    if (header !== undefined && !out.write(header)) await once(out, "drain");
    const batch: string[] = [];
    for (let i = 0; i < lines; i++) {
        batch.push(render(i));
        if (batch.length === 2000 || i === lines - 1) {
            if (!out.write(batch.join(""))) await once(out, "drain");
            batch.length = 0;
        }
    }
    out.end();
    await once(out, "finish");
}

const AMOUNT_SENTINEL = 987654.321;

/**
 * Renders synthetic lines fast: the full record is rendered once per subscription, day and kind
 * (with a sentinel amount), and each line only splices its amount in.
 */
function templated(shape: MonthShape, render: (l: GenLine, i: number) => string): (i: number) => string {
    const cache = new Map<string, [string, string]>();
    return (i) => {
        const l = syntheticLine(i, shape);
        const key = `${l.subscriptionId}|${l.usageDate}|${l.pec}|${l.publisherName}|${l.benefitType}`;
        let parts = cache.get(key);
        if (parts === undefined) {
            const text = render({ ...l, billingPreTaxTotal: AMOUNT_SENTINEL }, i);
            const at = text.indexOf(String(AMOUNT_SENTINEL));
            parts = [text.slice(0, at), text.slice(at + String(AMOUNT_SENTINEL).length)];
            cache.set(key, parts);
        }
        return parts[0] + String(l.billingPreTaxTotal) + parts[1];
    };
}

/** Writes `lines` synthetic lines as a reconciliation CSV (BOM, CRLF). */
export async function writeSyntheticCsv(path: string, lines: number, shape: MonthShape): Promise<void> {
    const file = createWriteStream(path);
    const done = once(file, "close");
    await writeAll(file, lines, templated(shape, (l, i) => `${reconCsvLine(l, i)}\r\n`), `\uFEFF${reconCsvHeader()}\r\n`);
    await done;
}

/**
 * Writes `lines` synthetic lines as one gzip JSON Lines Graph blob (fast compression level).
 * @param shuffleKeys write each line's keys in a different order (consecutive lines differ), so
 * `verify` cannot reuse a learned layout and parses every line with `JSON.parse` (its fallback)
 */
export async function writeSyntheticJsonlGz(path: string, lines: number, shape: MonthShape, shuffleKeys = false): Promise<void> {
    const gzip = createGzip({ level: zlibConstants.Z_BEST_SPEED });
    const file = createWriteStream(path);
    gzip.pipe(file);
    const done = once(file, "close");
    const render = shuffleKeys ? (l: GenLine, i: number) => `${shuffledJson(graphJsonLine(l, i), i)}\n` : (l: GenLine, i: number) => `${graphJsonLine(l, i)}\n`;
    await writeAll(gzip, lines, templated(shape, render));
    await done;
}

/** The JSON object `line` with its keys in an order that depends on `seed`. */
function shuffledJson(line: string, seed: number): string {
    const entries = Object.entries(JSON.parse(line) as Record<string, unknown>);
    let x = (seed * 2654435761) >>> 0;
    for (let i = entries.length - 1; i > 0; i--) {
        x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
        const j = x % (i + 1);
        [entries[i], entries[j]] = [entries[j], entries[i]];
    }
    return JSON.stringify(Object.fromEntries(entries));
}
