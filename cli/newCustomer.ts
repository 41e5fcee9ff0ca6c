import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { shellQuote } from "../core/shell";
import { formatFinding } from "../core/validation/findings";
import { FormerFlag, NOT_USED, withHelpFooter } from "./helpText";
import { NewCustomerInput, planNewCustomer } from "./newCustomerPlan";
import { CliDeps, CliIo, EXIT } from "./io";
import { collectRepeatable } from "./options";
import { writeOutputFiles } from "./outputFiles";

/** Options of `lighthouse-pec new-customer`, as commander parses them. */
export interface NewCustomerOptions {
    /** Short customer name; the stack is `customer-<name>`. */
    name: string;
    /** The customer's subscription IDs (repeatable: several write `subscriptions:`). */
    subscription: string[];
    /** The customer's tenant ID. */
    tenantId: string;
    /** The offer name. */
    offerName?: string;
    /** The offer description. */
    offerDescription?: string;
    /** Resource groups to delegate (repeatable). */
    resourceGroup?: string[];
    /** `principalId:role[:displayName]` (repeatable). */
    authorization?: string[];
    /** The partner stack, `org/project/stack`. */
    partnerStack?: string;
    /** The automation account's principal ID. */
    automationPrincipalId?: string;
    /** The managing tenant ID. */
    managedByTenantId?: string;
    /** The object ID of the read-only identity pull-request previews sign in as. */
    previewPrincipalId?: string;
    /** Directory of the Pulumi project (where the stack file goes). */
    dir: string;
    /** A CSP customer the partner deploys through admin-on-behalf-of. */
    csp?: boolean;
}

/**
 * Validates the new customer and writes `Pulumi.customer-<name>.yaml` into `dir`. Never overwrites
 * an existing stack file. Returns the exit status: 0 written, 2 refused (bad input or file exists).
 */
export function runNewCustomer(options: NewCustomerOptions, io: CliIo): number {
    const input: NewCustomerInput = {
        name: options.name,
        subscriptionId: options.subscription[0],
        ...(options.subscription.length > 1 ? { subscriptionIds: options.subscription } : {}),
        customerTenantId: options.tenantId,
        offerName: options.offerName,
        offerDescription: options.offerDescription,
        resourceGroups: options.resourceGroup,
        authorizations: options.authorization,
        partnerStack: options.partnerStack,
        automationPrincipalId: options.automationPrincipalId,
        managedByTenantId: options.managedByTenantId,
        ...(options.previewPrincipalId !== undefined ? { previewPrincipalId: options.previewPrincipalId } : {}),
        ...(options.csp ? { csp: true } : {}),
    };
    const plan = planNewCustomer(input);
    const file = path.join(options.dir, plan.fileName);
    if (fs.existsSync(file)) {
        io.err(
            `new-customer: ${file} already exists; refusing to overwrite it. Edit it, or choose another --name (or --dir).\n`,
        );
        return EXIT.badInput;
    }
    const errors = plan.findings.filter((f) => f.severity === "error");
    if (errors.length > 0 || plan.text === undefined) {
        io.err(
            `new-customer: ${errors.length} problem${errors.length === 1 ? "" : "s"}, nothing written:\n${errors.map((f) => `  - ${formatFinding(f)}`).join("\n")}\n`,
        );
        return EXIT.badInput;
    }
    for (const warning of plan.findings.filter((f) => f.severity === "warning")) {
        io.err(`warning: ${formatFinding(warning)}\n`);
    }
    let written: string;
    try {
        [written] = writeOutputFiles([{ path: file, text: plan.text, flag: "--dir" }], {
            existingFix: "Edit it, or choose another --name (or --dir)",
        });
    } catch (err) {
        io.err(`new-customer: ${(err as Error).message}\n`);
        return EXIT.badInput;
    }
    const stack = shellQuote(plan.stackName);
    io.out(
        `wrote ${written}\nnext:\n  pulumi stack init ${stack}\n  pulumi preview --stack ${stack}\n  pulumi up --stack ${stack}\n`,
    );
    if (options.csp) {
        io.out(
            "CSP (admin-on-behalf-of): run them with your own credentials, as an identity in your Admin Agents group; " +
                `the provider signs in to tenant ${options.tenantId}. Check both PEC paths afterwards: lighthouse-pec doctor --auth azure-cli --tenant-id ${shellQuote(options.tenantId)} --managed-by-tenant-id ${options.managedByTenantId === undefined ? "<your tenant ID>" : shellQuote(options.managedByTenantId)} (see docs/csp-aobo.md)\n`,
        );
    }
    return EXIT.ok;
}

/** Registers `lighthouse-pec new-customer`. */
export function registerNewCustomer(
    program: Command,
    io: CliIo,
    _deps: CliDeps,
    setExit: (code: number) => void,
): void {
    const command = program
        .command("new-customer")
        .description("validate a new customer and write its stack file, Pulumi.customer-<name>.yaml (never overwrites)")
        .requiredOption("--name <name>", "short customer name; the stack is customer-<name>")
        .requiredOption(
            "--subscription <guid>",
            "the customer's Azure subscription ID (repeatable: one delegation per subscription)",
            collectRepeatable,
        )
        .requiredOption("--tenant-id <guid>", "the customer's tenant ID")
        .addOption(new FormerFlag("--tenant <guid>", "--tenant-id"))
        .option(
            "--offer-name <name>",
            'the offer name customers see (keep one per partner); default "Azure Lighthouse managed services"',
        )
        .option("--offer-description <text>", "the offer description customers see")
        .option(
            "--resource-group <name>",
            "delegate only this resource group (repeatable); default the whole subscription",
            collectRepeatable,
        )
        .option(
            "--authorization <principalId:role[:displayName]>",
            "a permanent authorization for your people (repeatable)",
            collectRepeatable,
        )
        .option(
            "--partner-stack <org/project/stack>",
            "read the automation account and managing tenant from the partner stack",
        )
        .option(
            "--automation-principal-id <guid>",
            "the Provider Automation Account's principal ID (instead of --partner-stack)",
        )
        .option("--managed-by-tenant-id <guid>", "your managing tenant ID (instead of --partner-stack)")
        .option(
            "--preview-principal-id <guid>",
            "the read-only identity pull-request previews sign in as: a permanent Reader authorization (previewAccount)",
        )
        .option(
            "--csp",
            "a CSP customer (Azure plan) you deploy with your own credentials through admin-on-behalf-of (Admin Agents)",
        )
        .option("--dir <dir>", "the Pulumi project directory", ".");
    withHelpFooter(
        command,
        {
            ok: "the stack file was written",
            problems: NOT_USED,
            badInput:
                "problems (each named with its flag, value and fix) or the stack file exists already; nothing was written",
        },
        "lighthouse-pec new-customer --name contoso --subscription <subscription ID> --tenant-id <customer tenant ID> --managed-by-tenant-id <managing tenant ID> --automation-principal-id <principal ID> --authorization '<group object ID>:Reader:Partner admins'",
    );
    command.action((options: NewCustomerOptions) => setExit(runNewCustomer(options, io)));
}
