import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { projectFileReader, runChangedStacks } from "../../cli/changedStacks";
import { changedStacks } from "../../fleet/changedStacks";
import { programClosure } from "../../fleet/programClosure";
import { capturingIo } from "../kit/cliHarness";

/** What this repository's program loads. */
const PROGRAM = programClosure(projectFileReader(path.resolve(__dirname, "..", "..")));

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
        assert.deepEqual(changedStacks(["Pulumi.customer-b.yaml", "README.md"], FILES, "customer-*", PROGRAM), {
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
                changedStacks([changed], FILES, "customer-*", PROGRAM),
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
        assert.deepEqual(changedStacks(changes, FILES, "customer-*", PROGRAM), { stacks: [], reason: "none" });
        assert.deepEqual(
            changedStacks(["Pulumi.partner.yaml"], FILES, "customer-*,partner", PROGRAM).stacks,
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

    it("takes the program from the work tree: a CLI edit previews nothing, an edit index.ts reaches previews every stack", async function () {
        this.timeout(30_000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-changed-closure-"));
        try {
            const git = (...args: string[]) =>
                execFileSync(
                    "git",
                    ["-c", "user.email=t@example.invalid", "-c", "user.name=t", "-c", "commit.gpgsign=false", ...args],
                    { cwd: dir, encoding: "utf8" },
                ).trim();
            const write = (file: string, text: string) => {
                fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
                fs.writeFileSync(path.join(dir, file), text);
            };
            git("init", "-q");
            for (const f of FILES) write(f, "config: {}\n");
            write("index.ts", 'import { stack } from "./program/stack";\nexport = stack();\n');
            write(
                "program/stack.ts",
                'import { rule } from "../core/rules";\nimport roles from "../core/roles.json";\n',
            );
            write("core/rules.ts", "export const rule = 1;\n");
            write("core/roles.json", "{}\n");
            write("core/cliOnly.ts", "export const only = 1;\n");
            write("cli/main.ts", 'import { only } from "../core/cliOnly";\n');
            git("add", ".");
            git("commit", "-q", "-m", "base");
            /** Commits an edit of `file` and returns what changed-stacks prints for that commit. */
            const previewed = async (file: string): Promise<string> => {
                const base = git("rev-parse", "HEAD");
                write(file, `${fs.readFileSync(path.join(dir, file), "utf8")}// edited\n`);
                git("commit", "-q", "-am", `edit ${file}`);
                const io = capturingIo();
                assert.equal(
                    await runChangedStacks({ base, head: "HEAD", dir, stacks: "customer-*" }, io),
                    0,
                    io.stderr,
                );
                return io.stdout.trim();
            };
            assert.equal(await previewed("cli/main.ts"), "[]", "a CLI-only file");
            assert.equal(await previewed("core/cliOnly.ts"), "[]", "a core file only the CLI uses");
            assert.equal(
                await previewed("core/rules.ts"),
                '["customer-a","customer-b"]',
                "a core file the program uses",
            );
            assert.equal(await previewed("core/roles.json"), '["customer-a","customer-b"]', "JSON the program imports");

            const base = git("rev-parse", "HEAD");
            git("rm", "-q", "index.ts");
            git("commit", "-q", "-m", "no entry");
            const io = capturingIo();
            assert.equal(await runChangedStacks({ base, head: "HEAD", dir, stacks: "customer-*" }, io), 2);
            assert.match(
                io.stderr,
                /^changed-stacks: --dir \S+: has no index\.ts, the Pulumi program's entry \(Pulumi\.yaml main\)\. Give the Pulumi project directory/,
            );
            assert.equal(io.stdout, "", "no list when the program cannot be found");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
