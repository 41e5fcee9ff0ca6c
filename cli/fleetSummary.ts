import { Command, Option } from "commander";
import { mergeSummaries, SummaryInput } from "../fleet/merge";
import { MERGE_FORMATS, MergeFormat, mergedOk, renderMerged } from "../fleet/mergeReport";
import { parseSummary, SUMMARY_FILE_MAX_BYTES } from "../fleet/summaryFile";
import { InputError } from "../core/errors";
import { readUserFileSync } from "../io/userFile";
import { withHelpFooter } from "./helpText";
import { CliIo, EXIT } from "./io";

/** Options of `lighthouse-pec fleet summary`. */
export interface FleetSummaryOptions {
    /** The summary files (`fleet preview|up --format json`) to merge, e.g. one per CI shard. */
    merge: string[];
    /** `table`, `markdown` (for `$GITHUB_STEP_SUMMARY`) or `json` (a summary again). */
    format: MergeFormat;
}

/**
 * Merges fleet summaries: totals, failed stacks with the step and message, the slowest stacks. Exit 0 when
 * every stack succeeded and no shard is missing, 1 otherwise, 2 for a file that is not a summary or files that
 * do not belong together (two runs, two operations, a stack twice).
 */
export function runFleetSummaryCommand(options: FleetSummaryOptions, io: CliIo): number {
    let inputs: SummaryInput[];
    let run;
    try {
        inputs = options.merge.map((file) => ({
            source: `--merge ${file}`,
            summary: parseSummary(
                readUserFileSync(file, { flag: "--merge", maxBytes: SUMMARY_FILE_MAX_BYTES }),
                `--merge ${file}`,
            ),
        }));
        run = mergeSummaries(inputs);
    } catch (err) {
        if (!(err instanceof InputError)) throw err;
        io.err(`fleet summary: ${err.message}\n`);
        return EXIT.badInput;
    }
    io.out(renderMerged(run, options.format));
    return mergedOk(run) ? EXIT.ok : EXIT.problems;
}

/**
 * Registers `lighthouse-pec fleet summary --merge <files...>`.
 * @param fleet the `fleet` command
 * @param io output streams
 * @param setExit receives the exit status
 */
export function registerFleetSummary(fleet: Command, io: CliIo, setExit: (code: number) => void): void {
    const command = fleet
        .command("summary")
        .description(
            "merge the JSON summaries of fleet runs (one per CI shard): totals, failed stacks, the slowest stacks",
        )
        .requiredOption("--merge <files...>", "summary files written by `fleet preview|up --format json`")
        .addOption(
            new Option("--format <format>", "markdown: for $GITHUB_STEP_SUMMARY; json: a merged summary")
                .choices([...MERGE_FORMATS])
                .default("table"),
        );
    withHelpFooter(
        command,
        {
            ok: "every stack of every shard succeeded",
            problems: "a stack failed or a shard's summary is missing",
            badInput: "a file is unreadable, malformed or from another run",
        },
        "lighthouse-pec fleet summary --merge shard-1.json shard-2.json --format markdown",
    );
    command.action((options: FleetSummaryOptions) => setExit(runFleetSummaryCommand(options, io)));
}
