// One measurement for bench:fleet, in its own process so that peak RSS is this run's alone. Modes:
//   <N stacks> <concurrency> <delay ms per preview> <CPU work per preview (hash rounds)>
//       `fleet preview --csp` over N fresh stack files; prints { n, ms, peakRssMb, baseRssMb, succeeded }.
//   shard <k/n | all> <project dir> <summary file> <concurrency> <delay ms> <hash rounds>
//       `fleet preview --csp --shard k/n --format json` over an existing project, the summary written to the file;
//       prints { shard, ms, peakRssMb, baseRssMb, heapMb, stacks, succeeded }.
//   merge <summary files...>
//       `fleet summary --merge <files> --format markdown`; prints { ms, peakRssMb, baseRssMb, heapMb, stacks, bytes }.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runFleetCommand } from "../cli/fleet";
import { runFleetSummaryCommand } from "../cli/fleetSummary";
import type { CliIo } from "../cli/io";
import type { FleetOperation, FleetWorkspace, StackChanges } from "../fleet/workspace";
import { writeProject } from "./fleetProject";

/** A fake Pulumi: each preview waits a bounded delay, burns a bounded amount of CPU and prints engine lines. */
class SimulatedWorkspace implements FleetWorkspace {
    constructor(
        private readonly delayMs: number,
        private readonly rounds: number,
    ) {}
    async checkCli(): Promise<void> {}
    async run(stack: string, _operation: FleetOperation, onOutput: (line: string) => void): Promise<StackChanges> {
        await new Promise((resolve) => setTimeout(resolve, this.delayMs));
        let digest = stack;
        for (let i = 0; i < this.rounds; i++) digest = createHash("sha256").update(digest).digest("hex");
        for (let i = 0; i < 20; i++)
            onOutput(`    + azure-native:managedservices:RegistrationAssignment ${stack}-${i} create ${digest}`);
        return { create: 2, update: 0, delete: 0, replace: 0, same: 1 };
    }
}

/** CLI streams that keep standard output. */
function quietIo(): CliIo & { stdout: string } {
    const io = {
        stdout: "",
        out: (t: string) => {
            io.stdout += t;
        },
        err: () => {},
        stdoutIsTTY: false,
        stderrIsTTY: false,
        env: {},
    };
    return io;
}

/** Memory before the measured work (after a collection) and the clock started. */
function start(): { baseRssMb: number; elapsedMs: () => number; peakRssMb: () => number; heapMb: () => number } {
    global.gc?.();
    const baseRssMb = process.memoryUsage().rss / 1048576;
    const baseHeap = process.memoryUsage().heapUsed;
    const started = process.hrtime.bigint();
    return {
        baseRssMb,
        elapsedMs: () => Number(process.hrtime.bigint() - started) / 1e6,
        peakRssMb: () => process.resourceUsage().maxRSS / 1024,
        // What the work left on the heap, garbage included (no collection): a bound on what it held.
        heapMb: () => (process.memoryUsage().heapUsed - baseHeap) / 1048576,
    };
}

async function sizes(argv: string[]): Promise<void> {
    const [n, concurrency, delayMs, rounds] = argv.map(Number);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-bench-fleet-"));
    try {
        writeProject(dir, n);
        const io = quietIo();
        const workspace = new SimulatedWorkspace(delayMs, rounds);
        const clock = start();
        const code = await runFleetCommand(
            "preview",
            { stacks: "customer-*", dir, concurrency: String(concurrency), format: "json", csp: true },
            io,
            () => workspace,
        );
        const ms = clock.elapsedMs();
        if (code !== 0) throw new Error(`fleet preview exited ${code}`);
        const summary = JSON.parse(io.stdout) as { succeeded: number };
        console.log(
            JSON.stringify({
                n,
                ms,
                peakRssMb: clock.peakRssMb(),
                baseRssMb: clock.baseRssMb,
                succeeded: summary.succeeded,
            }),
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function shard(argv: string[]): Promise<void> {
    const [spec, dir, out, concurrency, delayMs, rounds] = argv;
    const io = quietIo();
    const workspace = new SimulatedWorkspace(Number(delayMs), Number(rounds));
    const clock = start();
    const code = await runFleetCommand(
        "preview",
        {
            stacks: "customer-*",
            dir,
            concurrency,
            format: "json",
            csp: true,
            ...(spec === "all" ? {} : { shard: spec }),
        },
        io,
        () => workspace,
    );
    const ms = clock.elapsedMs();
    const heapMb = clock.heapMb();
    if (code !== 0) throw new Error(`fleet preview --shard ${spec} exited ${code}`);
    fs.writeFileSync(out, io.stdout);
    const summary = JSON.parse(io.stdout) as { succeeded: number; stacks: unknown[] };
    console.log(
        JSON.stringify({
            shard: spec,
            ms,
            peakRssMb: clock.peakRssMb(),
            baseRssMb: clock.baseRssMb,
            heapMb,
            stacks: summary.stacks.length,
            succeeded: summary.succeeded,
        }),
    );
}

function merge(files: string[]): void {
    const io = quietIo();
    const clock = start();
    const code = runFleetSummaryCommand({ merge: files, format: "markdown" }, io);
    const ms = clock.elapsedMs();
    const heapMb = clock.heapMb();
    if (code !== 0) throw new Error(`fleet summary --merge exited ${code}`);
    const stacks = Number(/^\| (\d+) \|/m.exec(io.stdout)?.[1]);
    console.log(
        JSON.stringify({
            ms,
            peakRssMb: clock.peakRssMb(),
            baseRssMb: clock.baseRssMb,
            heapMb,
            stacks,
            bytes: io.stdout.length,
        }),
    );
}

const [mode, ...rest] = process.argv.slice(2);
const work = mode === "shard" ? shard(rest) : mode === "merge" ? Promise.resolve(merge(rest)) : sizes([mode, ...rest]);
work.catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
});
