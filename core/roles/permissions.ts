/** One permission block of a role definition (`permissions[i]`). */
export interface PermissionBlock {
    actions: string[];
    notActions: string[];
}

function wildcardToRegExp(pattern: string): RegExp {
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
    return new RegExp(`^${escaped}$`, "i");
}

/**
 * Whether the blocks grant `operation` (e.g. `Microsoft.Authorization/roleAssignments/write`):
 * some block has an action matching it and no notAction of that same block masking it.
 * Azure matches operations case-insensitively with `*` wildcards.
 */
export function grantsOperation(blocks: PermissionBlock[], operation: string): boolean {
    return blocks.some(
        (block) =>
            block.actions.some((a) => wildcardToRegExp(a).test(operation)) &&
            !block.notActions.some((n) => wildcardToRegExp(n).test(operation)),
    );
}
