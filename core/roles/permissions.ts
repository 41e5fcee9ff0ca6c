/** One permission block of a role definition (`permissions[i]`). */
export interface PermissionBlock {
    actions: string[];
    notActions: string[];
}

/** Compiled patterns, by pattern: the same roles' actions are tested again for every verdict on them. */
const compiled = new Map<string, RegExp>();
/** More distinct patterns than the role catalogue holds: past it the cache starts again (never unbounded). */
const MAX_COMPILED = 20_000;

function wildcardToRegExp(pattern: string): RegExp {
    let regExp = compiled.get(pattern);
    if (!regExp) {
        const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
        regExp = new RegExp(`^${escaped}$`, "i");
        if (compiled.size >= MAX_COMPILED) compiled.clear();
        compiled.set(pattern, regExp);
    }
    return regExp;
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

/** Whether a notAction pattern can mask some read operation (an operation whose name ends in `/read`). */
function masksSomeRead(pattern: string): boolean {
    const p = pattern.toLowerCase();
    const star = p.lastIndexOf("*");
    if (star < 0) {
        return p.endsWith("/read");
    }
    // After the last `*` comes a literal tail; the `*` can supply anything before it.
    const tail = p.slice(star + 1);
    return tail.endsWith("/read") || "/read".endsWith(tail);
}

/**
 * Whether the blocks include Reader access: everything the built-in Reader role (`*\/read`) may do. True when
 * one block's actions contain `*` or `*\/read` and none of that block's notActions can mask a read operation
 * (Contributor: `*` minus `Microsoft.Authorization/*\/Write` and other writes, so yes; Log Analytics Reader:
 * `*\/read` minus `…/sharedKeys/read`, so no; Managed Services Registration assignment Delete Role: three
 * named operations, so no). This is Microsoft Learn's "another built-in role that includes Reader access"
 * (Create eligible authorizations), taken literally.
 */
export function includesReaderAccess(blocks: PermissionBlock[]): boolean {
    return blocks.some(
        (block) =>
            block.actions.some((a) => a === "*" || a.toLowerCase() === "*/read") &&
            !block.notActions.some(masksSomeRead),
    );
}
