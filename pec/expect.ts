import { InputError } from "../core/errors";
import { isGuid } from "../core/validation/formats";

const FIX =
    "Give one Azure subscription ID per line, or JSON (e.g. `pulumi stack output --json`) with subscriptionId fields";

/**
 * Reads the list of Azure subscriptions that should earn PEC. Accepts plain text (one subscription
 * ID or `/subscriptions/{id}` per line; blank lines and `#` comments ignored), or JSON — an object,
 * an array, or JSON Lines of them, such as the customer stacks' outputs — from which every string
 * (or string array) under a key ending in `subscriptionId` / `subscriptionIds` is taken, at any depth.
 * @param text the file's content
 * @param source the file name, for messages
 * @returns lower-case subscription IDs, de-duplicated, in file order
 */
export function parseExpected(text: string, source: string): string[] {
    const body = text.replace(/^\uFEFF/, "");
    const found = /^\s*[[{]/.test(body) ? fromJson(body, source) : fromLines(body, source);
    if (found.length === 0) throw new InputError("lists no subscription", { source }, FIX);
    return [...new Set(found)];
}

function fromLines(body: string, source: string): string[] {
    const ids: string[] = [];
    body.split(/\r?\n/).forEach((raw, i) => {
        const text = raw.replace(/#.*/, "").trim();
        if (text === "") return;
        const id = subscriptionIdOf(text);
        if (!id) throw new InputError("is not an Azure subscription ID", { source, line: i + 1, value: text }, FIX);
        ids.push(id);
    });
    return ids;
}

function fromJson(body: string, source: string): string[] {
    let documents: unknown[];
    try {
        documents = [JSON.parse(body)];
    } catch (wholeError) {
        documents = [];
        const lines = body.split(/\r?\n/);
        for (let i = 0; i < lines.length; i++) {
            if (lines[i].trim() === "") continue;
            try {
                documents.push(JSON.parse(lines[i]));
            } catch {
                throw new InputError(
                    `is not valid JSON (${(wholeError as Error).message})`,
                    { source, line: i + 1 },
                    FIX,
                );
            }
        }
    }
    const ids: string[] = [];
    for (const doc of documents) collect(doc, false, ids, source, 0);
    return ids;
}

function collect(value: unknown, underIdKey: boolean, ids: string[], source: string, depth: number): void {
    if (depth > 64) return;
    if (typeof value === "string") {
        if (!underIdKey) return;
        const id = subscriptionIdOf(value.trim());
        if (!id)
            throw new InputError("is not an Azure subscription ID", { source, field: "subscriptionId", value }, FIX);
        ids.push(id);
    } else if (Array.isArray(value)) {
        for (const item of value) collect(item, underIdKey, ids, source, depth + 1);
    } else if (value !== null && typeof value === "object") {
        for (const [key, inner] of Object.entries(value)) {
            collect(inner, /subscriptionids?$/i.test(key), ids, source, depth + 1);
        }
    }
}

/** The subscription ID of `text` (a GUID, or `/subscriptions/{guid}` with or without a trailing `/`), lower-case. */
function subscriptionIdOf(text: string): string | undefined {
    const id = text.replace(/^\/subscriptions\//i, "").replace(/\/$/, "");
    return isGuid(id) ? id.toLowerCase() : undefined;
}
