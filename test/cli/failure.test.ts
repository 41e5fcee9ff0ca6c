// How the CLI reports a failure: one wording, one redaction, the exit status the error carries.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { AzureCallError, InputError, UsageError } from "../../core/errors";
import { secretsOfRun } from "../../cli/credentialOptions";
import { reportFailure } from "../../cli/failure";
import { capturingIo, runCli } from "../kit/cliHarness";

const SECRET = "cli-failure-secret-9Zq~not-for-print";

describe("cli: reporting a failure (cli/failure.ts)", () => {
    it("prints a user-facing error as it is, with its exit status; an Azure one in flag terms", () => {
        const io = capturingIo();
        assert.equal(reportFailure(new UsageError("--x is missing"), "lighthouse-pec verify", io, []), 2);
        assert.equal(reportFailure(new UsageError("found some", { exitCode: 1 }), "lighthouse-pec verify", io, []), 1);
        const azure = new AzureCallError("Check credential.tenantId and endpoints.authorityHost.", "fatal");
        assert.equal(reportFailure(azure, "lighthouse-pec doctor", io, []), 2);
        assert.equal(
            io.stderr,
            "lighthouse-pec verify: --x is missing\n" +
                "lighthouse-pec verify: found some\n" +
                "lighthouse-pec doctor: Check --tenant-id and --authority-host.\n",
        );
    });

    it("redacts every secret of the run from any message, unexpected ones and their stack included", () => {
        const io = capturingIo(false, { LIGHTHOUSE_PEC_DEBUG: "1" });
        const bug = new TypeError(`cannot read ${SECRET}`);
        assert.equal(reportFailure(bug, "lighthouse-pec doctor", io, [SECRET]), 2);
        assert.equal(
            reportFailure(new InputError("is empty", { source: SECRET }), "lighthouse-pec verify", io, [SECRET]),
            2,
        );
        assert.ok(!io.stderr.includes(SECRET), io.stderr);
        assert.match(io.stderr, /^lighthouse-pec doctor: unexpected error: cannot read \*\*\*\n/);
        assert.match(io.stderr, /\n\s+at /, "LIGHTHOUSE_PEC_DEBUG shows the stack");
        assert.match(io.stderr, /lighthouse-pec verify: \*\*\*: is empty\n$/);
        const quiet = capturingIo();
        reportFailure(bug, "lighthouse-pec doctor", quiet, [SECRET]);
        assert.doesNotMatch(quiet.stderr, /\n\s+at /, "no stack without LIGHTHOUSE_PEC_DEBUG");
    });

    it("knows the run's secrets: the variable --client-secret-env names, AZURE_CLIENT_SECRET, a refused --client-secret", () => {
        const env = { MY_SECRET: "a-secret-1", AZURE_CLIENT_SECRET: "a-secret-2", OTHER: "not-a-secret" };
        assert.deepEqual(secretsOfRun({ clientSecretEnv: "MY_SECRET", clientSecret: "a-secret-3" }, env), [
            "a-secret-2",
            "a-secret-1",
            "a-secret-3",
        ]);
        assert.deepEqual(secretsOfRun({}, env), ["a-secret-2"], "commands without credential flags");
        assert.deepEqual(secretsOfRun({ clientSecretEnv: "UNSET" }, {}), []);
        assert.deepEqual(
            secretsOfRun(
                { clientSecretEnv: "MY_SECRET", logClientSecretEnv: "LOG_SECRET" },
                { ...env, LOG_SECRET: "a-secret-4" },
            ),
            ["a-secret-2", "a-secret-1", "a-secret-4"],
            "watch's log reader",
        );
    });

    it("main redacts at the top level whatever the command threw (a path that holds the secret)", async () => {
        const missing = path.join("/nonexistent-lighthouse-pec-dir", `${SECRET}.csv`);
        const run = await runCli(["verify", "--input", missing, "--client-secret-env", "MY_SECRET"], {
            env: { MY_SECRET: SECRET },
        });
        assert.equal(run.code, 2);
        assert.match(
            run.stderr,
            /^lighthouse-pec verify: \/nonexistent-lighthouse-pec-dir\/\*\*\*\.csv: does not exist/,
        );
        assert.ok(!run.stderr.includes(SECRET), run.stderr);
    });
});
