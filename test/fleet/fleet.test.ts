import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runFleetCommand } from "../../cli/fleet";
import { AutomationFleetWorkspace } from "../../fleet/automationWorkspace";
import { discoverStacks } from "../../fleet/discover";
import { runFleet } from "../../fleet/run";
import { FleetOperation, FleetWorkspace, PulumiCliMissingError, StackChanges } from "../../fleet/workspace";
import { capturingIo } from "../kit/cliHarness";

const NONE: StackChanges = { create: 0, update: 0, delete: 0, replace: 0, same: 3 };

/** A fake Pulumi: each stack's run waits until the test releases it; records concurrency and calls. */
class FakeWorkspace implements FleetWorkspace {
    inFlight = 0;
    maxInFlight = 0;
    readonly calls: { stack: string; operation: FleetOperation }[] = [];
    private readonly waiting: (() => void)[] = [];
    cliMissing = false;

    constructor(
        private readonly outcome: (stack: string) => StackChanges | Error,
        private readonly autoRelease = true,
    ) {}

    async checkCli(): Promise<void> {
        if (this.cliMissing) {
            throw new PulumiCliMissingError("`pulumi` is not on PATH");
        }
    }

    async run(stack: string, operation: FleetOperation, onOutput: (line: string) => void): Promise<StackChanges> {
        this.calls.push({ stack, operation });
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        try {
            // Yield a few turns so that other workers get the chance to start (and overlap).
            for (let i = 0; i < 3; i++) {
                await new Promise((resolve) => setImmediate(resolve));
            }
            if (!this.autoRelease) {
                await new Promise<void>((resolve) => this.waiting.push(resolve));
            }
            onOutput(`Previewing ${stack}`);
            clock.t += 1500;
            const result = this.outcome(stack);
            if (result instanceof Error) {
                throw result;
            }
            return result;
        } finally {
            this.inFlight--;
        }
    }

    /** Releases every waiting run; returns how many. */
    releaseAll(): number {
        const n = this.waiting.length;
        this.waiting.splice(0).forEach((release) => release());
        return n;
    }
}

/** A virtual clock that only the fake workspace advances (1.5 s per stack run): durations are deterministic. */
const clock = { t: 0, now: (): number => clock.t };

function projectWith(stacks: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-fleet-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: lighthouse-pec\nruntime: nodejs\n");
    for (const s of stacks) {
        fs.writeFileSync(path.join(dir, `Pulumi.${s}.yaml`), "config: {}\n");
    }
    return dir;
}

const twelve = Array.from({ length: 12 }, (_, i) => `customer-c${String(i).padStart(2, "0")}`);

describe("lighthouse-pec fleet", () => {
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const project = (stacks: string[]): string => {
        const d = projectWith(stacks);
        dirs.push(d);
        return d;
    };

    it("discovers stacks from Pulumi.<stack>.yaml by glob, sorted, without the shipped samples", () => {
        const files = [
            "Pulumi.yaml",
            "Pulumi.customer-b.yaml",
            "Pulumi.customer-a.yml",
            "Pulumi.partner.yaml",
            "Pulumi.customer-example.yaml",
            "Pulumi.partner-example.yaml",
            "README.md",
            "Pulumi.customer-b.yaml.bak",
        ];
        assert.deepEqual(discoverStacks(files, "customer-*"), ["customer-a", "customer-b"]);
        assert.deepEqual(discoverStacks(files, "*"), ["customer-a", "customer-b", "partner"]);
        assert.deepEqual(discoverStacks(files, "customer-?,partner"), ["customer-a", "customer-b", "partner"]);
        assert.deepEqual(discoverStacks(files, "customer.b"), [], "a dot is literal, not a regex wildcard");
    });

    it("never runs more than --concurrency stacks at once, and runs every one, failures included", async () => {
        const workspace = new FakeWorkspace(
            (s) => (s === "customer-c03" || s === "customer-c07" ? new Error(`${s} broke`) : NONE),
            false,
        );
        const inFlightSeen: number[] = [];
        let settled = false;
        const run = runFleet(twelve, "preview", workspace, {
            concurrency: 3,
            onProgress: (p) => inFlightSeen.push(p.running.length),
        }).finally(() => {
            settled = true;
        });
        let released = 0;
        for (let guard = 0; guard < 1000 && !settled; guard++) {
            await new Promise((resolve) => setImmediate(resolve));
            released += workspace.releaseAll();
        }
        const results = await run;
        assert.equal(released, 12);
        assert.equal(workspace.maxInFlight, 3, "exactly the limit is reached, never more");
        assert.equal(Math.max(...inFlightSeen), 3);
        assert.deepEqual(workspace.calls.map((c) => c.stack).sort(), twelve);
        assert.deepEqual(
            results.map((r) => r.stack),
            twelve,
            "results in stack order",
        );
        assert.deepEqual(
            results.filter((r) => r.result === "failed").map((r) => [r.stack, r.error]),
            [
                ["customer-c03", "customer-c03 broke"],
                ["customer-c07", "customer-c07 broke"],
            ],
        );
    });

    it("isolates failures: the others still run; the summary and exit status say which failed", async () => {
        const dir = project(["customer-a", "customer-b", "customer-c", "customer-d"]);
        const workspace = new FakeWorkspace((s) =>
            s === "customer-b"
                ? new Error(
                      "error: preview failed\n  azure-native:managedservices:RegistrationDefinition (delegation-definition):\n    error: InsufficientPrivilegesForManagedServiceResource",
                  )
                : s === "customer-c"
                  ? { create: 2, update: 1, delete: 0, replace: 0, same: 1 }
                  : NONE,
        );
        const io = capturingIo();
        const code = await runFleetCommand(
            "up",
            { stacks: "customer-*", dir, concurrency: "1", format: "table" },
            io,
            () => workspace,
            clock.now,
        );
        assert.equal(code, 1);
        assert.deepEqual(workspace.calls.map((c) => c.stack).sort(), [
            "customer-a",
            "customer-b",
            "customer-c",
            "customer-d",
        ]);
        assert.ok(workspace.calls.every((c) => c.operation === "up"));
        const lines = io.stdout.split("\n");
        assert.deepEqual(lines.slice(0, 5), [
            "STACK       CHANGES      DURATION  RESULT",
            "customer-a  no changes   1.5s      succeeded",
            "customer-b  -            1.5s      failed",
            "customer-c  +2 ~1 -0 ±0  1.5s      succeeded",
            "customer-d  no changes   1.5s      succeeded",
        ]);
        assert.match(io.stdout, /up: 3 succeeded, 1 failed/);
        assert.match(
            io.stdout,
            /\ncustomer-b: failed: azure-native:managedservices:RegistrationDefinition \(delegation-definition\): InsufficientPrivilegesForManagedServiceResource\n {2}error: preview failed\n/,
            "the first meaningful line of the message, then the message",
        );
        assert.match(
            io.stderr,
            /fleet up: customer-b failed \(\d\/4\): failed: azure-native:\S+ \(delegation-definition\): InsufficientPrivilegesForManagedServiceResource\n/,
            "without a TTY, one line per finished stack, with why it failed",
        );
    });

    it("prints JSON with --format json, and exits 0 when all succeeded", async () => {
        const dir = project(["customer-a", "customer-b"]);
        const io = capturingIo();
        const code = await runFleetCommand(
            "preview",
            { stacks: "customer-*", dir, concurrency: "1", format: "json" },
            io,
            () => new FakeWorkspace(() => ({ create: 1, update: 0, delete: 0, replace: 0, same: 0 })),
            clock.now,
        );
        assert.equal(code, 0);
        const summary = JSON.parse(io.stdout) as {
            operation: string;
            succeeded: number;
            failed: number;
            stacks: { stack: string; result: string; durationMs: number; changes: StackChanges }[];
        };
        assert.equal(summary.operation, "preview");
        assert.deepEqual([summary.succeeded, summary.failed], [2, 0]);
        assert.deepEqual(
            summary.stacks.map((s) => [s.stack, s.result, s.durationMs, s.changes.create]),
            [
                ["customer-a", "succeeded", 1500, 1],
                ["customer-b", "succeeded", 1500, 1],
            ],
        );
    });

    it("shows a live progress line on a TTY (rewritten in place) and clears it before the summary", async () => {
        const dir = project(["customer-a", "customer-b", "customer-c"]);
        const io = capturingIo(true);
        await runFleetCommand(
            "preview",
            { stacks: "customer-*", dir, concurrency: "2", format: "table" },
            io,
            () => new FakeWorkspace(() => NONE),
            clock.now,
        );
        assert.match(io.stderr, /\r\x1b\[2Kfleet preview: 0\/3 done, 0 failed · running: customer-a, customer-b/);
        assert.match(io.stderr, /\r\x1b\[2Kfleet preview: 3\/3 done, 0 failed/);
        assert.ok(io.stderr.endsWith("\r\x1b[2K"));
        assert.ok(!io.stderr.includes("\n"), "no scrolling lines on a TTY");
    });

    it("stops before any stack when the Pulumi CLI is missing, with how to install it (exit 2)", async () => {
        const dir = project(["customer-a"]);
        const workspace = new FakeWorkspace(() => NONE);
        workspace.cliMissing = true;
        const io = capturingIo();
        const code = await runFleetCommand(
            "preview",
            { stacks: "customer-*", dir, concurrency: "4", format: "table" },
            io,
            () => workspace,
        );
        assert.equal(code, 2);
        assert.equal(workspace.calls.length, 0);
        assert.match(
            io.stderr,
            /the Pulumi CLI was not found: `lighthouse-pec fleet` runs it through the Pulumi Automation API\. Install it/,
        );
    });

    it("the real workspace detects a missing CLI through the Automation API (PATH without pulumi)", async () => {
        const emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-nopulumi-"));
        dirs.push(emptyBin);
        const saved = process.env.PATH;
        process.env.PATH = emptyBin;
        try {
            await assert.rejects(new AutomationFleetWorkspace(emptyBin).checkCli(), (err: unknown) => {
                assert.ok(err instanceof PulumiCliMissingError, String(err));
                assert.match((err as Error).message, /not on PATH/);
                return true;
            });
        } finally {
            process.env.PATH = saved;
        }
    });

    it("rejects bad input naming the flag, value and fix", async () => {
        const dir = project(["customer-a"]);
        const io = capturingIo();
        assert.equal(
            await runFleetCommand(
                "preview",
                { stacks: "customer-*", dir, concurrency: "0", format: "table" },
                io,
                () => new FakeWorkspace(() => NONE),
            ),
            2,
        );
        assert.match(io.stderr, /--concurrency = "0": must be a whole number from 1 to 64/);
        assert.equal(
            await runFleetCommand(
                "preview",
                { stacks: "tenant-*", dir, concurrency: "4", format: "table" },
                io,
                () => new FakeWorkspace(() => NONE),
            ),
            2,
        );
        assert.match(
            io.stderr,
            /--stacks = "tenant-\*": no Pulumi.<stack>.yaml in .* matches\. Fix: create customer stacks with `lighthouse-pec new-customer`/,
        );
    });
});
