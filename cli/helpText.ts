import { Help, Option, type Command } from "commander";

/** What each exit status means for one command, in that command's terms (`EXIT` in `cli/io.ts`). */
export interface ExitMeanings {
    /** Status 0: the command did what was asked. */
    ok: string;
    /** Status 1: the command ran and found problems; "not used" for a command that never finds any. */
    problems: string;
    /** Status 2: bad input, usage or an error; nothing was done (or, for `fleet`, nothing more). */
    badInput: string;
}

/** What status 1 says for a command that never returns it. */
export const NOT_USED = "not used";

/**
 * The end of a command's help: one line with its exit statuses, one example command line.
 * @param exit what statuses 0, 1 and 2 mean for this command
 * @param example a complete `lighthouse-pec …` command line (the help test parses it with the CLI)
 */
export function helpFooter(exit: ExitMeanings, example: string): string {
    return ["", `Exit status: 0 ${exit.ok}, 1 ${exit.problems}, 2 ${exit.badInput}.`, `Example: ${example}`].join("\n");
}

/**
 * Adds {@link helpFooter} after a command's help.
 * @param command the command whose `--help` gets the footer
 * @param exit what statuses 0, 1 and 2 mean for this command
 * @param example a complete `lighthouse-pec …` command line
 */
export function withHelpFooter(command: Command, exit: ExitMeanings, example: string): Command {
    return command.addHelpText("after", helpFooter(exit, example));
}

/**
 * Help that marks a required option with "(required)" after its description: commander itself shows no mark.
 * Given to the root program's `configureHelp`, which every subcommand inherits.
 */
export const HELP_MARKING_REQUIRED: Partial<Help> = {
    optionDescription(this: Help, option: Option): string {
        const described = Help.prototype.optionDescription.call(this, option);
        return option.mandatory ? `${described} (required)` : described;
    },
};

/**
 * A flag's former spelling, kept working for scripts written before it was renamed: hidden from `--help`, and its
 * value is stored under the current flag's key, so the command (and a required current flag) cannot tell which
 * spelling was used.
 */
export class FormerFlag extends Option {
    private readonly currentKey: string;

    /**
     * @param flags the former spelling with its argument, e.g. `--tenant <guid>`
     * @param current the current flag, e.g. `--tenant-id`
     */
    constructor(flags: string, current: string) {
        super(flags, `former name of ${current}`);
        this.currentKey = new Option(current).attributeName();
        this.hideHelp();
    }

    /** The current flag's key (commander stores the value under it). */
    override attributeName(): string {
        return this.currentKey;
    }
}
