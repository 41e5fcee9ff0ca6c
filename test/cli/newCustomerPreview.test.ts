// Issue 18 §1: `new-customer --preview-principal-id` writes the read-only preview identity into the new stack's
// config, next to the automation account and managing tenant given as plain values (no StackReference).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { DelegationSpec, validateDelegation } from "../../components";
import { readCustomerConfig } from "../../program/customerConfig";
import { customerStack } from "../../program/customerStack";
import { CliRun, runCli } from "../kit/cliHarness";
import { ids } from "../kit/fixtures";
import { contosoArgs } from "../kit/newCustomerArgs";
import { runUnderMocks } from "../kit/pulumiMocks";

const DIRECT = ["--automation-principal-id", ids.automation, "--managed-by-tenant-id", ids.partnerTenant];

describe("lighthouse-pec new-customer --preview-principal-id", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-new-customer-preview-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const newCustomer = (middle: string[]): Promise<CliRun> =>
        runCli(["new-customer", "--dir", dir, ...contosoArgs(middle)]);
    const file = () => path.join(dir, "Pulumi.customer-contoso.yaml");
    const readBack = () => {
        const config = (yaml.load(fs.readFileSync(file(), "utf8")) as { config: Record<string, unknown> }).config;
        return readCustomerConfig((key) => config[`lighthouse-pec:${key}`]);
    };

    it("writes lighthouse-pec:previewAccount; the program reads it back and delegates Reader to it", async () => {
        const result = await newCustomer([...DIRECT, "--preview-principal-id", ids.preview]);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr, "", "no warning");
        assert.match(
            fs.readFileSync(file(), "utf8"),
            new RegExp(`\\n  lighthouse-pec:previewAccount:\\n    principalId: ${ids.preview}\\n`),
        );
        const config = readBack();
        assert.deepEqual(config.previewAccount, { principalId: ids.preview });
        assert.equal(config.partnerStack, undefined, "no StackReference: plain values only");
        assert.deepEqual(validateDelegation(config as DelegationSpec), []);

        const { resources } = await runUnderMocks(() => customerStack(config));
        assert.equal(resources.filter((r) => r.type === "pulumi:pulumi:StackReference").length, 0);
        const definition = resources.find((r) => r.type === "azure-native:managedservices:RegistrationDefinition");
        const authorizations = (definition?.inputs.properties as { authorizations: unknown[] }).authorizations;
        assert.deepEqual(authorizations.at(-1), {
            principalId: ids.preview,
            principalIdDisplayName: "Pull-request previews (read-only)",
            roleDefinitionId: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        });
    });

    it("without the flag the file has no previewAccount (as before)", async () => {
        const result = await newCustomer(DIRECT);
        assert.equal(result.code, 0, result.stderr);
        assert.doesNotMatch(fs.readFileSync(file(), "utf8"), /previewAccount/);
        assert.equal("previewAccount" in readBack(), false);
    });

    it("notes in the file that a partner stack reference needs a token that can read the partner stack", async () => {
        const result = await newCustomer(["--partner-stack", "fabrikam/lighthouse-pec/partner"]);
        assert.equal(result.code, 0, result.stderr);
        assert.match(
            fs.readFileSync(file(), "utf8"),
            /# Previews of this stack need a Pulumi token that can read fabrikam\/lighthouse-pec\/partner/,
        );
    });

    for (const [what, value, message] of [
        ["not a GUID", "pr-previews", /--preview-principal-id = "pr-previews": not a GUID\. Fix: use the object ID/],
        [
            "the automation account",
            ids.automation,
            /--preview-principal-id = "44444444-4444-4444-8444-444444444444": the preview identity is the automation account.*Fix: give previewAccount\.principalId a separate identity/,
        ],
        [
            "the admin group, which holds the delete role",
            ids.adminGroup,
            /--preview-principal-id = "33333333-3333-4333-8333-333333333333": the preview identity also holds "Managed Services Registration assignment Delete Role" through authorizations\[1\]/,
        ],
    ] as const) {
        it(`refuses ${what}, naming the flag, and writes nothing`, async () => {
            const result = await newCustomer([...DIRECT, "--preview-principal-id", value]);
            assert.equal(result.code, 2);
            assert.match(result.stderr, /nothing written/);
            assert.match(result.stderr, message);
            assert.deepEqual(fs.readdirSync(dir), []);
        });
    }
});
