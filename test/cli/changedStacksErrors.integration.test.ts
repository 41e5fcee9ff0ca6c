import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChangedStacks } from "../../cli/changedStacks";
import { capturingIo } from "../kit/cliHarness";

describe("changed-stacks blames the right flag (issue 10)", () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), "lhpec-changed-errors-"))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("a missing --dir is named as such, not as a bad --base or a missing git (exit 2)", async () => {
        const io = capturingIo();
        assert.equal(
            await runChangedStacks({ base: "HEAD~1", head: "HEAD", dir: join(dir, "nope"), stacks: "customer-*" }, io),
            2,
        );
        assert.match(
            io.stderr,
            /^changed-stacks: --dir \S+nope: does not exist \(ENOENT\)\. Give the Pulumi project directory/,
        );
        assert.doesNotMatch(io.stderr, /--base|spawn git/);
    });

    it("a --dir that is a file, or not in a git work tree, is named as such", async () => {
        const file = join(dir, "file.txt");
        writeFileSync(file, "x\n");
        const notDir = capturingIo();
        assert.equal(
            await runChangedStacks({ base: "HEAD~1", head: "HEAD", dir: file, stacks: "customer-*" }, notDir),
            2,
        );
        assert.match(notDir.stderr, /--dir \S+file\.txt: is not a directory\. Give the Pulumi project directory/);
        const notRepo = capturingIo();
        const notARepository = Object.assign(new Error("git failed"), {
            stderr: "fatal: not a git repository (or any of the parent directories): .git\n",
        });
        assert.equal(
            await runChangedStacks({ base: "HEAD~1", head: "HEAD", dir, stacks: "customer-*" }, notRepo, async () => {
                throw notARepository;
            }),
            2,
        );
        assert.match(notRepo.stderr, /--dir = "\S+": not inside a git work tree \(fatal: not a git repository/);
        const noGit = capturingIo();
        const spawnFailed = Object.assign(new Error("spawn git ENOENT"), { code: "ENOENT", syscall: "spawn git" });
        assert.equal(
            await runChangedStacks({ base: "HEAD~1", head: "HEAD", dir, stacks: "customer-*" }, noGit, async () => {
                throw spawnFailed;
            }),
            2,
        );
        assert.match(noGit.stderr, /git is not installed \(or not on PATH\)/);
    });
});
