import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FleetOptions, runFleetCommand } from "../../cli/fleet";
import { shardOf } from "../../fleet/shard";
import { FleetSummary, parseSummary } from "../../fleet/summaryFile";
import { FleetOperation, FleetWorkspace, StackChanges } from "../../fleet/workspace";
import { capturingIo } from "../kit/cliHarness";
import { runCli } from "../kit/cliHarness";

const NONE: StackChanges = { create: 0, update: 0, delete: 0, replace: 0, same: 1 };

/** A fake Pulumi that records every call; stacks named in `failing` fail their operation. */
class RecordingWorkspace implements FleetWorkspace {
    readonly calls: { stack: string; operation: FleetOperation }[] = [];
    checks = 0;
    constructor(private readonly failing: ReadonlySet<string> = new Set()) {}
    async checkCli(): Promise<void> {
        this.checks++;
        await Promise.resolve();
    }
    async run(stack: string, operation: FleetOperation): Promise<StackChanges> {
        this.calls.push({ stack, operation });
        await Promise.resolve();
        if (this.failing.has(stack)) throw new Error(`error: ${stack} is broken`);
        return NONE;
    }
}

/** A factory that counts how often it was asked for a workspace. */
function factoryOf(workspace: RecordingWorkspace): (() => FleetWorkspace) & { made: number } {
    const factory = Object.assign(
        () => {
            factory.made++;
            return workspace;
        },
        { made: 0 },
    );
    return factory;
}

const STACKS = Array.from({ length: 40 }, (_, i) => `customer-${String(i).padStart(2, "0")}`);

describe("lighthouse-pec fleet --shard and --retry-failed", () => {
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const project = (stacks: string[]): string => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-shards-"));
        dirs.push(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: lighthouse-pec\nruntime: nodejs\n");
        for (const s of stacks) fs.writeFileSync(path.join(dir, `Pulumi.${s}.yaml`), "config: {}\n");
        return dir;
    };
    const options = (dir: string, extra: Partial<FleetOptions>): FleetOptions => ({
        stacks: "customer-*",
        dir,
        concurrency: "4",
        format: "json",
        ...extra,
    });

    it("the shards of a run together run every stack once; each summary says which shard it was", async () => {
        const dir = project(STACKS);
        const ran: string[] = [];
        for (let k = 1; k <= 4; k++) {
            const workspace = new RecordingWorkspace();
            const io = capturingIo();
            const code = await runFleetCommand("preview", options(dir, { shard: `${k}/4` }), io, factoryOf(workspace));
            assert.equal(code, 0);
            const summary = parseSummary(io.stdout, `shard ${k}`);
            assert.deepEqual(summary.shard, { index: k, count: 4 });
            const mine = workspace.calls.map((c) => c.stack);
            assert.deepEqual(
                summary.stacks.map((s) => s.stack),
                mine.slice().sort(),
            );
            assert.ok(
                mine.every((s) => shardOf(s, 4) === k),
                `shard ${k} ran only its own stacks`,
            );
            assert.match(io.stderr, new RegExp(`fleet preview --shard ${k}/4: ${mine.length} of 40 stack\\(s\\)`));
            ran.push(...mine);
        }
        assert.deepEqual(ran.sort(), STACKS, "every stack once, none twice");
    });

    it("bad --shard values (0/4, 5/4, x, …) are usage errors: exit 2 naming flag, value and fix, and nothing runs", async () => {
        const dir = project(STACKS);
        for (const spec of ["0/4", "5/4", "x", "1/0", "4", "-1/4", "2/4/8"]) {
            const workspace = new RecordingWorkspace();
            const factory = factoryOf(workspace);
            const io = capturingIo();
            const code = await runFleetCommand("up", options(dir, { shard: spec }), io, factory);
            assert.equal(code, 2, spec);
            assert.equal(factory.made, 0, `${spec}: no workspace was even created`);
            assert.deepEqual([workspace.checks, workspace.calls.length], [0, 0]);
            assert.equal(io.stdout, "", "no summary: nothing ran");
            assert.ok(
                io.stderr.startsWith(`fleet: --shard = ${JSON.stringify(spec)}: `),
                `names the flag and the value: ${io.stderr}`,
            );
            assert.match(
                io.stderr,
                /Fix: --shard <k>\/<n>, the k-th of n shards, 1 ≤ k ≤ n \(e\.g\. --shard 3\/8\)\n$/,
            );
        }
        // Through the CLI's parser too (the real workspace would run pulumi: nothing must get that far).
        const cli = await runCli(["fleet", "preview", "--dir", dir, "--shard", "5/4"]);
        assert.equal(cli.code, 2);
        assert.match(cli.stderr, /--shard = "5\/4": the shard number k must be from 1 to the shard count \(4\)/);
    });

    it("an empty shard (fewer stacks than shards) succeeds with an empty summary and starts no Pulumi", async () => {
        const dir = project(["customer-contoso"]);
        const home = shardOf("customer-contoso", 8);
        const empty = home === 1 ? 2 : 1;
        const workspace = new RecordingWorkspace();
        const factory = factoryOf(workspace);
        const io = capturingIo();
        assert.equal(await runFleetCommand("up", options(dir, { shard: `${empty}/8` }), io, factory), 0);
        assert.equal(factory.made, 0);
        const summary = parseSummary(io.stdout, "empty");
        assert.deepEqual([summary.stacks, summary.succeeded, summary.failed], [[], 0, 0]);
        assert.match(io.stderr, new RegExp(`--shard ${empty}/8: 0 of 1 stack`));
        const own = capturingIo();
        assert.equal(await runFleetCommand("up", options(dir, { shard: `${home}/8` }), own, factoryOf(workspace)), 0);
        assert.deepEqual(
            workspace.calls.map((c) => c.stack),
            ["customer-contoso"],
        );
    });

    it("--csp with --shard: each runner reads and checks only its own shard's stack files", async () => {
        const dir = project([]);
        const csp = (tenant: string): string =>
            `config:\n  lighthouse-pec:csp: "true"\n  lighthouse-pec:customerTenantId: ${tenant}\n`;
        // customer-00 … customer-09: CSP with a tenant; one CSP stack without a tenant in another shard.
        const good = STACKS.slice(0, 10);
        for (const s of good)
            fs.writeFileSync(path.join(dir, `Pulumi.${s}.yaml`), csp("77777777-7777-4777-8777-777777777777"));
        const broken = STACKS.slice(10).find((s) => shardOf(s, 2) !== shardOf(good[0], 2))!;
        fs.writeFileSync(path.join(dir, `Pulumi.${broken}.yaml`), 'config:\n  lighthouse-pec:csp: "true"\n');
        const home = shardOf(good[0], 2);
        const workspace = new RecordingWorkspace();
        const io = capturingIo();
        assert.equal(
            await runFleetCommand("up", options(dir, { csp: true, shard: `${home}/2` }), io, factoryOf(workspace)),
            0,
            io.stderr,
        );
        assert.deepEqual(
            workspace.calls.map((c) => c.stack),
            good.filter((s) => shardOf(s, 2) === home),
            "the other shard's broken stack does not stop this one",
        );
        const other = capturingIo();
        const factory = factoryOf(new RecordingWorkspace());
        assert.equal(
            await runFleetCommand("up", options(dir, { csp: true, shard: `${3 - home}/2` }), other, factory),
            2,
        );
        assert.match(
            other.stderr,
            new RegExp(
                `nothing was run in this shard:\\n  - ${broken}: lighthouse-pec:csp is true but lighthouse-pec:customerTenantId is not set`,
            ),
        );
        assert.equal(factory.made, 0);
        // A shard without CSP stacks while others have some: nothing to do. A fleet without any: still exit 2.
        fs.rmSync(path.join(dir, `Pulumi.${broken}.yaml`));
        const onlyOne = project([]);
        fs.writeFileSync(path.join(onlyOne, `Pulumi.${good[0]}.yaml`), csp("77777777-7777-4777-8777-777777777777"));
        const plain = STACKS.find((s) => shardOf(s, 2) !== home)!;
        fs.writeFileSync(path.join(onlyOne, `Pulumi.${plain}.yaml`), "config: {}\n");
        const empty = capturingIo();
        assert.equal(
            await runFleetCommand(
                "up",
                options(onlyOne, { csp: true, shard: `${3 - home}/2` }),
                empty,
                factoryOf(new RecordingWorkspace()),
            ),
            0,
        );
        assert.match(empty.stderr, new RegExp(`none of shard ${3 - home}/2's stacks is a CSP stack`));
        fs.rmSync(path.join(onlyOne, `Pulumi.${good[0]}.yaml`));
        const none = capturingIo();
        assert.equal(
            await runFleetCommand(
                "up",
                options(onlyOne, { csp: true, shard: `${3 - home}/2` }),
                none,
                factoryOf(new RecordingWorkspace()),
            ),
            2,
        );
        assert.match(
            none.stderr,
            /--csp: none of the 1 stack\(s\) matching "customer-\*" sets lighthouse-pec:csp: true/,
        );
    });

    it("--retry-failed runs only the failed stacks that still exist, warns for the others, and writes a new summary", async () => {
        const dir = project(["customer-a", "customer-b", "customer-c", "customer-d", "partner"]);
        const first = capturingIo();
        const broken = new Set(["customer-b", "customer-d"]);
        assert.equal(
            await runFleetCommand(
                "up",
                options(dir, { stacks: "*" }),
                first,
                factoryOf(new RecordingWorkspace(broken)),
            ),
            1,
        );
        const file = path.join(dir, "fleet-up.json");
        // The earlier run also failed on a stack since removed, and on one that the retry's --stacks leaves out.
        const summary = JSON.parse(first.stdout) as FleetSummary;
        summary.stacks.push({ stack: "customer-gone", result: "failed", durationMs: 5, error: "x" });
        summary.stacks.find((s) => s.stack === "partner")!.result = "failed";
        summary.failed += 2;
        summary.succeeded -= 1;
        fs.writeFileSync(file, JSON.stringify(summary));

        const workspace = new RecordingWorkspace(new Set(["customer-d"]));
        const io = capturingIo();
        const code = await runFleetCommand("up", options(dir, { retryFailed: file }), io, factoryOf(workspace));
        assert.equal(code, 1, "customer-d still fails");
        assert.deepEqual(
            workspace.calls.map((c) => c.stack),
            ["customer-b", "customer-d"],
        );
        assert.match(
            io.stderr,
            /warning: customer-gone failed in .*fleet-up\.json but has no Pulumi\.customer-gone\.yaml in .* any more: skipped/,
        );
        assert.match(
            io.stderr,
            /warning: partner failed in .*fleet-up\.json but does not match --stacks "customer-\*": skipped/,
        );
        assert.match(io.stderr, /fleet up --retry-failed: 2 of the 4 failed stack\(s\) run again/);
        const retried = parseSummary(io.stdout, "retry");
        assert.deepEqual(
            retried.stacks.map((s) => [s.stack, s.result]),
            [
                ["customer-b", "succeeded"],
                ["customer-d", "failed"],
            ],
        );
        // Nothing failed: nothing to retry, exit 0, and no Pulumi.
        const clean = path.join(dir, "clean.json");
        const allGood = JSON.parse(io.stdout) as FleetSummary;
        allGood.stacks = allGood.stacks.map(({ stack, durationMs }) => ({ stack, durationMs, result: "succeeded" }));
        [allGood.succeeded, allGood.failed] = [allGood.stacks.length, 0];
        fs.writeFileSync(clean, JSON.stringify(allGood));
        const none = new RecordingWorkspace();
        const factory = factoryOf(none);
        const quiet = capturingIo();
        assert.equal(
            await runFleetCommand("up", options(dir, { retryFailed: clean }), quiet, factory),
            0,
            quiet.stderr,
        );
        assert.equal(factory.made, 0);
        assert.match(quiet.stderr, /0 of the 0 failed stack\(s\) run again/);
    });

    it("--retry-failed with --shard: each shard retries its own failures", async () => {
        const dir = project(STACKS);
        const failing = new Set(STACKS.filter((_, i) => i % 3 === 0));
        const first = capturingIo();
        await runFleetCommand("preview", options(dir, {}), first, factoryOf(new RecordingWorkspace(failing)));
        const file = path.join(dir, "fleet.json");
        fs.writeFileSync(file, first.stdout);
        const retried: string[] = [];
        for (let k = 1; k <= 3; k++) {
            const workspace = new RecordingWorkspace();
            await runFleetCommand(
                "preview",
                options(dir, { retryFailed: file, shard: `${k}/3` }),
                capturingIo(),
                factoryOf(workspace),
            );
            assert.ok(workspace.calls.every((c) => shardOf(c.stack, 3) === k && failing.has(c.stack)));
            retried.push(...workspace.calls.map((c) => c.stack));
        }
        assert.deepEqual(retried.sort(), [...failing].sort());
    });

    it("--retry-failed refuses a file that is not a summary, or one of the other operation (exit 2, nothing runs)", async () => {
        const dir = project(["customer-a"]);
        const cases: [string, string, RegExp][] = [
            ["notjson.json", "STACK  RESULT\n", /--retry-failed .*notjson\.json.*: is not JSON/],
            [
                "old.json",
                JSON.stringify({ operation: "up", succeeded: 0, failed: 0, stacks: [] }),
                /is not a fleet summary: it has no version/,
            ],
            [
                "newer.json",
                JSON.stringify({ version: 2, operation: "up", succeeded: 0, failed: 0, stacks: [] }),
                /field "version" is a fleet summary of version 2; this lighthouse-pec reads version 1 \(upgrade lighthouse-pec\)/,
            ],
            [
                "preview.json",
                JSON.stringify({ version: 1, operation: "preview", succeeded: 0, failed: 0, stacks: [] }),
                /is the summary of a `fleet preview`; `fleet up --retry-failed` retries only a `fleet up`\. Fix: run `fleet preview --retry-failed/,
            ],
        ];
        for (const [name, text, message] of cases) {
            const file = path.join(dir, name);
            fs.writeFileSync(file, text);
            const workspace = new RecordingWorkspace();
            const factory = factoryOf(workspace);
            const io = capturingIo();
            assert.equal(await runFleetCommand("up", options(dir, { retryFailed: file }), io, factory), 2, name);
            assert.equal(factory.made, 0, name);
            assert.match(io.stderr, message);
        }
        const missing = capturingIo();
        assert.equal(
            await runFleetCommand(
                "up",
                options(dir, { retryFailed: path.join(dir, "nope.json") }),
                missing,
                factoryOf(new RecordingWorkspace()),
            ),
            2,
        );
        assert.match(
            missing.stderr,
            /--retry-failed .*nope\.json.*: cannot read the file \(ENOENT\): it does not exist/,
        );
    });
});
