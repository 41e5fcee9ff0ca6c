/**
 * Service endpoints. Every field defaults to the Azure public cloud; set them for a sovereign cloud
 * or to point the code at a test double.
 */
export interface AzureEndpoints {
    /** Entra ID authority host (default `https://login.microsoftonline.com`). */
    authorityHost?: string;
    /** Azure Resource Manager (default `https://management.azure.com`). */
    resourceManager?: string;
    /** Microsoft Graph (default `https://graph.microsoft.com`). */
    graph?: string;
    /** Partner Center API (default `https://api.partnercenter.microsoft.com`). */
    partnerCenter?: string;
}

/** The public-cloud endpoints. */
export const PUBLIC_CLOUD: Readonly<Required<AzureEndpoints>> = {
    authorityHost: "https://login.microsoftonline.com",
    resourceManager: "https://management.azure.com",
    graph: "https://graph.microsoft.com",
    partnerCenter: "https://api.partnercenter.microsoft.com",
};

/** Fills missing endpoints with the public-cloud defaults and strips trailing slashes. */
export function resolveEndpoints(e?: AzureEndpoints): Required<AzureEndpoints> {
    const out = { ...PUBLIC_CLOUD };
    for (const k of Object.keys(out) as Array<keyof AzureEndpoints>) if (e?.[k]) out[k] = e[k].replace(/\/+$/, "");
    return out;
}

/** The `.default` scope of a resource endpoint, e.g. `https://management.azure.com/.default`. */
export function defaultScope(resource: string): string {
    return `${resource.replace(/\/+$/, "")}/.default`;
}

/**
 * Problems with endpoint values: each must be an absolute https URL. `field` prefixes the messages
 * (e.g. `endpoints`). Values for which `skip` returns true (e.g. unknown during preview) are not checked.
 */
export function endpointProblems(e: unknown, field = "endpoints", skip: (v: unknown) => boolean = () => false): string[] {
    if (skip(e)) return [];
    if (e === undefined || e === null) return [];
    if (typeof e !== "object" || Array.isArray(e)) return [`${field} must be an object with https URLs, got ${JSON.stringify(e)}.`];
    const problems: string[] = [];
    for (const [k, v] of Object.entries(e as Record<string, unknown>)) {
        if (!(k in PUBLIC_CLOUD)) {
            problems.push(`${field}.${k} is not a known endpoint; use one of ${Object.keys(PUBLIC_CLOUD).join(", ")}.`);
        } else if (v !== undefined && !skip(v) && !isHttpsUrl(v)) {
            problems.push(`${field}.${k} must be an absolute https URL such as "${PUBLIC_CLOUD[k as keyof AzureEndpoints]}", got ${JSON.stringify(v)}.`);
        }
    }
    return problems;
}

function isHttpsUrl(v: unknown): boolean {
    if (typeof v !== "string") return false;
    try {
        const u = new URL(v);
        return u.protocol === "https:" && !!u.hostname && !u.search && !u.hash;
    } catch {
        return false;
    }
}
