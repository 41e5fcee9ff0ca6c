/**
 * A small evaluator of the Azure Policy conditions the management-group policy uses, so that tests can say which
 * registration definitions its existence condition accepts: `allOf`/`anyOf`/`not`, `field` conditions with
 * `equals`/`notEquals` (strings compared case-insensitively, as Azure Policy does), `field count` and `value count`
 * (with `name`, `where` and `current()`), and the numeric conditions on a count (Learn, "Azure Policy definition
 * structure policy rule"). Values are read with ARM's expression rule (a string that starts with `[` and ends with
 * `]` is an expression unless it starts with `[[`); the only expression known is `current('<name>').<property>`.
 * Anything else throws, so the policy cannot start using constructs the tests do not check.
 */

/** A resource as Azure Policy sees it: `name`, `type` and the properties the aliases point into. */
export interface PolicyResource {
    name: string;
    type: string;
    properties: Record<string, unknown>;
}

type Condition = Record<string, unknown>;

interface Context {
    resource: PolicyResource;
    /** The array member a `field count` is on: its alias (`…/authorizations[*]`) and value. */
    member?: { alias: string; value: unknown };
    /** The members `value count` expressions are on, by index name. */
    current: Record<string, unknown>;
}

const NUMERIC = ["equals", "notEquals", "greater", "greaterOrEquals", "less", "lessOrEquals"] as const;
/** Every condition operator (Learn, "Azure Policy definition structure policy rule", Conditions). */
const OPERATORS = [
    ...NUMERIC,
    "like",
    "notLike",
    "match",
    "matchInsensitively",
    "notMatch",
    "notMatchInsensitively",
    "contains",
    "notContains",
    "in",
    "notIn",
    "containsKey",
    "notContainsKey",
    "exists",
];

/** An alias's path below `properties` (the Microsoft.ManagedServices aliases all point into `properties`). */
function aliasPath(alias: string, type: string): string {
    if (!alias.toLowerCase().startsWith(`${type.toLowerCase()}/`)) {
        throw new Error(`alias ${alias} is not of ${type}`);
    }
    return alias.slice(type.length + 1);
}

function property(value: unknown, name: string): unknown {
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[name] : undefined;
}

function fieldValue(alias: string, context: Context): unknown {
    if (alias === "name" || alias === "type") {
        return context.resource[alias];
    }
    if (context.member && alias.startsWith(`${context.member.alias}.`)) {
        return alias
            .slice(context.member.alias.length + 1)
            .split(".")
            .reduce(property, context.member.value);
    }
    const path = aliasPath(alias, context.resource.type);
    if (path.includes("[*]")) {
        throw new Error(`the evaluator reads ${alias} only inside a count on its array`);
    }
    return path.split(".").reduce(property, context.resource.properties as unknown);
}

/** A condition's value: literal, `[[` escaped, or `[current('<name>').<property>]`. */
function conditionValue(value: unknown, context: Context): unknown {
    if (typeof value !== "string" || !(value.startsWith("[") && value.endsWith("]"))) {
        return value;
    }
    if (value.startsWith("[[")) {
        return value.slice(1);
    }
    const match = /^\[current\('([A-Za-z0-9]+)'\)((?:\.[A-Za-z]+)*)\]$/.exec(value);
    if (!match) {
        throw new Error(`the evaluator does not know the policy expression ${value}`);
    }
    if (!(match[1] in context.current)) {
        throw new Error(`current('${match[1]}') outside its value count`);
    }
    return match[2].split(".").filter(Boolean).reduce(property, context.current[match[1]]);
}

function same(a: unknown, b: unknown): boolean {
    return typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function compareCount(count: number, condition: Condition, context: Context): boolean {
    const operators = NUMERIC.filter((op) => op in condition);
    if (operators.length !== 1) {
        throw new Error(`a count needs one numeric condition, got ${JSON.stringify(Object.keys(condition))}`);
    }
    const target = conditionValue(condition[operators[0]], context);
    if (typeof target !== "number") {
        throw new Error(`a count is compared with a number, got ${JSON.stringify(target)}`);
    }
    switch (operators[0]) {
        case "equals":
            return count === target;
        case "notEquals":
            return count !== target;
        case "greater":
            return count > target;
        case "greaterOrEquals":
            return count >= target;
        case "less":
            return count < target;
        default:
            return count <= target;
    }
}

function evaluate(condition: Condition, context: Context): boolean {
    if (Array.isArray(condition.allOf)) {
        return (condition.allOf as Condition[]).every((c) => evaluate(c, context));
    }
    if (Array.isArray(condition.anyOf)) {
        return (condition.anyOf as Condition[]).some((c) => evaluate(c, context));
    }
    if (condition.not !== undefined) {
        return !evaluate(condition.not as Condition, context);
    }
    if (condition.count !== undefined) {
        const count = condition.count as { field?: string; value?: unknown; name?: string; where?: Condition };
        if (count.field !== undefined) {
            if (!count.field.endsWith("[*]")) {
                throw new Error(`a field count needs an array alias, got ${count.field}`);
            }
            const members = fieldValue(count.field.slice(0, -3), context) ?? [];
            if (!Array.isArray(members)) {
                throw new Error(`${count.field} is not an array`);
            }
            const matching = (members as unknown[]).filter(
                (value) =>
                    !count.where || evaluate(count.where, { ...context, member: { alias: count.field!, value } }),
            ).length;
            return compareCount(matching, condition, context);
        }
        const values = conditionValue(count.value, context);
        if (!Array.isArray(values) || typeof count.name !== "string") {
            throw new Error("a value count needs an array value and a name");
        }
        if (values.length > 100) {
            throw new Error(`a value count iterates at most 100 times, got ${values.length}`);
        }
        const matching = (values as unknown[]).filter(
            (value) =>
                !count.where ||
                evaluate(count.where, { ...context, current: { ...context.current, [count.name!]: value } }),
        ).length;
        return compareCount(matching, condition, context);
    }
    if (typeof condition.field === "string") {
        const actual = fieldValue(condition.field, context);
        if ("equals" in condition) {
            return same(actual, conditionValue(condition.equals, context));
        }
        if ("notEquals" in condition) {
            return !same(actual, conditionValue(condition.notEquals, context));
        }
    }
    throw new Error(`the evaluator does not know the condition ${JSON.stringify(condition)}`);
}

/** Whether `resource` satisfies `condition` (an existence condition: true means compliant). */
export function satisfies(condition: Record<string, unknown>, resource: PolicyResource): boolean {
    return evaluate(condition, { resource, current: {} });
}

/** How many `field count` expressions each array alias has, `value count` expressions in all, and conditions in all. */
export function policyRuleLimits(condition: unknown): {
    fieldCountsPerArray: Record<string, number>;
    valueCounts: number;
    conditions: number;
} {
    const result = { fieldCountsPerArray: {} as Record<string, number>, valueCounts: 0, conditions: 0 };
    const visit = (node: unknown): void => {
        if (Array.isArray(node)) {
            node.forEach(visit);
            return;
        }
        if (node === null || typeof node !== "object") {
            return;
        }
        const record = node as Record<string, unknown>;
        if (OPERATORS.some((op) => op in record)) {
            result.conditions++;
        }
        const count = record.count as { field?: string; value?: unknown } | undefined;
        if (count?.field !== undefined) {
            result.fieldCountsPerArray[count.field] = (result.fieldCountsPerArray[count.field] ?? 0) + 1;
        } else if (count?.value !== undefined) {
            result.valueCounts++;
        }
        Object.values(record).forEach(visit);
    };
    visit(condition);
    return result;
}
