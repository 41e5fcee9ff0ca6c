import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { commandsIn, parseWithCli, shellWords, userDocs } from "./docCommands";

const REPO = path.resolve(__dirname, "..", "..");

describe("every lighthouse-pec command in the docs parses with the CLI", () => {
    const files = userDocs(REPO);
    const commands = files.flatMap((f) => commandsIn(fs.readFileSync(f, "utf8"), path.relative(REPO, f)));

    it("finds the commands of the README, docs/ and the examples' READMEs", () => {
        assert.ok(files.some((f) => f.endsWith(path.join("examples", "link-existing-account", "README.md"))));
        assert.ok(commands.length >= 10, `only ${commands.length} commands found`);
        const subcommands = new Set(commands.map((c) => c.args[0]));
        for (const sub of ["verify", "doctor", "new-customer", "changed-stacks", "fleet"])
            assert.ok(subcommands.has(sub), `no ${sub} command in the docs`);
    });

    it("each one: known subcommand, known flags, valid choices, required options present", async () => {
        const problems: string[] = [];
        for (const c of commands) {
            const problem = await parseWithCli(c.args, c.elided);
            if (problem)
                problems.push(
                    `${c.where}: lighthouse-pec ${c.args.join(" ")}\n    ${problem.code}: ${problem.message}`,
                );
        }
        assert.deepEqual(problems, []);
    });

    it("catches a wrong flag, an unknown subcommand, a bad choice and a missing required option (so a pass means something)", async () => {
        const doc = [
            "```sh",
            "lighthouse-pec doctor --credential azureCli --tenant-id <managing tenant>",
            "npm run -s lighthouse-pec -- verfy --input usage.csv > out.json",
            "npx lighthouse-pec verify --format yaml",
            "```",
            "```sh",
            "lighthouse-pec template --out onboarding/contoso",
            "```",
            "Prose may name `lighthouse-pec template` without its required options, but not `lighthouse-pec doctor --bogus`.",
        ].join("\n");
        const found = commandsIn(doc, "bad.md");
        assert.deepEqual(
            found.map((c) => c.args),
            [
                ["doctor", "--credential", "azureCli", "--tenant-id", "<managing tenant>"],
                ["verfy", "--input", "usage.csv"],
                ["verify", "--format", "yaml"],
                ["template", "--out", "onboarding/contoso"],
                ["template"],
                ["doctor", "--bogus"],
            ],
        );
        const codes = await Promise.all(found.map(async (c) => (await parseWithCli(c.args, c.elided))?.code));
        assert.deepEqual(codes, [
            "commander.unknownOption",
            "commander.unknownCommand",
            "commander.invalidArgument",
            "commander.missingMandatoryOptionValue",
            undefined,
            "commander.unknownOption",
        ]);
    });

    it("reads the launchers, placeholders, quotes, substitutions and continuations the docs use", () => {
        const doc = [
            "```sh",
            "AZURE_CLIENT_SECRET=... lighthouse-pec verify --source graph \\",
            '  --tenant-id <partner tenant> --client-id "<app id>"   # a comment',
            "node bin/cli/main.js template --config Pulumi.customer-contoso.yaml --out x \\",
            '  --automation-principal-id "$(pulumi stack output principalId -s org/p/partner)"',
            "npm run --silent lighthouse-pec -- fleet preview --format json > fleet.json",
            "npm install lighthouse-pec @pulumi/pulumi",
            "pulumi config set lighthouse-pec:partnerId 1234567",
            "```",
            "From source: `npm run lighthouse-pec -- verify ...`.",
        ].join("\n");
        assert.deepEqual(
            commandsIn(doc, "ok.md").map((c) => [c.args, c.elided]),
            [
                [["verify", "--source", "graph", "--tenant-id", "<partner tenant>", "--client-id", "<app id>"], false],
                [
                    [
                        "template",
                        "--config",
                        "Pulumi.customer-contoso.yaml",
                        "--out",
                        "x",
                        "--automation-principal-id",
                        "$(pulumi stack output principalId -s org/p/partner)",
                    ],
                    false,
                ],
                [["fleet", "preview", "--format", "json"], false],
                [["verify"], true],
            ],
        );
        assert.deepEqual(commandsIn("```\nlighthouse-pec verify …\n```", "x.md")[0], {
            where: "x.md:2",
            args: ["verify"],
            elided: true,
        });
        assert.deepEqual(shellWords('doctor --partner-id 1234567 >> "$GITHUB_STEP_SUMMARY"'), [
            "doctor",
            "--partner-id",
            "1234567",
        ]);
    });
});
