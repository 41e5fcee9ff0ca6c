// The README's first examples are what a new user copies: they must deploy without a warning.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DelegationSpec, validateDelegation } from "../../core/validation";
import { runCli } from "../kit/cliHarness";
import { ids } from "../kit/fixtures";
import { commandsIn } from "./docCommands";

const REPO = path.resolve(__dirname, "..", "..");
const CUSTOMER_TENANT = "77777777-7777-4777-8777-777777777777";

/** A sample value for a `<placeholder>` of the docs. */
function sample(placeholder: string): string {
    if (/subscription/i.test(placeholder)) return ids.subscription;
    if (/managing tenant/i.test(placeholder)) return ids.partnerTenant;
    if (/tenant/i.test(placeholder)) return CUSTOMER_TENANT;
    if (/group|object/i.test(placeholder)) return ids.adminGroup;
    if (/org/i.test(placeholder)) return "fabrikam";
    throw new Error(`no sample for ${placeholder}`);
}

/** The roles of the `authorizations: [...]` of the library snippet (`new CustomerDelegation(...)`) in a Markdown file. */
function snippetRoles(file: string): string[] {
    const text = fs.readFileSync(path.join(REPO, file), "utf8");
    const call = /new CustomerDelegation\("contoso", \{[\s\S]*?\n\}\);/.exec(text);
    assert.ok(call, `${file} has the library snippet`);
    const list = /authorizations: \[([\s\S]*?)\],\n/.exec(call[0]);
    assert.ok(list, `${file}: the snippet lists authorizations`);
    return [...list[1].matchAll(/role: "([^"]+)"/g)].map((m) => m[1]);
}

describe("the README's examples deploy without a warning", () => {
    for (const file of ["README.md", "docs/using-the-library.md"]) {
        it(`${file}: the library snippet gives the roles Microsoft recommends`, () => {
            const roles = snippetRoles(file);
            assert.ok(roles.length >= 2, JSON.stringify(roles));
            const spec: DelegationSpec = {
                offerName: "Contoso Managed Services",
                managedByTenantId: ids.partnerTenant,
                subscriptionId: ids.subscription,
                authorizations: roles.map((role) => ({ principalId: ids.adminGroup, role })),
                automationAccount: { principalId: ids.automation },
            };
            assert.deepEqual(validateDelegation(spec), []);
        });
    }

    it("README.md: the new-customer command writes a stack file, warning-free", async () => {
        const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
        const command = commandsIn(readme, "README.md").find((c) => c.args[0] === "new-customer");
        assert.ok(command, "the README shows new-customer");
        // The README reads the automation account's principal from the partner stack's output.
        const args = command.args.map((a) =>
            a
                .replace(/<[^<>]+>/g, sample)
                .replace(/^\$\(pulumi stack output principalId --stack \w+\)$/, ids.automation),
        );
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-readme-"));
        try {
            const run = await runCli([...args, "--dir", dir]);
            assert.equal(run.code, 0, run.stderr);
            assert.doesNotMatch(run.stderr, /warning/i);
            assert.ok(fs.existsSync(path.join(dir, "Pulumi.customer-contoso.yaml")));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
