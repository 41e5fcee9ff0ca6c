import * as fs from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import { selectCspStacks, StackCspFacts } from "../fleet/csp";
import { discoverStacks } from "../fleet/discover";
import { retryStacks } from "../fleet/retry";
import { runFleet, StackResult } from "../fleet/run";
import { isShardProblem, parseShardSpec, SHARD_FIX, ShardSpec, stacksOfShard } from "../fleet/shard";
import { finishedLine, progressLine, renderJson, renderTable } from "../fleet/summary";
import { FleetSummary, parseSummary, SUMMARY_FILE_MAX_BYTES, summaryOf } from "../fleet/summaryFile";
import { FleetOperation, FleetWorkspace } from "../fleet/workspace";
import { CONFIG_FILE_MAX_BYTES, loadUserYaml, readUserFileSync } from "../io/userFile";
import { InputError } from "../core/errors";
import { registerFleetSummary } from "./fleetSummary";
import { ExitMeanings, withHelpFooter } from "./helpText";
import { CliDeps, CliIo, EXIT } from "./io";

/** Options of `lighthouse-pec fleet preview|up`. */
export interface FleetOptions {
    /** Globs over stack names (comma-separated). */
    stacks: string;
    /** The Pulumi project directory. */
    dir: string;
    /** Stacks run at the same time. */
    concurrency: string;
    /** `table` or `json`. */
    format: "table" | "json";
    /** Only the CSP customer stacks (`lighthouse-pec:csp: true`), deployed through admin-on-behalf-of. */
    csp?: boolean;
    /** Only the stacks of one shard, `<k>/<n>` (1-based): one CI runner of n. */
    shard?: string;
    /** A summary (`--format json`) of an earlier run: only its failed stacks run again. */
    retryFailed?: string;
}

/** The summary file named by `--retry-failed`, or the message that refuses it. */
function readRetrySummary(file: string, operation: FleetOperation): FleetSummary | string {
    let summary: FleetSummary;
    try {
        summary = parseSummary(
            readUserFileSync(file, { flag: "--retry-failed", maxBytes: SUMMARY_FILE_MAX_BYTES }),
            `--retry-failed ${file}`,
        );
    } catch (err) {
        if (err instanceof InputError) return err.message;
        throw err;
    }
    if (summary.operation !== operation) {
        return (
            `--retry-failed ${file}: is the summary of a \`fleet ${summary.operation}\`; \`fleet ${operation} --retry-failed\` retries only a \`fleet ${operation}\`. ` +
            `Fix: run \`fleet ${summary.operation} --retry-failed ${file}\`, or give the summary of a \`fleet ${operation}\``
        );
    }
    return summary;
}

/** Each stack's `config:` map, read from its stack file (`.yaml` or `.yml`). */
function readStackConfigs(dir: string, files: string[], stacks: string[]): StackCspFacts[] {
    return stacks.map((stack) => {
        const name = files.find((f) => f === `Pulumi.${stack}.yaml`) ?? `Pulumi.${stack}.yml`;
        const file = path.join(dir, name);
        const document = loadUserYaml(
            readUserFileSync(file, { flag: "--dir", maxBytes: CONFIG_FILE_MAX_BYTES }),
            file,
        ) as { config?: Record<string, unknown> } | null;
        return { stack, config: document?.config ?? undefined };
    });
}

/** Builds the workspace for a project directory (tests inject a fake). */
export type FleetWorkspaceFactory = (dir: string) => FleetWorkspace;

const defaultFactory: FleetWorkspaceFactory = (dir) => {
    const { AutomationFleetWorkspace } =
        require("../fleet/automationWorkspace") as typeof import("../fleet/automationWorkspace");
    return new AutomationFleetWorkspace(dir);
};

/**
 * Runs preview or up across the matching customer stacks (of one shard with `--shard`; only an earlier run's
 * failures with `--retry-failed`). Exit 0 when every stack succeeded (also: an empty shard, nothing to retry),
 * 1 when any failed, 2 for bad input (no stack matched, bad --concurrency or --shard, a file that is not a
 * summary) or a missing Pulumi CLI; with exit 2 nothing ran.
 * @param operation preview or up
 * @param options the command's flags
 * @param io output streams
 * @param factory makes the workspace (tests and benchmarks inject a fake Pulumi)
 * @param now the clock for durations
 */
export async function runFleetCommand(
    operation: FleetOperation,
    options: FleetOptions,
    io: CliIo,
    factory: FleetWorkspaceFactory = defaultFactory,
    now: () => number = Date.now,
): Promise<number> {
    const concurrency = Number(options.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        io.err(
            `fleet: --concurrency = ${JSON.stringify(options.concurrency)}: must be a whole number from 1 to 64. Fix: e.g. --concurrency 4\n`,
        );
        return EXIT.badInput;
    }
    let shard: ShardSpec | undefined;
    if (options.shard !== undefined) {
        const parsed = parseShardSpec(options.shard);
        if (isShardProblem(parsed)) {
            io.err(`fleet: --shard = ${JSON.stringify(options.shard)}: ${parsed.problem}. ${SHARD_FIX}\n`);
            return EXIT.badInput;
        }
        shard = parsed;
    }
    let retry: FleetSummary | undefined;
    if (options.retryFailed !== undefined) {
        const read = readRetrySummary(options.retryFailed, operation);
        if (typeof read === "string") {
            io.err(`fleet: ${read}\n`);
            return EXIT.badInput;
        }
        retry = read;
    }
    let files: string[];
    try {
        files = fs.readdirSync(options.dir);
    } catch (err) {
        io.err(
            `fleet: --dir = ${JSON.stringify(options.dir)}: cannot read it (${(err as NodeJS.ErrnoException).code}). Fix: give the Pulumi project directory\n`,
        );
        return EXIT.badInput;
    }
    let stacks = discoverStacks(files, options.stacks);
    if (stacks.length === 0) {
        io.err(
            `fleet: --stacks = ${JSON.stringify(options.stacks)}: no Pulumi.<stack>.yaml in ${path.resolve(options.dir)} matches. ` +
                "Fix: create customer stacks with `lighthouse-pec new-customer`, or pass another glob (e.g. --stacks 'customer-*')\n",
        );
        return EXIT.badInput;
    }
    const done = (results: StackResult[], durationMs?: number): number => {
        const summary = summaryOf(operation, results, { shard, durationMs });
        io.out(options.format === "json" ? renderJson(summary) : renderTable(operation, results));
        return summary.failed > 0 ? EXIT.problems : EXIT.ok;
    };
    if (retry) {
        const selection = retryStacks(retry, discoverStacks(files, "*"), stacks);
        for (const s of selection.gone) {
            io.err(
                `fleet: warning: ${s} failed in ${options.retryFailed} but has no Pulumi.${s}.yaml in ${path.resolve(options.dir)} any more: skipped\n`,
            );
        }
        for (const s of selection.notMatching) {
            io.err(
                `fleet: warning: ${s} failed in ${options.retryFailed} but does not match --stacks ${JSON.stringify(options.stacks)}: skipped\n`,
            );
        }
        io.err(
            `fleet ${operation} --retry-failed: ${selection.stacks.length} of the ${retry.failed} failed stack(s) run again\n`,
        );
        stacks = selection.stacks;
        if (stacks.length === 0) return done([]);
    }
    // The shard first: a runner reads the stack files (--csp) of its own shard only.
    const matching = stacks;
    if (shard) {
        stacks = stacksOfShard(stacks, shard);
        io.err(
            `fleet ${operation} --shard ${shard.index}/${shard.count}: ${stacks.length} of ${matching.length} stack(s)\n`,
        );
        if (stacks.length === 0) return done([]);
    }
    if (options.csp) {
        const csp = (among: string[]): ReturnType<typeof selectCspStacks> | undefined => {
            try {
                return selectCspStacks(readStackConfigs(options.dir, files, among));
            } catch (err) {
                io.err(`fleet: ${(err as Error).message.split("\n")[0]}\n`);
                return undefined;
            }
        };
        const selection = csp(stacks);
        if (!selection) return EXIT.badInput;
        if (selection.problems.length > 0) {
            io.err(
                `fleet: --csp: ${selection.problems.length} CSP stack(s) cannot run, nothing was run${shard ? " in this shard" : ""}:\n${selection.problems.map((p) => `  - ${p}\n`).join("")}`,
            );
            return EXIT.badInput;
        }
        if (selection.stacks.length === 0) {
            // A shard without CSP stacks is fine when other shards have them; a fleet without any is a mistake.
            const fleet = shard ? csp(matching) : selection;
            if (!fleet) return EXIT.badInput;
            if (shard && fleet.stacks.length > 0) {
                io.err(
                    `fleet ${operation} --csp: none of shard ${shard.index}/${shard.count}'s stacks is a CSP stack\n`,
                );
                return done([]);
            }
            io.err(
                `fleet: --csp: none of the ${matching.length} stack(s) matching ${JSON.stringify(options.stacks)} sets lighthouse-pec:csp: true. ` +
                    "Fix: write CSP customers with `lighthouse-pec new-customer --csp`, or `pulumi config set --stack <stack> lighthouse-pec:csp true`\n",
            );
            return EXIT.badInput;
        }
        stacks = selection.stacks;
        io.err(
            `fleet ${operation} --csp: ${stacks.length} CSP customer stack(s); each signs in to its customer's tenant with your credentials (admin-on-behalf-of)\n`,
        );
    }
    const workspace = factory(options.dir);
    try {
        await workspace.checkCli();
    } catch (err) {
        io.err(`fleet: ${(err as Error).message}\n`);
        return EXIT.badInput;
    }
    const live = io.stderrIsTTY;
    const started = now();
    const results = await runFleet(stacks, operation, workspace, {
        concurrency,
        now,
        onProgress: (p) => {
            if (live) {
                io.err(`\r\x1b[2K${progressLine(operation, p)}`);
            } else if (p.finished) {
                io.err(finishedLine(operation, { ...p, finished: p.finished }));
            }
        },
    });
    if (live) {
        io.err("\r\x1b[2K");
    }
    return done(results, now() - started);
}

/** Registers `lighthouse-pec fleet preview`, `lighthouse-pec fleet up` and `lighthouse-pec fleet summary`. */
export function registerFleet(program: Command, io: CliIo, _deps: CliDeps, setExit: (code: number) => void): void {
    const fleet = program
        .command("fleet")
        .description(
            "run pulumi preview or up across many customer stacks (Pulumi Automation API; needs the Pulumi CLI)",
        );
    const exit: ExitMeanings = {
        ok: "every stack succeeded",
        problems: "a stack failed (the others still ran)",
        badInput: "bad input (no stack matched, a bad flag) or no Pulumi CLI; no stack was run",
    };
    withHelpFooter(fleet, exit, "lighthouse-pec fleet preview --stacks 'customer-*' --concurrency 8");
    const descriptions: Record<FleetOperation, string> = {
        preview: "preview every matching customer stack",
        up: "deploy every matching customer stack (pulumi up --yes); one failing customer never stops the others",
    };
    const examples: Record<FleetOperation, string> = {
        preview: "lighthouse-pec fleet preview --stacks 'customer-*' --format json",
        up: "lighthouse-pec fleet up --csp --concurrency 8",
    };
    for (const operation of ["preview", "up"] as const) {
        const command = fleet
            .command(operation)
            .description(descriptions[operation])
            .option(
                "--stacks <glob>",
                "stack names to include, globs separated by commas (from the Pulumi.<stack>.yaml files)",
                "customer-*",
            )
            .option("--dir <dir>", "the Pulumi project directory", ".")
            .option("--concurrency <n>", "stacks run at the same time", "4")
            .option(
                "--csp",
                "only CSP customer stacks (lighthouse-pec:csp true), deployed with your credentials through admin-on-behalf-of",
            )
            .option(
                "--shard <k/n>",
                "only the k-th of n shards (1-based, e.g. 3/8): each stack belongs to one shard, by a hash of its name; one CI runner per shard",
            )
            .option(
                "--retry-failed <summary.json>",
                "only the stacks that failed in an earlier run's summary (--format json) and still exist",
            )
            .addOption(
                new Option("--format <format>", "summary format (json: what `fleet summary --merge` reads)")
                    .choices(["table", "json"])
                    .default("table"),
            );
        withHelpFooter(command, exit, examples[operation]);
        command.action(async (options: FleetOptions) => setExit(await runFleetCommand(operation, options, io)));
    }
    registerFleetSummary(fleet, io, setExit);
}
