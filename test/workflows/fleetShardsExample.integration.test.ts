// examples/fleet-shards/.github/workflows/fleet.yml: a GitHub Actions matrix over shards, each uploading its
// JSON summary, and a job that merges them into the step summary. Checked as a workflow (schema, pinned actions,
// one shard count everywhere) and run: its fleet step and its merge step under bash as GitHub runs them
// (`shell: bash` is `bash --noprofile --norc -eo pipefail`), `npm` → the compiled CLI (bin/, built by the root hook), a fake `pulumi` on PATH.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import * as yaml from "js-yaml";
import { shardOf } from "../../fleet/shard";
import { parseSummary } from "../../fleet/summaryFile";
import { CLI_MAIN } from "../kit/childCli";
import { runCli } from "../kit/cliHarness";
import { FakePulumi, installFakePulumi } from "../kit/fakePulumiCli";
import { commandsIn, parseWithCli } from "../docs/docCommands";

const REPO = path.resolve(__dirname, "..", "..");
const FILE = path.join(REPO, "examples", "fleet-shards", ".github", "workflows", "fleet.yml");

interface Step {
    name?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
}
interface Job {
    needs?: string | string[];
    if?: string;
    env?: Record<string, string>;
    permissions?: Record<string, string>;
    strategy?: { "fail-fast"?: boolean; matrix?: { shard?: number[] } };
    steps: Step[];
}
interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    defaults?: { run?: { shell?: string } };
    jobs: { shard: Job; summary: Job };
}

const text = fs.readFileSync(FILE, "utf8");
const workflow = yaml.load(text) as Workflow;
const fleetStep = workflow.jobs.shard.steps.find((s) => s.run?.includes(" fleet "))!;
const mergeStep = workflow.jobs.summary.steps.find((s) => s.run?.includes("fleet summary"))!;

/** Runs a step's script as GitHub's `shell: bash` does, with `npm run --silent lighthouse-pec --` → the CLI. */
function runStep(script: string, cwd: string, env: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-npm-"));
    try {
        fs.writeFileSync(
            path.join(bin, "npm"),
            [
                "#!/bin/sh",
                '[ "$1 $2 $3 $4" = "run --silent lighthouse-pec --" ] || { echo "unexpected: npm $*" >&2; exit 97; }',
                "shift 4",
                `exec "${process.execPath}" "${CLI_MAIN}" "$@"`,
            ].join("\n"),
            { mode: 0o755 },
        );
        const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
            cwd,
            env: {
                HOME: process.env.HOME,
                ...env,
                PATH: `${bin}${path.delimiter}${env.PATH ?? process.env.PATH}`,
            },
            encoding: "utf8",
            timeout: 170_000,
        });
        return { status: r.status, stderr: r.stderr };
    } finally {
        fs.rmSync(bin, { recursive: true, force: true });
    }
}

describe("examples/fleet-shards: a GitHub Actions matrix over shards, merged into one step summary", function () {
    this.timeout(240_000);

    it("is a valid workflow; every action is pinned to a full commit SHA with its release in a comment", () => {
        const state = validateWorkflow(text);
        assert.equal(state.actionType, "workflow");
        assert.deepEqual(state.errors, []);
        const steps = [...workflow.jobs.shard.steps, ...workflow.jobs.summary.steps];
        const uses = steps.filter((s) => s.uses).map((s) => s.uses!);
        assert.ok(uses.length >= 8);
        for (const ref of uses)
            assert.match(ref, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/, `${ref} is not pinned to a commit`);
        const pinned = [...text.matchAll(/^\s*(?:- )?uses: (\S+)(.*)$/gm)];
        assert.equal(pinned.length, uses.length);
        for (const [, ref, comment] of pinned)
            assert.match(comment, /^ # v\d+\.\d+\.\d+$/, `${ref}: say which release`);
        assert.ok(!("pull_request_target" in workflow.on));
        for (const s of steps.filter((s) => s.run)) {
            assert.doesNotMatch(
                s.run!,
                /\$\{\{/,
                `${s.name ?? s.run}: values reach scripts through env, never \${{ }}`,
            );
        }
        assert.equal(workflow.defaults?.run?.shell, "bash", "-eo pipefail");
        assert.deepEqual(workflow.permissions, { contents: "read" });
        assert.equal(workflow.jobs.summary.permissions?.["id-token"], undefined, "only the shards sign in to Azure");
    });

    it("one shard count everywhere; each shard uploads its summary even after failures; the merge reads them all", () => {
        const { shard, summary } = workflow.jobs;
        const list = shard.strategy?.matrix?.shard ?? [];
        const count = list.length;
        assert.ok(count >= 2);
        assert.deepEqual(
            list,
            Array.from({ length: count }, (_, i) => i + 1),
            "shards 1..n",
        );
        assert.equal(shard.env?.SHARD, `\${{ matrix.shard }}/${count}`, "--shard k/n with the matrix's n");
        assert.equal(shard.strategy?.["fail-fast"], false, "a failing shard never cancels the others");
        assert.match(fleetStep.run!, /--shard "\$SHARD" .*--format json > fleet-summary\.json$/);
        const upload = shard.steps[shard.steps.indexOf(fleetStep) + 1];
        assert.match(upload.uses ?? "", /^actions\/upload-artifact@/);
        assert.equal(upload.if, "${{ !cancelled() }}");
        assert.deepEqual(upload.with, {
            name: "fleet-summary-${{ matrix.shard }}",
            path: "fleet-summary.json",
            "if-no-files-found": "error",
        });
        assert.equal(summary.needs, "shard");
        assert.equal(summary.if, "${{ !cancelled() }}");
        const download = summary.steps.find((s) => s.uses?.startsWith("actions/download-artifact@"));
        assert.deepEqual(download?.with, { pattern: "fleet-summary-*", path: "summaries" });
        assert.match(
            mergeStep.run!,
            /--merge summaries\/\*\/fleet-summary\.json --format markdown >> "\$GITHUB_STEP_SUMMARY"/,
        );
    });

    it("its lighthouse-pec commands parse with the CLI, for both operations", async () => {
        const scripts = [fleetStep.run!, mergeStep.run!];
        for (const operation of ["preview", "up"]) {
            const commands = scripts.flatMap((run) =>
                commandsIn(["```sh", run.replace(/"\$OPERATION"/g, operation), "```"].join("\n"), "fleet.yml"),
            );
            assert.equal(commands.length, 3);
            for (const c of commands) assert.equal(await parseWithCli(c.args, c.elided), null, c.args.join(" "));
        }
    });

    describe("run as GitHub runs it", () => {
        let fake: FakePulumi;
        let project: string;
        const STACKS = [
            "customer-adatum",
            "customer-contoso",
            "customer-fabrikam",
            "customer-litware",
            "customer-wingtip",
        ];
        const count = workflow.jobs.shard.strategy!.matrix!.shard!.length;
        before(() => {
            fake = installFakePulumi({
                "customer-adatum": {},
                "customer-contoso": { changes: { create: 2, same: 1 } },
                "customer-fabrikam": { failAt: "preview", message: "InsufficientPrivilegesForManagedServiceResource" },
                "customer-litware": {},
                "customer-wingtip": {},
            });
            project = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-fleet-wf-"));
            fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: lighthouse-pec\nruntime: nodejs\n");
            for (const s of STACKS) fs.writeFileSync(path.join(project, `Pulumi.${s}.yaml`), "config: {}\n");
        });
        after(() => {
            fake.remove();
            fs.rmSync(project, { recursive: true, force: true });
        });

        it("every shard's fleet step, the artifacts as download-artifact lays them out, then the merge step", async () => {
            const fabrikam = shardOf("customer-fabrikam", count);
            // The failing stack's shard through bash (exit 1, summary written: the upload step still has a file).
            const step = runStep(fleetStep.run!, project, {
                PATH: fake.path,
                OPERATION: "preview",
                SHARD: `${fabrikam}/${count}`,
            });
            assert.equal(step.status, 1, step.stderr);
            assert.match(
                step.stderr,
                /fleet preview: customer-fabrikam failed \(\d+\/\d+\): preview failed: .*InsufficientPrivilegesForManagedServiceResource/,
            );
            const summaries = path.join(project, "summaries");
            const place = (k: number, json: string): void => {
                fs.mkdirSync(path.join(summaries, `fleet-summary-${k}`), { recursive: true });
                fs.writeFileSync(path.join(summaries, `fleet-summary-${k}`, "fleet-summary.json"), json);
            };
            place(fabrikam, fs.readFileSync(path.join(project, "fleet-summary.json"), "utf8"));
            // The other shards in-process: the same command line, through the CLI's parser and the Automation API.
            const saved = process.env.PATH;
            process.env.PATH = fake.path;
            try {
                for (let k = 1; k <= count; k++) {
                    if (k === fabrikam) continue;
                    const args = [
                        "fleet",
                        "preview",
                        "--dir",
                        project,
                        "--shard",
                        `${k}/${count}`,
                        "--concurrency",
                        "4",
                        "--format",
                        "json",
                    ];
                    const run = await runCli(args);
                    assert.equal(run.code, 0, run.stderr);
                    place(k, run.stdout);
                }
            } finally {
                process.env.PATH = saved;
            }
            assert.deepEqual(fake.stacksOf("preview"), STACKS, "each stack previewed once, by its own shard");

            const stepSummary = path.join(project, "step-summary.md");
            fs.writeFileSync(stepSummary, "");
            const merge = runStep(mergeStep.run!, project, { GITHUB_STEP_SUMMARY: stepSummary });
            assert.equal(
                merge.status,
                1,
                `a stack failed: the merge step fails too, after writing both (${merge.stderr})`,
            );
            const markdown = fs.readFileSync(stepSummary, "utf8");
            assert.match(markdown, /^## ❌ fleet preview: 1 of 5 stacks failed\n/);
            assert.match(
                markdown,
                /\| customer-fabrikam \| preview \| azure-native\\:\S+ \(delegation-definition\)\\: InsufficientPrivilegesForManagedServiceResource \|/,
            );
            assert.match(markdown, new RegExp(`\\| ${fabrikam}/${count} \\| \\d+ \\| 1 \\|`));
            const merged = parseSummary(fs.readFileSync(path.join(project, "fleet-summary.json"), "utf8"), "merged");
            assert.deepEqual(merged.merged, { files: count, shardCount: count, missingShards: [] });
            assert.deepEqual(
                merged.stacks.filter((s) => s.result === "failed").map((s) => s.stack),
                ["customer-fabrikam"],
            );

            // A file that is not a summary stops the merge step before it writes anything.
            fs.writeFileSync(path.join(summaries, "fleet-summary-1", "fleet-summary.json"), "not json");
            fs.writeFileSync(stepSummary, "");
            const broken = runStep(mergeStep.run!, project, { GITHUB_STEP_SUMMARY: stepSummary });
            assert.notEqual(broken.status, 0);
            assert.match(
                broken.stderr,
                /fleet summary: --merge \S*fleet-summary-1\/fleet-summary\.json.*: is not JSON/,
            );
            assert.equal(fs.readFileSync(stepSummary, "utf8"), "", "nothing written to the step summary");
        });
    });
});
