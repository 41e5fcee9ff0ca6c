// Issue 18 §2: the commands the CLI prints for someone else to run (the customer's Owner) quote every value for
// the shell. Checked with bash itself: each printed command, run with `az` defined as "print your arguments",
// gives exactly the intended arguments and runs nothing else, whatever the paths and IDs hold.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { shellQuote, shellQuoteAlways } from "../../core/shell";
import { runCli } from "../kit/cliHarness";
import { directCustomerYaml } from "../kit/customerConfig";
import { ids } from "../kit/fixtures";
import { riskyChar, TERMINAL_ACTIVE } from "../kit/hostile";

/** Runs `script` in bash in `cwd` (UTF-8, no profile) and returns what it printed, split on NUL. */
function bashWords(script: string, cwd: string): string[] {
    const run = spawnSync("bash", ["--noprofile", "--norc", "-c", script], {
        cwd,
        encoding: "utf8",
        env: { PATH: process.env.PATH, LC_ALL: "C.UTF-8", HOME: cwd },
        timeout: 30_000,
    });
    assert.equal(run.status, 0, `bash: ${run.stderr}`);
    return run.stdout.split("\0").slice(0, -1);
}

/** The printed `az …` commands (a trailing `\` joins the next line), with `az` printing its arguments. */
function runPrintedAz(stdout: string, cwd: string): string[][] {
    const commands = stdout
        .replace(/\\\n\s*/g, "")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l.startsWith("az "))
        // The placeholders the reader fills in.
        .map((l) => l.replace("<region>", "westeurope").replace("<subscription ID>", ids.subscription));
    const script = ['az() { printf "%s\\0" "$@"; printf "\\n\\0"; }', ...commands].join("\n");
    const words = bashWords(script, cwd);
    const out: string[][] = [[]];
    for (const w of words) {
        if (w === "\n") out.push([]);
        else out[out.length - 1].push(w);
    }
    return out.slice(0, -1);
}

/** Directory names a shell would act on if printed unquoted. */
const HOSTILE_DIR = "out dir $(touch pwned) `touch pwned2` it's; touch pwned3 & (x) *";

describe("printed commands quote every value for the shell (issue 18 §2)", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "lhpec-printed-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("shellQuote: bash reads back exactly the value, for any value (property)", () => {
        const pieces = fc.constantFrom(
            "'",
            '"',
            "\\",
            "$",
            "`",
            "$(x)",
            "${x}",
            "!",
            "*",
            "?",
            "[a]",
            "~",
            "#",
            "&",
            ";",
            "|",
            "<",
            ">",
            "(",
            ")",
            "{",
            "}",
            " ",
            "\t",
            "\n",
            "\r",
            "\u001b]0;x\u0007",
            "\u009b",
            "\u202e",
            "é",
            "東",
            "a",
            "-",
        );
        const value = fc.oneof(
            fc.array(pieces, { maxLength: 8 }).map((p) => p.join("")),
            fc.string({ unit: riskyChar, maxLength: 12 }).map((s) => s.replace(/\0/g, "")),
        );
        fc.assert(
            fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), (values) => {
                for (const quote of [shellQuote, shellQuoteAlways]) {
                    const words = values.map(quote);
                    for (const w of words) assert.doesNotMatch(w, TERMINAL_ACTIVE, `printed raw: ${JSON.stringify(w)}`);
                    const read = bashWords(`printf '%s\\0' ${words.join(" ")}`, dir);
                    assert.deepEqual(read, values);
                }
            }),
            { numRuns: 25 },
        );
        assert.deepEqual(readdirSync(dir), [], "nothing ran");
        assert.equal(shellQuote("westeurope"), "westeurope", "a plain word is printed as it is");
        assert.equal(shellQuote("it's"), "'it'\\''s'");
        assert.equal(shellQuote("a\u001bb"), "$'a\\x1bb'");
    });

    it("template: the customer's Owner pastes the az command: one argument per value, nothing else runs", async () => {
        const config = join(dir, "Pulumi.customer.yaml");
        writeFileSync(config, directCustomerYaml());
        const out = join(dir, HOSTILE_DIR);
        const run = await runCli(["template", "--config", config, "--out", out]);
        assert.equal(run.code, 0, run.stderr);
        const [az] = runPrintedAz(run.stdout, dir);
        assert.deepEqual(az, [
            "deployment",
            "sub",
            "create",
            "--subscription",
            ids.subscription,
            "--location",
            "westeurope",
            "--name",
            "lighthouse-pec-onboarding",
            "--template-file",
            join(out, "onboarding.template.json"),
            "--parameters",
            `@${join(out, "onboarding.parameters.json")}`,
        ]);
        assert.deepEqual(
            readdirSync(dir).sort(),
            [HOSTILE_DIR, "Pulumi.customer.yaml"].sort(),
            "no command substitution ran",
        );
    });

    it("template --management-group: IDs with ( ) and paths with spaces stay one argument each", async () => {
        const mg = "Contoso(EU).landing-zones";
        const config = join(dir, "Pulumi.mg.yaml");
        writeFileSync(config, directCustomerYaml({ target: [`  lighthouse-pec:managementGroupId: "${mg}"`] }));
        const out = join(dir, HOSTILE_DIR);
        mkdirSync(out);
        const run = await runCli([
            "template",
            "--config",
            config,
            "--out",
            out,
            "--management-group",
            mg,
            "--policy-location",
            "eastus2",
        ]);
        assert.equal(run.code, 0, run.stderr);
        const [deploy, register, remediate] = runPrintedAz(run.stdout, dir);
        assert.deepEqual(deploy, [
            "deployment",
            "mg",
            "create",
            "--management-group-id",
            mg,
            "--location",
            "eastus2",
            "--name",
            "lighthouse-pec-policy",
            "--template-file",
            join(out, "management-group.template.json"),
        ]);
        assert.deepEqual(register, [
            "provider",
            "register",
            "--namespace",
            "Microsoft.ManagedServices",
            "--subscription",
            ids.subscription,
        ]);
        assert.equal(remediate[remediate.indexOf("--management-group") + 1], mg);
        assert.match(
            remediate[remediate.indexOf("--policy-assignment") + 1],
            new RegExp(
                `^/providers/Microsoft\\.Management/managementGroups/${mg.replace(/[().]/g, "\\$&")}/providers/`,
            ),
        );
        assert.equal(existsSync(join(dir, "pwned")), false);
    });
});
