// The real Automation API path of `fleet` (AutomationFleetWorkspace → LocalWorkspace → spawning `pulumi`), with a
// fake `pulumi` executable first on PATH: sharding, readable failures, merge and retry as a partner's CI runs them.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runFleetCommand } from "../../cli/fleet";
import { shardOf } from "../../fleet/shard";
import { parseSummary } from "../../fleet/summaryFile";
import { runChild } from "../kit/childCli";
import { capturingIo, runCli } from "../kit/cliHarness";
import { FakePulumi, installFakePulumi } from "../kit/fakePulumiCli";

/** Six customers, three per shard of two (checked below), so that both shards have work. */
const SHARD_1 = ["customer-fabrikam", "customer-humongous", "customer-wingtip"];
const SHARD_2 = ["customer-adatum", "customer-litware", "customer-tailspin"];

describe("fleet through the Automation API with a fake `pulumi` on PATH", function () {
    // Every stack spawns the fake 2 to 5 times (a Node process each) on a shared 2-core machine.
    this.timeout(180_000);
    let fake: FakePulumi;
    let dir: string;
    const savedPath = process.env.PATH;

    before(() => {
        assert.deepEqual(
            [...SHARD_1, ...SHARD_2].map((s) => shardOf(s, 2)),
            [1, 1, 1, 2, 2, 2],
            "the fixture's shards",
        );
        fake = installFakePulumi({
            "customer-wingtip": { changes: { create: 2, same: 1 } },
            "customer-fabrikam": {
                failAt: "preview",
                message:
                    'autorest/azure: Service returned an error. Status=403 Code="InsufficientPrivilegesForManagedServiceResource"',
            },
            // customer-humongous has a stack file but no stack in the backend: `stack select` fails.
            "customer-adatum": { changes: { update: 1, same: 2 } },
            "customer-litware": { failAt: "stack output", message: "failed to decrypt: incorrect passphrase" },
            "customer-tailspin": {},
        });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-fleet-fake-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: lighthouse-pec\nruntime: nodejs\nmain: index.ts\n");
        for (const s of [...SHARD_1, ...SHARD_2]) fs.writeFileSync(path.join(dir, `Pulumi.${s}.yaml`), "config: {}\n");
    });
    afterEach(() => {
        process.env.PATH = savedPath;
    });
    after(() => {
        fake.remove();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("fleet preview --shard k/2 in-process: each shard selects and previews only its stacks; failures name step and cause", async () => {
        process.env.PATH = fake.path;
        const summaries: string[] = [];
        for (const [k, mine] of [
            [1, SHARD_1],
            [2, SHARD_2],
        ] as const) {
            const before = fake.calls().length;
            const io = capturingIo();
            const code = await runFleetCommand(
                "preview",
                {
                    stacks: "customer-*",
                    dir,
                    concurrency: "3",
                    format: "json",
                    shard: `${k}/2`,
                },
                io,
            );
            const calls = fake.calls().slice(before);
            const selected = calls
                .filter((c) => c.args[0] === "stack")
                .map((c) => c.args[c.args.indexOf("--stack") + 1]);
            assert.deepEqual(selected.sort(), [...mine].sort(), `shard ${k} selected only its stacks`);
            const [version, ...rest] = calls;
            assert.deepEqual(version.args, ["version"], "PulumiCommand.get checks the CLI once, first");
            assert.ok(
                rest.every((c) => c.args.includes("--non-interactive") && c.automation === "true" && c.cwd === dir),
                "every other call came through the Automation API, in the project directory",
            );
            const summary = parseSummary(io.stdout, `shard ${k}`);
            assert.deepEqual(summary.shard, { index: k, count: 2 });
            if (k === 1) {
                assert.equal(code, 1);
                const byStack = Object.fromEntries(summary.stacks.map((s) => [s.stack, s]));
                assert.deepEqual(byStack["customer-wingtip"].changes, {
                    create: 2,
                    update: 0,
                    delete: 0,
                    replace: 0,
                    same: 1,
                });
                assert.deepEqual(
                    [byStack["customer-humongous"].step, byStack["customer-humongous"].error],
                    ["stack select", "no stack named 'customer-humongous' found"],
                );
                assert.deepEqual(
                    [byStack["customer-fabrikam"].step, byStack["customer-fabrikam"].error],
                    [
                        "preview",
                        'azure-native:managedservices:RegistrationDefinition (delegation-definition): autorest/azure: Service returned an error. Status=403 Code="InsufficientPrivilegesForManagedServiceResource"',
                    ],
                );
                assert.doesNotMatch(
                    io.stdout + io.stderr,
                    /code: -2|Command failed with exit code/,
                    "no raw CommandError text",
                );
                assert.match(
                    io.stderr,
                    /fleet preview: customer-humongous failed \(\d\/3\): stack select failed: no stack named 'customer-humongous' found\n/,
                );
            } else {
                assert.equal(code, 0, io.stderr);
                assert.deepEqual(
                    summary.stacks.map((s) => [s.stack, s.result]),
                    SHARD_2.map((s) => [s, "succeeded"]),
                );
            }
            summaries.push(path.join(dir, `preview-${k}.json`));
            fs.writeFileSync(summaries[summaries.length - 1], io.stdout);
        }
        assert.deepEqual(fake.stacksOf("preview"), [
            "customer-adatum",
            "customer-fabrikam",
            "customer-litware",
            "customer-tailspin",
            "customer-wingtip",
        ]);
        const merged = await runCli(["fleet", "summary", "--merge", ...summaries, "--format", "markdown"]);
        assert.equal(merged.code, 1);
        assert.match(merged.stdout, /^## ❌ fleet preview: 2 of 6 stacks failed\n/);
        assert.match(
            merged.stdout,
            /\| customer-humongous \| stack select \| no stack named 'customer-humongous' found \|/,
        );
    });

    it("fleet up --shard 2/2 as a child process, then --retry-failed: the command after `up` that failed is named", async () => {
        const before = fake.calls().length;
        const env = { PATH: fake.path };
        const run = await runChild(["fleet", "up", "--dir", dir, "--shard", "2/2", "--format", "json"], {
            env,
            killAfterMs: 170_000,
        });
        assert.equal(run.code, 1, run.stderr);
        const summary = parseSummary(run.stdout, "up shard 2");
        const byStack = Object.fromEntries(summary.stacks.map((s) => [s.stack, s]));
        assert.deepEqual(
            byStack["customer-adatum"].changes,
            { create: 0, update: 1, delete: 0, replace: 0, same: 2 },
            "from stack history",
        );
        assert.deepEqual(
            [byStack["customer-litware"].result, byStack["customer-litware"].step, byStack["customer-litware"].error],
            ["failed", "stack output", "failed to decrypt: incorrect passphrase"],
        );
        const calls = fake.calls().slice(before);
        assert.deepEqual(
            calls
                .filter((c) => c.args[0] === "up")
                .map((c) => c.args[c.args.indexOf("--stack") + 1])
                .sort(),
            SHARD_2,
            "pulumi up --yes ran for shard 2 only",
        );
        assert.ok(
            calls
                .filter((c) => c.args[0] === "up")
                .every((c) => c.args.includes("--yes") && c.args.includes("--skip-preview")),
        );

        const file = path.join(dir, "up-2.json");
        fs.writeFileSync(file, run.stdout);
        const mark = fake.calls().length;
        const retry = await runChild(["fleet", "up", "--dir", dir, "--retry-failed", file, "--format", "json"], {
            env,
            killAfterMs: 170_000,
        });
        assert.equal(retry.code, 1, "customer-litware still fails");
        assert.match(retry.stderr, /fleet up --retry-failed: 1 of the 1 failed stack\(s\) run again/);
        assert.deepEqual(
            [
                ...new Set(
                    fake
                        .calls()
                        .slice(mark)
                        .filter((c) => c.args.includes("--stack"))
                        .map((c) => c.args[c.args.indexOf("--stack") + 1]),
                ),
            ],
            ["customer-litware"],
        );
    });

    it("a bad --shard through the CLI runs nothing: the fake pulumi is never started", async () => {
        const before = fake.calls().length;
        for (const spec of ["5/4", "x"]) {
            const run = await runChild(["fleet", "up", "--dir", dir, "--shard", spec], { env: { PATH: fake.path } });
            assert.equal(run.code, 2, spec);
            assert.match(
                run.stderr,
                new RegExp(`^fleet: --shard = "${spec.replace("/", "\\/")}": .*Fix: --shard <k>/<n>`),
            );
        }
        assert.equal(fake.calls().length, before, "not even `pulumi version`");
    });
});
