import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runImportFile } from "../../cli/importFileRun";
import type { CommandIo } from "../../cli/lineIo";
import { OutputFs, writeOutputFiles } from "../../cli/outputFiles";
import { runTemplate, TemplateOptions } from "../../cli/templateRun";
import { runChild } from "../kit/childCli";
import { directCustomerYaml } from "../kit/customerConfig";

function capture(): CommandIo & { stdout: string[]; stderr: string[]; text(): string } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return {
        stdout,
        stderr,
        out: (l) => stdout.push(l),
        err: (l) => stderr.push(l),
        text: () => [...stdout, ...stderr].join("\n"),
    };
}

const CONFIG = directCustomerYaml();

describe("generated files: all or none, atomic, never over an existing file or through a link (issue 10)", function () {
    this.timeout(90_000);
    let dir: string;
    let config: string;
    let out: string;
    const template = (o: Partial<TemplateOptions> = {}) => {
        const io = capture();
        return { code: runTemplate({ config, out, ...o }, io), text: io.text() };
    };
    const templateFile = () => join(out, "onboarding.template.json");
    const parametersFile = () => join(out, "onboarding.parameters.json");

    beforeEach(() => {
        dir = fs.mkdtempSync(join(tmpdir(), "lhpec-outputs-"));
        config = join(dir, "Pulumi.customer-fabrikam.yaml");
        fs.writeFileSync(config, CONFIG);
        out = join(dir, "out");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("template refuses to replace existing files without --force, and replaces them with it", () => {
        assert.equal(template().code, 0);
        fs.writeFileSync(templateFile(), "edited by hand\n");
        const again = template();
        assert.equal(again.code, 2, again.text);
        assert.match(
            again.text,
            /--out \S+onboarding\.template\.json: already exists; nothing was written\. Pass --force to replace it/,
        );
        assert.equal(fs.readFileSync(templateFile(), "utf8"), "edited by hand\n", "untouched");
        const forced = template({ force: true });
        assert.equal(forced.code, 0, forced.text);
        assert.match(fs.readFileSync(templateFile(), "utf8"), /"\$schema"/);
        assert.deepEqual(
            fs.readdirSync(out).sort(),
            ["onboarding.parameters.json", "onboarding.template.json"],
            "no temporary file left",
        );
    });

    it("template never writes through a symbolic link, even with --force", function () {
        if (process.platform === "win32") this.skip();
        fs.mkdirSync(out);
        const outside = join(dir, "outside.json");
        fs.writeFileSync(outside, "precious\n");
        fs.symlinkSync(outside, parametersFile());
        const run = template({ force: true });
        assert.equal(run.code, 2, run.text);
        assert.match(run.text, /onboarding\.parameters\.json: is a symbolic link; refusing to write through it/);
        assert.equal(fs.readFileSync(outside, "utf8"), "precious\n");
        assert.equal(fs.existsSync(templateFile()), false, "nothing written");
    });

    it("template writes neither file when the second cannot be written (was: a template without its parameters, EISDIR, exit 1)", () => {
        fs.mkdirSync(parametersFile(), { recursive: true });
        const run = template();
        assert.equal(run.code, 2, run.text);
        assert.match(run.text, /--out \S+onboarding\.parameters\.json: exists and is not a regular file/);
        assert.equal(fs.existsSync(templateFile()), false);
    });

    it("template creates only the last level of --out and refuses a missing parent, with exit 2", () => {
        const deep = join(dir, "a", "b");
        const run = template({ out: deep });
        assert.equal(run.code, 2, run.text);
        assert.match(
            run.text,
            /--out \S+b: cannot be created: \S+a is not an existing directory\. Create it first \(mkdir -p \S+a\)/,
        );
        assert.equal(fs.existsSync(join(dir, "a")), false);
        assert.equal(template().code, 0, "one missing level is created");
        assert.ok(fs.existsSync(templateFile()));
        const file = join(dir, "a-file");
        fs.writeFileSync(file, "x\n");
        const onFile = template({ out: file });
        assert.equal(onFile.code, 2, onFile.text);
        assert.match(
            onFile.text,
            /--out \S+a-file: is not a directory\. Give a directory/,
            "was: EEXIST ... mkdir, exit 1",
        );
    });

    it("template --out /proc/x ends with exit 2 instead of spinning for ever (child process)", async function () {
        if (process.platform !== "linux") this.skip();
        const run = await runChild(["template", "--config", config, "--out", "/proc/lhpec-x"], { killAfterMs: 45_000 });
        assert.equal(run.signal, null, "the CLI ended by itself (before: Node's recursive mkdir looped at 100% CPU)");
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, /--out \/proc\/lhpec-x: cannot be created there \(ENOENT\)/);
    });

    it("import-file refuses an existing file without --force, replaces it with --force, and names --out when its directory is missing", () => {
        const file = join(dir, "import.json");
        fs.writeFileSync(file, "{}\n");
        const refused = capture();
        assert.equal(runImportFile({ config: [config], out: file }, refused), 2);
        assert.match(refused.text(), /--out \S+import\.json: already exists; nothing was written\. Pass --force/);
        assert.equal(fs.readFileSync(file, "utf8"), "{}\n");
        const forced = capture();
        assert.equal(runImportFile({ config: [config], out: file, force: true }, forced), 0, forced.text());
        assert.match(forced.text(), new RegExp(`wrote ${file.replace(/[/\\.]/g, "\\$&")}: `));
        assert.ok(Array.isArray((JSON.parse(fs.readFileSync(file, "utf8")) as { resources: unknown }).resources));
        const missing = capture();
        assert.equal(runImportFile({ config: [config], out: join(dir, "nope", "import.json") }, missing), 2);
        assert.match(missing.text(), /--out \S+nope.import\.json: cannot be written: its directory does not exist/);
    });

    describe("writeOutputFiles (faults injected)", () => {
        const files = () => [
            { path: join(dir, "one.json"), text: "1\n", flag: "--out" },
            { path: join(dir, "two.json"), text: "2\n", flag: "--out" },
        ];

        it("removes the first file when placing the second fails, and leaves no temporary file", () => {
            let links = 0;
            const failing: OutputFs = {
                ...fs,
                linkSync: (from: fs.PathLike, to: fs.PathLike) => {
                    if (++links === 2) throw Object.assign(new Error("injected"), { code: "EIO" });
                    fs.linkSync(from, to);
                },
            };
            assert.throws(
                () => writeOutputFiles(files(), { fs: failing }),
                /--out \S+two\.json: cannot be written \(EIO\)/,
            );
            assert.equal(links, 2, "the fault was injected");
            assert.deepEqual(
                fs.readdirSync(dir).filter((n) => n !== "Pulumi.customer-fabrikam.yaml"),
                [],
            );
        });

        it("places nothing when writing the second temporary file fails", () => {
            let writes = 0;
            const failing: OutputFs = {
                ...fs,
                writeFileSync: ((path: fs.PathOrFileDescriptor, data: string, options?: fs.WriteFileOptions) => {
                    if (++writes === 2) throw Object.assign(new Error("injected"), { code: "ENOSPC" });
                    fs.writeFileSync(path, data, options);
                }) as typeof fs.writeFileSync,
            };
            assert.throws(
                () => writeOutputFiles(files(), { fs: failing }),
                /--out \S+two\.json: cannot be written: no space left \(ENOSPC\)/,
            );
            assert.equal(writes, 2, "the fault was injected");
            assert.deepEqual(
                fs.readdirSync(dir).filter((n) => n !== "Pulumi.customer-fabrikam.yaml"),
                [],
            );
        });

        it("returns absolute paths and refuses a file that appeared meanwhile (no clobbering without --force)", () => {
            const written = writeOutputFiles(files());
            assert.deepEqual(
                written,
                files().map((f) => f.path),
            );
            assert.equal(fs.readFileSync(written[1], "utf8"), "2\n");
            const racing: OutputFs = {
                ...fs,
                lstatSync: ((p: fs.PathLike) => {
                    // Pretend the target did not exist at the check; the hard link must still refuse to replace it.
                    throw Object.assign(new Error(`ENOENT ${String(p)}`), { code: "ENOENT" });
                }) as typeof fs.lstatSync,
            };
            fs.writeFileSync(written[0], "theirs\n");
            assert.throws(
                () => writeOutputFiles(files(), { fs: racing }),
                /one\.json: appeared while writing; nothing was written/,
            );
            assert.equal(fs.readFileSync(written[0], "utf8"), "theirs\n");
        });
    });
});
