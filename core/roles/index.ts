import catalogueData from "./catalogue.json";
import { isGuid } from "../validation/formats";
import { includesReaderAccess, PermissionBlock } from "./permissions";
import { unsupportedActionsOf } from "./unsupportedActions";

export { grantsOperation, includesReaderAccess, PermissionBlock } from "./permissions";
export {
    LIGHTHOUSE_RULES_SOURCE,
    LighthouseRulesSource,
    UNSUPPORTED_ROLE_ACTIONS,
    unsupportedActionsOf,
} from "./unsupportedActions";

/** Well-known built-in role definition GUIDs. */
export const WellKnownRoles = {
    owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    userAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    /** Lets the partner remove a delegation from its side; Microsoft recommends including it. */
    registrationAssignmentDeleteRole: "91c1777a-f3dc-4fae-b103-61d183457e46",
} as const;

/**
 * Why Lighthouse refuses a role in a permanent authorization, when it does. "authorization-write": the role
 * includes an action of Microsoft's unsupported list (UNSUPPORTED_ROLE_ACTIONS, Microsoft.Authorization writes).
 */
export type LighthouseRestriction = "owner" | "data-actions" | "authorization-write" | "requires-delegated-roles";

/** What the project knows about one Azure built-in role. */
export interface RoleInfo {
    /** The role definition GUID (lower case). */
    id: string;
    /** The built-in role's name, e.g. "Contributor". */
    name: string;
    /**
     * Partner Center's PEC eligibility: true or false when the Partner Center table lists the role,
     * null when it does not (newer roles; unknown, not ineligible).
     */
    pecEligible: boolean | null;
    /** Whether the role has any DataActions (Lighthouse refuses those). */
    hasDataActions: boolean;
    /**
     * Whether the role includes Reader access (all of `*\/read`, see {@link includesReaderAccess}): what an eligible
     * principal's permanent authorization needs for it to activate from "My customers".
     */
    includesReaderAccess: boolean;
    /** Whether a Lighthouse authorization may use this role, and if not (or only with conditions), why. */
    lighthouse: {
        /** False when Azure rejects a registration definition that uses this role. */
        allowed: boolean;
        /** The rule that restricts it, if any. */
        restriction?: LighthouseRestriction;
        /** With "authorization-write": the entries of Microsoft's unsupported-actions list the role includes. */
        unsupportedActions?: string[];
        /** A sentence for error messages. */
        reason?: string;
    };
}

interface CatalogueRole {
    id: string;
    name: string;
    pecEligible: boolean | null;
    dataActions: number;
    blocks: PermissionBlock[];
}

const ROLE_DEFINITION_ID =
    /^\/?(?:subscriptions\/[^/]+\/)?providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i;

let indexes:
    | { byId: Map<string, RoleInfo>; byName: Map<string, RoleInfo>; blocksById: Map<string, PermissionBlock[]> }
    | undefined;

function lighthouseVerdict(role: CatalogueRole): RoleInfo["lighthouse"] {
    if (role.id === WellKnownRoles.owner) {
        return { allowed: false, restriction: "owner", reason: "Azure Lighthouse does not support the Owner role" };
    }
    if (role.dataActions > 0) {
        return {
            allowed: false,
            restriction: "data-actions",
            reason: `Azure Lighthouse does not support roles with DataActions ("${role.name}" has ${role.dataActions})`,
        };
    }
    if (role.id === WellKnownRoles.userAccessAdministrator) {
        return {
            allowed: true,
            restriction: "requires-delegated-roles",
            reason: "Azure Lighthouse allows User Access Administrator only with delegatedRoles (the roles it may assign to managed identities)",
        };
    }
    const unsupported = unsupportedActionsOf(role.blocks);
    if (unsupported.length > 0) {
        return {
            allowed: false,
            restriction: "authorization-write",
            unsupportedActions: unsupported,
            reason: `Azure Lighthouse restricts roles that can change access: "${role.name}" includes ${unsupported.join(", ")}, which Microsoft lists as unsupported`,
        };
    }
    return { allowed: true };
}

function toRoleInfo(role: CatalogueRole): RoleInfo {
    let verdict: RoleInfo["lighthouse"] | undefined;
    let reader: boolean | undefined;
    return {
        id: role.id,
        name: role.name,
        pecEligible: role.pecEligible,
        hasDataActions: role.dataActions > 0,
        get includesReaderAccess() {
            reader ??= includesReaderAccess(role.blocks);
            return reader;
        },
        // Computed on first use: matching wildcards for all ~900 roles up front costs more than a lookup.
        get lighthouse() {
            verdict ??= lighthouseVerdict(role);
            return verdict;
        },
    };
}

function load(): NonNullable<typeof indexes> {
    if (!indexes) {
        const byId = new Map<string, RoleInfo>();
        const byName = new Map<string, RoleInfo>();
        const blocksById = new Map<string, PermissionBlock[]>();
        for (const role of (catalogueData as { roles: CatalogueRole[] }).roles) {
            const info = toRoleInfo(role);
            byId.set(role.id, info);
            byName.set(role.name.toLowerCase(), info);
            blocksById.set(role.id, role.blocks);
        }
        indexes = { byId, byName, blocksById };
    }
    return indexes;
}

/** Extracts the GUID from a bare GUID or a full role definition resource ID; undefined otherwise. */
export function roleGuidOf(value: string): string | undefined {
    const trimmed = value.trim();
    if (isGuid(trimmed)) {
        return trimmed.toLowerCase();
    }
    const match = ROLE_DEFINITION_ID.exec(trimmed);
    return match && isGuid(match[1]) ? match[1].toLowerCase() : undefined;
}

/**
 * Looks a built-in role up by name (case-insensitive, e.g. "contributor"), by GUID, or by full role
 * definition ID. Returns undefined when the catalogue does not know it.
 */
export function resolveRole(nameOrId: string): RoleInfo | undefined {
    const { byId, byName } = load();
    const guid = roleGuidOf(nameOrId);
    return guid ? byId.get(guid) : byName.get(nameOrId.trim().toLowerCase());
}

/**
 * The actions of a built-in role that are not reads (every action whose operation does not end in `/read`, such as
 * `*`, `Microsoft.Support/*` or `.../listKeys/action`): empty for a read-only role such as Reader.
 * Microsoft Learn (Lighthouse, "Role support") warns that actions can expose data too (`listKeys/action`), so an
 * action is counted unless it can only read. Undefined when the catalogue does not know the role.
 */
export function nonReadActions(nameOrId: string): string[] | undefined {
    const info = resolveRole(nameOrId);
    const blocks = info && load().blocksById.get(info.id);
    return blocks?.flatMap((block) => block.actions.filter((action) => !/\/read$/i.test(action.trim())));
}

/** Every role in the catalogue, sorted by name. */
export function allRoles(): RoleInfo[] {
    return [...load().byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
            );
        }
        previous = current;
    }
    return previous[b.length];
}

/** Built-in role names closest to `input` (typos first, then names containing it), for "did you mean" hints. */
export function suggestRoleNames(input: string, max = 3): string[] {
    const needle = input.trim().toLowerCase();
    if (needle === "") {
        return [];
    }
    return allRoles()
        .map((r) => {
            const name = r.name.toLowerCase();
            const distance = editDistance(needle, name);
            const close = distance <= Math.max(2, Math.floor(needle.length / 4));
            return { name: r.name, rank: close ? distance : name.includes(needle) ? 100 + name.length : Infinity };
        })
        .filter((r) => r.rank !== Infinity)
        .sort((a, b) => a.rank - b.rank)
        .slice(0, max)
        .map((r) => r.name);
}
