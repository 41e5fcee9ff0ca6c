import { isGuid } from "../core/validation/formats";

/** What a fleet run needs to know about a stack's CSP settings, from its `Pulumi.<stack>.yaml`. */
export interface StackCspFacts {
    /** The stack name. */
    stack: string;
    /** The stack file's `config:` map (undefined when the file has none). */
    config: Record<string, unknown> | undefined;
}

/** The CSP customer stacks of a fleet run, or why some cannot run that way. */
export interface CspSelection {
    /** Stacks whose config sets `lighthouse-pec:csp: true` and a customer tenant ID, in the given order. */
    stacks: string[];
    /** One line per CSP stack that cannot run (no or a malformed `lighthouse-pec:customerTenantId`). */
    problems: string[];
}

/** `true` or `"true"` (how `pulumi config set` stores it), case-insensitive. */
function isTrue(value: unknown): boolean {
    return value === true || (typeof value === "string" && value.trim().toLowerCase() === "true");
}

/**
 * Picks the stacks that a partner deploys through CSP admin-on-behalf-of: `lighthouse-pec:csp: true`. Each
 * must name its customer's tenant (`lighthouse-pec:customerTenantId`), or the provider would sign in to the
 * partner's own tenant, where the customer's Azure plan subscription is not visible.
 * @param facts every stack the `--stacks` globs matched, with its config
 */
export function selectCspStacks(facts: StackCspFacts[]): CspSelection {
    const stacks: string[] = [];
    const problems: string[] = [];
    for (const { stack, config } of facts) {
        if (!isTrue(config?.["lighthouse-pec:csp"])) continue;
        const tenant = config?.["lighthouse-pec:customerTenantId"];
        if (typeof tenant !== "string" || !isGuid(tenant)) {
            problems.push(
                `${stack}: lighthouse-pec:csp is true but lighthouse-pec:customerTenantId is ${tenant === undefined ? "not set" : JSON.stringify(tenant)}. ` +
                    `Fix: pulumi config set --stack ${stack} lighthouse-pec:customerTenantId <customer tenant GUID>`,
            );
            continue;
        }
        stacks.push(stack);
    }
    return { stacks, problems };
}
