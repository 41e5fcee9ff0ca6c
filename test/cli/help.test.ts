import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { FormerFlag, HELP_MARKING_REQUIRED, NOT_USED, withHelpFooter } from "../../cli/helpText";
import { buildProgram } from "../../cli/main";
import { commandsIn, parseWithCli, shellWords, userDocs } from "../docs/docCommands";
import { runCli } from "../kit/cliHarness";
import { contosoArgs } from "../kit/newCustomerArgs";
import { ids } from "../kit/fixtures";

const REPO = path.resolve(__dirname, "..", "..");

/**
 * One flag name per concept (issue 19 item 6). `flag` is the name every command uses; `others` are spellings of the
 * same concept that no command may show (a command may keep one as a hidden former name: {@link FORMER}).
 */
const CONCEPTS: { concept: string; flag: string; others: string[] }[] = [
    {
        concept: "the tenant a command signs in to or is about (az, AZURE_TENANT_ID)",
        flag: "--tenant-id",
        others: ["--tenant", "--customer-tenant-id", "--customer-tenant"],
    },
    {
        concept: "your managing (partner) tenant (config key managedByTenantId)",
        flag: "--managed-by-tenant-id",
        others: ["--managing-tenant-id", "--managing-tenant", "--partner-tenant-id", "--managed-by-tenant"],
    },
    {
        concept: "the Provider Automation Account's principal",
        flag: "--automation-principal-id",
        others: ["--automation-account", "--automation-principal", "--principal-id"],
    },
    { concept: "a customer subscription", flag: "--subscription", others: ["--subscription-id", "--subscriptions"] },
    { concept: "the Pulumi project directory", flag: "--dir", others: ["--directory", "--cwd", "--project-dir"] },
    { concept: "which stacks", flag: "--stacks", others: ["--stack", "--stack-glob"] },
    { concept: "where results are written", flag: "--out", others: ["--output", "--out-dir", "--out-file"] },
    { concept: "replace existing files", flag: "--force", others: ["--overwrite"] },
    { concept: "output format", flag: "--format", others: ["--output-format", "--fmt"] },
    { concept: "a delegation config file", flag: "--config", others: ["--config-file", "--stack-file"] },
    { concept: "subscriptions that should earn PEC", flag: "--expect", others: ["--expected", "--expect-file"] },
    { concept: "the partner ID", flag: "--partner-id", others: ["--mpn-id", "--associated-partner-id"] },
];

/** Renamed flags: the former spelling stays a hidden, working alias stored under the current flag's key. */
const FORMER: { command: string[]; former: string; current: string; key: string }[] = [
    { command: ["new-customer"], former: "--tenant", current: "--tenant-id", key: "tenantId" },
    {
        command: ["doctor"],
        former: "--managing-tenant-id",
        current: "--managed-by-tenant-id",
        key: "managedByTenantId",
    },
];

/** Hidden options that are not former names: `--client-secret` exists only to be refused with advice. */
const HIDDEN_ON_PURPOSE = ["--client-secret"];

const SILENT_IO = { out: () => undefined, err: () => undefined, stdoutIsTTY: false, stderrIsTTY: false, env: {} };

/** Every command under `command`, with the words that run it. */
function walk(command: Command, words: string[] = []): { words: string[]; command: Command }[] {
    return command.commands.flatMap((c) => [
        { words: [...words, c.name()], command: c },
        ...walk(c, [...words, c.name()]),
    ]);
}

/**
 * What is wrong with one command's `--help`: no exit statuses or example at its end, an example that does not
 * parse, a required option not marked (or an optional one marked).
 */
async function helpProblems(words: string[], command: Command, help: string): Promise<string[]> {
    const problems: string[] = [];
    const footer = /\nExit status: 0 [^\n]+, 1 [^\n]+, 2 [^\n]+\.\nExample: lighthouse-pec ([^\n]+)\n$/.exec(help);
    if (!footer) problems.push("does not end with 'Exit status: 0 …, 1 …, 2 ….' and one 'Example:' line");
    if ((help.match(/^Examples?:/gm) ?? []).length > 1) problems.push("more than one Example line");
    if (footer) {
        const args = shellWords(footer[1]);
        if (args.slice(0, words.length).join(" ") !== words.join(" "))
            problems.push(`the example runs ${args.slice(0, words.length).join(" ")}, not ${words.join(" ")}`);
        const parsed = await parseWithCli(args);
        if (parsed) problems.push(`the example does not parse: ${parsed.code} ${parsed.message}`);
    }
    const helper = command.createHelp();
    for (const option of command.options.filter((o) => !o.hidden)) {
        const marked = helper.optionDescription(option).endsWith("(required)");
        if (marked !== option.mandatory)
            problems.push(`${option.long}: ${option.mandatory ? "required but not marked" : "marked but optional"}`);
    }
    const shownRequired = (help.match(/\(required\)/g) ?? []).length;
    const mandatory = command.options.filter((o) => o.mandatory && !o.hidden).length;
    if (shownRequired !== mandatory) problems.push(`${shownRequired} "(required)" shown for ${mandatory} required`);
    return problems;
}

/** Parses `args` with the real program, every action replaced by one that keeps the options it was given. */
async function parsedOptions(args: string[]): Promise<Record<string, unknown>> {
    const program = buildProgram(SILENT_IO, {}, () => undefined);
    let seen: Record<string, unknown> | undefined;
    for (const { command } of walk(program)) {
        command.exitOverride();
        if (command.commands.length === 0) command.action((options: Record<string, unknown>) => void (seen = options));
    }
    await program.parseAsync(args, { from: "user" });
    assert.ok(seen, `no action ran for ${args.join(" ")}`);
    return seen;
}

describe("lighthouse-pec <command> --help: exit statuses, an example, required flags, one name per concept", () => {
    const commands = walk(buildProgram(SILENT_IO, {}, () => undefined));

    it("walks every subcommand, nested ones included", () => {
        assert.deepEqual(
            commands.map((c) => c.words.join(" ")),
            [
                "verify",
                "template",
                "import-file",
                "doctor",
                "watch",
                "new-customer",
                "fleet",
                "fleet preview",
                "fleet up",
                "fleet summary",
                "changed-stacks",
            ],
        );
    });

    it("each ends with its exit statuses and one example that parses; required flags say (required)", async () => {
        const problems: string[] = [];
        for (const { words, command } of commands) {
            const run = await runCli([...words, "--help"]);
            assert.equal(run.code, 0, run.stderr);
            for (const p of await helpProblems(words, command, run.stdout)) problems.push(`${words.join(" ")}: ${p}`);
        }
        assert.deepEqual(problems, []);
    });

    it("the checks catch a help without a footer, a broken example and an unmarked required flag (so a pass means something)", async () => {
        const program = new Command("lighthouse-pec");
        const bare = program.command("verify").requiredOption("--input <path>", "usage file");
        const bareHelp = bare.helpInformation();
        assert.deepEqual(await helpProblems(["verify"], bare, bareHelp), [
            "does not end with 'Exit status: 0 …, 1 …, 2 ….' and one 'Example:' line",
            "--input: required but not marked",
            '0 "(required)" shown for 1 required',
        ]);
        const footed = new Command("lighthouse-pec").configureHelp(HELP_MARKING_REQUIRED);
        const template = footed.command("template").requiredOption("--config <file>", "stack file");
        withHelpFooter(
            template,
            { ok: "written", problems: NOT_USED, badInput: "bad input" },
            "lighthouse-pec verify --frobnicate",
        );
        let help = "";
        template.configureOutput({ writeOut: (t) => void (help += t) }).exitOverride();
        assert.throws(() => template.parse(["--help"], { from: "user" }), CommanderError);
        assert.match(help, /\(required\)/);
        const problems = await helpProblems(["template"], template, help);
        assert.equal(problems.length, 2, problems.join("\n"));
        assert.match(problems[0], /the example runs verify, not template/);
        assert.match(problems[1], /the example does not parse: commander\.unknownOption/);
    });

    it("one flag name per concept across all commands; hidden flags are only former names", () => {
        const shown = new Map<string, string[]>();
        const hidden: string[] = [];
        for (const { words, command } of commands)
            for (const option of command.options) {
                const name = option.long ?? option.short ?? "";
                if (option.hidden) hidden.push(`${words.join(" ")} ${name}`);
                else shown.set(name, [...(shown.get(name) ?? []), words.join(" ")]);
            }
        for (const { concept, flag, others } of CONCEPTS) {
            assert.ok(shown.has(flag), `${concept}: no command shows ${flag}`);
            for (const other of others)
                assert.equal(
                    shown.get(other),
                    undefined,
                    `${concept}: ${other} shown by ${shown.get(other)?.join(", ")}, use ${flag}`,
                );
        }
        const expectedHidden = [
            ...FORMER.map((f) => `${f.command.join(" ")} ${f.former}`),
            ...commands.flatMap(({ words, command }) =>
                HIDDEN_ON_PURPOSE.filter((h) => command.options.some((o) => o.long === h)).map(
                    (h) => `${words.join(" ")} ${h}`,
                ),
            ),
        ];
        assert.deepEqual(hidden.sort(), expectedHidden.sort());
    });

    for (const { command, former, current, key } of FORMER) {
        it(`${command.join(" ")} ${former} (former name) still works: same key as ${current}, not in --help`, async () => {
            const value = "11111111-1111-4111-8111-111111111111";
            const required =
                command[0] === "new-customer" ? ["--name", "contoso", "--subscription", ids.subscription] : [];
            const before = await parsedOptions([...command, ...required, former, value]);
            const now = await parsedOptions([...command, ...required, current, value]);
            assert.equal(before[key], value);
            assert.deepEqual(before, now, "the command cannot tell which spelling was used");
            const help = (await runCli([...command, "--help"])).stdout;
            assert.ok(help.includes(`${current} <`), `${current} is in the help`);
            assert.ok(!new RegExp(`${former}\\b(?!-)`).test(help), `${former} is not in the help`);
        });
    }

    it("new-customer --tenant writes the same stack file as --tenant-id (a required flag given by its former name)", async () => {
        const written: string[] = [];
        for (const spelling of ["--tenant", "--tenant-id"]) {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-former-flag-"));
            try {
                const args = contosoArgs(["--partner-stack", "fabrikam/lighthouse-pec/partner"]).map((a) =>
                    a === "--tenant-id" ? spelling : a,
                );
                assert.ok(args.includes(spelling));
                const run = await runCli(["new-customer", "--dir", dir, ...args]);
                assert.equal(run.code, 0, run.stderr);
                written.push(fs.readFileSync(path.join(dir, "Pulumi.customer-contoso.yaml"), "utf8"));
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        }
        assert.equal(written[0], written[1]);
    });

    it("doctor --managing-tenant-id reaches the same check as --managed-by-tenant-id (exit 2 before any sign-in)", async () => {
        for (const spelling of ["--managing-tenant-id", "--managed-by-tenant-id"]) {
            const run = await runCli(["doctor", "--auth", "azure-cli", spelling, "contoso.onmicrosoft.com"]);
            assert.equal(run.code, 2);
            assert.match(run.stderr, /--managed-by-tenant-id "contoso\.onmicrosoft\.com" is not a tenant ID/);
        }
    });

    it("the docs and examples use the current names (former names parse, so the docs test alone would not notice)", () => {
        const used: string[] = [];
        for (const file of userDocs(REPO))
            for (const c of commandsIn(fs.readFileSync(file, "utf8"), path.relative(REPO, file)))
                for (const { command, former } of FORMER)
                    if (command.every((w, i) => c.args[i] === w) && c.args.includes(former))
                        used.push(`${c.where}: ${former}`);
        assert.deepEqual(used, []);
    });

    it("FormerFlag stores its value under the current flag's key and stays out of the help", () => {
        const option = new FormerFlag("--tenant <guid>", "--tenant-id");
        assert.equal(option.attributeName(), "tenantId");
        assert.equal(option.hidden, true);
        assert.ok(option instanceof Option);
    });
});
