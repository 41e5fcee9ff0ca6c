import { armGuid } from "../../components";
import type { ArmParametersFile, ArmResource, ArmTemplate } from "../../core/delegation/armTemplate";

/**
 * A tiny evaluator for the ARM template expressions `lighthouse-pec template` emits — `parameters()`,
 * `variables()`, `guid()`, `resourceId()` (subscription scope), `concat()` and `createArray()` with string
 * literals — and for the name expressions of Microsoft's sample templates (`copyIndex()`, `[index]` and
 * `.property` access), so that tests can compute what Azure would deploy from a template and compare it
 * with what `CustomerDelegation` registers. Anything else throws: the generator must not start emitting
 * expressions the tests cannot check.
 */

/** A resource as Azure would create it from the template: where, which name, with what. */
export interface DeployedResource {
    type: string;
    /** `/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{rg}`. */
    scope: string;
    name: string;
    properties: Record<string, unknown>;
    plan?: unknown;
}

type Token =
    | { kind: "ident"; text: string }
    | { kind: "string"; text: string }
    | { kind: "punct"; text: "(" | ")" | "," | "[" | "]" | "." };

function tokenize(expression: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < expression.length) {
        const c = expression[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c === "(" || c === ")" || c === "," || c === "[" || c === "]" || c === ".") {
            tokens.push({ kind: "punct", text: c });
            i++;
        } else if (c === "'") {
            let text = "";
            i++;
            for (;;) {
                if (i >= expression.length) {
                    throw new Error(`unterminated string in ${expression}`);
                }
                if (expression[i] === "'" && expression[i + 1] === "'") {
                    text += "'";
                    i += 2;
                } else if (expression[i] === "'") {
                    i++;
                    break;
                } else {
                    text += expression[i++];
                }
            }
            tokens.push({ kind: "string", text });
        } else {
            const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(i));
            if (!match) {
                throw new Error(`unsupported character ${JSON.stringify(c)} in ${expression}`);
            }
            tokens.push({ kind: "ident", text: match[0] });
            i += match[0].length;
        }
    }
    return tokens;
}

/** The values an expression can see. */
export interface Scope {
    parameters: Record<string, unknown>;
    variables: Record<string, unknown>;
    subscriptionId: string;
    /** The current iteration of a `copy` loop, for `copyIndex()`. */
    copyIndex?: number;
}

function evaluateExpression(expression: string, scope: Scope): unknown {
    const tokens = tokenize(expression);
    let position = 0;
    const next = (): Token => {
        const token = tokens[position++];
        if (!token) {
            throw new Error(`unexpected end of ${expression}`);
        }
        return token;
    };
    const expect = (text: string): void => {
        const token = next();
        if (token.kind !== "punct" || token.text !== text) {
            throw new Error(`expected ${text} in ${expression}`);
        }
    };
    const isPunct = (text: string): boolean => tokens[position]?.kind === "punct" && tokens[position].text === text;
    // Postfix access, as in `parameters('resourceGroups')[copyIndex()].rgName`.
    const accessed = (base: unknown): unknown => {
        let result = base;
        for (;;) {
            if (isPunct("[")) {
                position++;
                const index = value();
                expect("]");
                if (!Array.isArray(result) || typeof index !== "number" || !(index in result)) {
                    throw new Error(
                        `cannot index ${JSON.stringify(result)} with ${JSON.stringify(index)} in ${expression}`,
                    );
                }
                result = result[index];
            } else if (isPunct(".")) {
                position++;
                const property = next();
                if (
                    property.kind !== "ident" ||
                    result === null ||
                    typeof result !== "object" ||
                    !(property.text in result)
                ) {
                    throw new Error(`no property ${property.text} on ${JSON.stringify(result)} in ${expression}`);
                }
                result = (result as Record<string, unknown>)[property.text];
            } else {
                return result;
            }
        }
    };
    const value = (): unknown => {
        const token = next();
        if (token.kind === "string") {
            return token.text;
        }
        if (token.kind !== "ident") {
            throw new Error(`unexpected ${token.text} in ${expression}`);
        }
        expect("(");
        const args: unknown[] = [];
        if (!(tokens[position]?.kind === "punct" && tokens[position].text === ")")) {
            args.push(value());
            while (tokens[position]?.kind === "punct" && tokens[position].text === ",") {
                position++;
                args.push(value());
            }
        }
        expect(")");
        return accessed(call(token.text, args, scope));
    };
    const result = value();
    if (position !== tokens.length) {
        throw new Error(`trailing tokens in ${expression}`);
    }
    return result;
}

function strings(fn: string, args: unknown[]): string[] {
    if (args.some((a) => typeof a !== "string")) {
        throw new Error(`${fn}() takes strings, got ${JSON.stringify(args)}`);
    }
    return args as string[];
}

function call(fn: string, args: unknown[], scope: Scope): unknown {
    switch (fn) {
        case "parameters": {
            const [name] = strings(fn, args);
            if (!(name in scope.parameters)) {
                throw new Error(`parameters('${name}') is not declared`);
            }
            return scope.parameters[name];
        }
        case "variables": {
            const [name] = strings(fn, args);
            if (!(name in scope.variables)) {
                throw new Error(`variables('${name}') is not declared`);
            }
            return evaluateValue(scope.variables[name], scope);
        }
        case "guid":
            return armGuid(...strings(fn, args));
        case "concat":
            return strings(fn, args).join("");
        case "createArray":
            return args;
        case "copyIndex":
            if (args.length !== 0 || scope.copyIndex === undefined) {
                throw new Error(
                    "copyIndex() outside a copy loop (or with an offset, which the evaluator does not know)",
                );
            }
            return scope.copyIndex;
        case "resourceId": {
            // Subscription-level form: resourceId(type, name...) → /subscriptions/{sub}/providers/{type}/{names}.
            const [type, ...names] = strings(fn, args);
            return `/subscriptions/${scope.subscriptionId}/providers/${type.replace(/\/$/, "")}/${names.join("/")}`;
        }
        default:
            throw new Error(`the evaluator does not know ${fn}()`);
    }
}

/**
 * Evaluates a template value as ARM does (Learn, "Syntax and expressions in ARM templates", Escape characters): a
 * string that starts with `[` and ends with `]` is an expression, unless it starts with `[[`, which is the literal
 * with the first `[` dropped (`"[[test value]"` → `[test value]`); any other string is literal as written
 * (`"[test] value"` and `"[[test] value"` stay as they are). Objects and arrays recursively.
 */
export function evaluateValue(value: unknown, scope: Scope): unknown {
    if (typeof value === "string") {
        if (!(value.startsWith("[") && value.endsWith("]"))) {
            return value;
        }
        if (value.startsWith("[[")) {
            return value.slice(1);
        }
        return evaluateExpression(value.slice(1, -1), scope);
    }
    if (Array.isArray(value)) {
        return value.map((v) => evaluateValue(v, scope));
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateValue(v, scope)]));
    }
    return value;
}

/**
 * What Azure deploys from `template` with `parametersFile` into `subscriptionId`: every resource with its
 * scope, evaluated name and properties, nested resource-group deployments flattened (outer scope).
 * Parameters missing from the file take the template's default value, evaluated as ARM evaluates it; values
 * from the parameters file are literal (Learn: "The characters are interpreted literally").
 */
export function deployTemplate(
    template: ArmTemplate,
    parametersFile: ArmParametersFile | undefined,
    subscriptionId: string,
): DeployedResource[] {
    const parameters: Record<string, unknown> = {};
    for (const [name, declaration] of Object.entries(template.parameters ?? {})) {
        const given = parametersFile?.parameters[name];
        if (given === undefined && declaration.defaultValue === undefined) {
            throw new Error(`parameter ${name} has no value`);
        }
        parameters[name] =
            given !== undefined
                ? given.value
                : evaluateValue(declaration.defaultValue, {
                      parameters: { ...parameters },
                      variables: {},
                      subscriptionId,
                  });
    }
    for (const name of Object.keys(parametersFile?.parameters ?? {})) {
        if (!(name in parameters)) {
            throw new Error(`the parameters file sets ${name}, which the template does not declare (ARM rejects that)`);
        }
    }
    const scope: Scope = { parameters, variables: template.variables ?? {}, subscriptionId };
    const deployed: DeployedResource[] = [];
    const visit = (resources: ArmResource[], at: string): void => {
        for (const resource of resources) {
            if (resource.type === "Microsoft.Resources/deployments") {
                const nested = resource.properties as {
                    expressionEvaluationOptions?: { scope?: string };
                    template: ArmTemplate;
                };
                // ARM compares the scope case-insensitively; the schema's enum spells it "Outer".
                if (nested.expressionEvaluationOptions?.scope?.toLowerCase() !== "outer") {
                    throw new Error("the evaluator only supports outer-scope nested deployments");
                }
                const group = evaluateValue(resource.resourceGroup, scope) as string;
                visit(nested.template.resources, `/subscriptions/${subscriptionId}/resourceGroups/${group}`);
                continue;
            }
            deployed.push({
                type: resource.type,
                scope: at,
                name: evaluateValue(resource.name, scope) as string,
                properties: evaluateValue(resource.properties, scope) as Record<string, unknown>,
                ...(resource.plan !== undefined ? { plan: evaluateValue(resource.plan, scope) } : {}),
            });
        }
    };
    visit(template.resources, `/subscriptions/${subscriptionId}`);
    return deployed;
}
