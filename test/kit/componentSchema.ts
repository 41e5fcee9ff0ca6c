// The parts of a Pulumi package schema (https://www.pulumi.com/docs/iac/guides/building-extending/packages/schema/)
// that the tests of the component provider and the non-TypeScript examples read.
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { ComponentSchema, componentProviderWithSchema, readComponentSchema } from "../../components/componentSchema";
import { ensureBuilt, REPO } from "./builtOutput";

/** The schema `npm run build` computes with Pulumi's analyzer and the package ships. */
export const SHIPPED_SCHEMA = path.join(REPO, "bin", "components", "componentSchema.json");

/** The component's type token, the same in every language. */
export const TOKEN = "lighthouse-pec:index:CustomerDelegation";

/** ManagementGroupDelegation's type token. */
export const MG_TOKEN = "lighthouse-pec:index:ManagementGroupDelegation";

/** The token of a schema type of this package. */
export function typeToken(name: string): string {
    return `lighthouse-pec:index:${name}`;
}

/** A property of a resource or object type. */
export interface SchemaProperty {
    type?: string;
    $ref?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    description?: string;
    optional?: boolean;
    plain?: boolean;
}

/** An object type (`properties`) or an enum (`enum`). */
export interface SchemaType {
    type: string;
    properties?: Record<string, SchemaProperty>;
    required?: string[];
    enum?: { name: string; value: string }[];
}

/** A package schema as ComponentProvider.getSchema() returns it. */
export interface PackageSchema {
    name: string;
    resources: Record<
        string,
        {
            isComponent: boolean;
            inputProperties: Record<string, SchemaProperty>;
            requiredInputs: string[];
            properties: Record<string, SchemaProperty>;
            required: string[];
        }
    >;
    types: Record<string, SchemaType>;
}

let cached: Promise<{ provider: ComponentProvider; schema: PackageSchema; shipped: ComponentSchema }> | undefined;

/**
 * The component provider and the schema it serves, as the plugin serves them, made once per test run: the schema
 * `npm run build` derived from the source with Pulumi's analyzer ({@link SHIPPED_SCHEMA}; rebuilt first when older than
 * the source, test/kit/builtOutput.ts), so no spec runs the analyzer (seconds) itself.
 * test/components/componentSchema.integration.test.ts checks the file is what the analyzer derives from the source.
 */
export function componentProvider(): Promise<{
    provider: ComponentProvider;
    schema: PackageSchema;
    shipped: ComponentSchema;
}> {
    cached ??= (async () => {
        await ensureBuilt();
        const shipped = readComponentSchema(SHIPPED_SCHEMA);
        const provider = componentProviderWithSchema(shipped);
        return { provider, schema: JSON.parse(await provider.getSchema()) as PackageSchema, shipped };
    })();
    return cached;
}
