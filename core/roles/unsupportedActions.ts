import rulesData from "./lighthouseRules.json";
import { grantsOperation, PermissionBlock } from "./permissions";

/** Where the list of actions Azure Lighthouse refuses comes from (see lighthouseRules.json). */
export interface LighthouseRulesSource {
    /** The Microsoft Learn article and section. */
    title: string;
    /** The published page. */
    url: string;
    /** The article's source: GitHub repository, path and the commit read. */
    repository: string;
    path: string;
    commit: string;
    /** The article's `ms.date` at that commit (YYYY-MM-DD). */
    msDate: string;
    /** An older commit of the article with the same list, showing how long it has held. */
    sameListSince: { commit: string; msDate: string };
    /** When the project last read the article (YYYY-MM-DD). */
    read: string;
}

/** Microsoft's source for {@link UNSUPPORTED_ROLE_ACTIONS}. */
export const LIGHTHOUSE_RULES_SOURCE: LighthouseRulesSource = rulesData.source;

/**
 * The actions that make a built-in role unsupported by Azure Lighthouse, exactly as Microsoft lists them
 * ("Roles that include any of the following actions aren't supported"). Update lighthouseRules.json
 * when the article changes; every role verdict derives from it.
 */
export const UNSUPPORTED_ROLE_ACTIONS: readonly string[] = rulesData.unsupportedActions;

/**
 * The entries of {@link UNSUPPORTED_ROLE_ACTIONS} a role includes, in list order. A concrete operation
 * (`.../locks/write`) counts when the role grants it: an action matches it with `*` wildcards and no
 * notAction of the same block masks it (Contributor's `*` with Microsoft.Authorization writes and deletes in notActions is
 * fine; Locks Contributor's `Microsoft.Authorization/locks/*` is not). A wildcard entry
 * (`Microsoft.Authorization/*`) counts when the role lists that very action: a pattern is not an
 * operation one can test a grant of, and every role that grants all of it also grants a concrete entry.
 */
export function unsupportedActionsOf(
    blocks: PermissionBlock[],
    list: readonly string[] = UNSUPPORTED_ROLE_ACTIONS,
): string[] {
    return list.filter((entry) =>
        entry.includes("*")
            ? blocks.some((block) => block.actions.some((a) => a.toLowerCase() === entry.toLowerCase()))
            : grantsOperation(blocks, entry),
    );
}
