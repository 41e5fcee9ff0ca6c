import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runChangedStacks } from "../../cli/changedStacks";
import { changedStacks } from "../../fleet/changedStacks";
import { capturingIo } from "../kit/cliHarness";

const FILES = [
    "Pulumi.yaml",
    "index.ts",
    "Pulumi.customer-a.yaml",
    "Pulumi.customer-b.yaml",
    "Pulumi.customer-example.yaml",
    "Pulumi.partner.yaml",
];

describe("lighthouse-pec changed-stacks (the PR preview matrix)", () => {
    it("previews only the customer stacks whose stack file changed", () => {
        assert.deepEqual(changedStacks(["Pulumi.customer-b.yaml", "README.md"], FILES, "customer-*"), {
            stacks: ["customer-b"],
            reason: "stack-files",
        });
    });

    it("previews every customer stack when the program or its dependencies changed", () => {
        for (const changed of [
            "index.ts",
            "components/customerDelegation/index.ts",
            "core/roles/catalogue.json",
            "program/customerStack.ts",
            "package-lock.json",
            "azure/credential.ts",
        ]) {
            assert.deepEqual(
                changedStacks([changed], FILES, "customer-*"),
                { stacks: ["customer-a", "customer-b"], reason: "program" },
                changed,
            );
        }
    });

    it("previews nothing for docs, tests, examples, the CLI, samples and deleted stacks", () => {
        const changes = [
            "README.md",
            "test/fleet/fleet.test.ts",
            "examples/first-customer/index.ts",
            "examples/first-customer/Pulumi.dev.yaml",
            "cli/fleet.ts",
            ".github/workflows/preview.yml",
            "Pulumi.customer-example.yaml",
            "Pulumi.customer-gone.yaml",
            "Pulumi.partner.yaml",
        ];
        assert.deepEqual(changedStacks(changes, FILES, "customer-*"), { stacks: [], reason: "none" });
        assert.deepEqual(
            changedStacks(["Pulumi.partner.yaml"], FILES, "customer-*,partner").stacks,
            ["partner"],
            "the glob widens the set",
        );
    });

    it("reads the diff from git between two commits and prints a JSON list", async function () {
        this.timeout(20_000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-changed-"));
        try {
            const git = (...args: string[]) =>
                execFileSync(
                    "git",
                    ["-c", "user.email=t@example.invalid", "-c", "user.name=t", "-c", "commit.gpgsign=false", ...args],
                    { cwd: dir, encoding: "utf8" },
                ).trim();
            git("init", "-q");
            for (const f of FILES) {
                fs.writeFileSync(path.join(dir, f), "config: {}\n");
            }
            git("add", ".");
            git("commit", "-q", "-m", "base");
            const base = git("rev-parse", "HEAD");
            fs.writeFileSync(path.join(dir, "Pulumi.customer-a.yaml"), "config:\n  lighthouse-pec:offerName: X\n");
            fs.writeFileSync(path.join(dir, "Pulumi.customer-c.yaml"), "config: {}\n");
            git("add", ".");
            git("commit", "-q", "-m", "change");
            const io = capturingIo();
            assert.equal(await runChangedStacks({ base, head: "HEAD", dir, stacks: "customer-*" }, io), 0);
            assert.equal(io.stdout, '["customer-a","customer-c"]\n');
            const bad = capturingIo();
            assert.equal(
                await runChangedStacks(
                    { base: "0000000000000000000000000000000000000000", head: "HEAD", dir, stacks: "customer-*" },
                    bad,
                ),
                2,
            );
            assert.match(
                bad.stderr,
                /--base = "0{40}": git cannot compare it with HEAD .*Fix: pass a commit that exists locally \(in CI check out with fetch-depth: 0\)/,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
