import { InputError } from "../../core/errors";
import { parseExpected } from "../expect";
import { isGuid, isResourceGroupName } from "../../core/validation/formats";
import type { ExpectedDelegation } from "./model";

/**
 * The delegations the stacks deployed, from an `--expect` file (pure). Every format `verify --expect` reads is
 * accepted (one subscription ID per line, or JSON such as `pulumi stack output --json`); in JSON, an object with a
 * `subscriptionId` and `assignmentIds` (a customer stack's outputs, or an entry of its `subscriptions` output) also
 * names the stack's registration assignments, which `watch` then reads one by one: that also finds a
 * resource-group delegation, which a subscription's list of registration assignments does not show.
 */

const ASSIGNMENT_ID =
    /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/providers\/Microsoft\.ManagedServices\/registrationAssignments\/([^/]+)$/i;
const FIX =
    "Give the customer stacks' outputs as `pulumi stack output --json` prints them (assignmentIds are full registration assignment IDs), or one subscription ID per line";

/**
 * Whether a registration assignment ID is well formed and belongs to the subscription.
 * @param id the ID
 * @param subscriptionId the subscription (lower case)
 */
export function isAssignmentIdOf(id: string, subscriptionId: string): boolean {
    const m = ASSIGNMENT_ID.exec(id);
    return (
        m !== null &&
        m[1].toLowerCase() === subscriptionId &&
        (m[2] === undefined || isResourceGroupName(m[2])) &&
        /^[\w.-]{1,128}$/.test(m[3])
    );
}

/** The scope of a registration assignment ID (the subscription or resource group it delegates). */
export function assignmentScope(id: string): string {
    return id.replace(/\/providers\/Microsoft\.ManagedServices\/registrationAssignments\/[^/]+$/i, "");
}

function collect(value: unknown, found: Map<string, Set<string>>, source: string, depth: number): void {
    if (depth > 64 || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
        for (const item of value) collect(item, found, source, depth + 1);
        return;
    }
    const o = value as Record<string, unknown>;
    const sub =
        typeof o.subscriptionId === "string"
            ? o.subscriptionId
                  .trim()
                  .toLowerCase()
                  .replace(/^\/subscriptions\//, "")
            : "";
    if (isGuid(sub) && Array.isArray(o.assignmentIds)) {
        const ids = found.get(sub) ?? new Set<string>();
        for (const id of o.assignmentIds) {
            if (typeof id !== "string" || !isAssignmentIdOf(id.trim(), sub))
                throw new InputError(
                    `is not a registration assignment ID of subscription ${sub}`,
                    { source, field: "assignmentIds", value: typeof id === "string" ? id : JSON.stringify(id) },
                    FIX,
                );
            ids.add(id.trim());
        }
        found.set(sub, ids);
    }
    for (const inner of Object.values(o)) collect(inner, found, source, depth + 1);
}

/** JSON documents of a file: one document, or JSON Lines (already validated by {@link parseExpected}). */
function documents(body: string): unknown[] {
    try {
        return [JSON.parse(body)];
    } catch {
        return body
            .split(/\r?\n/)
            .filter((l) => l.trim() !== "")
            .map((l) => JSON.parse(l) as unknown);
    }
}

/**
 * Reads the expected delegations.
 * @param text the file's content
 * @param source the file, for messages
 * @returns one entry per subscription, in file order, with the assignment IDs the outputs name (case kept as given)
 * @throws InputError naming the file, the field, the value and the fix
 */
export function parseExpectedDelegations(text: string, source: string): ExpectedDelegation[] {
    const subscriptions = parseExpected(text, source);
    const body = text.replace(/^\uFEFF/, "");
    const found = new Map<string, Set<string>>();
    if (/^\s*[[{]/.test(body)) for (const doc of documents(body)) collect(doc, found, source, 0);
    return subscriptions.map((subscriptionId) => ({
        subscriptionId,
        assignmentIds: [...(found.get(subscriptionId) ?? [])],
    }));
}
