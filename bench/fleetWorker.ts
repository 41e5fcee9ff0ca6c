// One measurement for bench:fleet, in its own process so that peak RSS is this run's alone.
// argv: <N stacks> <concurrency> <delay ms per preview> <CPU work per preview (hash rounds)>.
// Prints one JSON line: { n, ms, peakRssMb, baseRssMb, succeeded }.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runFleetCommand } from "../cli/fleet";
import type { CliIo } from "../cli/io";
import type { FleetOperation, FleetWorkspace, StackChanges } from "../fleet/workspace";

const [n, concurrency, delayMs, rounds] = process.argv.slice(2).map(Number);

/** A fake Pulumi: each preview waits a bounded delay, burns a bounded amount of CPU and prints engine lines. */
class SimulatedWorkspace implements FleetWorkspace {
    async checkCli(): Promise<void> {}
    async run(stack: string, _operation: FleetOperation, onOutput: (line: string) => void): Promise<StackChanges> {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        let digest = stack;
        for (let i = 0; i < rounds; i++) digest = createHash("sha256").update(digest).digest("hex");
        for (let i = 0; i < 20; i++)
            onOutput(`    + azure-native:managedservices:RegistrationAssignment ${stack}-${i} create ${digest}`);
        return { create: 2, update: 0, delete: 0, replace: 0, same: 1 };
    }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-bench-fleet-"));
try {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: lighthouse-pec\nruntime: nodejs\n");
    for (let i = 0; i < n; i++) {
        const id = String(i).padStart(12, "0");
        fs.writeFileSync(
            path.join(dir, `Pulumi.customer-${String(i).padStart(4, "0")}.yaml`),
            `config:\n  lighthouse-pec:offerName: Contoso\n  lighthouse-pec:customerTenantId: 77777777-7777-4777-8777-${id}\n  lighthouse-pec:csp: "true"\n`,
        );
    }
    let stdout = "";
    const io: CliIo = {
        out: (t) => {
            stdout += t;
        },
        err: () => {},
        stdoutIsTTY: false,
        stderrIsTTY: false,
        env: {},
    };
    const workspace = new SimulatedWorkspace();
    global.gc?.();
    const baseRssMb = process.memoryUsage().rss / 1048576;
    const started = process.hrtime.bigint();
    void runFleetCommand(
        "preview",
        { stacks: "customer-*", dir, concurrency: String(concurrency), format: "json", csp: true },
        io,
        () => workspace,
    ).then((code) => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const summary = JSON.parse(stdout) as { succeeded: number };
        const peakRssMb = process.resourceUsage().maxRSS / 1024;
        fs.rmSync(dir, { recursive: true, force: true });
        if (code !== 0) throw new Error(`fleet preview exited ${code}`);
        console.log(JSON.stringify({ n, ms, peakRssMb, baseRssMb, succeeded: summary.succeeded }));
    });
} catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
}
