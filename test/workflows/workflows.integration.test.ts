import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import * as yaml from "js-yaml";
import { buildProgram } from "../../cli/main";

const WORKFLOWS = path.resolve(__dirname, "..", "..", ".github", "workflows");

interface Step {
    id?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
}
interface Job {
    id?: string;
    permissions?: Record<string, string>;
    env?: Record<string, string>;
    steps: Step[];
    strategy?: { matrix?: Record<string, unknown> };
    if?: string;
    environment?: string;
}
interface Workflow {
    on: Record<string, unknown>;
    jobs: Record<string, Job>;
    defaults?: { run?: { shell?: string } };
    permissions?: Record<string, string>;
}

function load(name: string): { text: string; workflow: Workflow } {
    const text = fs.readFileSync(path.join(WORKFLOWS, name), "utf8");
    return { text, workflow: yaml.load(text) as Workflow };
}

/** `npm run --silent lighthouse-pec -- <command> <flags...>` lines of a workflow. */
function cliInvocations(workflow: Workflow): { command: string; flags: string[] }[] {
    return Object.values(workflow.jobs)
        .flatMap((j) => j.steps)
        .map((s) => s.run ?? "")
        .map((run) => /lighthouse-pec -- ([a-z-]+)([^>)]*)/.exec(run))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ command: m[1], flags: [...m[2].matchAll(/(--[a-z-]+)/g)].map((f) => f[1]) }));
}

describe("GitHub workflows (schema-validated with @action-validator/core)", () => {
    const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

    it("the validator catches a broken workflow (so a clean result means something)", () => {
        const broken = "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo hi\n";
        assert.ok(validateWorkflow(broken).errors.length > 0);
    });

    for (const file of files) {
        it(`${file} is a valid workflow`, () => {
            const state = validateWorkflow(load(file).text);
            assert.equal(state.actionType, "workflow");
            assert.deepEqual(state.errors, []);
        });
    }

    it("preview.yml: a matrix of touched stacks, OIDC sign-in for both SDKs, pulumi preview commented on the PR", () => {
        const { workflow } = load("preview.yml");
        assert.ok("pull_request" in workflow.on);
        const matrix = workflow.jobs.stacks.steps.find((s) => s.run?.includes("changed-stacks"));
        assert.match(matrix?.run ?? "", /changed-stacks --base "\$BASE_SHA"/);
        const preview = workflow.jobs.preview;
        assert.equal(
            preview.if,
            "needs.stacks.outputs.stacks != '' && needs.stacks.outputs.stacks != '[]'",
            "no empty matrix, and never fromJSON('')",
        );
        assert.equal(preview.strategy?.matrix?.stack, "${{ fromJSON(needs.stacks.outputs.stacks) }}");
        assert.equal(preview.permissions?.["id-token"], "write");
        assert.equal(preview.permissions?.["pull-requests"], "write");
        for (const key of [
            "ARM_USE_OIDC",
            "ARM_CLIENT_ID",
            "ARM_TENANT_ID",
            "ARM_SUBSCRIPTION_ID",
            "AZURE_CLIENT_ID",
            "AZURE_TENANT_ID",
            "AZURE_FEDERATED_TOKEN_FILE",
        ]) {
            assert.ok(preview.env?.[key], `${key} is set for the preview job`);
        }
        const login = preview.steps.find((s) => s.uses?.startsWith("azure/login@"));
        assert.deepEqual(Object.keys(login?.with ?? {}).sort(), ["client-id", "subscription-id", "tenant-id"]);
        const pulumi = preview.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
        assert.equal(pulumi?.with?.command, "preview");
        assert.equal(pulumi?.with?.["comment-on-pr"], true);
        assert.match(String(pulumi?.with?.["stack-name"]), /matrix\.stack/);
        assert.ok(
            !/secrets\.AZURE_CLIENT_SECRET|client-secret|creds:/.test(load("preview.yml").text),
            "no Azure secret: OIDC only",
        );
    });

    it("verify.yml: scheduled, one verify run, markdown to the step summary, the HTML report uploaded", () => {
        const { workflow } = load("verify.yml");
        assert.ok("schedule" in workflow.on);
        const steps = workflow.jobs.verify.steps;
        const verify = steps.filter((s) => s.run?.includes(" verify "));
        assert.equal(verify.length, 1, "the usage data is read once");
        assert.match(verify[0].run ?? "", /--out pec-report\.md/);
        assert.match(verify[0].run ?? "", /--out pec-report\.html/);
        const summary = steps.find((s) => s.run?.includes("$GITHUB_STEP_SUMMARY"));
        assert.match(summary?.run ?? "", /^cat pec-report\.md >> "\$GITHUB_STEP_SUMMARY"$/);
        const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
        assert.equal(upload?.uses, "actions/upload-artifact@v7");
        assert.equal(upload?.with?.path, "pec-report.html");
        assert.equal(upload?.with?.["if-no-files-found"], "error");
        for (const step of [summary, upload]) {
            // After a verify that found problems (exit 1) the reports exist and must still be published.
            assert.match((step as { if?: string } | undefined)?.if ?? "", /!cancelled\(\)/);
            assert.ok(steps.indexOf(step!) > steps.indexOf(verify[0]));
        }
        assert.equal(workflow.jobs.verify.permissions?.["id-token"], "write");
    });

    it("every lighthouse-pec command a workflow runs exists, with the flags it passes", () => {
        const program = buildProgram(
            { out: () => undefined, err: () => undefined, stdoutIsTTY: false, stderrIsTTY: false, env: {} },
            {},
            () => undefined,
        );
        const invocations = files.flatMap((f) => cliInvocations(load(f).workflow));
        assert.ok(invocations.length >= 2);
        for (const { command, flags } of invocations) {
            const sub = program.commands.find((c) => c.name() === command);
            assert.ok(sub, `lighthouse-pec ${command} is not a command`);
            const known = new Set(sub.options.map((o) => o.long));
            for (const flag of flags) {
                assert.ok(known.has(flag), `lighthouse-pec ${command} has no ${flag}`);
            }
        }
        const scripts = (
            JSON.parse(fs.readFileSync(path.resolve(WORKFLOWS, "..", "..", "package.json"), "utf8")) as {
                scripts: Record<string, string>;
            }
        ).scripts;
        assert.ok(scripts["lighthouse-pec"], "the workflows run the CLI through the lighthouse-pec npm script");
    });
    it("preview.yml: a failing changed-stacks fails its step and writes no output (run as GitHub runs it)", () => {
        const { workflow } = load("preview.yml");
        assert.equal(
            workflow.defaults?.run?.shell,
            "bash",
            "bash -eo pipefail: a failure inside a pipe fails the step",
        );
        const script = workflow.jobs.stacks.steps.find((s) => s.id === "changed")?.run ?? "";
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "changed-stacks-"));
        try {
            const runStep = (npmBody: string): { status: number | null; output: string } => {
                fs.writeFileSync(path.join(tmp, "npm"), `#!/bin/sh\n${npmBody}\n`, { mode: 0o755 });
                const outputFile = path.join(tmp, "github_output");
                fs.writeFileSync(outputFile, "");
                // `bash --noprofile --norc -eo pipefail {0}` is GitHub's `shell: bash`; plain `bash -e` its default.
                const results = [["--noprofile", "--norc", "-eo", "pipefail"], ["-e"]].map((flags) => {
                    fs.writeFileSync(outputFile, "");
                    const r = spawnSync("bash", [...flags, "-c", script], {
                        env: { PATH: `${tmp}:${process.env.PATH}`, GITHUB_OUTPUT: outputFile, BASE_SHA: "abc123" },
                        timeout: 10_000,
                        encoding: "utf8",
                    });
                    return { status: r.status, output: fs.readFileSync(outputFile, "utf8") };
                });
                assert.deepEqual(results[0], results[1], "same result under both shells");
                return results[0];
            };
            const failed = runStep("echo 'changed-stacks: --base = \"abc123\": git cannot compare it' >&2; exit 2");
            assert.notEqual(failed.status, 0, "the step fails when changed-stacks fails");
            assert.equal(failed.output, "", "no empty stacks= output for the matrix");
            const ok = runStep("echo '[\"customer-contoso\"]'");
            assert.equal(ok.status, 0);
            assert.equal(ok.output, 'stacks=["customer-contoso"]\n');
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });

    it("every action runs on a current major (node24 runtimes, not the deprecated node20 ones)", () => {
        // First majors on node24: actions/checkout v5, actions/setup-node v5, azure/login v3, pulumi/actions v7,
        // actions/upload-artifact v6 (its action.yml: v5 node20, v6 node24; v7 is the current major).
        const minimum: Record<string, number> = {
            "actions/checkout": 5,
            "actions/setup-node": 5,
            "azure/login": 3,
            "pulumi/actions": 7,
            "actions/upload-artifact": 6,
        };
        const uses = files.flatMap((f) =>
            Object.values(load(f).workflow.jobs)
                .flatMap((j) => j.steps)
                .map((s) => s.uses)
                .filter((u): u is string => !!u)
                .map((u) => ({ file: f, uses: u })),
        );
        assert.ok(uses.length >= 8);
        for (const { file, uses: ref } of uses) {
            const [action, version] = ref.split("@");
            assert.ok(
                action in minimum,
                `${file}: ${ref} is an action this test does not know: add its first node24 major`,
            );
            const major = Number(/^v(\d+)/.exec(version)?.[1]);
            assert.ok(
                major >= minimum[action],
                `${file}: ${ref} runs on a deprecated runtime; use ${action}@v${minimum[action]} or later`,
            );
        }
    });

    it("ci.yml: runs .ci/run on pull requests and pushes, on the Node our engines name, with no secrets", () => {
        const { text, workflow } = load("ci.yml");
        assert.ok("pull_request" in workflow.on && "push" in workflow.on);
        const jobs = Object.values(workflow.jobs);
        assert.equal(jobs.length, 1);
        assert.ok(
            jobs[0].steps.some((s) => s.run?.trim() === ".ci/run"),
            "the contributors' CI is .ci/run",
        );
        const engines = (
            JSON.parse(fs.readFileSync(path.resolve(WORKFLOWS, "..", "..", "package.json"), "utf8")) as {
                engines: { node: string };
            }
        ).engines.node;
        const floor = Number(/(\d+)/.exec(engines)?.[1]);
        assert.ok(
            (jobs[0].strategy?.matrix?.node as number[]).includes(floor),
            `the matrix tests Node ${floor}, the engines floor`,
        );
        assert.deepEqual(workflow.permissions, { contents: "read" });
        assert.ok(!/secrets\./.test(text), "no secrets: every test runs against fakes");
        assert.ok(fs.statSync(path.resolve(WORKFLOWS, "..", "..", ".ci", "run")).mode & 0o111, ".ci/run is executable");
    });
});
