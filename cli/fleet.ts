import * as fs from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import { selectCspStacks, StackCspFacts } from "../fleet/csp";
import { discoverStacks } from "../fleet/discover";
import { runFleet } from "../fleet/run";
import { progressLine, renderJson, renderTable } from "../fleet/summary";
import { FleetOperation, FleetWorkspace } from "../fleet/workspace";
import { CONFIG_FILE_MAX_BYTES, loadUserYaml, readUserFileSync } from "../io/userFile";
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
 * Runs preview or up across the matching customer stacks. Exit 0 when every stack succeeded, 1 when any
 * failed, 2 for bad input (no stack matched, bad --concurrency) or a missing Pulumi CLI.
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
    if (options.csp) {
        let selection;
        try {
            selection = selectCspStacks(readStackConfigs(options.dir, files, stacks));
        } catch (err) {
            io.err(`fleet: ${(err as Error).message.split("\n")[0]}\n`);
            return EXIT.badInput;
        }
        if (selection.problems.length > 0) {
            io.err(
                `fleet: --csp: ${selection.problems.length} CSP stack(s) cannot run, nothing was run:\n${selection.problems.map((p) => `  - ${p}\n`).join("")}`,
            );
            return EXIT.badInput;
        }
        if (selection.stacks.length === 0) {
            io.err(
                `fleet: --csp: none of the ${stacks.length} stack(s) matching ${JSON.stringify(options.stacks)} sets lighthouse-pec:csp: true. ` +
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
    const results = await runFleet(stacks, operation, workspace, {
        concurrency,
        now,
        onProgress: (p) => {
            if (live) {
                io.err(`\r\x1b[2K${progressLine(operation, p)}`);
            } else if (p.finished) {
                io.err(`fleet ${operation}: ${p.finished.stack} ${p.finished.result} (${p.done}/${p.total})\n`);
            }
        },
    });
    if (live) {
        io.err("\r\x1b[2K");
    }
    io.out(options.format === "json" ? renderJson(operation, results) : renderTable(operation, results));
    return results.some((r) => r.result === "failed") ? EXIT.problems : EXIT.ok;
}

/** Registers `lighthouse-pec fleet preview` and `lighthouse-pec fleet up`. */
export function registerFleet(program: Command, io: CliIo, _deps: CliDeps, setExit: (code: number) => void): void {
    const fleet = program
        .command("fleet")
        .description(
            "run pulumi preview or up across many customer stacks (Pulumi Automation API; needs the Pulumi CLI)",
        );
    const descriptions: Record<FleetOperation, string> = {
        preview: "preview every matching customer stack",
        up: "deploy every matching customer stack (pulumi up --yes); one failing customer never stops the others",
    };
    for (const operation of ["preview", "up"] as const) {
        fleet
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
            .addOption(new Option("--format <format>", "summary format").choices(["table", "json"]).default("table"))
            .action(async (options: FleetOptions) => setExit(await runFleetCommand(operation, options, io)));
    }
}
