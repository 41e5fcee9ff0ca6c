import { UserFacingError } from "../core/errors";

/** What a fleet does to each stack. */
export type FleetOperation = "preview" | "up";

/** Resource operations of one stack's preview or update, by kind. */
export interface StackChanges {
    create: number;
    update: number;
    delete: number;
    replace: number;
    same: number;
}

/**
 * The Pulumi boundary of a fleet run: the real one drives the Pulumi CLI through the Automation API
 * (automationWorkspace.ts); tests use a fake.
 */
export interface FleetWorkspace {
    /** Fails with {@link PulumiCliMissingError} (or another clear error) when the CLI cannot run; called once, before any stack. */
    checkCli(): Promise<void>;
    /**
     * Runs `pulumi preview` or `pulumi up --yes` on one stack of the project; resolves to its changes,
     * rejects when the operation failed. `onOutput` receives the engine's output lines.
     */
    run(stack: string, operation: FleetOperation, onOutput: (line: string) => void): Promise<StackChanges>;
}

/** The Pulumi CLI is not installed (or not on PATH): the Automation API needs it (exit 2). */
export class PulumiCliMissingError extends UserFacingError {
    /** @param detail what the attempt to run it reported */
    constructor(detail: string) {
        super(
            "the Pulumi CLI was not found: `lighthouse-pec fleet` runs it through the Pulumi Automation API. " +
                "Install it (https://www.pulumi.com/docs/install/, e.g. `curl -fsSL https://get.pulumi.com | sh`) and make sure `pulumi version` works on PATH" +
                `${detail ? ` (${detail})` : ""}.`,
        );
    }
}
PulumiCliMissingError.prototype.name = "PulumiCliMissingError";

/** Reads the counts of an Automation API op map (`{ create: 1, same: 3, ... }`), missing kinds as 0. */
export function changesFromOpMap(map: Partial<Record<string, number>> | undefined): StackChanges {
    const n = (k: string): number => map?.[k] ?? 0;
    return {
        create: n("create") + n("create-replacement") + n("import"),
        update: n("update"),
        delete: n("delete") + n("delete-replaced") + n("discard"),
        replace: n("replace"),
        same: n("same"),
    };
}
