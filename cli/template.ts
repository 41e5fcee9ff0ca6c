import type { Command } from "commander";
import { NOT_USED, withHelpFooter } from "./helpText";
import type { CliDeps, CliIo } from "./io";
import { lineIo } from "./lineIo";
import type { TemplateOptions } from "./templateRun";

/** Registers `template` on the `lighthouse-pec` program (a `RegisterCommand` of cli/main.ts). */
export function registerTemplate(program: Command, io: CliIo, _deps: CliDeps, setExit: (code: number) => void): void {
    const command = program
        .command("template")
        .description(
            "write the customer-side onboarding ARM template (and parameters) that deploys exactly what the customer stack would",
        )
        .requiredOption(
            "--config <file>",
            "a customer stack's Pulumi.<stack>.yaml, or a JSON file of CustomerDelegation arguments",
        )
        .requiredOption(
            "--out <dir>",
            "directory for onboarding.template.json and onboarding.parameters.json (with lighthouse-pec:subscriptions: onboarding.<subscription ID>.template.json / .parameters.json each)",
        )
        .option(
            "--automation-principal-id <guid>",
            "the Provider Automation Account's principal ID, when the config reads it from the partner stack",
        )
        .option(
            "--managed-by-tenant-id <guid>",
            "your managing tenant ID, when the config reads it from the partner stack",
        )
        .option(
            "--onboarded-with <template>",
            "the template that onboarded the customer, which decides the Azure names: subscription, rg, multi-rg (Microsoft's samples) or lighthouse-pec (default; this project's names)",
        )
        .option(
            "--management-group <id>",
            "write management-group.template.json instead: the Azure Policy (DeployIfNotExists) that delegates every subscription of this management group, as a ManagementGroupDelegation stack would",
        )
        .option(
            "--policy-location <region>",
            "with --management-group: region of the policy assignment's identity and of each subscription's deployment record (default westeurope)",
        )
        .option("--force", "replace existing output files (symbolic links are refused even then)");
    withHelpFooter(
        command,
        {
            ok: "the files were written",
            problems: NOT_USED,
            badInput:
                "the configuration has problems (each named with its field, value and fix) or a file cannot be read or written; nothing was written",
        },
        "lighthouse-pec template --config Pulumi.customer-contoso.yaml --out onboarding/contoso",
    );
    command.action(async (options: TemplateOptions) => {
        // Loaded on use: the template builder and role tables are a large part of the CLI's start-up time.
        const { runTemplate } = await import("./templateRun");
        setExit(runTemplate(options, lineIo(io)));
    });
}
