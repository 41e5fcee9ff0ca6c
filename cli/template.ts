import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import type { CliDeps, CliIo } from "./io";
import { buildOnboardingTemplate } from "../components/delegation/armTemplate";
import { delegationNames } from "../components/delegation/names";
import { ConfigurationError, formatFinding, validateDelegation } from "../components/validation";
import { loadDelegationFile } from "./delegationConfig";

/** Where a command writes: stdout for results, stderr for findings and errors. */
export interface CommandIo {
    /** Writes a line of normal output. */
    out(line: string): void;
    /** Writes a line of diagnostics. */
    err(line: string): void;
}

/** Exit codes: 0 done, 1 failed (I/O), 2 the configuration was rejected (nothing written). */
export const EXIT_OK = 0;
/** Something other than the configuration failed (e.g. the output directory is not writable). */
export const EXIT_FAILED = 1;
/** The configuration was rejected; nothing was written. */
export const EXIT_CONFIG = 2;

/** Writes to the process's stdout and stderr. */
export const processLineIo: CommandIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
};

/** Options of `lighthouse-pec template`. */
export interface TemplateOptions {
    /** A customer stack's Pulumi.<stack>.yaml, or a JSON/YAML file of CustomerDelegation arguments. */
    config: string;
    /** The directory to write onboarding.template.json and onboarding.parameters.json into. */
    out: string;
    /** The automation account's principal, when the config takes it from the partner stack. */
    automationPrincipalId?: string;
    /** The managing tenant, when the config takes it from the partner stack. */
    managedByTenantId?: string;
}

/** Prints a rejected configuration's findings; returns the exit code for it. */
export function reportConfigurationError(err: unknown, io: CommandIo): number {
    if (err instanceof ConfigurationError) {
        io.err(err.message);
        return EXIT_CONFIG;
    }
    io.err(`error: ${(err as Error).message ?? String(err)}`);
    return EXIT_FAILED;
}

/**
 * `lighthouse-pec template`: the customer-side onboarding (a subscription-level ARM template and its
 * parameters) that deploys exactly what the customer stack would. The component's validation runs
 * first; a configuration it rejects writes nothing and exits 2.
 */
export function runTemplate(options: TemplateOptions, io: CommandIo = processLineIo): number {
    let loaded;
    try {
        loaded = loadDelegationFile(options.config, options);
        const findings = validateDelegation(loaded.spec);
        for (const warning of findings.filter((f) => f.severity === "warning")) {
            io.err(`warning: ${formatFinding(warning)}`);
        }
        if (findings.some((f) => f.severity === "error")) {
            throw new ConfigurationError(options.config, findings, "no template was written");
        }
    } catch (err) {
        return reportConfigurationError(err, io);
    }
    const { template, parameters } = buildOnboardingTemplate(loaded.spec, options.config);
    const templatePath = join(options.out, "onboarding.template.json");
    const parametersPath = join(options.out, "onboarding.parameters.json");
    try {
        mkdirSync(options.out, { recursive: true });
        writeFileSync(templatePath, `${JSON.stringify(template, null, 2)}\n`);
        writeFileSync(parametersPath, `${JSON.stringify(parameters, null, 2)}\n`);
    } catch (err) {
        return reportConfigurationError(err, io);
    }
    const names = delegationNames(loaded.spec.offerName, loaded.spec.resourceGroups, loaded.spec.names);
    io.out(`wrote ${templatePath}`);
    io.out(`wrote ${parametersPath}`);
    io.out(`registration definition ${names.registrationDefinition}; assignment${names.assignments.length > 1 ? "s" : ""} ${names.assignments
        .map((a) => (a.resourceGroup ? `${a.name} (${a.resourceGroup})` : a.name)).join(", ")}`);
    io.out("The customer's Owner deploys it into subscription " + loaded.spec.subscriptionId + ":");
    io.out(`  az deployment sub create --subscription ${loaded.spec.subscriptionId} --location <region> --name lighthouse-pec-onboarding \\`);
    io.out(`    --template-file ${templatePath} --parameters @${parametersPath}`);
    return EXIT_OK;
}

/** Line-oriented view of the CLI's streams. */
export function lineIo(io: CliIo): CommandIo {
    return { out: (line) => io.out(`${line}\n`), err: (line) => io.err(`${line}\n`) };
}

/** Registers `template` on the `lighthouse-pec` program (a `RegisterCommand` of cli/main.ts). */
export function registerTemplate(program: Command, io: CliIo, _deps: CliDeps, setExit: (code: number) => void): void {
    program
        .command("template")
        .description("write the customer-side onboarding ARM template (and parameters) that deploys exactly what the customer stack would")
        .requiredOption("--config <file>", "a customer stack's Pulumi.<stack>.yaml, or a JSON file of CustomerDelegation arguments")
        .requiredOption("--out <dir>", "directory for onboarding.template.json and onboarding.parameters.json")
        .option("--automation-principal-id <guid>", "the Provider Automation Account's principal ID, when the config reads it from the partner stack")
        .option("--managed-by-tenant-id <guid>", "your managing tenant ID, when the config reads it from the partner stack")
        .action((options: TemplateOptions) => {
            setExit(runTemplate(options, lineIo(io)));
        });
}
