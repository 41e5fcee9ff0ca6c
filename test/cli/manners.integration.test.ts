import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { userDirectory } from "../../cli/options";
import { runCli } from "../kit/cliHarness";
import { writeSyntheticCsv } from "../kit/generate";
import { ids } from "../kit/fixtures";
import { runChild } from "../kit/childCli";

const CUSTOMER_TENANT = "77777777-7777-4777-8777-777777777777";

describe("CLI manners: closed pipes, missing subcommands, npm's directories (issue 10)", function () {
    this.timeout(120_000);
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(join(tmpdir(), "lhpec-manners-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("ends quietly with exit 0 when stdout is closed early, as `| head` does (was: EPIPE stack trace, exit 1)", async () => {
        const csv = join(dir, "month.csv");
        // 2,000 subscriptions: the report (about 300 KB) is far larger than a pipe's buffer.
        await writeSyntheticCsv(csv, 2000, { customers: 50, subscriptionsPerCustomer: 40, year: 2026, month: 10 });
        const run = await runChild(["verify", "--input", csv, "--format", "csv"], { closeStdoutEarly: true });
        assert.ok(run.stdout.length > 0, "the reader saw the start of the report");
        assert.equal(run.stderr, "", "no EPIPE, no stack trace");
        assert.equal(run.code, 0);
    });

    it("without a subcommand prints help to stderr and exits 2 (a usage error); asking for help still exits 0", async () => {
        const bare = await runChild([]);
        assert.equal(bare.code, 2, bare.stderr);
        assert.equal(bare.stdout, "");
        assert.match(bare.stderr, /^Usage: lighthouse-pec /);
        const help = await runCli(["--help"]);
        assert.equal(help.code, 0);
        assert.match(help.stdout, /Exit status: 0 ok, 1 problems found .*, 2 bad input, usage or an error\./);
        assert.equal((await runCli(["help"])).code, 0);
    });

    it("through `npm run lighthouse-pec`, paths are taken from the user's directory (INIT_CWD), and the written path is printed in full", async () => {
        // What npm run does (npm 11, verified): the script runs in the package root, the user's directory is in INIT_CWD.
        const packageRoot = join(dir, "package");
        const user = join(packageRoot, "test");
        fs.mkdirSync(user, { recursive: true });
        fs.writeFileSync(join(packageRoot, "package.json"), "{}\n");
        const npmEnv = {
            INIT_CWD: user,
            npm_lifecycle_event: "lighthouse-pec",
            npm_command: "run",
            npm_package_json: join(packageRoot, "package.json"),
        };
        const run = await runChild(
            [
                "new-customer",
                "--name",
                "contoso",
                "--subscription",
                ids.subscription,
                "--tenant-id",
                CUSTOMER_TENANT,
                "--automation-principal-id",
                ids.automation,
                "--managed-by-tenant-id",
                ids.partnerTenant,
                "--authorization",
                `${ids.adminGroup}:Reader:Admins`,
                "--authorization",
                `${ids.adminGroup}:Managed Services Registration assignment Delete Role:Admins`,
            ],
            { cwd: packageRoot, env: npmEnv },
        );
        assert.equal(run.code, 0, run.stderr);
        const expected = join(user, "Pulumi.customer-contoso.yaml");
        assert.ok(fs.existsSync(expected), "written where the user stands");
        assert.equal(
            fs.existsSync(join(packageRoot, "Pulumi.customer-contoso.yaml")),
            false,
            "not into the package root",
        );
        assert.ok(run.stdout.startsWith(`wrote ${expected}\n`), run.stdout);

        const template = await runChild(
            ["template", "--config", "Pulumi.customer-contoso.yaml", "--out", "onboarding"],
            { cwd: packageRoot, env: npmEnv },
        );
        assert.equal(template.code, 0, template.stderr);
        assert.ok(fs.existsSync(join(user, "onboarding", "onboarding.template.json")));
        assert.match(
            template.stdout,
            new RegExp(
                `^wrote ${join(user, "onboarding", "onboarding.template.json").replace(/[/\\.]/g, "\\$&")}$`,
                "m",
            ),
        );
    });

    it("takes INIT_CWD only while the process still runs in npm's package root (a script that changed directory keeps its own)", () => {
        const env = {
            INIT_CWD: "/home/u/project/sub",
            npm_lifecycle_event: "lighthouse-pec",
            npm_package_json: "/home/u/project/package.json",
        };
        assert.equal(userDirectory(env, "/home/u/project"), "/home/u/project/sub");
        assert.equal(userDirectory(env, "/home/u/project/infra"), "/home/u/project/infra");
        assert.equal(
            userDirectory({ INIT_CWD: "/elsewhere" }, "/here"),
            "/here",
            "INIT_CWD alone (e.g. left over in a shell) is not trusted",
        );
    });
});
