import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTemplate } from "../../cli/templateRun";
import type { CommandIo } from "../../cli/lineIo";
import { toReconCsv } from "../kit/generate";
import { SCENARIO_LINES } from "../kit/scenario";
import { ids } from "../kit/fixtures";
import { runChild } from "../kit/childCli";

const OFFLINE = ["--automation-principal-id", ids.automation, "--managed-by-tenant-id", ids.partnerTenant];

function capture(): CommandIo & { stdout: string[]; stderr: string[]; text(): string } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), text: () => stderr.join("\n") };
}

/** A "billion laughs" customer stack config: `levels` nested lists of 9 aliases (9^levels strings once expanded). */
function aliasBomb(levels: number): string {
    const lines = ["config:", '  lighthouse-pec:x0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i <= levels; i++)
        lines.push(
            `  lighthouse-pec:x${i}: &a${i} [${Array(9)
                .fill(`*a${i - 1}`)
                .join(",")}]`,
        );
    lines.push(`  lighthouse-pec:offerName: *a${levels}`);
    return `${lines.join("\n")}\n`;
}

describe("user files: regular files only, bounded in size and in YAML alias expansion (issue 10)", function () {
    this.timeout(90_000);
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "lhpec-userfiles-"))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const fifo = (path: string): string => {
        execFileSync("mkfifo", [path]);
        return path;
    };

    it("verify refuses a FIFO in an --input folder at once instead of hanging (child process)", async function () {
        if (process.platform === "win32") this.skip();
        const input = join(dir, "in");
        mkdirSync(input);
        writeFileSync(join(input, "a.csv"), toReconCsv(SCENARIO_LINES));
        fifo(join(input, "b.csv"));
        const run = await runChild(["verify", "--input", input, "--format", "json"], { killAfterMs: 45_000 });
        assert.equal(run.signal, null, "the CLI ended by itself (before: it blocked for ever opening the FIFO)");
        assert.equal(run.code, 2, run.stderr);
        assert.match(
            run.stderr,
            /--input \S*b\.csv: is a FIFO \(named pipe\), not a regular file\. Give a regular file/,
        );
        assert.equal(run.stdout, "");
    });

    it("template refuses a FIFO as --config, and verify a device as --expect (child process)", async function () {
        if (process.platform === "win32") this.skip();
        const config = fifo(join(dir, "Pulumi.customer-x.yaml"));
        const template = await runChild(["template", "--config", config, "--out", join(dir, "out"), ...OFFLINE]);
        assert.equal(template.signal, null, "the CLI ended by itself (before: readFileSync blocked for ever)");
        assert.equal(template.code, 2, template.stderr);
        assert.match(
            template.stderr,
            /--config \S+Pulumi\.customer-x\.yaml: is a FIFO \(named pipe\), not a regular file/,
        );

        const csv = join(dir, "a.csv");
        writeFileSync(csv, toReconCsv(SCENARIO_LINES));
        // /dev/null ends at once; /dev/zero (the reported case) would be refused the same way, by type, before any byte is read.
        const verify = await runChild(["verify", "--input", csv, "--expect", "/dev/null", "--format", "json"]);
        assert.equal(verify.code, 2, verify.stderr);
        assert.match(
            verify.stderr,
            /--expect \/dev\/null: is a character device, not a regular file\. Give a regular file/,
        );
    });

    it("refuses a --config over 1 MiB before parsing it", () => {
        const config = join(dir, "big.yaml");
        writeFileSync(config, "");
        truncateSync(config, 2 * 1024 * 1024);
        const io = capture();
        assert.equal(
            runTemplate(
                {
                    config,
                    out: join(dir, "out"),
                    automationPrincipalId: ids.automation,
                    managedByTenantId: ids.partnerTenant,
                },
                io,
            ),
            2,
        );
        assert.match(io.text(), /--config \S*big\.yaml: is larger than 1 MiB/);
    });

    it("refuses a YAML alias bomb with a short message (it expanded to gigabytes in the error message)", () => {
        const config = join(dir, "Pulumi.customer-bomb.yaml");
        writeFileSync(config, aliasBomb(6)); // 9^6 = 531,441 strings once expanded
        const io = capture();
        assert.equal(
            runTemplate(
                {
                    config,
                    out: join(dir, "out"),
                    automationPrincipalId: ids.automation,
                    managedByTenantId: ids.partnerTenant,
                },
                io,
            ),
            2,
        );
        assert.match(io.text(), /expands to more than 100000 values through YAML aliases/);
        assert.ok(io.text().length < 2_000, `a short message, got ${io.text().length} characters`);
    });

    it("a missing or directory --config names the flag, the path and the fix, with exit 2 (was bare ENOENT / EISDIR, exit 1)", () => {
        const missing = capture();
        assert.equal(runTemplate({ config: "nope.yaml", out: join(dir, "out") }, missing), 2);
        assert.match(
            missing.text(),
            new RegExp(
                `--config nope\\.yaml \\(${process.cwd().replace(/[/\\\\.]/g, "\\$&")}.nope\\.yaml\\): cannot read the file \\(ENOENT\\): it does not exist\\. Check the path`,
            ),
        );
        const directory = capture();
        assert.equal(runTemplate({ config: dir, out: join(dir, "out") }, directory), 2);
        assert.match(directory.text(), /--config \S+: is a directory, not a regular file\. Give a regular file/);
    });
});
