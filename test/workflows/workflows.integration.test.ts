import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import * as yaml from "js-yaml";

const WORKFLOWS = path.resolve(__dirname, "..", "..", ".github", "workflows");

interface Step {
    id?: string;
    name?: string;
    run?: string;
}
interface Workflow {
    jobs: Record<string, { steps: Step[] }>;
    defaults?: { run?: { shell?: string } };
}

function load(name: string): { text: string; workflow: Workflow } {
    const text = fs.readFileSync(path.join(WORKFLOWS, name), "utf8");
    return { text, workflow: yaml.load(text) as Workflow };
}

function script(file: string, job: string, pick: (s: Step) => boolean): string {
    const step = load(file).workflow.jobs[job].steps.find(pick);
    assert.ok(step?.run, `${file} jobs.${job}: the step exists`);
    return step.run;
}

interface StepResult {
    status: number | null;
    stdout: string;
    output: string;
    summary: string;
}

/**
 * Runs a step's script as GitHub's `shell: bash` does (`bash --noprofile --norc -eo pipefail {0}`), in `cwd`, with
 * only `env` (plus PATH, with `bin` first: stub commands), and returns the exit status, stdout, $GITHUB_OUTPUT and
 * $GITHUB_STEP_SUMMARY.
 */
function runStep(body: string, env: Record<string, string>, cwd: string, bin?: string): StepResult {
    const outputFile = path.join(cwd, "github_output");
    const summaryFile = path.join(cwd, "github_step_summary");
    fs.writeFileSync(outputFile, "");
    fs.writeFileSync(summaryFile, "");
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", body], {
        cwd,
        env: {
            PATH: bin ? `${bin}:${process.env.PATH}` : process.env.PATH,
            GITHUB_OUTPUT: outputFile,
            GITHUB_STEP_SUMMARY: summaryFile,
            ...env,
        },
        timeout: 10_000,
        encoding: "utf8",
    });
    return {
        status: r.status,
        stdout: r.stdout,
        output: fs.readFileSync(outputFile, "utf8"),
        summary: fs.readFileSync(summaryFile, "utf8"),
    };
}

function withTempDir<T>(fn: (dir: string) => T): T {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflow-step-"));
    try {
        return fn(dir);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** A stub `npm` in `dir/bin` that runs `body` (what `npm run lighthouse-pec -- changed-stacks` would print). */
function stubNpm(dir: string, body: string): string {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, "npm"), `#!/bin/sh\necho "$@" > "${dir}/npm-args"\n${body}\n`, { mode: 0o755 });
    return bin;
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
});

describe("GitHub workflows: their scripts, run under bash as GitHub runs them", () => {
    for (const file of ["preview.yml", "deploy.yml"]) {
        it(`${file}: every step runs under bash -eo pipefail`, () => {
            assert.equal(load(file).workflow.defaults?.run?.shell, "bash", "a failure inside a pipe fails the step");
        });
    }

    it("preview.yml: a failing changed-stacks fails its step and writes no output", () => {
        const body = script("preview.yml", "stacks", (s) => s.id === "changed");
        withTempDir((dir) => {
            const failing = stubNpm(
                dir,
                "echo 'changed-stacks: --base = \"abc123\": git cannot compare it' >&2; exit 2",
            );
            const failed = runStep(body, { BASE_SHA: "abc123" }, dir, failing);
            assert.notEqual(failed.status, 0, "the step fails when changed-stacks fails");
            assert.equal(failed.output, "", "no empty stacks= output for the matrix");
            const ok = runStep(body, { BASE_SHA: "abc123" }, dir, stubNpm(dir, "echo '[\"customer-contoso\"]'"));
            assert.equal(ok.status, 0);
            assert.equal(ok.output, 'stacks=["customer-contoso"]\n');
            assert.equal(
                fs.readFileSync(path.join(dir, "npm-args"), "utf8").trim(),
                "run --silent lighthouse-pec -- changed-stacks --base abc123",
            );
        });
    });

    it("deploy.yml: compares with the commit before the push, or the dispatch's base; a new branch (zero SHA) stops it", () => {
        const body = script("deploy.yml", "stacks", (s) => s.id === "changed");
        withTempDir((dir) => {
            const bin = stubNpm(dir, "echo '[\"customer-contoso\"]'");
            const args = () => fs.readFileSync(path.join(dir, "npm-args"), "utf8").trim();
            const push = runStep(body, { EVENT: "push", BEFORE: "1111111", BASE_INPUT: "" }, dir, bin);
            assert.equal(push.status, 0);
            assert.equal(args(), "run --silent lighthouse-pec -- changed-stacks --base 1111111");
            assert.equal(push.output, 'stacks=["customer-contoso"]\n');
            const dispatch = runStep(body, { EVENT: "workflow_dispatch", BEFORE: "", BASE_INPUT: "HEAD~3" }, dir, bin);
            assert.equal(dispatch.status, 0);
            assert.equal(args(), "run --silent lighthouse-pec -- changed-stacks --base HEAD~3");
            fs.rmSync(path.join(dir, "npm-args"));
            const zero = runStep(body, { EVENT: "push", BEFORE: "0".repeat(40), BASE_INPUT: "" }, dir, bin);
            assert.equal(zero.status, 1);
            assert.match(zero.stdout, /::error title=No base commit::.*Fix: run the deploy workflow on main by hand/);
            assert.equal(zero.output, "");
            assert.ok(!fs.existsSync(path.join(dir, "npm-args")), "changed-stacks never ran");
            const failing = stubNpm(dir, "exit 2");
            assert.notEqual(
                runStep(body, { EVENT: "push", BEFORE: "1111111", BASE_INPUT: "" }, dir, failing).status,
                0,
            );
        });
    });

    it("deploy.yml: refuses to run off main", () => {
        const body = script("deploy.yml", "stacks", (s) => s.name === "Deploys run from main only");
        withTempDir((dir) => {
            const branch = runStep(body, { REF: "refs/heads/feature" }, dir);
            assert.equal(branch.status, 1);
            assert.match(
                branch.stdout,
                /::error title=Not main::.*refs\/heads\/feature\. Fix: merge the change into main/,
            );
            assert.equal(runStep(body, { REF: "refs/heads/main" }, dir).status, 0);
        });
    });

    for (const [file, job, team, client] of [
        ["preview.yml", "preview", "PULUMI_PREVIEW_TEAM", "PREVIEW_CLIENT_ID"],
        ["deploy.yml", "deploy", "PULUMI_DEPLOY_TEAM", "DEPLOY_CLIENT_ID"],
    ]) {
        it(`${file}: without an OIDC token or a variable, the first step says which and how to fix it`, () => {
            const body = script(file, job, (s) => s.run?.includes("ACTIONS_ID_TOKEN_REQUEST_URL") === true);
            const complete = {
                ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.example/?x=1",
                PULUMI_ORG: "contoso",
                [team]: "previewers",
                ARM_CLIENT_ID: "11111111-1111-4111-8111-111111111111",
                ARM_TENANT_ID: "22222222-2222-4222-8222-222222222222",
                ARM_SUBSCRIPTION_ID: "33333333-3333-4333-8333-333333333333",
            };
            withTempDir((dir) => {
                assert.equal(runStep(body, complete, dir).status, 0);
                const fork = runStep(body, { ...complete, ACTIONS_ID_TOKEN_REQUEST_URL: "" }, dir);
                assert.equal(fork.status, 1);
                assert.match(fork.stdout, /::error title=No OIDC token::/);
                const missing = runStep(
                    body,
                    { ...complete, [team]: "", ARM_CLIENT_ID: "", ARM_SUBSCRIPTION_ID: "" },
                    dir,
                );
                assert.equal(missing.status, 1);
                assert.match(
                    missing.stdout,
                    new RegExp(
                        `::error title=Missing variables::not set: ${team} ${client} AZURE_SUBSCRIPTION_ID\\. Fix: `,
                    ),
                );
            });
        });

        it(`${file}: a stack that reads the partner stack (partnerStack) is refused before any token is minted`, () => {
            const body = script(file, job, (s) => s.run?.includes("lighthouse-pec:partnerStack") === true);
            withTempDir((dir) => {
                fs.writeFileSync(
                    path.join(dir, "Pulumi.customer-contoso.yaml"),
                    "config:\n  lighthouse-pec:subscriptionId: 33333333-3333-4333-8333-333333333333\n  lighthouse-pec:partnerStack: org/lighthouse-pec/partner\n",
                );
                fs.writeFileSync(
                    path.join(dir, "Pulumi.customer-fabrikam.yaml"),
                    "config:\n  # lighthouse-pec:partnerStack was replaced by the principal ID\n  lighthouse-pec:automationAccount:\n    principalId: 44444444-4444-4444-8444-444444444444\n",
                );
                const refused = runStep(body, { STACK: "customer-contoso" }, dir);
                assert.equal(refused.status, 1);
                assert.match(
                    refused.stdout,
                    /::error title=Stack reads the partner stack::.*Fix: pulumi config set --path lighthouse-pec:automationAccount\.principalId/,
                );
                assert.equal(runStep(body, { STACK: "customer-fabrikam" }, dir).status, 0);
                assert.equal(
                    runStep(body, { STACK: "customer-unknown" }, dir).status,
                    0,
                    "no stack file: the preview says so itself",
                );
            });
        });
    }

    it("watch.yml: --expect only when watch-expect.json exists, --log-client-id only when the variable is set", () => {
        const body = script("watch.yml", "watch", (s) => s.run?.includes(" watch ") === true);
        withTempDir((dir) => {
            const bin = stubNpm(dir, "exit 1");
            const args = () => fs.readFileSync(path.join(dir, "npm-args"), "utf8").trim();
            const base =
                "run --silent lighthouse-pec -- watch --auth default --state watch-state.json --out watch-report.md";
            const bare = runStep(body, { WATCH_LOG_CLIENT_ID: "" }, dir, bin);
            assert.equal(bare.status, 1, "watch's exit 1 (something new at risk) fails the step");
            assert.equal(args(), base);
            fs.writeFileSync(path.join(dir, "watch-expect.json"), "{}");
            runStep(body, { WATCH_LOG_CLIENT_ID: "11111111-1111-4111-8111-111111111111" }, dir, bin);
            assert.equal(
                args(),
                `${base} --expect watch-expect.json --log-client-id 11111111-1111-4111-8111-111111111111`,
            );
        });
    });

    it("preview.yml: a fork's pull request gets a notice and a summary, and the job succeeds", () => {
        const body = script("preview.yml", "fork", () => true);
        withTempDir((dir) => {
            const r = runStep(body, {}, dir);
            assert.equal(r.status, 0);
            assert.match(
                r.stdout,
                /^::notice title=No preview for a fork::Previews of pull requests from forks are not run/,
            );
            assert.match(
                r.summary,
                /^### No `pulumi preview` for this pull request\n\nPreviews of pull requests from forks/,
            );
            assert.match(r.summary, /push it to a branch of this repository/);
        });
    });
});

describe("release.yml: its scripts, run under bash as GitHub runs them", () => {
    const named = (text: string) => (s: Step) => s.name?.startsWith(text) === true;

    it("release.yml: every step runs under bash -eo pipefail", () => {
        assert.equal(load("release.yml").workflow.defaults?.run?.shell, "bash");
    });

    it("a tag that is not package.json's version stops the release before anything is built", () => {
        const body = script("release.yml", "build", named("The tag is package.json's version"));
        withTempDir((dir) => {
            fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ version: "0.2.0" }));
            const ok = runStep(body, { TAG: "v0.2.0" }, dir);
            assert.equal(ok.status, 0);
            assert.equal(ok.output, "version=0.2.0\n");
            for (const tag of ["v0.2.1", "0.2.0", "v0.2.0-rc.1"]) {
                const wrong = runStep(body, { TAG: tag }, dir);
                assert.equal(wrong.status, 1, tag);
                assert.match(
                    wrong.stdout,
                    new RegExp(
                        `::error title=Tag is not the version::tag ${tag.replace(/\./g, "\\.")}, but package.json has version 0\\.2\\.0\\. Fix: `,
                    ),
                );
                assert.equal(wrong.output, "", "no version output: the jobs after it do not run");
            }
        });
    });

    it("the release notes are the version's section of CHANGELOG.md; a missing or empty section stops the release", () => {
        const body = script("release.yml", "build", named("Release notes from CHANGELOG.md"));
        const changelog = [
            "# Changelog",
            "",
            "## [Unreleased]",
            "",
            "- next thing",
            "",
            "## [0.2.0] - 2026-12-01",
            "",
            "### Added",
            "",
            "- the second thing",
            "",
            "## [0.2.0-rc.1]",
            "",
            "- a candidate",
            "",
            "## [0.1.5]",
            "",
            "## [0.1.0]",
            "",
            "- first",
            "",
        ].join("\n");
        withTempDir((dir) => {
            fs.writeFileSync(path.join(dir, "CHANGELOG.md"), changelog);
            const notes = () => fs.readFileSync(path.join(dir, "release-notes.md"), "utf8");
            assert.equal(runStep(body, { VERSION: "0.2.0" }, dir).status, 0);
            assert.equal(notes(), "\n### Added\n\n- the second thing\n\n", "the section only, not the candidate's");
            assert.equal(runStep(body, { VERSION: "0.2.0-rc.1" }, dir).status, 0);
            assert.equal(notes(), "\n- a candidate\n\n");
            assert.equal(runStep(body, { VERSION: "0.1.0" }, dir).status, 0);
            assert.equal(notes(), "\n- first\n", "the last section runs to the end of the file");
            for (const version of ["0.3.0", "0.1.5"]) {
                const missing = runStep(body, { VERSION: version }, dir);
                assert.equal(missing.status, 1, version);
                assert.match(
                    missing.stdout,
                    new RegExp(
                        `::error title=No changelog section::CHANGELOG\\.md has no "## \\[${version.replace(/\./g, "\\.")}\\]" section, or it is empty\\. Fix: `,
                    ),
                );
            }
        });
    });

    it("the pack step names the tarball for the jobs after it and puts its size and sha256 in the summary", () => {
        const body = script("release.yml", "build", (s) => s.id === "pack");
        withTempDir((dir) => {
            const bin = stubNpm(
                dir,
                [
                    "printf 'tarball bytes' > lighthouse-pec-0.2.0.tgz",
                    `echo '[{"filename":"lighthouse-pec-0.2.0.tgz","entryCount":412,"size":13,"unpackedSize":2048}]'`,
                ].join("\n"),
            );
            const r = runStep(body, {}, dir, bin);
            assert.equal(r.status, 0);
            assert.equal(fs.readFileSync(path.join(dir, "npm-args"), "utf8").trim(), "pack --json");
            assert.equal(r.output, "tarball=lighthouse-pec-0.2.0.tgz\n");
            assert.match(r.summary, /^### lighthouse-pec-0\.2\.0\.tgz\n\n412 files, 13 bytes packed, 2048 unpacked\n/);
            // sha256sum of the 13 bytes "tarball bytes"
            assert.match(r.summary, /\nsha256 `8d5594eb4bf5ec277cad2e2b3f082170e7e490921a54bc712258a8b5cac6a842`\n$/);
            assert.notEqual(runStep(body, {}, dir, stubNpm(dir, "exit 1")).status, 0, "a failed pack fails the step");
        });
    });

    it("the GitHub release is created with the tarball (a pre-release for x.y.z-rc), or its tarball replaced on a re-run", () => {
        const body = script("release.yml", "release", (s) => s.run?.includes("gh release") === true);
        withTempDir((dir) => {
            const bin = path.join(dir, "bin");
            fs.mkdirSync(bin);
            // A stub gh: `gh release view` answers as $VIEW says; every call is recorded.
            fs.writeFileSync(
                path.join(bin, "gh"),
                `#!/bin/sh\necho "$@" >> "${dir}/gh-calls"\nif [ "$2" = view ]; then exit "$VIEW"; fi\n`,
                { mode: 0o755 },
            );
            const calls = () => fs.readFileSync(path.join(dir, "gh-calls"), "utf8").trim().split("\n").slice(1);
            const env = {
                REPOSITORY: "contoso/lighthouse-pec",
                TAG: "v0.2.0",
                VERSION: "0.2.0",
                TARBALL: "lighthouse-pec-0.2.0.tgz",
            };
            assert.equal(runStep(body, { ...env, VIEW: "1" }, dir, bin).status, 0);
            assert.deepEqual(calls(), [
                "release create v0.2.0 lighthouse-pec-0.2.0.tgz --repo contoso/lighthouse-pec --verify-tag --title v0.2.0 --notes-file release-notes.md",
            ]);
            fs.rmSync(path.join(dir, "gh-calls"));
            const rc = { ...env, TAG: "v0.2.0-rc.1", VERSION: "0.2.0-rc.1", TARBALL: "lighthouse-pec-0.2.0-rc.1.tgz" };
            assert.equal(runStep(body, { ...rc, VIEW: "1" }, dir, bin).status, 0);
            assert.match(calls()[0], /^release create v0\.2\.0-rc\.1 .* --prerelease$/);
            fs.rmSync(path.join(dir, "gh-calls"));
            assert.equal(runStep(body, { ...env, VIEW: "0" }, dir, bin).status, 0);
            assert.deepEqual(calls(), [
                "release upload v0.2.0 lighthouse-pec-0.2.0.tgz --repo contoso/lighthouse-pec --clobber",
            ]);
        });
    });

    it("publishing refuses an npm older than 11.5.1 (no trusted publishing) with the fix", () => {
        const body = script("release.yml", "publish", named("npm can publish through trusted publishing"));
        withTempDir((dir) => {
            for (const [version, status] of [
                ["10.9.2", 1],
                ["11.5.0", 1],
                ["11.5.1", 0],
                ["11.10.0", 0],
                ["12.0.0", 0],
            ] as const) {
                const r = runStep(body, {}, dir, stubNpm(dir, `echo ${version}`));
                assert.equal(r.status, status, version);
                if (status)
                    assert.match(
                        r.stdout,
                        new RegExp(
                            `::error title=npm too old::npm ${version.replace(/\./g, "\\.")} cannot publish .*Fix: `,
                        ),
                    );
            }
        });
    });

    it("publishing refuses a package whose repository is not this one (npm would refuse its provenance)", () => {
        const body = script("release.yml", "publish", named("The package names this repository"));
        const REPOSITORY_URL = "https://github.com/contoso/lighthouse-pec";
        withTempDir((dir) => {
            const pack = (repository: unknown) => {
                fs.mkdirSync(path.join(dir, "src", "package"), { recursive: true });
                fs.writeFileSync(
                    path.join(dir, "src", "package", "package.json"),
                    JSON.stringify({
                        name: "lighthouse-pec",
                        version: "0.2.0",
                        ...(repository === undefined ? {} : { repository }),
                    }),
                );
                spawnSync("tar", ["-czf", path.join(dir, "p.tgz"), "-C", path.join(dir, "src"), "package"]);
                fs.rmSync(path.join(dir, "package"), { recursive: true, force: true });
                return runStep(body, { REPOSITORY_URL, TARBALL: "p.tgz" }, dir);
            };
            for (const ok of [
                { type: "git", url: "git+https://github.com/contoso/lighthouse-pec.git" },
                "https://github.com/contoso/lighthouse-pec",
            ]) {
                assert.equal(pack(ok).status, 0, JSON.stringify(ok));
            }
            for (const [bad, shown] of [
                [undefined, ""],
                [
                    { type: "git", url: "git+https://github.com/fabrikam/lighthouse-pec.git" },
                    "git+https://github.com/fabrikam/lighthouse-pec.git",
                ],
            ] as const) {
                const r = pack(bad);
                assert.equal(r.status, 1, JSON.stringify(bad));
                assert.ok(
                    r.stdout.includes(
                        `::error title=package.json repository::repository is "${shown}", not this repository (${REPOSITORY_URL}): `,
                    ),
                    r.stdout,
                );
                assert.ok(
                    r.stdout.includes(`Fix: npm pkg set repository.type=git repository.url=git+${REPOSITORY_URL}.git`),
                );
            }
        });
    });

    it("npm publish gets the built tarball, --provenance, public access, and the dist-tag next for a pre-release", () => {
        const body = script("release.yml", "publish", (s) => /\bnpm publish\b/.test(s.run ?? ""));
        withTempDir((dir) => {
            const bin = stubNpm(dir, "");
            const args = () => fs.readFileSync(path.join(dir, "npm-args"), "utf8").trim();
            assert.equal(runStep(body, { VERSION: "0.2.0", TARBALL: "lighthouse-pec-0.2.0.tgz" }, dir, bin).status, 0);
            assert.equal(args(), "publish ./lighthouse-pec-0.2.0.tgz --provenance --access public --tag latest");
            const rc = { VERSION: "0.2.0-rc.1", TARBALL: "lighthouse-pec-0.2.0-rc.1.tgz" };
            assert.equal(runStep(body, rc, dir, bin).status, 0);
            assert.equal(args(), "publish ./lighthouse-pec-0.2.0-rc.1.tgz --provenance --access public --tag next");
            assert.notEqual(runStep(body, rc, dir, stubNpm(dir, "exit 1")).status, 0, "a failed publish fails the job");
        });
    });
});
