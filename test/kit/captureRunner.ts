// Child-process entry for captureRegistrationsInChild: loads @pulumi/pulumi from the working
// directory (the program's project), runs the program under its mocks and prints the registrations.
import * as path from "node:path";
import type * as pulumiModule from "@pulumi/pulumi";
import { captureRegistrations, isDynamicType, RESULT_END, RESULT_MARKER } from "./captureRegistrations";

interface RunnerRequest {
    program: string;
    dynamicResources: number;
    resourceOutputs?: Record<string, Record<string, unknown>>;
    callResults?: Record<string, Record<string, unknown>>;
    timeoutMs: number;
}

async function main(): Promise<void> {
    let text = "";
    for await (const chunk of process.stdin) {
        text += String(chunk);
    }
    const request = JSON.parse(text) as RunnerRequest;
    const fromProject = (id: string): unknown => require(require.resolve(id, { paths: [process.cwd()] }));
    const pulumi = fromProject("@pulumi/pulumi") as typeof pulumiModule;
    const registrations = await captureRegistrations(() => require(path.resolve(request.program)), {
        pulumi,
        resourceOutputs: request.resourceOutputs,
        callResults: request.callResults,
        until: (regs) => regs.filter((r) => isDynamicType(r.type)).length >= request.dynamicResources,
        timeoutMs: request.timeoutMs,
    });
    // The mock runtime keeps handles open; once the result is flushed, leave.
    process.stdout.write(RESULT_MARKER + JSON.stringify(registrations) + RESULT_END, () => process.exit(0));
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
});
