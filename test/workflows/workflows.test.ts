import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { projectFileReader } from "../../cli/changedStacks";
import { buildProgram } from "../../cli/main";
import { programClosure } from "../../fleet/programClosure";

const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");

interface Step {
    id?: string;
    name?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
}
interface Job {
    if?: string;
    needs?: string | string[];
    outputs?: Record<string, string>;
    permissions?: Record<string, string>;
    env?: Record<string, string>;
    steps: Step[];
    strategy?: { matrix?: Record<string, unknown> };
    environment?: string;
    concurrency?: { group: string; "cancel-in-progress": boolean };
}
interface Workflow {
    on: Record<string, Record<string, unknown> | null>;
    jobs: Record<string, Job>;
    defaults?: { run?: { shell?: string } };
    permissions?: Record<string, string>;
}

function load(name: string): { text: string; workflow: Workflow } {
    const text = fs.readFileSync(path.join(WORKFLOWS, name), "utf8");
    return { text, workflow: yaml.load(text) as Workflow };
}

const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const FORK_GUARD = "github.event.pull_request.head.repo.full_name == github.repository";

/** `npm run --silent lighthouse-pec -- <command> <flags...>` lines of a workflow. */
function cliInvocations(workflow: Workflow): { command: string; flags: string[] }[] {
    return Object.values(workflow.jobs)
        .flatMap((j) => j.steps)
        .map((s) => s.run ?? "")
        .map((run) => /lighthouse-pec -- ([a-z-]+)([^>)]*)/.exec(run))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ command: m[1], flags: [...m[2].matchAll(/(--[a-z-]+)/g)].map((f) => f[1]) }));
}

function stepUsing(job: Job, action: string): Step {
    const step = job.steps.find((s) => s.uses?.startsWith(`${action}@`));
    assert.ok(step, `the job uses ${action}`);
    return step;
}

/** A workflow path-filter glob as GitHub reads it: `**` crosses folders, `*` does not. */
function globPattern(glob: string): RegExp {
    const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(
        `^${escaped
            .replace(/\*\*/g, "\u0000")
            .replace(/\*/g, "[^/]*")
            .replace(/\u0000/g, ".*")}$`,
    );
}

/** What this repository's program loads (what changed-stacks previews every stack for). */
const PROGRAM_FILES = programClosure(projectFileReader(ROOT)).files;

/** The files of the program that the workflow's path filter lets through no run for (none, when it is right). */
function programFilesMissedBy(workflow: Workflow, event: string, programFiles = PROGRAM_FILES): string[] {
    const paths = (workflow.on[event] as { paths: string[] }).paths;
    assert.ok(paths.includes("Pulumi.*.yaml"), "a change to a stack file runs it");
    const patterns = paths.map(globPattern);
    return programFiles.filter((file) => !patterns.some((p) => p.test(file)));
}

describe("GitHub workflows: what each one runs, with which identity", () => {
    it("the path-filter check finds a program file no filter lets through (so an empty result means something)", () => {
        const { workflow } = load("preview.yml");
        const on = workflow.on.pull_request as { paths: string[] };
        const narrowed = {
            ...workflow,
            on: { pull_request: { paths: on.paths.filter((p) => p !== "components/**") } },
        };
        const missed = programFilesMissedBy(narrowed, "pull_request");
        assert.ok(missed.includes("components/customerDelegation/index.ts"), missed.join(", "));
        assert.ok(
            missed.every((f) => f.startsWith("components/")),
            missed.join(", "),
        );
        assert.ok(globPattern("Pulumi.*.yaml").test("Pulumi.customer-a.yaml"));
        assert.ok(!globPattern("Pulumi.*.yaml").test("examples/x/Pulumi.dev.yaml"), "* stays in one folder");
        assert.ok(globPattern("core/**").test("core/roles/catalogue.json"), "** crosses folders");
    });

    it("preview.yml: the stacks job holds no credentials; forks are skipped before any code runs", () => {
        const { workflow } = load("preview.yml");
        assert.deepEqual(Object.keys(workflow.on), ["pull_request"], "pull requests only, never pull_request_target");
        assert.deepEqual(programFilesMissedBy(workflow, "pull_request"), [], "every file the program loads runs it");
        assert.deepEqual(workflow.permissions, { contents: "read" });
        const stacks = workflow.jobs.stacks;
        assert.equal(stacks.if, FORK_GUARD);
        assert.deepEqual(stacks.permissions, { contents: "read" });
        assert.equal(stacks.environment, undefined);
        assert.match(stacks.steps.find((s) => s.id === "changed")?.run ?? "", /changed-stacks --base "\$BASE_SHA"/);
        assert.equal(
            stacks.steps.find((s) => s.id === "changed")?.env?.BASE_SHA,
            "${{ github.event.pull_request.base.sha }}",
        );
    });

    it("preview.yml: the preview job signs in read-only, in preview-<stack>, with a preview-team Pulumi token", () => {
        const { text, workflow } = load("preview.yml");
        const preview = workflow.jobs.preview;
        assert.ok(preview.if?.includes(FORK_GUARD), "forks never reach it");
        assert.ok(preview.if?.includes("needs.stacks.outputs.stacks != '' && needs.stacks.outputs.stacks != '[]'"));
        assert.equal(preview.environment, "preview-${{ matrix.stack }}");
        assert.equal(preview.strategy?.matrix?.stack, "${{ fromJSON(needs.stacks.outputs.stacks) }}");
        assert.deepEqual(preview.permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });
        assert.deepEqual(
            {
                ARM_USE_OIDC: preview.env?.ARM_USE_OIDC,
                ARM_CLIENT_ID: preview.env?.ARM_CLIENT_ID,
                ARM_TENANT_ID: preview.env?.ARM_TENANT_ID,
                ARM_SUBSCRIPTION_ID: preview.env?.ARM_SUBSCRIPTION_ID,
            },
            {
                ARM_USE_OIDC: "true",
                ARM_CLIENT_ID: "${{ vars.PREVIEW_CLIENT_ID }}",
                ARM_TENANT_ID: "${{ vars.MANAGING_TENANT_ID }}",
                ARM_SUBSCRIPTION_ID: "${{ vars.AZURE_SUBSCRIPTION_ID }}",
            },
        );
        const auth = stepUsing(preview, "pulumi/auth-actions");
        assert.deepEqual(auth.with, {
            organization: "${{ vars.PULUMI_ORG }}",
            "requested-token-type": "urn:pulumi:token-type:access_token:team",
            scope: "team:${{ vars.PULUMI_PREVIEW_TEAM }}",
            "token-expiration": 3600,
        });
        const pulumi = stepUsing(preview, "pulumi/actions");
        assert.equal(pulumi.with?.command, "preview");
        assert.equal(pulumi.with?.["comment-on-pr"], true);
        assert.notEqual(pulumi.with?.refresh, true, "no refresh: a preview reads nothing from Azure");
        assert.match(String(pulumi.with?.["stack-name"]), /^\$\{\{ vars\.PULUMI_ORG \}\}\/\$\{\{ matrix\.stack \}\}$/);
        const order = (s: Step | undefined) => preview.steps.indexOf(s!);
        assert.equal(order(preview.steps.find((s) => s.run?.includes("ACTIONS_ID_TOKEN_REQUEST_URL"))), 0);
        assert.ok(order(auth) > order(preview.steps.find((s) => s.run?.startsWith("npm ci"))), "token after npm ci");
        assert.ok(order(preview.steps.find((s) => s.run?.includes("partnerStack"))) < order(auth));
        assert.ok(!preview.steps.some((s) => s.uses?.startsWith("azure/login@")), "no az CLI sign-in: nothing uses it");
        assert.deepEqual(
            [...text.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]),
            ["GITHUB_TOKEN"],
            "no repository secret: no PULUMI_ACCESS_TOKEN, no Azure secret",
        );
    });

    it("preview.yml: a fork's pull request gets a notice job with no permissions", () => {
        const { workflow } = load("preview.yml");
        const fork = workflow.jobs.fork;
        assert.equal(fork.if, FORK_GUARD.replace("==", "!="));
        assert.deepEqual(fork.permissions, {});
        const say = fork.steps[0].run ?? "";
        assert.match(say, /::notice title=No preview for a fork::/);
        assert.match(say, />> "\$GITHUB_STEP_SUMMARY"/);
        assert.match(say, /forks are not run: a fork's run gets no OIDC token and no secrets/);
    });

    it("deploy.yml: pulumi up from main only, per stack in deploy-<stack>, never cancelled, deploy-team token", () => {
        const { text, workflow } = load("deploy.yml");
        assert.deepEqual(Object.keys(workflow.on).sort(), ["push", "workflow_dispatch"]);
        assert.deepEqual((workflow.on.push as { branches: string[] }).branches, ["main"]);
        assert.deepEqual(programFilesMissedBy(workflow, "push"), [], "every file the program loads runs it");
        const stacks = workflow.jobs.stacks;
        assert.match(stacks.steps[0].run ?? "", /"\$REF" != "refs\/heads\/main"/, "refuses to run off main");
        const changed = stacks.steps.find((s) => s.id === "changed");
        assert.match(changed?.run ?? "", /changed-stacks --base "\$base"/);
        assert.deepEqual(changed?.env, {
            EVENT: "${{ github.event_name }}",
            BEFORE: "${{ github.event.before }}",
            BASE_INPUT: "${{ inputs.base }}",
        });
        const deploy = workflow.jobs.deploy;
        assert.ok(deploy.if?.includes("github.ref == 'refs/heads/main'"));
        assert.equal(deploy.environment, "deploy-${{ matrix.stack }}");
        assert.deepEqual(deploy.concurrency, { group: "deploy-${{ matrix.stack }}", "cancel-in-progress": false });
        assert.deepEqual(deploy.permissions, { contents: "read", "id-token": "write" });
        assert.equal(deploy.env?.ARM_CLIENT_ID, "${{ vars.DEPLOY_CLIENT_ID }}");
        assert.equal(stepUsing(deploy, "pulumi/auth-actions").with?.scope, "team:${{ vars.PULUMI_DEPLOY_TEAM }}");
        const up = stepUsing(deploy, "pulumi/actions");
        assert.equal(up.with?.command, "up");
        assert.notEqual(up.with?.upsert, true, "never creates a stack: a person does, and grants the teams");
        assert.deepEqual([...text.matchAll(/secrets\.([A-Z_]+)/g)], [], "no repository secret");
    });

    it("every checkout leaves no token in .git/config, in every workflow", () => {
        for (const file of files) {
            for (const job of Object.values(load(file).workflow.jobs)) {
                for (const step of job.steps.filter((s) => s.uses?.startsWith("actions/checkout@"))) {
                    assert.equal(step.with?.["persist-credentials"], false, `${file}: persist-credentials: false`);
                }
            }
        }
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
        const upload = stepUsing(workflow.jobs.verify, "actions/upload-artifact");
        assert.equal(upload.with?.path, "pec-report.html");
        assert.equal(upload.with?.["if-no-files-found"], "error");
        for (const step of [summary, upload]) {
            // After a verify that found problems (exit 1) the reports exist and must still be published.
            assert.match(step?.if ?? "", /!cancelled\(\)/);
            assert.ok(steps.indexOf(step!) > steps.indexOf(verify[0]));
        }
        assert.equal(workflow.jobs.verify.permissions?.["id-token"], "write");
    });

    it("watch.yml: daily, one watch run, markdown to the step summary, the state file kept even when the run fails", () => {
        const { workflow } = load("watch.yml");
        assert.ok("schedule" in workflow.on);
        const job = workflow.jobs.watch;
        const steps = job.steps;
        const watch = steps.filter((s) => s.run?.includes(" watch "));
        assert.equal(watch.length, 1);
        assert.match(watch[0].run ?? "", /--state watch-state\.json --out watch-report\.md/);
        const summary = steps.find((s) => s.run?.includes("$GITHUB_STEP_SUMMARY"));
        assert.match(summary?.run ?? "", /^cat watch-report\.md >> "\$GITHUB_STEP_SUMMARY"$/);
        const restore = stepUsing(job, "actions/cache/restore");
        const save = stepUsing(job, "actions/cache/save");
        assert.ok(steps.indexOf(restore) < steps.indexOf(watch[0]), "the state is restored before the run");
        assert.deepEqual([restore.with?.path, save.with?.path], ["watch-state.json", "watch-state.json"]);
        assert.equal(restore.with?.["restore-keys"], "watch-state-");
        // A cache key cannot be overwritten: each run saves under its own key, the next restores the newest by prefix.
        assert.equal(save.with?.key, "watch-state-${{ github.run_id }}");
        for (const step of [summary, save]) {
            // After a watch that found something at risk (exit 1), the report and the state must still be kept.
            assert.match(step?.if ?? "", /!cancelled\(\)/);
            assert.ok(steps.indexOf(step!) > steps.indexOf(watch[0]));
        }
        assert.equal(job.permissions?.["id-token"], "write");
        assert.deepEqual(job.concurrency ?? (workflow as unknown as { concurrency: unknown }).concurrency, {
            group: "watch-delegations",
            "cancel-in-progress": false,
        });
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
            JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { engines: { node: string } }
        ).engines.node;
        const floor = Number(/(\d+)/.exec(engines)?.[1]);
        assert.ok(
            (jobs[0].strategy?.matrix?.node as number[]).includes(floor),
            `the matrix tests Node ${floor}, the engines floor`,
        );
        assert.deepEqual(workflow.permissions, { contents: "read" });
        assert.ok(!/secrets\./.test(text), "no secrets: every test runs against fakes");
        assert.ok(fs.statSync(path.join(ROOT, ".ci", "run")).mode & 0o111, ".ci/run is executable");
    });

    it("release.yml: on version tags only; one build, tested and packed; the release and npm get that tarball", () => {
        const { text, workflow } = load("release.yml");
        assert.deepEqual(workflow.on, { push: { tags: ["v*"] } }, "a pushed version tag, nothing else");
        assert.deepEqual(workflow.permissions, {}, "no job gets a permission it does not name");
        assert.deepEqual(Object.keys(workflow.jobs).sort(), ["build", "publish", "release"]);
        const { build, release, publish } = workflow.jobs;

        assert.deepEqual(build.permissions, { contents: "read" });
        const order = (name: string | RegExp) =>
            build.steps.findIndex((s) => (typeof name === "string" ? s.run?.trim() === name : name.test(s.run ?? "")));
        assert.ok(order(/"\$TAG" != "v\$version"/) >= 0, "the tag is checked against package.json's version");
        assert.equal(build.steps[order(/"\$TAG" != "v\$version"/)].env?.TAG, "${{ github.ref_name }}");
        assert.ok(order(/CHANGELOG\.md > release-notes\.md/) >= 0, "release notes from the changelog");
        assert.ok(order(".ci/run") > order(/"\$TAG" != "v\$version"/), "tests (.ci/run) after the cheap checks");
        assert.ok(order(/^npm pack --json/) > order(".ci/run"), "packed after the tests passed");
        const upload = stepUsing(build, "actions/upload-artifact");
        assert.equal(upload.with?.path, "${{ steps.pack.outputs.tarball }}\nrelease-notes.md\n");
        assert.equal(upload.with?.["if-no-files-found"], "error");
        assert.equal(build.outputs?.tarball, "${{ steps.pack.outputs.tarball }}");

        assert.equal(release.needs, "build");
        assert.deepEqual(release.permissions, { contents: "write" }, "the only job that can write to the repository");
        const attach = release.steps.find((s) => s.run?.includes("gh release create"));
        assert.match(attach?.run ?? "", /gh release create "\$TAG" "\$TARBALL" .*--verify-tag/);
        assert.match(attach?.run ?? "", /gh release upload "\$TAG" "\$TARBALL" .*--clobber/, "a re-run replaces it");
        assert.equal(attach?.env?.TARBALL, "${{ needs.build.outputs.tarball }}");
        assert.equal(attach?.env?.GH_TOKEN, "${{ github.token }}");

        assert.equal(publish.needs, "build");
        assert.equal(publish.environment, "npm-publish", "required reviewers approve each publish");
        assert.deepEqual(publish.permissions, { contents: "read", "id-token": "write" });
        const npmPublish = publish.steps.filter((s) => /\bnpm publish\b/.test(s.run ?? ""));
        assert.equal(npmPublish.length, 1);
        assert.match(npmPublish[0].run ?? "", /npm publish "\.\/\$TARBALL" --provenance --access public --tag "\$tag"/);
        assert.equal(npmPublish[0].env?.TARBALL, "${{ needs.build.outputs.tarball }}", "the tarball the build tested");
        const setup = stepUsing(publish, "actions/setup-node");
        assert.ok(Number(setup.with?.["node-version"]) >= 24, "Node 24: its npm 11 can publish by OIDC");
        assert.equal(setup.with?.["registry-url"], "https://registry.npmjs.org");
        const before = (pattern: RegExp) => publish.steps.findIndex((s) => pattern.test(s.run ?? ""));
        assert.ok(before(/sort -V -C/) >= 0 && before(/sort -V -C/) < publish.steps.indexOf(npmPublish[0]));
        assert.ok(before(/repository is/) >= 0 && before(/repository is/) < publish.steps.indexOf(npmPublish[0]));

        const idToken = Object.entries(workflow.jobs).filter(([, job]) => job.permissions?.["id-token"] === "write");
        assert.deepEqual(
            idToken.map(([id]) => id),
            ["publish"],
        );
        assert.ok(!/secrets\./.test(text), "no secrets: no NPM_TOKEN, the GitHub token is github.token");
        assert.ok(!/NODE_AUTH_TOKEN|NPM_TOKEN|_authToken/.test(text.replace(/^#.*$/gm, "")), "no npm token");
    });

    it("every lighthouse-pec command a workflow runs exists, with the flags it passes", () => {
        const program = buildProgram(
            { out: () => undefined, err: () => undefined, stdoutIsTTY: false, stderrIsTTY: false, env: {} },
            {},
            () => undefined,
        );
        const invocations = files.flatMap((f) => cliInvocations(load(f).workflow));
        assert.ok(invocations.filter((i) => i.command === "changed-stacks").length >= 2, "preview and deploy");
        for (const { command, flags } of invocations) {
            const sub = program.commands.find((c) => c.name() === command);
            assert.ok(sub, `lighthouse-pec ${command} is not a command`);
            const known = new Set(sub.options.map((o) => o.long));
            for (const flag of flags) {
                assert.ok(known.has(flag), `lighthouse-pec ${command} has no ${flag}`);
            }
        }
        const scripts = (
            JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
        ).scripts;
        assert.ok(scripts["lighthouse-pec"], "the workflows run the CLI through the lighthouse-pec npm script");
    });

    it("every action runs on a current major (node24 runtimes), read from its version comment", () => {
        // First majors on node24: actions/checkout v5, actions/setup-node v5, azure/login v3, pulumi/actions v7,
        // actions/upload-artifact v6, actions/download-artifact v7, pulumi/auth-actions v2, actions/cache (restore, save)
        // v5 (each one's action.yml `runs.using`).
        const minimum: Record<string, number> = {
            "actions/checkout": 5,
            "actions/setup-node": 5,
            "azure/login": 3,
            "pulumi/actions": 7,
            "actions/upload-artifact": 6,
            "actions/download-artifact": 7,
            "pulumi/auth-actions": 2,
            "actions/cache/restore": 5,
            "actions/cache/save": 5,
        };
        const uses = files.flatMap((f) =>
            [...load(f).text.matchAll(/uses: ([\w./-]+)@([0-9a-f]{40}) # v(\d+)\.\d+\.\d+$/gm)].map((m) => ({
                file: f,
                action: m[1],
                major: Number(m[3]),
            })),
        );
        const all = files.flatMap((f) => [...load(f).text.matchAll(/^\s*-?\s*uses: /gm)]);
        assert.equal(uses.length, all.length, "every uses: line is a SHA with a vX.Y.Z comment");
        assert.ok(uses.length >= 15);
        for (const { file, action, major } of uses) {
            assert.ok(
                action in minimum,
                `${file}: ${action} is an action this test does not know: add its first node24 major`,
            );
            assert.ok(major >= minimum[action], `${file}: ${action} v${major} runs on a deprecated runtime`);
        }
    });
});

describe("dependency updates and the policy pack's lockfile", () => {
    it("dependabot.yml keeps the actions, the library's npm packages and the policy pack's current", () => {
        const config = yaml.load(fs.readFileSync(path.join(ROOT, ".github", "dependabot.yml"), "utf8")) as {
            version: number;
            updates: { "package-ecosystem": string; directory: string; schedule: { interval: string } }[];
        };
        assert.equal(config.version, 2);
        assert.deepEqual(config.updates.map((u) => `${u["package-ecosystem"]} ${u.directory}`).sort(), [
            "github-actions /",
            "npm /",
            "npm /policy",
        ]);
        for (const update of config.updates) assert.ok(update.schedule.interval, "each one has a schedule");
    });

    it("policy/package-lock.json locks exactly what policy/package.json asks for (npm ci would refuse otherwise)", () => {
        type Manifest = { name: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
        const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "policy", "package.json"), "utf8")) as Manifest;
        const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "policy", "package-lock.json"), "utf8")) as {
            name: string;
            lockfileVersion: number;
            packages: Record<string, Partial<Manifest> & { version?: string; integrity?: string; link?: boolean }>;
        };
        assert.equal(lock.name, manifest.name);
        assert.equal(lock.lockfileVersion, 3);
        assert.deepEqual(lock.packages[""].dependencies, manifest.dependencies);
        assert.deepEqual(lock.packages[""].devDependencies, manifest.devDependencies);
        for (const name of [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)]) {
            assert.ok(lock.packages[`node_modules/${name}`]?.version, `${name} is locked`);
        }
        const unverifiable = Object.entries(lock.packages).filter(([key, p]) => key !== "" && !p.link && !p.integrity);
        assert.deepEqual(unverifiable, [], "every package carries its integrity hash");
    });

    it("docs/policy-pack.md installs the pack with npm ci", () => {
        const doc = fs.readFileSync(path.join(ROOT, "docs", "policy-pack.md"), "utf8");
        assert.match(doc, /cd lighthouse-pec\/policy && npm ci/);
        assert.ok(
            !/lighthouse-pec\/policy && npm install/.test(doc),
            "not npm install: it would re-resolve the versions",
        );
    });
});
