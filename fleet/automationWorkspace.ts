import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { FleetStep, StackStepError } from "./failure";
import { changesFromOpMap, FleetOperation, FleetWorkspace, PulumiCliMissingError, StackChanges } from "./workspace";

/**
 * The real fleet workspace: the Pulumi Automation API (`LocalWorkspace`) over the project in `workDir`,
 * one `pulumi` CLI found once on PATH and shared by every stack.
 */
export class AutomationFleetWorkspace implements FleetWorkspace {
    private command?: PulumiCommand;

    /** @param workDir the Pulumi project directory (with Pulumi.yaml and the stack files) */
    constructor(private readonly workDir: string) {}

    async checkCli(): Promise<void> {
        const { PulumiCommand } = await import("@pulumi/pulumi/automation");
        try {
            this.command = await PulumiCommand.get();
        } catch (err) {
            const e = err as { code?: string; message?: string };
            const text = `${e.code ?? ""} ${e.message ?? String(err)}`;
            if (/ENOENT|not found|command not found/i.test(text)) {
                throw new PulumiCliMissingError("`pulumi` is not on PATH");
            }
            throw new Error(`the Pulumi CLI did not run: ${(e.message ?? String(err)).split("\n")[0]}`);
        }
    }

    async run(stack: string, operation: FleetOperation, onOutput: (line: string) => void): Promise<StackChanges> {
        const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
        const selected = await atStep("stack select", () =>
            LocalWorkspace.selectStack({ stackName: stack, workDir: this.workDir }, { pulumiCommand: this.command }),
        );
        const output = (text: string): void =>
            text
                .split(/\r?\n/)
                .filter((l) => l !== "")
                .forEach(onOutput);
        if (operation === "preview") {
            const result = await atStep("preview", () => selected.preview({ onOutput: output }));
            return changesFromOpMap(result.changeSummary as Partial<Record<string, number>>);
        }
        // `up` also runs `stack output` and `stack history` afterwards; a failure there names that command.
        const result = await atStep("up", () => selected.up({ onOutput: output }));
        return changesFromOpMap(result.summary?.resourceChanges as Partial<Record<string, number>> | undefined);
    }
}

/** Runs one step of a stack's run; what it throws is tagged with the step, for a readable failure. */
async function atStep<T>(step: FleetStep, run: () => Promise<T>): Promise<T> {
    try {
        return await run();
    } catch (err) {
        throw new StackStepError(step, err);
    }
}
