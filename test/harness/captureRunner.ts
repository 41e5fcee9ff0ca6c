// Child-process entry for captureRegistrationsInChild: loads @pulumi/pulumi from the working
// directory (the program's project), runs the program under its mocks and prints the registrations.
import * as path from "node:path";
import type * as pulumiModule from "@pulumi/pulumi";
import { captureRegistrations, isDynamicType, RESULT_MARKER } from "./captureRegistrations";

interface RunnerRequest {
    program: string;
    dynamicResources: number;
    resourceOutputs?: Record<string, Record<string, unknown>>;
    callResults?: Record<string, Record<string, unknown>>;
    timeoutMs: number;
}

async function main(): Promise<void> {
    const request = JSON.parse(process.argv[2]) as RunnerRequest;
    const fromProject = (id: string) => require(require.resolve(id, { paths: [process.cwd()] }));
    const pulumi = fromProject("@pulumi/pulumi") as typeof pulumiModule;
    const registrations = await captureRegistrations(() => require(path.resolve(request.program)), {
        pulumi,
        resourceOutputs: request.resourceOutputs,
        callResults: request.callResults,
        until: (regs) => regs.filter((r) => isDynamicType(r.type)).length >= request.dynamicResources,
        timeoutMs: request.timeoutMs,
    });
    process.stdout.write(RESULT_MARKER + JSON.stringify(registrations));
    // The mock runtime keeps handles open; the result is out, so leave now.
    process.exit(0);
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
});
