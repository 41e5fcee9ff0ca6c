import { join } from "node:path";
import { buildOnboardingTemplate } from "../core/delegation/armTemplate";
import { shellQuote } from "../core/shell";
import { writeManagementGroupTemplate } from "./templateManagementGroup";
import { delegationNames, OnboardedWith } from "../core/delegation/names";
import { mergeOnboardedWith, onboardedWithFindings } from "../core/delegation/onboardedWith";
import { ConfigurationError, Finding, formatFinding, validateDelegation } from "../core/validation";
import { loadDelegationFile, subscriptionSpecs } from "./delegationConfig";
import { EXIT } from "./io";
import { CommandIo, processLineIo, reportConfigurationError } from "./lineIo";
import { ensureOutputDirectory, writeOutputFiles } from "./outputFiles";

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
    /** The template that onboarded the customer (`--onboarded-with`): the generated template gives its names. */
    onboardedWith?: string;
    /** Replace existing output files (never symbolic links). */
    force?: boolean;
    /** Write the management-group template (policy) for this management group instead. */
    managementGroup?: string;
    /** With `managementGroup`: the region of the policy assignment and deployment records. */
    policyLocation?: string;
}

/**
 * `lighthouse-pec template`: the customer-side onboarding (a subscription-level ARM template and its
 * parameters) that deploys exactly what the customer stack would. The component's validation runs
 * first; a configuration it rejects writes nothing and exits 2. Both files are written or neither; existing
 * files are replaced only with `force`.
 */
export function runTemplate(options: TemplateOptions, io: CommandIo = processLineIo): number {
    let loaded;
    try {
        loaded = loadDelegationFile(options.config, options);
        const merged = mergeOnboardedWith(loaded.spec.onboardedWith, options.onboardedWith);
        loaded.spec.onboardedWith = merged.onboardedWith as OnboardedWith | undefined;
        const findings = unique([
            ...subscriptionSpecs(loaded).flatMap((spec) => validateDelegation(spec)),
            ...merged.findings,
            ...onboardedWithFindings(loaded.spec),
        ]);
        for (const warning of findings.filter((f) => f.severity === "warning")) {
            io.err(`warning: ${formatFinding(warning)}`);
        }
        if (findings.some((f) => f.severity === "error")) {
            throw new ConfigurationError(options.config, findings, "no template was written");
        }
    } catch (err) {
        return reportConfigurationError(err, io);
    }
    if (options.managementGroup !== undefined) {
        return writeManagementGroupTemplate(loaded.spec, options, io);
    }
    // Microsoft Learn (lighthouse/how-to/onboard-customer): "A separate deployment is needed for each subscription",
    // by an Owner of that subscription: a list gets one template and parameters file per subscription.
    const list = loaded.subscriptions !== undefined;
    const specs = subscriptionSpecs(loaded);
    const files = specs.flatMap((spec) => {
        const { template, parameters } = buildOnboardingTemplate(spec, options.config);
        const stem = list ? `onboarding.${spec.subscriptionId!.toLowerCase()}` : "onboarding";
        return [
            {
                path: join(options.out, `${stem}.template.json`),
                text: `${JSON.stringify(template, null, 2)}\n`,
                flag: "--out",
            },
            {
                path: join(options.out, `${stem}.parameters.json`),
                text: `${JSON.stringify(parameters, null, 2)}\n`,
                flag: "--out",
            },
        ];
    });
    let written: string[];
    try {
        ensureOutputDirectory(options.out, "--out");
        written = writeOutputFiles(files, { force: options.force });
    } catch (err) {
        return reportConfigurationError(err, io);
    }
    const names = delegationNames(
        loaded.spec.offerName,
        loaded.spec.resourceGroups,
        loaded.spec.names,
        loaded.spec.onboardedWith,
    );
    const named = (list: { resourceGroup?: string; name: string }[]): string =>
        list.map((a) => (a.resourceGroup ? `${a.name} (${a.resourceGroup})` : a.name)).join(", ");
    for (const path of written) {
        io.out(`wrote ${path}`);
    }
    if (!list) {
        io.out(
            `registration definition${names.definitions.length > 1 ? "s" : ""} ${named(names.definitions)}; assignment${names.assignments.length > 1 ? "s" : ""} ${named(names.assignments)}`,
        );
    }
    io.out(
        specs.length === 1
            ? "The customer's Owner deploys it into subscription " + loaded.spec.subscriptionId + ":"
            : `The customer's Owner of each subscription deploys its template (${specs.length} deployments):`,
    );
    specs.forEach((spec, i) => {
        const [templatePath, parametersPath] = [written[2 * i], written[2 * i + 1]];
        // Every value quoted for the shell: the customer's Owner pastes this, and paths may hold anything.
        io.out(
            `  az deployment sub create --subscription ${shellQuote(spec.subscriptionId!)} --location <region> --name lighthouse-pec-onboarding \\`,
        );
        io.out(`    --template-file ${shellQuote(templatePath)} --parameters ${shellQuote(`@${parametersPath}`)}`);
    });
    return EXIT.ok;
}

/** Findings without repeats (a list's subscriptions share every authorization, so they share its findings). */
function unique(findings: Finding[]): Finding[] {
    const seen = new Set<string>();
    return findings.filter((f) => {
        const key = JSON.stringify([f.severity, f.field, f.value, f.message]);
        return seen.has(key) ? false : (seen.add(key), true);
    });
}
