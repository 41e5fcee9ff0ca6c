import { mergeOnboardedWith, onboardedWithFindings } from "../core/delegation/onboardedWith";
import type { OnboardedWith } from "../core/delegation/names";
import { buildImportFile, ImportedDelegation } from "../core/delegation/pulumiImportFile";
import { ConfigurationError, Finding, validateDelegation } from "../core/validation";
import { DELEGATION_COMPONENT_NAME, subscriptionDelegationName } from "../program/customerStackNames";
import { loadDelegationFile, subscriptionSpecs } from "./delegationConfig";
import { EXIT } from "./io";
import { CommandIo, processLineIo, reportConfigurationError } from "./lineIo";
import { writeOutputFiles } from "./outputFiles";

/** Options of `lighthouse-pec import-file`. */
export interface ImportFileCommandOptions {
    /** One customer stack config (or CustomerDelegation arguments file) per customer. */
    config: string[];
    /** The import file to write. */
    out: string;
    /**
     * The component's Pulumi name, for a single config. Default "delegation" (the customer stack program);
     * with several configs each customer's component is named after its stack.
     */
    componentName?: string;
    /** `NAME=URN` of an explicit provider already in the target stack. */
    provider?: string;
    /** The template that onboarded the customers (`--onboarded-with`), when their configs do not say. */
    onboardedWith?: string;
    /** Replace an existing import file (never a symbolic link). */
    force?: boolean;
}

function parseProvider(value: string | undefined): { name: string; urn: string } | undefined {
    if (value === undefined) {
        return undefined;
    }
    const match = /^([^=]+)=(urn:pulumi:.+)$/.exec(value);
    if (!match) {
        throw new ConfigurationError(
            "--provider",
            [
                {
                    severity: "error",
                    field: "--provider",
                    value,
                    message: "expected NAME=URN",
                    fix: "e.g. --provider customer=urn:pulumi:customer-contoso::lighthouse-pec::pulumi:providers:azure-native::customer",
                },
            ],
            "nothing was written",
        );
    }
    return { name: match[1], urn: match[2] };
}

/**
 * `lighthouse-pec import-file`: a `pulumi import --file` file adopting existing delegations. Only names
 * and IDs are needed, so configs that read the automation account from the partner stack need no flags.
 */
export function runImportFile(options: ImportFileCommandOptions, io: CommandIo = processLineIo): number {
    const delegations: ImportedDelegation[] = [];
    let provider;
    try {
        if (options.componentName !== undefined && options.config.length > 1) {
            throw new ConfigurationError(
                "--component-name",
                [
                    {
                        severity: "error",
                        field: "--component-name",
                        value: options.componentName,
                        message: "one name cannot fit several customers",
                        fix: "drop it: with several configs each component is named after its stack",
                    },
                ],
                "nothing was written",
            );
        }
        provider = parseProvider(options.provider);
        for (const path of options.config) {
            const loaded = loadDelegationFile(path, { namesOnly: true });
            const merged = mergeOnboardedWith(loaded.spec.onboardedWith, options.onboardedWith);
            const spec = { ...loaded.spec, onboardedWith: merged.onboardedWith as OnboardedWith | undefined };
            const specs = subscriptionSpecs({ ...loaded, spec });
            const errors: Finding[] = [
                ...specs.flatMap((one) => validateDelegation(one)),
                ...merged.findings,
                ...onboardedWithFindings(spec),
            ].filter((f) => f.severity === "error");
            if (errors.length > 0) {
                throw new ConfigurationError(path, errors, "nothing was written");
            }
            const baseName =
                options.componentName ?? (options.config.length === 1 ? DELEGATION_COMPONENT_NAME : loaded.stackName);
            for (const one of specs) {
                // A list's delegations are named as the program names them: by subscription ID.
                const componentName =
                    loaded.subscriptions === undefined
                        ? baseName
                        : subscriptionDelegationName(one.subscriptionId!, baseName);
                if (delegations.some((d) => d.componentName === componentName)) {
                    throw new ConfigurationError(
                        path,
                        [
                            {
                                severity: "error",
                                field: "(stack name)",
                                value: componentName,
                                message: `two customers would be imported as the component "${componentName}"`,
                                fix: "name each file after its own stack (Pulumi.<stack>.yaml), or import them one at a time",
                            },
                        ],
                        "nothing was written",
                    );
                }
                delegations.push({
                    componentName,
                    subscriptionId: one.subscriptionId!,
                    offerName: one.offerName,
                    resourceGroups: one.resourceGroups,
                    names: one.names,
                    onboardedWith: one.onboardedWith,
                });
            }
        }
    } catch (err) {
        return reportConfigurationError(err, io);
    }
    let file;
    let written: string;
    try {
        file = buildImportFile(delegations, { provider });
        [written] = writeOutputFiles(
            [{ path: options.out, text: `${JSON.stringify(file, null, 2)}\n`, flag: "--out" }],
            { force: options.force },
        );
    } catch (err) {
        return reportConfigurationError(err, io);
    }
    io.out(
        `wrote ${written}: ${file.resources.filter((r) => !r.component).length} resources of ${options.config.length} customer${options.config.length === 1 ? "" : "s"}${delegations.length === options.config.length ? "" : ` (${delegations.length} subscriptions)`}`,
    );
    io.out(`  pulumi import --file ${written}${options.config.length === 1 ? " --stack <the customer's stack>" : ""}`);
    return EXIT.ok;
}
