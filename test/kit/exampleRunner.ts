import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import { recordRegistration, RegisteredResource } from "./pulumiMocks";

/** The repo's examples directory. */
export const EXAMPLES_DIR = path.resolve(__dirname, "..", "..", "examples");

/** One example program: its directory, Pulumi project name and sample stack config. */
export interface ExampleProject {
    /** Directory name under examples/. */
    dir: string;
    /** Absolute path of its index.ts. */
    entry: string;
    /** `name` from its Pulumi.yaml: the config namespace `new pulumi.Config()` reads. */
    project: string;
    /** Its sample stack's `config:` (the first Pulumi.<stack>.yaml, Pulumi.dev.yaml preferred), as the engine passes it. */
    config: Record<string, string>;
    /** The sample stack's name (e.g. "dev"), or "test" when it ships none. */
    stack: string;
}

/** Every directory of examples/ that holds a Pulumi program (Pulumi.yaml + index.ts). */
export function discoverExamples(root = EXAMPLES_DIR): ExampleProject[] {
    return fs
        .readdirSync(root, { withFileTypes: true })
        .filter(
            (e) =>
                e.isDirectory() &&
                fs.existsSync(path.join(root, e.name, "Pulumi.yaml")) &&
                fs.existsSync(path.join(root, e.name, "index.ts")),
        )
        .map((e) => loadExample(path.join(root, e.name)))
        .sort((a, b) => a.dir.localeCompare(b.dir));
}

function loadExample(dir: string): ExampleProject {
    const project = (yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string }).name;
    const stackFiles = fs
        .readdirSync(dir)
        .filter((f) => /^Pulumi\.[^.]+\.ya?ml$/.test(f))
        .sort(
            (a, b) => Number(b.startsWith("Pulumi.dev.")) - Number(a.startsWith("Pulumi.dev.")) || a.localeCompare(b),
        );
    const stackFile = stackFiles[0];
    const raw = stackFile
        ? ((yaml.load(fs.readFileSync(path.join(dir, stackFile), "utf8")) as { config?: Record<string, unknown> })
              ?.config ?? {})
        : {};
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
        // The engine hands structured config to the program as JSON text; unqualified keys belong to the project.
        config[key.includes(":") ? key : `${project}:${key}`] =
            typeof value === "string" ? value : JSON.stringify(value);
    }
    return {
        dir: path.basename(dir),
        entry: path.join(dir, "index.ts"),
        project,
        config,
        stack: stackFile ? stackFile.replace(/^Pulumi\.|\.ya?ml$/g, "") : "test",
    };
}

/** Outputs the fake partner stack serves to every `StackReference` an example declares. */
export const PARTNER_STACK_OUTPUTS = {
    principalId: "44444444-4444-4444-8444-444444444444",
    tenantId: "11111111-1111-4111-8111-111111111111",
};

/** What running an example under mocks produced. */
export interface ExampleRun {
    /** Every resource it registered, in registration order, with resolved inputs. */
    resources: RegisteredResource[];
    /** Its stack outputs (the module's exports), resolved. */
    outputs: Record<string, unknown>;
}

async function settle(): Promise<void> {
    for (let i = 0; i < 50; i++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
}

async function resolveExports(values: Record<string, unknown>): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
        out[key] = pulumi.Output.isInstance(value)
            ? await (value as unknown as { promise(): Promise<unknown> }).promise()
            : value !== null && typeof value === "object" && !Array.isArray(value)
              ? await resolveExports(value as Record<string, unknown>)
              : value;
    }
    return out;
}

/**
 * Runs an example's index.ts under Pulumi mocks with its sample stack config, the way `pulumi up`
 * would run it (module load = program), and returns what it registered. "lighthouse-pec" must already
 * resolve (see resolvePackageToSource). StackReferences read {@link PARTNER_STACK_OUTPUTS}.
 */
export async function runExample(example: ExampleProject): Promise<ExampleRun> {
    const resources: RegisteredResource[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const inputs = recordRegistration(resources, args);
                const state =
                    args.type === "pulumi:pulumi:StackReference"
                        ? { ...inputs, outputs: { ...PARTNER_STACK_OUTPUTS }, secretOutputNames: [] }
                        : inputs;
                return { id: `${args.name}_id`, state };
            },
            call: (args) =>
                args.token === "azuread:index/getClientConfig:getClientConfig"
                    ? {
                          tenantId: PARTNER_STACK_OUTPUTS.tenantId,
                          clientId: "abababab-abab-4bab-8bab-abababababab",
                          objectId: PARTNER_STACK_OUTPUTS.principalId,
                      }
                    : (args.inputs as Record<string, unknown>),
        },
        example.project,
        example.stack,
        false,
    );
    pulumi.runtime.setAllConfig(example.config);
    delete require.cache[require.resolve(example.entry)];
    // Not named `exports`: in CommonJS output that would shadow this module's own exports.
    const programExports = require(example.entry) as Record<string, unknown>;
    await settle();
    const outputs = await resolveExports(programExports);
    await settle();
    return { resources, outputs };
}
