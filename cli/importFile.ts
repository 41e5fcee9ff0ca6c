import type { Command } from "commander";
import { DELEGATION_COMPONENT_NAME } from "../program/customerStackNames";
import type { ImportFileCommandOptions } from "./importFileRun";
import { NOT_USED, withHelpFooter } from "./helpText";
import type { CliDeps, CliIo } from "./io";
import { lineIo } from "./lineIo";

/** Registers `import-file` on the `lighthouse-pec` program (a `RegisterCommand` of cli/main.ts). */
export function registerImportFile(program: Command, io: CliIo, _deps: CliDeps, setExit: (code: number) => void): void {
    const command = program
        .command("import-file")
        .description(
            "write a Pulumi bulk-import file (pulumi import --file) that adopts existing Lighthouse delegations",
        )
        .requiredOption(
            "--config <files...>",
            "customer stack configs (Pulumi.<stack>.yaml) or JSON files of CustomerDelegation arguments",
        )
        .option("--out <file>", "the import file to write", "import.json")
        .option(
            "--component-name <name>",
            `the CustomerDelegation component's name, for one config (default "${DELEGATION_COMPONENT_NAME}", as the customer stack program declares it)`,
        )
        .option(
            "--provider <name=urn>",
            "an explicit azure-native provider already in the target stack, for every imported resource",
        )
        .option(
            "--onboarded-with <template>",
            "the template that onboarded the customer, which decides the Azure names: subscription, rg, multi-rg (Microsoft's samples) or lighthouse-pec (default; this project's names)",
        )
        .option("--force", "replace an existing import file (a symbolic link is refused even then)");
    withHelpFooter(
        command,
        {
            ok: "the import file was written",
            problems: NOT_USED,
            badInput:
                "a configuration has problems (each named with its field, value and fix) or a file cannot be read or written; nothing was written",
        },
        "lighthouse-pec import-file --config Pulumi.customer-contoso.yaml --out import.json",
    );
    command.action(async (options: ImportFileCommandOptions) => {
        // Loaded on use, like `template`: keeps the CLI's start-up (e.g. --help) short.
        const { runImportFile } = await import("./importFileRun");
        setExit(runImportFile(options, lineIo(io)));
    });
}
