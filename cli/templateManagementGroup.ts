import { join } from "node:path";
import type { OnboardingSpec } from "../core/delegation/armTemplate";
import {
    DEFAULT_POLICY_LOCATION,
    delegationPolicyFindings,
    managementGroupPolicyNames,
    POLICY_IDENTITY_ESCALATION,
} from "../core/delegation/managementGroupPolicy";
import { buildManagementGroupTemplate } from "../core/delegation/managementGroupTemplate";
import { shellQuote } from "../core/shell";
import { ConfigurationError, Finding, formatFinding } from "../core/validation";
import { isAzureRegionName } from "../core/validation/formats";
import { EXIT } from "./io";
import { CommandIo, reportConfigurationError } from "./lineIo";
import { ensureOutputDirectory, writeOutputFiles } from "./outputFiles";
import type { TemplateOptions } from "./templateRun";

/** Azure's management group IDs: up to 90 letters, digits, `-`, `_`, `(`, `)` and `.`, not ending with `.`. */
const MANAGEMENT_GROUP_ID = /^[\w().-]{1,90}$/;
/** An Azure region's name, as `az account list-locations --query [].name` lists them (`westeurope`, `eastus2`). */

function managementGroupFindings(spec: OnboardingSpec, options: TemplateOptions): Finding[] {
    const findings: Finding[] = [];
    const id = options.managementGroup ?? "";
    if (!MANAGEMENT_GROUP_ID.test(id) || id.endsWith(".")) {
        findings.push({
            severity: "error",
            field: "--management-group",
            value: id,
            message: "not a management group ID (up to 90 letters, digits, -, _, (, ) and ., not ending with .)",
            fix: "give the group's ID (az account management-group list --query [].name), not its display name",
        });
    }
    if (options.policyLocation !== undefined && !isAzureRegionName(options.policyLocation)) {
        findings.push({
            severity: "error",
            field: "--policy-location",
            value: options.policyLocation,
            message: "not an Azure region name (lower-case letters and digits, such as westeurope or eastus2)",
            fix: "give the region's name as az account list-locations --query [].name lists it, e.g. --policy-location westeurope",
        });
    }
    for (const key of ["resourceGroups", "adopt"] as const) {
        if (spec[key] !== undefined) {
            findings.push({
                severity: "error",
                field: key,
                value: spec[key],
                message: "not with --management-group: the policy delegates every subscription of the group, whole",
                fix: `remove ${key} from the configuration, or leave out --management-group`,
            });
        }
    }
    if (spec.subscriptionId !== undefined) {
        findings.push({
            severity: "warning",
            field: "subscriptionId",
            value: spec.subscriptionId,
            message: "ignored with --management-group: the policy delegates every subscription of the group",
            fix: "nothing to do; use lighthouse-pec:registerProviderIn to register Microsoft.ManagedServices there",
        });
    }
    return findings;
}

/**
 * `lighthouse-pec template --management-group <id>`: writes `management-group.template.json`, the policy
 * definition, assignment and role assignments `ManagementGroupDelegation` deploys, for a customer who deploys it
 * at the management group. Validation ran already (the caller's); this adds the management-group checks.
 */
export function writeManagementGroupTemplate(spec: OnboardingSpec, options: TemplateOptions, io: CommandIo): number {
    const location = options.policyLocation ?? DEFAULT_POLICY_LOCATION;
    const managementGroupId = options.managementGroup!;
    let path: string;
    try {
        const { subscriptionId: _subscription, resourceGroups: _groups, adopt: _adopt, ...mgSpec } = spec;
        const findings = [...managementGroupFindings(spec, options), ...delegationPolicyFindings(mgSpec)];
        for (const warning of findings.filter((f) => f.severity === "warning")) {
            io.err(`warning: ${formatFinding(warning)}`);
        }
        if (findings.some((f) => f.severity === "error")) {
            throw new ConfigurationError(options.config, findings, "no template was written");
        }
        const template = buildManagementGroupTemplate(mgSpec, managementGroupId, location, options.config);
        ensureOutputDirectory(options.out, "--out");
        [path] = writeOutputFiles(
            [
                {
                    path: join(options.out, "management-group.template.json"),
                    text: `${JSON.stringify(template, null, 2)}\n`,
                    flag: "--out",
                },
            ],
            { force: options.force },
        );
    } catch (err) {
        return reportConfigurationError(err, io);
    }
    const names = managementGroupPolicyNames(spec.offerName);
    const assignmentId = `/providers/Microsoft.Management/managementGroups/${managementGroupId}/providers/Microsoft.Authorization/policyAssignments/${names.policyAssignment}`;
    io.out(`wrote ${path}`);
    io.out(`policy definition ${names.policyDefinition}; assignment ${names.policyAssignment}`);
    io.out(`Privilege: ${POLICY_IDENTITY_ESCALATION}`);
    io.out("The customer deploys it at the management group (Owner or User Access Administrator there):");
    // Every value quoted for the shell: the customer pastes these, and IDs and paths may hold `(`, `)` or spaces.
    io.out(
        `  az deployment mg create --management-group-id ${shellQuote(managementGroupId)} --location ${shellQuote(location)} --name lighthouse-pec-policy --template-file ${shellQuote(path)}`,
    );
    io.out("Each subscription needs Microsoft.ManagedServices registered first (the policy does nothing without it):");
    io.out("  az provider register --namespace Microsoft.ManagedServices --subscription <subscription ID>");
    io.out("After the first compliance scan, remediate the subscriptions that exist already:");
    io.out(
        `  az policy remediation create --name lighthouse-pec --management-group ${shellQuote(managementGroupId)} --policy-assignment ${shellQuote(assignmentId)} --resource-discovery-mode ExistingNonCompliant`,
    );
    return EXIT.ok;
}
