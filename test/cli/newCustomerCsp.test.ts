import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { readCustomerConfig } from "../../program/customerConfig";
import { planNewCustomer } from "../../cli/newCustomerPlan";
import { runCli } from "../kit/cliHarness";
import { ids } from "../kit/fixtures";
import { contosoArgs, CUSTOMER_TENANT } from "../kit/newCustomerArgs";

const ARGS = contosoArgs(["--partner-stack", "fabrikam/lighthouse-pec/partner"]);

describe("lighthouse-pec new-customer --csp", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-new-customer-csp-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("writes csp: true with the AOBO note, and the program reads it back", async () => {
        const result = await runCli(["new-customer", "--dir", dir, ...ARGS, "--csp"]);
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /Admin Agents/);
        assert.match(
            result.stdout,
            new RegExp(
                `lighthouse-pec doctor --auth azure-cli --tenant-id ${CUSTOMER_TENANT} --managed-by-tenant-id <your tenant ID>`,
            ),
        );
        const text = fs.readFileSync(path.join(dir, "Pulumi.customer-contoso.yaml"), "utf8");
        assert.match(text, /admin-on-behalf-of \(AOBO\)/);
        assert.doesNotMatch(text, /non-guest Owner/, "the customer's own Owner is not who deploys it");
        const config = (yaml.load(text) as { config: Record<string, unknown> }).config;
        const read = readCustomerConfig((key) => config[`lighthouse-pec:${key}`]);
        assert.equal(read.csp, true);
        assert.equal(read.customerTenantId, CUSTOMER_TENANT);
        assert.equal(read.partnerStack, "fabrikam/lighthouse-pec/partner");
    });

    it("without --csp writes no csp key (existing files unchanged)", async () => {
        const result = await runCli(["new-customer", "--dir", dir, ...ARGS]);
        assert.equal(result.code, 0, result.stderr);
        const text = fs.readFileSync(path.join(dir, "Pulumi.customer-contoso.yaml"), "utf8");
        assert.doesNotMatch(text, /csp/);
        assert.doesNotMatch(result.stdout, /Admin Agents/);
    });

    it("keeps the strict rules: a bad tenant ID is refused and nothing is written", async () => {
        const args = ARGS.map((a) => (a === CUSTOMER_TENANT ? "contoso.onmicrosoft.com" : a));
        const result = await runCli(["new-customer", "--dir", dir, ...args, "--csp"]);
        assert.equal(result.code, 2);
        assert.match(result.stderr, /--tenant-id/);
        assert.deepEqual(fs.readdirSync(dir), []);
    });

    it("round-trips: what it renders reads back with csp and nothing else changed", () => {
        const plan = planNewCustomer({
            name: "contoso",
            subscriptionId: ids.subscription,
            customerTenantId: CUSTOMER_TENANT,
            partnerStack: "fabrikam/lighthouse-pec/partner",
            authorizations: [`${ids.adminGroup}:Reader:Contoso admins`],
            csp: true,
        });
        assert.ok(plan.text, JSON.stringify(plan.findings));
        assert.deepEqual(
            plan.findings.filter((f) => f.severity === "error"),
            [],
        );
        assert.match(plan.text, /^ {2}lighthouse-pec:csp: "true"$/m);
    });
});
