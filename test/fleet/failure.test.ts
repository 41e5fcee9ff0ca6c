import { strict as assert } from "node:assert";
import * as automationCmd from "@pulumi/pulumi/automation/cmd";
import * as automationErrors from "@pulumi/pulumi/automation/errors";
import { describeFailure, StackStepError, stepOfCommand } from "../../fleet/failure";

// The Automation API's own (internal) constructors, so that the errors below have exactly the shape its exec()
// gives a failed command (node_modules/@pulumi/pulumi/automation/cmd.js): execa rejects, and the catch wraps
// execa's error as `new CommandResult("", error.message, -2, error)` → `createCommandError(result)`.
const { CommandResult } = automationCmd as unknown as {
    CommandResult: new (stdout: string, stderr: string, code: number, err?: Error) => object;
};
const { createCommandError } = automationErrors as unknown as { createCommandError: (result: object) => Error };

/** An error with the fields execa 5 sets on a failed command (execa/lib/error.js, makeError). */
function execaError(
    command: string,
    out: { stdout?: string; stderr?: string; exitCode?: number; code?: string },
): Error {
    const shortMessage =
        out.code !== undefined
            ? `Command failed with ${out.code}: ${command}\nspawn pulumi ${out.code}`
            : `Command failed with exit code ${out.exitCode ?? 255}: ${command}`;
    const error = new Error([shortMessage, out.stderr, out.stdout].filter(Boolean).join("\n"));
    Object.assign(error, {
        shortMessage,
        command,
        escapedCommand: command,
        exitCode: out.code !== undefined ? undefined : (out.exitCode ?? 255),
        code: out.code,
        stdout: out.stdout ?? "",
        stderr: out.stderr ?? "",
        failed: true,
    });
    return error;
}

/** What `await stack.preview()` (or another Automation API call) rejects with when `pulumi <args>` fails. */
function commandError(
    args: string,
    out: { stdout?: string; stderr?: string; exitCode?: number; code?: string },
): Error {
    const error = execaError(`pulumi ${args} --non-interactive`, out);
    return createCommandError(new CommandResult("", error.message, -2, error));
}

const PREVIEW_FAILED = [
    "Previewing update (customer-b):",
    " +  pulumi:pulumi:Stack lighthouse-pec-customer-b create ",
    " +  azure-native:managedservices:RegistrationDefinition delegation-definition create error: ...",
    "Diagnostics:",
    "  azure-native:managedservices:RegistrationDefinition (delegation-definition):",
    '    error: autorest/azure: Service returned an error. Status=403 Code="InsufficientPrivilegesForManagedServiceResource"',
    " ",
    "  pulumi:pulumi:Stack (lighthouse-pec-customer-b):",
    "    error: preview failed",
    " ",
    "Resources:",
    "    + 1 to create",
    "    1 errored",
].join("\n");

describe("readable fleet failures (fleet/failure.ts)", () => {
    it("stack select: the step and Pulumi's error line instead of `code: -2 … Command failed with exit code 255`", () => {
        const err = commandError("stack select --stack customer-x", {
            stderr: "error: no stack named 'customer-x' found",
        });
        assert.match(
            err.message,
            /^code: -2\n stdout: \n stderr: Command failed with exit code 255: pulumi stack select/,
        );
        assert.equal(err.name, "StackNotFoundError", "the Automation API's own classification ran");
        const described = describeFailure(new StackStepError("stack select", err));
        assert.equal(described.step, "stack select");
        assert.equal(described.message, "no stack named 'customer-x' found");
        assert.doesNotMatch(described.detail, /code: -2|Command failed/);
    });

    it("preview: the first resource error of Pulumi's Diagnostics, not the stack's `preview failed`", () => {
        const described = describeFailure(
            new StackStepError(
                "preview",
                commandError("preview --exec-kind auto.local --stack customer-b", { stdout: PREVIEW_FAILED }),
            ),
        );
        assert.equal(described.step, "preview");
        assert.equal(
            described.message,
            'azure-native:managedservices:RegistrationDefinition (delegation-definition): autorest/azure: Service returned an error. Status=403 Code="InsufficientPrivilegesForManagedServiceResource"',
        );
        assert.match(
            described.detail,
            /^azure-native:managedservices:RegistrationDefinition \(delegation-definition\):\nerror: autorest/,
        );
        assert.doesNotMatch(described.detail, /Resources:|1 errored/, "the Diagnostics section only");
    });

    it("names the command that failed inside `up` (its stack output and history run after the update)", () => {
        const err = commandError("stack output --json --show-secrets --stack customer-a", {
            stderr: "error: failed to decrypt: incorrect passphrase",
        });
        const described = describeFailure(new StackStepError("up", err));
        assert.equal(described.step, "stack output", "from the command line, not the step the workspace was in");
        assert.equal(described.message, "failed to decrypt: incorrect passphrase");
        assert.equal(stepOfCommand("/home/me/.pulumi/bin/pulumi config set x y --stack s"), "config set");
        assert.equal(stepOfCommand("pulumi install --non-interactive"), "install");
        assert.equal(stepOfCommand("pulumi up --yes --skip-preview"), "up");
        assert.equal(stepOfCommand("node fake --yes"), undefined);
    });

    it("a policy pack's mandatory violation when Diagnostics only say `preview failed`", () => {
        const stdout = [
            "Previewing update (customer-c):",
            "Diagnostics:",
            "  pulumi:pulumi:Stack (lighthouse-pec-customer-c):",
            "    error: preview failed",
            "",
            "Policy Violations:",
            "    [mandatory]  lighthouse-pec v0.1.0  lighthouse-no-owner (delegation-definition: azure-native:managedservices:RegistrationDefinition)",
            "    Lighthouse does not support Owner.",
            "    authorizations[0].roleDefinitionId is Owner: use Contributor.",
        ].join("\n");
        const described = describeFailure(commandError("preview --stack customer-c", { stdout }));
        assert.equal(
            described.message,
            "policy violation [mandatory] lighthouse-pec v0.1.0 lighthouse-no-owner (delegation-definition: azure-native:managedservices:RegistrationDefinition): authorizations[0].roleDefinitionId is Owner: use Contributor.",
        );
        const generic = describeFailure(
            commandError("up --stack customer-c", { stdout: stdout.split("\n").slice(0, 4).join("\n") }),
        );
        assert.equal(
            generic.message,
            "pulumi:pulumi:Stack (lighthouse-pec-customer-c): preview failed",
            "the generic line as a last resort",
        );
    });

    it("an unhandled exception of the program: the heading and the error's own first line", () => {
        const stdout = [
            "Diagnostics:",
            "  pulumi:pulumi:Stack (lighthouse-pec-customer-d):",
            "    error: Running program '/work/repo' failed with an unhandled exception:",
            "    Error: lighthouse-pec: customerTenantId is not a GUID",
            "        at Object.<anonymous> (/work/repo/index.ts:3:7)",
        ].join("\n");
        assert.equal(
            describeFailure(commandError("preview --stack customer-d", { stdout })).message,
            "pulumi:pulumi:Stack (lighthouse-pec-customer-d): Running program '/work/repo' failed with an unhandled exception: Error: lighthouse-pec: customerTenantId is not a GUID",
        );
    });

    it("skips colour codes, warnings and blank lines; joins `N errors occurred:` with the first; clips long lines", () => {
        const stderr =
            "\n\x1b[33mwarning:\x1b[0m A new version of Pulumi is available\n\x1b[31merror:\x1b[0m 2 errors occurred:\n    1) one\n    2) two\n";
        assert.equal(
            describeFailure(commandError("stack select --stack s", { stderr })).message,
            "2 errors occurred: 1) one",
        );
        const long = describeFailure(
            commandError("stack select --stack s", { stderr: `error: ${"x".repeat(2000)}` }),
        ).message;
        assert.equal(long.length, 400);
        assert.ok(long.endsWith("…"));
    });

    it("pulumi gone between stacks (ENOENT), or silent: says so", () => {
        const gone = commandError("preview --stack s", { code: "ENOENT" });
        assert.equal(
            describeFailure(new StackStepError("preview", gone)).message,
            "pulumi could not be started (ENOENT)",
        );
        const silent = commandError("up --stack s", { exitCode: 255 });
        assert.equal(describeFailure(silent).message, "pulumi exited with code 255 and printed no error");
    });

    it("an error that is not a CommandError: its first line, under the step the workspace was in", () => {
        const described = describeFailure(
            new StackStepError(
                "stack select",
                new Error("Invalid workDir passed to local workspace: '/x' does not exist"),
            ),
        );
        assert.deepEqual(
            [described.step, described.message],
            ["stack select", "Invalid workDir passed to local workspace: '/x' does not exist"],
        );
        assert.deepEqual(describeFailure("boom"), { step: undefined, message: "boom", detail: "boom" });
        assert.equal(describeFailure(new Error("")).message, "failed without a message");
    });

    it("unwraps a CommandError the Automation API wrapped in another (exit code ≠ 0 without execa rejecting)", () => {
        const inner = createCommandError(
            new CommandResult("", "error: the stack is currently locked by 1 lock(s)", 255),
        );
        const outer = createCommandError(new CommandResult("", inner.message, -2, inner));
        assert.equal(
            describeFailure(new StackStepError("up", outer)).message,
            "the stack is currently locked by 1 lock(s)",
        );
    });
});
