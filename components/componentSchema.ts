// The component provider's schema, computed once when the package is built instead of on every start. Pulumi's
// analyzer builds a TypeScript program over everything tsconfig.json includes to derive the schema (seconds), and
// ComponentProvider runs it on the first GetSchema or Construct of every plugin process, i.e. on every preview and
// up of a Python, C#, Go or YAML program. `npm run build` runs it once (scripts/build-component-schema.js) into
// bin/components/componentSchema.json, which ships with the package; the plugin serves that file.
import * as fs from "node:fs";
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import type { ComponentDefinition } from "@pulumi/pulumi/provider/experimental/analyzer";
import { MULTI_LANGUAGE_COMPONENTS, PACKAGE_ROOT, PROVIDER_NAME, providerOptions } from "./provider";

/** Where the build writes the schema: next to the compiled module, `bin/components/componentSchema.json`. */
export const COMPONENT_SCHEMA_FILE = path.join(__dirname, "componentSchema.json");

/** What the analyzer derives from the source, as stored in {@link COMPONENT_SCHEMA_FILE}. */
export interface ComponentSchema {
    /** The package schema that GetSchema returns (and `pulumi package add` generates SDKs from). */
    schema: { name: string; version?: string; [key: string]: unknown };
    /** The analyzer's definition of each component, by class name: Construct returns each definition's outputs. */
    components: Record<string, ComponentDefinition>;
}

/**
 * ComponentProvider's caches (private members in @pulumi/pulumi 3.270, provider/experimental/provider.js):
 * `getSchema()` returns `cachedSchema` once set, and `construct()` runs the analyzer only while
 * `componentDefinitions` is unset.
 */
interface ComponentProviderCaches {
    cachedSchema?: string;
    componentDefinitions?: Record<string, ComponentDefinition>;
}

/** Runs Pulumi's analyzer over the TypeScript source, as ComponentProvider does on first use (seconds). */
export async function analyzeComponentSchema(): Promise<ComponentSchema> {
    const provider = new ComponentProvider(providerOptions());
    const schema = JSON.parse(await provider.getSchema()) as ComponentSchema["schema"];
    const components = (provider as unknown as ComponentProviderCaches).componentDefinitions;
    if (!components) {
        throw new Error(
            "lighthouse-pec: @pulumi/pulumi's ComponentProvider kept no componentDefinitions after getSchema(); this version of the SDK caches differently. Fix: update components/componentSchema.ts for it.",
        );
    }
    return { schema, components };
}

/**
 * Computes the schema from the source and writes it to `file` (what `npm run build` does).
 * @param file where to write it (default {@link COMPONENT_SCHEMA_FILE})
 * @returns the file written
 */
export async function writeComponentSchema(file = COMPONENT_SCHEMA_FILE): Promise<string> {
    const computed = await analyzeComponentSchema();
    fs.writeFileSync(file, `${JSON.stringify(computed, null, 2)}\n`);
    return file;
}

/**
 * Reads a schema written by {@link writeComponentSchema}, and checks it is this provider's.
 * @param file the file (default {@link COMPONENT_SCHEMA_FILE})
 */
export function readComponentSchema(file = COMPONENT_SCHEMA_FILE): ComponentSchema {
    const rebuild = `Fix: run \`npm run build\` in ${PACKAGE_ROOT} (\`pulumi package add\` runs \`npm install\` there, whose \`prepare\` script builds it).`;
    if (!fs.existsSync(file)) {
        throw new Error(
            `lighthouse-pec: ${file} does not exist; the component provider's schema is computed when the package is built. ${rebuild}`,
        );
    }
    let stored: Partial<ComponentSchema>;
    try {
        stored = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<ComponentSchema>;
    } catch (err) {
        throw new Error(`lighthouse-pec: ${file} is not valid JSON (${(err as Error).message}). ${rebuild}`);
    }
    const missing = MULTI_LANGUAGE_COMPONENTS.map((c) => c.name).filter((name) => !stored.components?.[name]);
    if (stored.schema?.name !== PROVIDER_NAME || missing.length > 0) {
        throw new Error(
            `lighthouse-pec: ${file} is not this component provider's schema (package ${JSON.stringify(stored.schema?.name)}${missing.length ? `, no definition of ${missing.join(", ")}` : ""}). ${rebuild}`,
        );
    }
    return stored as ComponentSchema;
}

/**
 * The component provider serving a schema computed beforehand: GetSchema and Construct never run the analyzer.
 * @param computed the schema and component definitions (default: the shipped {@link COMPONENT_SCHEMA_FILE})
 */
export function componentProviderWithSchema(computed: ComponentSchema = readComponentSchema()): ComponentProvider {
    const provider = new ComponentProvider(providerOptions());
    const caches: ComponentProviderCaches = {
        cachedSchema: JSON.stringify(computed.schema),
        componentDefinitions: computed.components,
    };
    Object.assign(provider, caches);
    return provider;
}
