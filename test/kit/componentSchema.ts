// The parts of a Pulumi package schema (https://www.pulumi.com/docs/iac/guides/building-extending/packages/schema/)
// that the tests of the component provider and the non-TypeScript examples read.
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { analyzeComponentSchema, ComponentSchema, componentProviderWithSchema } from "../../components/componentSchema";

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

let cached: Promise<{ provider: ComponentProvider; schema: PackageSchema; computed: ComponentSchema }> | undefined;

/**
 * The component provider and the schema it serves, made once per test run: Pulumi's analyzer derives the schema
 * from the TypeScript source (seconds, as `npm run build` does), and the provider serves it as the plugin does.
 * `computed` is the analyzer's output, to compare with what the build shipped.
 */
export function componentProvider(): Promise<{
    provider: ComponentProvider;
    schema: PackageSchema;
    computed: ComponentSchema;
}> {
    cached ??= (async () => {
        const computed = await analyzeComponentSchema();
        const provider = componentProviderWithSchema(computed);
        return { provider, schema: JSON.parse(await provider.getSchema()) as PackageSchema, computed };
    })();
    return cached;
}
