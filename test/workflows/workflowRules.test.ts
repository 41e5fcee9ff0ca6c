import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { checkWorkflows, globsIntersect, WorkflowRule, WorkflowText } from "./workflowRules";

const WORKFLOWS = path.resolve(__dirname, "..", "..", ".github", "workflows");

function repositoryWorkflows(): WorkflowText[] {
    return fs
        .readdirSync(WORKFLOWS)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((name) => ({ name, text: fs.readFileSync(path.join(WORKFLOWS, name), "utf8") }));
}

/** The repository's workflows with one of them edited: `from` must occur in it (the fault is really injected). */
function withEdit(file: string, from: string | RegExp, to: string): WorkflowText[] {
    return repositoryWorkflows().map((w) => {
        if (w.name !== file) return w;
        const text = w.text.replace(from, to);
        assert.notEqual(text, w.text, `the edit of ${file} did not apply: ${String(from)} not found`);
        return { name: w.name, text };
    });
}

/** The repository's workflows plus one more. */
function withExtra(name: string, text: string): WorkflowText[] {
    return [...repositoryWorkflows(), { name, text }];
}

function rulesOf(files: WorkflowText[]): WorkflowRule[] {
    return [...new Set(checkWorkflows(files).map((f) => f.rule))].sort();
}

function assertCaught(files: WorkflowText[], rule: WorkflowRule, where?: string, message?: RegExp): void {
    const findings = checkWorkflows(files).filter((f) => f.rule === rule);
    assert.ok(findings.length > 0, `no ${rule} finding; all findings: ${JSON.stringify(checkWorkflows(files))}`);
    for (const f of findings) assert.match(f.message, /Fix: /, `${rule}: the message says how to fix it`);
    const here = findings.filter(
        (f) => (where === undefined || f.where === where) && (!message || message.test(f.message)),
    );
    assert.ok(
        here.length > 0,
        `${rule} at ${where ?? "any place"} matching ${String(message)}: ${JSON.stringify(findings)}`,
    );
}

const PR_JOB = (body: string): string =>
    [
        "on: pull_request",
        "permissions:",
        "  contents: read",
        "jobs:",
        "  job:",
        "    runs-on: ubuntu-latest",
        body,
    ].join("\n");

const CHECKOUT = "actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803 # v6.1.0";

describe("workflow rules (test/workflows/workflowRules.ts)", () => {
    it("the repository's workflows keep every rule: preview, deploy, ci, verify and release", () => {
        const files = repositoryWorkflows();
        assert.deepEqual(files.map((f) => f.name).sort(), [
            "ci.yml",
            "deploy.yml",
            "preview.yml",
            "release.yml",
            "verify.yml",
            "watch.yml",
        ]);
        assert.deepEqual(checkWorkflows(files), []);
    });

    describe("unpinned-action", () => {
        it("catches a tag, a branch, a short SHA, a missing version comment, an image tag and a reusable workflow", () => {
            const notSha = /not pinned by a full commit SHA/;
            assertCaught(
                withEdit("preview.yml", CHECKOUT, "actions/checkout@v6 # v6"),
                "unpinned-action",
                "jobs.stacks.steps[0]",
                notSha,
            );
            assertCaught(
                withEdit("ci.yml", CHECKOUT, "actions/checkout@main # v6.1.0"),
                "unpinned-action",
                "jobs.check.steps[0]",
                notSha,
            );
            assertCaught(
                withEdit("verify.yml", CHECKOUT, "actions/checkout@d23441a # v6.1.0"),
                "unpinned-action",
                undefined,
                notSha,
            );
            assertCaught(
                withEdit("deploy.yml", / # v7\.0\.0/, ""),
                "unpinned-action",
                "jobs.deploy.steps[8]",
                /without its version as a comment/,
            );
            assertCaught(
                withExtra("image.yml", PR_JOB("    steps:\n      - uses: docker://alpine:3.20")),
                "unpinned-action",
                "jobs.job.steps[0]",
                /not pinned by digest/,
            );
            assertCaught(
                withExtra(
                    "reuse.yml",
                    "on: push\npermissions: {}\njobs:\n  call:\n    uses: someone/shared/.github/workflows/deploy.yml@main\n",
                ),
                "unpinned-action",
                "jobs.call",
            );
        });

        it("catches the same version pinned to two SHAs across files (a SHA swapped in one place)", () => {
            const files = withEdit(
                "verify.yml",
                "actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803",
                "actions/checkout@0123456789abcdef0123456789abcdef01234567",
            );
            const findings = checkWorkflows(files).filter((f) => f.rule === "unpinned-action");
            assert.ok(
                findings.some((f) => /two SHAs/.test(f.message)),
                JSON.stringify(findings),
            );
        });

        it("accepts local actions and images pinned by digest", () => {
            const digest = "a".repeat(64);
            const text = PR_JOB(
                `    steps:\n      - uses: ./.github/actions/local\n      - uses: docker://alpine@sha256:${digest}`,
            );
            assert.deepEqual(checkWorkflows([{ name: "ok.yml", text }]), []);
        });
    });

    describe("pull-request-target", () => {
        it("catches it as a string, in a list and as a key", () => {
            assertCaught(
                withEdit("preview.yml", /^ {2}pull_request:$/m, "  pull_request_target:"),
                "pull-request-target",
                "on",
            );
            for (const on of ["on: pull_request_target", "on: [push, pull_request_target]"]) {
                const text = `${on}\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n`;
                assert.deepEqual(rulesOf([{ name: "t.yml", text }]), ["pull-request-target"]);
            }
        });
    });

    describe("expression-in-run", () => {
        it("catches event text spliced into run: (title, head_ref, with or without spaces, multi-line)", () => {
            for (const expression of [
                "${{ github.event.pull_request.title }}",
                "${{ github.head_ref }}",
                "${{github.event.pull_request.head.ref}}",
                "${{ inputs.base }}",
            ]) {
                const files = withEdit(
                    "preview.yml",
                    "stacks=$(npm run",
                    `echo "${expression}"\n          stacks=$(npm run`,
                );
                const findings = checkWorkflows(files).filter((f) => f.rule === "expression-in-run");
                assert.equal(findings.length, 1, expression);
                assert.equal(findings[0].where, "jobs.stacks.steps[3]");
                assert.match(findings[0].message, /event text/);
            }
        });

        it("catches any other expression in run: and event text in a github-script", () => {
            const matrix = withEdit("deploy.yml", '"Pulumi.$STACK.yaml"', '"Pulumi.${{ matrix.stack }}.yaml"');
            assertCaught(matrix, "expression-in-run", "jobs.deploy.steps[2]");
            const script = PR_JOB(
                [
                    "    steps:",
                    "      - uses: actions/github-script@0123456789abcdef0123456789abcdef01234567 # v8.0.0",
                    "        with:",
                    "          script: console.log('${{ github.event.issue.body }}')",
                ].join("\n"),
            );
            assert.deepEqual(rulesOf([{ name: "s.yml", text: script }]), ["expression-in-run"]);
        });

        it("lets the same text through env: and if:", () => {
            const text = PR_JOB(
                [
                    "    if: github.event.pull_request.head.repo.full_name == github.repository",
                    "    steps:",
                    "      - env:",
                    "          TITLE: ${{ github.event.pull_request.title }}",
                    '        run: echo "$TITLE"',
                ].join("\n"),
            );
            assert.deepEqual(checkWorkflows([{ name: "ok.yml", text }]), []);
        });
    });

    describe("credentials-without-environment", () => {
        it("catches the preview job without its environment", () => {
            assertCaught(
                withEdit("preview.yml", /^ {4}environment: preview-\$\{\{ matrix\.stack \}\}\n/m, ""),
                "credentials-without-environment",
                "jobs.preview",
            );
        });

        it("catches id-token, a secret, write-all and undeclared permissions in a pull-request job", () => {
            assertCaught(
                withEdit(
                    "preview.yml",
                    /(stacks:\n(?:.*\n)*? {4}permissions:\n {6}contents: read\n)/,
                    "$1      id-token: write\n",
                ),
                "credentials-without-environment",
                "jobs.stacks",
            );
            assertCaught(
                withEdit(
                    "ci.yml",
                    "      - run: .ci/run",
                    "      - run: .ci/run\n        env:\n          TOKEN: ${{ secrets.PULUMI_ACCESS_TOKEN }}",
                ),
                "credentials-without-environment",
                "jobs.check",
            );
            assertCaught(
                withEdit("ci.yml", /^permissions:\n {2}contents: read\n/m, "permissions: write-all\n"),
                "credentials-without-environment",
            );
            assertCaught(
                withEdit("ci.yml", /^permissions:\n {2}contents: read\n/m, ""),
                "credentials-without-environment",
            );
        });

        it("does not count the automatic GITHUB_TOKEN with read scopes, or jobs of workflows pull requests cannot trigger", () => {
            const text = PR_JOB(
                "    steps:\n      - env:\n          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n        run: gh pr view",
            );
            assert.deepEqual(checkWorkflows([{ name: "ok.yml", text }]), []);
            assert.deepEqual(
                rulesOf(withEdit("verify.yml", /\n {4}permissions:\n {6}contents: read\n {6}id-token: write/, "")),
                [],
            );
        });
    });

    describe("shared-environment", () => {
        it("catches a preview environment that is the bare stack name (the PR's output could name a deploy environment)", () => {
            assertCaught(
                withEdit("preview.yml", "environment: preview-${{ matrix.stack }}", "environment: ${{ matrix.stack }}"),
                "shared-environment",
                "jobs.preview",
            );
        });

        it("catches a preview in a deploy environment, and any pull-request job naming one", () => {
            assertCaught(
                withEdit(
                    "preview.yml",
                    "environment: preview-${{ matrix.stack }}",
                    "environment: deploy-${{ matrix.stack }}",
                ),
                "shared-environment",
            );
            const stray = PR_JOB("    environment: deploy-customer-contoso\n    steps:\n      - run: ./script");
            assertCaught(withExtra("stray.yml", stray), "shared-environment", "jobs.job");
            const named = PR_JOB(
                "    environment:\n      name: Deploy-Customer-Contoso\n    steps:\n      - run: ./script",
            );
            assertCaught(withExtra("named.yml", named), "shared-environment", "jobs.job");
        });

        it("compares environment globs (an expression is any value; names are case-insensitive)", () => {
            const cases: [string, string, boolean][] = [
                ["preview-*", "deploy-*", false],
                ["*", "deploy-*", true],
                ["deploy-*", "deploy-*", true],
                ["preview-*", "preview-*-x", true],
                ["pre*", "preview-*", true],
                ["*-prod", "deploy-*", true],
                ["*-preview", "deploy-*-prod", false],
                ["deploy-customer-contoso", "deploy-*", true],
                ["DEPLOY-x", "deploy-*", true],
                ["preview-x", "deploy-x", false],
                ["staging", "deploy-*", false],
            ];
            for (const [a, b, expected] of cases) {
                assert.equal(globsIntersect(a, b), expected, `${a} ∩ ${b}`);
                assert.equal(globsIntersect(b, a), expected, `${b} ∩ ${a}`);
            }
        });
    });

    describe("deploy-without-environment", () => {
        it("catches the deploy job without its environment", () => {
            assertCaught(
                withEdit("deploy.yml", /^ {4}environment: deploy-\$\{\{ matrix\.stack \}\}\n/m, ""),
                "deploy-without-environment",
                "jobs.deploy",
            );
        });
    });

    describe("pulumi-up-on-pull-request", () => {
        it("catches pulumi/actions with up, or with a command an expression picks", () => {
            assertCaught(
                withEdit("preview.yml", "command: preview", "command: up"),
                "pulumi-up-on-pull-request",
                "jobs.preview",
            );
            assertCaught(
                withEdit("preview.yml", "command: preview", "command: ${{ vars.PULUMI_COMMAND }}"),
                "pulumi-up-on-pull-request",
            );
        });

        it("catches pulumi up, destroy and refresh in run:, with flags first, and lighthouse-pec fleet up", () => {
            for (const script of [
                "pulumi up --yes --stack org/customer-contoso",
                "npx pulumi --cwd infra destroy --yes",
                "pulumi refresh -y",
                "npm run -s lighthouse-pec -- fleet up --csp",
            ]) {
                const files = withEdit(
                    "ci.yml",
                    "      - run: .ci/run",
                    `      - run: .ci/run\n      - run: ${script}`,
                );
                assertCaught(files, "pulumi-up-on-pull-request", "jobs.check");
            }
        });

        it("lets pulumi preview (also with --refresh) and comments through", () => {
            const text = PR_JOB(
                "    steps:\n      - run: |\n          # never pulumi up here\n          pulumi preview --refresh --stack x",
            );
            assert.deepEqual(checkWorkflows([{ name: "ok.yml", text }]), []);
        });
    });

    describe("npm publishing (release.yml)", () => {
        const PUBLISH = 'npm publish "./$TARBALL" --provenance --access public --tag "$tag"';

        it("catches publishing on a branch push, a pull request or by hand", () => {
            for (const [from, to] of [
                ['    tags: ["v*"]', "    branches: [main]"],
                ['    tags: ["v*"]', '    tags: ["v*"]\n    branches: [main]'],
                ["on:\n  push:", "on:\n  pull_request:\n  push:"],
                ["on:\n  push:", "on:\n  workflow_dispatch:\n  push:"],
            ]) {
                assertCaught(withEdit("release.yml", from, to), "publish-not-on-tag", "jobs.publish", /Fix: on: /);
            }
        });

        it("catches an npm token: a secret in env, NODE_AUTH_TOKEN set, an _authToken written", () => {
            const tokenEnv = withEdit(
                "release.yml",
                "          VERSION: ${{ needs.build.outputs.version }}\n          TARBALL: ${{ needs.build.outputs.tarball }}\n        run: |\n          tag=latest",
                "          VERSION: ${{ needs.build.outputs.version }}\n          TARBALL: ${{ needs.build.outputs.tarball }}\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n        run: |\n          tag=latest",
            );
            assertCaught(tokenEnv, "publish-with-token", "jobs.publish", /env NODE_AUTH_TOKEN, secrets\.NPM_TOKEN/);
            assertCaught(
                withEdit(
                    "release.yml",
                    PUBLISH,
                    `npm config set //registry.npmjs.org/:_authToken "$T"\n          ${PUBLISH}`,
                ),
                "publish-with-token",
                "jobs.publish",
                /_authToken/,
            );
            assertCaught(
                withEdit(
                    "release.yml",
                    "environment: npm-publish\n",
                    "environment: npm-publish\n    env:\n      NPM_TOKEN: x\n",
                ),
                "publish-with-token",
                "jobs.publish",
            );
        });

        it("catches npm publish without --provenance (also with flags before publish) and a job without id-token: write", () => {
            assertCaught(
                withEdit("release.yml", PUBLISH, 'npm publish "./$TARBALL" --access public'),
                "publish-without-provenance",
                "jobs.publish",
                /has no --provenance/,
            );
            assertCaught(
                withEdit("release.yml", PUBLISH, `${PUBLISH}\n          npm --tag next publish other.tgz`),
                "publish-without-provenance",
                "jobs.publish",
                /npm --tag next publish other\.tgz has no --provenance/,
            );
            assertCaught(
                withEdit(
                    "release.yml",
                    /(environment: npm-publish\n {4}permissions:\n {6}contents: read\n) {6}id-token: write\n/,
                    "$1",
                ),
                "publish-without-provenance",
                "jobs.publish",
                /no id-token: write/,
            );
        });

        it("catches the publish job without its environment", () => {
            assertCaught(
                withEdit("release.yml", /^ {4}environment: npm-publish\n/m, ""),
                "publish-without-environment",
                "jobs.publish",
                /Fix: environment: npm-publish/,
            );
        });

        it("counts npm publish only: npm pack, npm run publish-docs and a comment are not publishing", () => {
            const text = [
                "on: push",
                "permissions: {}",
                "jobs:",
                "  pack:",
                "    runs-on: ubuntu-latest",
                "    steps:",
                "      - run: |",
                "          # npm publish happens in release.yml",
                "          npm pack",
                "          npm run publish-docs",
            ].join("\n");
            assert.deepEqual(checkWorkflows([{ name: "ok.yml", text }]), []);
        });
    });
});
