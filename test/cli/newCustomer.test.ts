import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { DelegationSpec, validateDelegation } from "../../components";
import { readCustomerConfig } from "../../program/customerConfig";
import { NewCustomerInput, planNewCustomer, readBackFindings, yamlString } from "../../cli/newCustomerPlan";
import { CliRun, runCli } from "../kit/cliHarness";
import { ids } from "../kit/fixtures";
import { contosoArgs, CUSTOMER_TENANT } from "../kit/newCustomerArgs";

function newCustomer(dir: string, args: string[]): Promise<CliRun> {
    return runCli(["new-customer", "--dir", dir, ...args]);
}

function readBack(file: string) {
    const config = (yaml.load(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config;
    return readCustomerConfig((key) => config[`lighthouse-pec:${key}`]);
}

const BASE = contosoArgs();

describe("lighthouse-pec new-customer", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-new-customer-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("writes Pulumi.customer-contoso.yaml that the program reads back and the component accepts (partner stack)", async () => {
        const result = await newCustomer(dir, [
            ...BASE,
            "--partner-stack",
            "fabrikam/lighthouse-pec/partner",
            "--offer-name",
            "Fabrikam: Managed Services",
            "--resource-group",
            "rg-prod",
            "--resource-group",
            "rg-data",
        ]);
        assert.equal(result.code, 0, result.stderr);
        const file = path.join(dir, "Pulumi.customer-contoso.yaml");
        assert.match(result.stdout, /pulumi stack init customer-contoso/);
        const text = fs.readFileSync(file, "utf8");
        assert.match(text, /^# Customer stack for contoso/, "the file is commented");
        const config = readBack(file);
        // Exactly the keys the file sets (a key it does not set is absent, not undefined).
        assert.deepEqual(config, {
            offerName: "Fabrikam: Managed Services",
            subscriptionId: ids.subscription,
            customerTenantId: CUSTOMER_TENANT,
            resourceGroups: ["rg-prod", "rg-data"],
            authorizations: [
                { principalId: ids.adminGroup, role: "Reader", displayName: "Contoso admins" },
                {
                    principalId: ids.adminGroup,
                    role: "Managed Services Registration assignment Delete Role",
                    displayName: "Contoso admins",
                },
            ],
            partnerStack: "fabrikam/lighthouse-pec/partner",
        });
        // The partner stack's outputs arrive at deployment; with them, the component's rules pass without a warning.
        const findings = validateDelegation({
            ...config,
            managedByTenantId: ids.partnerTenant,
            automationAccount: { principalId: ids.automation },
        } as DelegationSpec);
        assert.deepEqual(findings, []);
    });

    it("writes a direct automation account and managing tenant, using the same keys as Pulumi.customer-example.yaml", async () => {
        const result = await newCustomer(dir, [
            ...BASE,
            "--automation-principal-id",
            ids.automation,
            "--managed-by-tenant-id",
            ids.partnerTenant,
        ]);
        assert.equal(result.code, 0, result.stderr);
        const file = path.join(dir, "Pulumi.customer-contoso.yaml");
        const config = readBack(file);
        assert.deepEqual(config.automationAccount, { principalId: ids.automation, role: "Contributor" });
        assert.equal(config.managedByTenantId, ids.partnerTenant);
        assert.deepEqual(
            validateDelegation({
                ...config,
                automationAccount: { principalId: ids.automation, role: "Contributor" },
            } as DelegationSpec),
            [],
        );
        const example = yaml.load(
            fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.customer-example.yaml"), "utf8"),
        ) as { config: Record<string, unknown> };
        const written = yaml.load(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
        const exampleKeys = new Set(Object.keys(example.config));
        for (const key of Object.keys(written.config)) {
            assert.ok(
                exampleKeys.has(key) ||
                    key === "lighthouse-pec:automationAccount" ||
                    key === "lighthouse-pec:managedByTenantId",
                `${key} is not a key of Pulumi.customer-example.yaml`,
            );
        }
    });

    it("refuses to overwrite an existing stack file (exit 2), leaving it untouched", async () => {
        const file = path.join(dir, "Pulumi.customer-contoso.yaml");
        fs.writeFileSync(file, "config: {}\n# hand-edited\n");
        const result = await newCustomer(dir, [...BASE, "--partner-stack", "fabrikam/lighthouse-pec/partner"]);
        assert.equal(result.code, 2);
        assert.match(result.stderr, /Pulumi\.customer-contoso\.yaml already exists; refusing to overwrite/);
        assert.equal(fs.readFileSync(file, "utf8"), "config: {}\n# hand-edited\n");
    });

    it("rejects bad input naming each flag, value and fix, and writes nothing", async () => {
        const result = await newCustomer(dir, [
            "--name",
            "contoso",
            "--subscription",
            "not-a-guid",
            "--tenant-id",
            "contoso.onmicrosoft",
            "--resource-group",
            "rg.",
            "--authorization",
            `${ids.adminGroup}:Owner`,
            "--authorization",
            "just-a-principal",
            "--partner-stack",
            "partner",
        ]);
        assert.equal(result.code, 2);
        assert.deepEqual(fs.readdirSync(dir), []);
        assert.match(
            result.stderr,
            /--tenant-id = "contoso.onmicrosoft": not a GUID\. Fix: use the customer's tenant ID/,
        );
        assert.match(
            result.stderr,
            /--partner-stack = "partner": must be the fully qualified partner stack name\. Fix: use org\/project\/stack/,
        );
        assert.match(
            result.stderr,
            /--authorization #2 = "just-a-principal": expected principalId:role\[:displayName\]/,
        );
        // The component's own rules run once every authorization parses; check them separately.
        const second = await newCustomer(dir, [
            "--name",
            "contoso",
            "--subscription",
            "not-a-guid",
            "--tenant-id",
            CUSTOMER_TENANT,
            "--resource-group",
            "rg.",
            "--authorization",
            `${ids.adminGroup}:Owner`,
            "--partner-stack",
            "fabrikam/lighthouse-pec/partner",
        ]);
        assert.equal(second.code, 2);
        assert.match(
            second.stderr,
            /--subscription = "not-a-guid": not a GUID\. Fix: use the customer's Azure subscription ID/,
        );
        assert.match(second.stderr, /--resource-group #1 = "rg\.": not a valid resource group name/);
        assert.match(
            second.stderr,
            /--authorization #1 \(authorizations\[0\]\.role\) = "Owner": .*Fix: use "Contributor"/,
        );
        assert.deepEqual(fs.readdirSync(dir), []);
    });

    it("needs an automation account source and at least one authorization", async () => {
        const result = await newCustomer(dir, [
            "--name",
            "contoso",
            "--subscription",
            ids.subscription,
            "--tenant-id",
            CUSTOMER_TENANT,
        ]);
        assert.equal(result.code, 2);
        assert.match(result.stderr, /--partner-stack = \(not set\): the automation account's principal is needed/);
        assert.match(result.stderr, /--managed-by-tenant-id = \(not set\)/);
        assert.match(
            result.stderr,
            /--authorization = \[\]: at least one permanent authorization is required.*on the command line: --authorization/,
        );
    });

    it("warns (and still writes) when the delete role is missing, with the flag that adds it", async () => {
        const result = await newCustomer(dir, [
            "--name",
            "contoso",
            "--subscription",
            ids.subscription,
            "--tenant-id",
            CUSTOMER_TENANT,
            "--authorization",
            `${ids.adminGroup}:Reader`,
            "--partner-stack",
            "fabrikam/lighthouse-pec/partner",
        ]);
        assert.equal(result.code, 0, result.stderr);
        assert.match(
            result.stderr,
            /warning: --authorization = \["Reader"\]: no authorization has the Managed Services Registration assignment Delete Role.*--authorization "<admin group object ID>:Managed Services Registration assignment Delete Role/,
        );
    });

    it("quotes YAML strings that would otherwise read back as something else", () => {
        for (const value of [
            "1234567",
            "true",
            "no",
            "null",
            "1.0",
            "a: b",
            "x #y",
            "-lead",
            "Contoso admins",
            "rg-prod",
            "Ünïcode",
            " padded ",
        ]) {
            assert.equal((yaml.load(`k: ${yamlString(value)}`) as { k: unknown }).k, value, value);
        }
        assert.equal(yamlString("Contoso admins"), "Contoso admins", "plain where safe, for readability");
    });

    it("--subscription repeated writes subscriptions: one delegation each; a repeated or malformed one is refused", async () => {
        const second = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
        const result = await newCustomer(dir, [
            ...BASE,
            "--subscription",
            second,
            "--automation-principal-id",
            ids.automation,
            "--managed-by-tenant-id",
            ids.partnerTenant,
        ]);
        assert.equal(result.code, 0, result.stderr);
        const file = path.join(dir, "Pulumi.customer-contoso.yaml");
        const config = readBack(file);
        assert.equal(config.subscriptionId, undefined);
        assert.deepEqual(config.subscriptions, [{ subscriptionId: ids.subscription }, { subscriptionId: second }]);
        assert.doesNotMatch(fs.readFileSync(file, "utf8"), /lighthouse-pec:subscriptionId/);

        const refused = await newCustomer(dir, [
            ...BASE.map((a) => (a === "contoso" ? "tailspin" : a)),
            "--subscription",
            ids.subscription.toUpperCase(),
            "--subscription",
            "not-a-guid",
            "--partner-stack",
            "fabrikam/lighthouse-pec/partner",
        ]);
        assert.equal(refused.code, 2);
        assert.match(refused.stderr, /--subscription #2 = .*the same subscription as --subscription #1/);
        assert.match(refused.stderr, /--subscription #3 = "not-a-guid"/);
        assert.equal(fs.existsSync(path.join(dir, "Pulumi.customer-tailspin.yaml")), false);
    });
});

describe("lighthouse-pec new-customer reads its file back with the strict schema before writing it", () => {
    const input: NewCustomerInput = {
        name: "contoso",
        subscriptionId: ids.subscription,
        customerTenantId: CUSTOMER_TENANT,
        resourceGroups: ["rg-prod"],
        authorizations: [
            `${ids.adminGroup}:Reader:Contoso admins`,
            `${ids.adminGroup}:Managed Services Registration assignment Delete Role`,
        ],
        partnerStack: "fabrikam/lighthouse-pec/partner",
    };

    it("finds nothing in what it renders", () => {
        const plan = planNewCustomer(input);
        assert.ok(plan.text, JSON.stringify(plan.findings));
        assert.deepEqual(readBackFindings(plan.text, plan.fileName, input, spec(plan.text)), []);
    });

    it("a file with a mistyped key or a value that reads back differently gets findings naming the file (fault injected)", () => {
        const plan = planNewCustomer(input);
        const text = plan.text!;
        const typo = text.replace("lighthouse-pec:resourceGroups:", "lighthouse-pec:resourceGroup:");
        assert.notEqual(typo, text, "the fault was injected");
        const findings = readBackFindings(typo, plan.fileName, input, spec(text));
        assert.equal(findings[0].field, "Pulumi.customer-contoso.yaml: lighthouse-pec:resourceGroup");
        assert.match(findings[0].message, /did you mean "resourceGroups"/);

        const misread = text.replace(`customerTenantId: ${CUSTOMER_TENANT}`, "customerTenantId: 1e3");
        assert.notEqual(misread, text, "the fault was injected");
        assert.deepEqual(
            readBackFindings(misread, plan.fileName, input, spec(text)).map((f) => [f.field, f.value]),
            [["Pulumi.customer-contoso.yaml: lighthouse-pec:customerTenantId", "1000"]],
        );
    });

    /** The delegation planNewCustomer checked, as the file states it. */
    function spec(text: string): DelegationSpec {
        const config = (yaml.load(text) as { config: Record<string, unknown> }).config;
        return {
            offerName: config["lighthouse-pec:offerName"] as string,
            subscriptionId: ids.subscription,
            resourceGroups: ["rg-prod"],
            authorizations: config["lighthouse-pec:authorizations"] as DelegationSpec["authorizations"],
        };
    }
});
