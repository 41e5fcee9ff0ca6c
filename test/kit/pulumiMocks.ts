import * as pulumi from "@pulumi/pulumi";

/** A resource the program registered under mocks. */
export interface RegisteredResource {
    type: string;
    name: string;
    urn: string;
    inputs: Record<string, unknown>;
    provider?: string;
    custom: boolean;
    /** The `import` resource option's ID (what the SDK sends as the registration's importId); undefined without `import`. */
    importId?: string;
}

/** Records a registration the mock engine received, as a {@link RegisteredResource}; returns its inputs. */
export function recordRegistration(
    resources: RegisteredResource[],
    args: pulumi.runtime.MockResourceArgs,
): Record<string, unknown> {
    const inputs = args.inputs as Record<string, unknown>;
    resources.push({
        type: args.type,
        name: args.name,
        urn: typeof inputs.__urn === "string" ? inputs.__urn : "",
        inputs,
        provider: args.provider,
        custom: args.custom ?? true,
        importId: args.id || undefined,
    });
    return inputs;
}

/** Resource IDs the fake engine hands out: the resource's name, like a real ARM resource's last segment. */
function mockId(args: pulumi.runtime.MockResourceArgs): string {
    return `${args.name}_id`;
}

/** What `pulumi.log.warn` prints when no engine is connected, as under mocks (@pulumi/pulumi log/index.js). */
const RUNTIME_WARNING = "warning: [runtime] ";

/**
 * Runs `program` under Pulumi mocks and returns every resource it registered, with its inputs resolved, and the
 * warnings it logged (`pulumi.log.warn`: the engine would show them; under mocks the SDK writes them to the console,
 * so they are kept here instead, for the test to assert on, and not printed in the test run's output).
 * The real SDK runs: registration, parenting, serialization; only the engine is faked.
 */
export async function runUnderMocks<T>(
    program: () => T | Promise<T>,
    options: { preview?: boolean; project?: string; stack?: string; config?: Record<string, string> } = {},
): Promise<{ resources: RegisteredResource[]; result: T; warnings: string[] }> {
    const resources: RegisteredResource[] = [];
    const warnings: string[] = [];
    const consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => {
        const text = args.map(String).join(" ");
        if (text.startsWith(RUNTIME_WARNING)) warnings.push(text.slice(RUNTIME_WARNING.length));
        else consoleWarn(...args);
    };
    try {
        return { ...(await registerUnderMocks(program, options, resources)), warnings };
    } finally {
        console.warn = consoleWarn;
    }
}

async function registerUnderMocks<T>(
    program: () => T | Promise<T>,
    options: { preview?: boolean; project?: string; stack?: string; config?: Record<string, string> },
    resources: RegisteredResource[],
): Promise<{ resources: RegisteredResource[]; result: T }> {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const inputs = recordRegistration(resources, args);
                return { id: mockId(args), state: inputs };
            },
            call: (args) => args.inputs as Record<string, unknown>,
        },
        options.project ?? "lighthouse-pec",
        options.stack ?? "test",
        options.preview ?? false,
    );
    if (options.config) {
        pulumi.runtime.setAllConfig(options.config);
    }
    const result = await program();
    await settle();
    return { resources, result };
}

/** Waits until the SDK has flushed every pending registration. */
async function settle(): Promise<void> {
    for (let i = 0; i < 20; i++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
}

/** Resolves an Output's value under mocks; rejects when the Output failed. */
export function unwrap<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as unknown as { promise(): Promise<T> }).promise();
}

/** Whether an Output is marked secret. */
export function isSecret<T>(output: pulumi.Output<T>): Promise<boolean> {
    return (output as unknown as { isSecret: Promise<boolean> }).isSecret;
}
