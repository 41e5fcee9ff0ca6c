import * as yaml from "js-yaml";

/**
 * The security rules every `.github/workflows/*.yml` of this repository keeps (docs/pull-request-previews.md,
 * "The workflow test"). Pure: it reads workflow texts, never the disk or GitHub.
 */
export type WorkflowRule =
    /** An action or reusable workflow not pinned by a full commit SHA with its version as a comment. */
    | "unpinned-action"
    /** `on: pull_request_target`: the base repository's secrets next to a pull request's code. */
    | "pull-request-target"
    /** An expression (`${{ … }}`, e.g. event text) spliced into a `run:` script or a github-script. */
    | "expression-in-run"
    /** A job a pull request triggers that holds credentials (a write token, id-token, secrets) without an environment. */
    | "credentials-without-environment"
    /** A job a pull request can steer (or a preview) whose environment can be a deploy job's environment. */
    | "shared-environment"
    /** A job that runs `pulumi up` (or another command that changes a stack) without an environment. */
    | "deploy-without-environment"
    /** `pulumi up` (or destroy, refresh, import, `fleet up`) in a workflow pull requests trigger. */
    | "pulumi-up-on-pull-request"
    /** `npm publish` in a workflow that anything but a pushed tag triggers (a branch push, a pull request, by hand). */
    | "publish-not-on-tag"
    /** `npm publish` next to a long-lived registry token: a secret, NODE_AUTH_TOKEN / NPM_TOKEN set, an `_authToken`. */
    | "publish-with-token"
    /** `npm publish` without `--provenance`, or in a job without `id-token: write` (no OIDC, no trusted publishing). */
    | "publish-without-provenance"
    /** `npm publish` in a job without an environment, so no reviewer approves a release. */
    | "publish-without-environment";

/** One problem a rule found: where, and what to do about it. */
export interface WorkflowFinding {
    /** The rule broken. */
    rule: WorkflowRule;
    /** The workflow's file name. */
    file: string;
    /** Where in the workflow: `on`, `jobs.<job>`, `jobs.<job>.steps[<n>]`. */
    where: string;
    /** What is wrong, with the value, and the fix. */
    message: string;
}

/** A workflow file: its name and text. */
export interface WorkflowText {
    /** File name, e.g. `preview.yml`. */
    name: string;
    /** The YAML text as committed. */
    text: string;
}

type Mapping = Record<string, unknown>;

/** Events whose runs carry a pull request's code or its text. */
const PULL_REQUEST_EVENTS = new Set([
    "pull_request",
    "pull_request_target",
    "pull_request_review",
    "pull_request_review_comment",
]);

/** Pulumi commands that change a stack's state or its resources. */
const STATE_CHANGING = new Set(["up", "update", "destroy", "import", "refresh"]);

const EXPRESSION = /\$\{\{[\s\S]*?\}\}/g;
const EVENT_TEXT = /github\s*\.\s*(event|head_ref)\b|github\s*\[|inputs\s*\./;
const FULL_SHA = /^[0-9a-f]{40}$/;
const VERSION_COMMENT = "\\s*#\\s*(v?\\d+(?:\\.\\d+){0,2}[^\\s#]*)";

function isMapping(value: unknown): value is Mapping {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The events that trigger a workflow, from any of the forms `on:` takes. */
export function triggersOf(workflow: Mapping): string[] {
    const on = workflow.on;
    if (typeof on === "string") return [on];
    if (Array.isArray(on)) return on.filter((e): e is string => typeof e === "string");
    if (isMapping(on)) return Object.keys(on);
    return [];
}

function jobsOf(workflow: Mapping): [string, Mapping][] {
    return isMapping(workflow.jobs)
        ? Object.entries(workflow.jobs).filter((entry): entry is [string, Mapping] => isMapping(entry[1]))
        : [];
}

function stepsOf(job: Mapping): Mapping[] {
    return Array.isArray(job.steps) ? job.steps.filter(isMapping) : [];
}

function usesOf(step: Mapping): string | undefined {
    return typeof step.uses === "string" ? step.uses.trim() : undefined;
}

function isAction(uses: string | undefined, action: string): boolean {
    return uses !== undefined && uses.toLowerCase().startsWith(`${action}@`);
}

/** Shell words of a script, comments dropped, split at command separators. */
function commandsOf(script: string): string[][] {
    return script
        .split("\n")
        .map((line) => line.replace(/(^|\s)#.*$/, ""))
        .join("\n")
        .split(/[;&|\n()`]+/)
        .map((command) => command.split(/\s+/).filter((w) => w !== ""));
}

/** The Pulumi commands a script runs (`pulumi [flags…] <command>`, `lighthouse-pec fleet up` counts as `up`). */
function pulumiCommandsIn(script: string): string[] {
    const found: string[] = [];
    for (const words of commandsOf(script)) {
        const pulumi = words.findIndex((w) => /(^|\/)pulumi$/.test(w.replace(/["']/g, "")));
        if (pulumi >= 0) found.push(...words.slice(pulumi + 1).filter((w) => !w.startsWith("-")));
        const fleet = words.indexOf("fleet");
        if (fleet >= 0 && words[fleet + 1] !== undefined) found.push(words[fleet + 1]);
    }
    return found;
}

/** What a job does with Pulumi: "deploy" when it can change a stack, "preview" when it previews, else undefined. */
function pulumiRole(job: Mapping): "deploy" | "preview" | undefined {
    let role: "deploy" | "preview" | undefined;
    for (const step of stepsOf(job)) {
        const commands: string[] = [];
        if (isAction(usesOf(step), "pulumi/actions")) {
            const command = isMapping(step.with) ? step.with.command : undefined;
            // A command chosen by an expression can be `up`: count it as one.
            commands.push(typeof command === "string" ? (/\$\{\{/.test(command) ? "up" : command.trim()) : "");
        }
        if (typeof step.run === "string") commands.push(...pulumiCommandsIn(step.run));
        if (commands.some((c) => STATE_CHANGING.has(c))) return "deploy";
        if (commands.includes("preview")) role = "preview";
    }
    return role;
}

/** The `npm publish` commands of a job's scripts, as shell words (`npm [flags…] publish …`). */
function npmPublishesIn(job: Mapping): string[][] {
    const found: string[][] = [];
    for (const step of stepsOf(job)) {
        if (typeof step.run !== "string") continue;
        for (const words of commandsOf(step.run)) {
            const npm = words.findIndex((w) => /(^|\/)npm$/.test(w.replace(/["']/g, "")));
            if (npm < 0) continue;
            const rest = words.slice(npm + 1);
            const command = rest.find((w) => !w.startsWith("-"));
            // `npm --tag next publish` counts; `npm run publish` (a script) does not.
            if (rest.includes("publish") && !["run", "run-script", "exec"].includes(command ?? "")) found.push(words);
        }
    }
    return found;
}

/** Where a job (with its workflow) reaches a long-lived registry token. */
function registryTokensOf(job: Mapping, workflow: Mapping): string[] {
    const held: string[] = [];
    const envs = [workflow.env, job.env, ...stepsOf(job).map((s) => s.env)].filter(isMapping);
    for (const env of envs) {
        for (const key of Object.keys(env)) {
            if (/^(NODE_AUTH_TOKEN|NPM_TOKEN|NPM_CONFIG_?_?AUTH\w*)$/i.test(key)) held.push(`env ${key}`);
        }
    }
    const text = JSON.stringify(job);
    for (const match of text.matchAll(/secrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[)/g)) {
        if (match[1] !== "GITHUB_TOKEN") held.push(`secrets.${match[1] ?? "[…]"}`);
    }
    if (/_authToken/.test(text)) held.push("an _authToken setting");
    return [...new Set(held)];
}

/** Whether the workflow runs only on pushed tags: `on: push` with `tags`, and no branches or other events. */
function onTagsOnly(workflow: Mapping): boolean {
    const on = workflow.on;
    if (!isMapping(on) || Object.keys(on).join() !== "push" || !isMapping(on.push)) return false;
    const tags = on.push.tags;
    return (
        Array.isArray(tags) &&
        tags.length > 0 &&
        on.push.branches === undefined &&
        on.push["branches-ignore"] === undefined
    );
}

/** Findings of a job that runs `npm publish`: trigger, token, provenance, environment. */
function publishFindings(parsed: ParsedWorkflow, id: string, job: Mapping): WorkflowFinding[] {
    const publishes = npmPublishesIn(job);
    if (publishes.length === 0) return [];
    const findings: WorkflowFinding[] = [];
    const where = `jobs.${id}`;
    const add = (rule: WorkflowRule, message: string) => findings.push({ rule, file: parsed.file, where, message });
    if (!onTagsOnly(parsed.workflow)) {
        const on = JSON.stringify(parsed.workflow.on ?? null);
        add(
            "publish-not-on-tag",
            `the job runs npm publish, but the workflow runs on ${on}, not only on pushed tags: a release must be a ` +
                "version tag someone pushed. Fix: on: { push: { tags: ['v*'] } } and nothing else",
        );
    }
    const tokens = registryTokensOf(job, parsed.workflow);
    if (tokens.length > 0) {
        add(
            "publish-with-token",
            `the job runs npm publish and holds ${tokens.join(", ")}: a long-lived token that can publish from anywhere ` +
                "once leaked. Fix: publish through npm trusted publishing (GitHub OIDC, id-token: write) and remove the token",
        );
    }
    const permissions = job.permissions ?? parsed.workflow.permissions;
    const idToken = isMapping(permissions) ? permissions["id-token"] === "write" : permissions === "write-all";
    const unsigned = publishes.filter((words) => !words.includes("--provenance"));
    if (!idToken || unsigned.length > 0) {
        add(
            "publish-without-provenance",
            `${!idToken ? "the job has no id-token: write permission" : `${unsigned.map((w) => w.join(" ")).join("; ")} has no --provenance`}: ` +
                "without it npm can neither sign in by OIDC nor record where the package was built. " +
                "Fix: permissions: { contents: read, id-token: write } on the job and npm publish --provenance --access public",
        );
    }
    if (environmentPattern(job) === undefined) {
        add(
            "publish-without-environment",
            "the job runs npm publish without an environment, so no reviewer approves a release. " +
                "Fix: environment: npm-publish, with required reviewers, named in npm's trusted publisher",
        );
    }
    return findings;
}

/** The environment a job names, as a glob: every expression becomes `*` (it can take any value). */
function environmentPattern(job: Mapping): string | undefined {
    const environment = isMapping(job.environment) ? job.environment.name : job.environment;
    if (typeof environment !== "string" || environment.trim() === "") return undefined;
    return environment.trim().replace(EXPRESSION, "*").replace(/\*+/g, "*");
}

function globMatches(glob: string, literal: string): boolean {
    return new RegExp(`^${glob.split("*").map(escapeRegExp).join(".*")}$`, "i").test(literal);
}

/** Whether some environment name matches both globs (`*` only; GitHub environment names are case-insensitive). */
export function globsIntersect(a: string, b: string): boolean {
    const [x, y] = [a.toLowerCase(), b.toLowerCase()];
    if (!x.includes("*")) return globMatches(y, x);
    if (!y.includes("*")) return globMatches(x, y);
    const [xs, ys] = [x.split("*"), y.split("*")];
    const [xHead, yHead, xTail, yTail] = [xs[0], ys[0], xs[xs.length - 1], ys[ys.length - 1]];
    const headsAgree = xHead.startsWith(yHead) || yHead.startsWith(xHead);
    const tailsAgree = xTail.endsWith(yTail) || yTail.endsWith(xTail);
    return headsAgree && tailsAgree;
}

/** The credentials a job holds: write scopes of its token, id-token, secrets other than GITHUB_TOKEN. */
function credentialsOf(job: Mapping, workflow: Mapping): string[] {
    const held: string[] = [];
    const permissions = job.permissions ?? workflow.permissions;
    if (permissions === undefined) held.push("GITHUB_TOKEN with the repository's default permissions (may be write)");
    else if (typeof permissions === "string" && permissions.trim() !== "read-all")
        held.push(`permissions: ${permissions}`);
    else if (isMapping(permissions)) {
        for (const [scope, level] of Object.entries(permissions)) {
            if (level !== "read" && level !== "none") held.push(`${scope}: ${String(level)}`);
        }
    }
    const text = JSON.stringify(job);
    for (const match of text.matchAll(/secrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[)/g)) {
        if (match[1] !== "GITHUB_TOKEN") held.push(`secrets.${match[1] ?? "[…]"}`);
    }
    if (job.secrets !== undefined) held.push(`secrets: ${JSON.stringify(job.secrets)}`);
    return [...new Set(held)];
}

interface ParsedWorkflow {
    file: string;
    text: string;
    workflow: Mapping;
    pullRequest: boolean;
}

function parse(file: WorkflowText): ParsedWorkflow {
    const workflow = yaml.load(file.text);
    if (!isMapping(workflow)) throw new Error(`${file.name}: not a YAML mapping`);
    return {
        file: file.name,
        text: file.text,
        workflow,
        pullRequest: triggersOf(workflow).some((e) => PULL_REQUEST_EVENTS.has(e)),
    };
}

interface Pin {
    file: string;
    where: string;
    action: string;
    sha: string;
    version: string;
}

function checkPin(parsed: ParsedWorkflow, where: string, uses: string, pins: Pin[]): WorkflowFinding[] {
    const finding = (message: string): WorkflowFinding[] => [
        { rule: "unpinned-action", file: parsed.file, where, message },
    ];
    if (uses.startsWith("./")) return [];
    if (uses.startsWith("docker://")) {
        return /@sha256:[0-9a-f]{64}$/.test(uses)
            ? []
            : finding(`uses: ${uses}: a container image not pinned by digest. Fix: docker://<image>@sha256:<digest>`);
    }
    const at = uses.lastIndexOf("@");
    const action = at > 0 ? uses.slice(0, at) : uses;
    const ref = at > 0 ? uses.slice(at + 1) : "";
    if (!FULL_SHA.test(ref)) {
        return finding(
            `uses: ${uses}: not pinned by a full commit SHA (a tag or branch can be moved to other code). ` +
                `Fix: uses: ${action}@<40-hex commit the release tag resolves to> # <version>`,
        );
    }
    // Every occurrence of this reference in the text carries its version (a step of another job may not).
    const occurrences = [...parsed.text.matchAll(new RegExp(`${escapeRegExp(uses)}["']?(?:${VERSION_COMMENT})?`, "g"))];
    if (occurrences.length === 0 || occurrences.some((m) => m[1] === undefined)) {
        return finding(`uses: ${uses}: pinned, but without its version as a comment. Fix: uses: ${uses} # v<version>`);
    }
    for (const m of occurrences)
        pins.push({ file: parsed.file, where, action: action.toLowerCase(), sha: ref, version: m[1] });
    return [];
}

function checkOne(parsed: ParsedWorkflow, pins: Pin[]): WorkflowFinding[] {
    const findings: WorkflowFinding[] = [];
    const add = (rule: WorkflowRule, where: string, message: string) =>
        findings.push({ rule, file: parsed.file, where, message });
    const { workflow } = parsed;

    if (triggersOf(workflow).includes("pull_request_target")) {
        add(
            "pull-request-target",
            "on",
            "on: pull_request_target runs with this repository's secrets and write token next to a pull request's code. " +
                "Fix: use pull_request (a fork's run then gets no secrets)",
        );
    }

    for (const [id, job] of jobsOf(workflow)) {
        if (typeof job.uses === "string") findings.push(...checkPin(parsed, `jobs.${id}`, job.uses.trim(), pins));
        stepsOf(job).forEach((step, n) => {
            const where = `jobs.${id}.steps[${n}]`;
            const uses = usesOf(step);
            if (uses !== undefined) findings.push(...checkPin(parsed, where, uses, pins));
            const scripts: [string, unknown][] = [["run", step.run]];
            if (isAction(uses, "actions/github-script") && isMapping(step.with))
                scripts.push(["with.script", step.with.script]);
            for (const [key, script] of scripts) {
                if (typeof script !== "string") continue;
                for (const expression of script.match(EXPRESSION) ?? []) {
                    const what = EVENT_TEXT.test(expression) ? "event text" : "an expression";
                    add(
                        "expression-in-run",
                        where,
                        `${key} splices ${what} into the script: ${expression} (whoever controls the value controls ` +
                            'the script). Fix: pass it through env: (e.g. env: { VALUE: <expression> }) and use "$VALUE"',
                    );
                }
            }
        });

        findings.push(...publishFindings(parsed, id, job));
        const role = pulumiRole(job);
        const environment = environmentPattern(job);
        if (role === "deploy" && environment === undefined) {
            add(
                "deploy-without-environment",
                `jobs.${id}`,
                "the job changes a stack (pulumi up or alike) but names no environment, so no reviewer or branch policy " +
                    "guards its credentials. Fix: environment: deploy-<stack>, protected by required reviewers and main only",
            );
        }
        if (parsed.pullRequest && role === "deploy") {
            add(
                "pulumi-up-on-pull-request",
                `jobs.${id}`,
                `${parsed.file} runs on pull requests and its job changes a stack (pulumi up or alike): a pull request ` +
                    "would deploy its own code. Fix: preview on pull requests; deploy from main (deploy.yml)",
            );
        }
        if (parsed.pullRequest) {
            const credentials = credentialsOf(job, workflow);
            if (credentials.length > 0 && environment === undefined) {
                add(
                    "credentials-without-environment",
                    `jobs.${id}`,
                    `a job pull requests trigger holds credentials without an environment: ${credentials.join(", ")}. ` +
                        "Fix: give it an environment (preview-<stack>) whose identity is read-only, or drop the credentials",
                );
            }
        }
    }
    return findings;
}

/** Jobs, across all workflows, that a pull request can steer or that preview, and jobs that deploy. */
function environmentFindings(parsed: ParsedWorkflow[]): WorkflowFinding[] {
    const jobs = parsed.flatMap((p) =>
        jobsOf(p.workflow).map(([id, job]) => ({
            file: p.file,
            id,
            role: pulumiRole(job),
            pullRequest: p.pullRequest,
            environment: environmentPattern(job),
        })),
    );
    const deploys = jobs.filter((j) => j.role === "deploy" && j.environment !== undefined);
    const reachable = jobs.filter((j) => (j.pullRequest || j.role === "preview") && j.environment !== undefined);
    const findings: WorkflowFinding[] = [];
    for (const job of reachable) {
        for (const deploy of deploys) {
            if (deploy === job || !globsIntersect(job.environment!, deploy.environment!)) continue;
            findings.push({
                rule: "shared-environment",
                file: job.file,
                where: `jobs.${job.id}`,
                message:
                    `environment "${job.environment}" can be the deploy environment "${deploy.environment}" ` +
                    `(${deploy.file} jobs.${deploy.id}; * = an expression's value): a pull request could reach the ` +
                    "deploy identity. Fix: name preview environments preview-<stack> and deploy environments deploy-<stack>",
            });
        }
    }
    return findings;
}

/** One SHA per action version and one version per SHA, across every workflow. */
function pinFindings(pins: Pin[]): WorkflowFinding[] {
    const findings: WorkflowFinding[] = [];
    const first = new Map<string, Pin>();
    for (const pin of pins) {
        for (const [key, other] of [
            [`${pin.action}#${pin.version}`, "SHA"],
            [`${pin.action}@${pin.sha}`, "version"],
        ] as const) {
            const seen = first.get(key);
            if (seen === undefined) first.set(key, pin);
            else if (seen.sha !== pin.sha || seen.version !== pin.version) {
                findings.push({
                    rule: "unpinned-action",
                    file: pin.file,
                    where: pin.where,
                    message:
                        `${pin.action}@${pin.sha} # ${pin.version} disagrees with ${seen.file} ${seen.where} ` +
                        `(${seen.sha} # ${seen.version}): one ${other === "SHA" ? "version, two SHAs" : "SHA, two versions"}. ` +
                        "Fix: pin every use of the action to the commit its release tag resolves to",
                });
            }
        }
    }
    return findings;
}

/**
 * Checks workflow files against every {@link WorkflowRule}.
 * @param files - the workflows, checked together (a preview and a deploy may live in different files)
 * @returns every finding, empty when the workflows keep the rules
 */
export function checkWorkflows(files: WorkflowText[]): WorkflowFinding[] {
    const parsed = files.map(parse);
    const pins: Pin[] = [];
    const findings = [
        ...parsed.flatMap((p) => checkOne(p, pins)),
        ...environmentFindings(parsed),
        ...pinFindings(pins),
    ];
    const seen = new Set<string>();
    return findings.filter((f) => {
        const key = JSON.stringify(f);
        return !seen.has(key) && seen.add(key) !== undefined;
    });
}
