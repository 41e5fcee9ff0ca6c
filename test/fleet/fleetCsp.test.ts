import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runFleetCommand } from "../../cli/fleet";
import { selectCspStacks } from "../../fleet/csp";
import { FleetOperation, FleetWorkspace, StackChanges } from "../../fleet/workspace";
import { capturingIo, runCli } from "../kit/cliHarness";

const TENANT = "77777777-7777-4777-8777-777777777777";
const CHANGES: StackChanges = { create: 2, update: 0, delete: 0, replace: 0, same: 1 };

/** Records which stacks ran; every run succeeds. */
class RecordingWorkspace implements FleetWorkspace {
    readonly calls: { stack: string; operation: FleetOperation }[] = [];
    async checkCli(): Promise<void> {}
    async run(stack: string, operation: FleetOperation): Promise<StackChanges> {
        this.calls.push({ stack, operation });
        await new Promise((resolve) => setImmediate(resolve));
        return CHANGES;
    }
}

const cspFile = (tenant: string | undefined, csp = '"true"') =>
    [
        "config:",
        "  lighthouse-pec:offerName: Contoso",
        ...(tenant ? [`  lighthouse-pec:customerTenantId: ${tenant}`] : []),
        `  lighthouse-pec:csp: ${csp}`,
        "",
    ].join("\n");

describe("lighthouse-pec fleet --csp (admin-on-behalf-of onboarding)", () => {
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    function project(files: Record<string, string>): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-fleet-csp-"));
        dirs.push(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: lighthouse-pec\nruntime: nodejs\n");
        for (const [stack, text] of Object.entries(files))
            fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
        return dir;
    }

    it("selects csp: true stacks (text or boolean) with a customer tenant; reports those without one", () => {
        const selection = selectCspStacks([
            {
                stack: "customer-a",
                config: { "lighthouse-pec:csp": "true", "lighthouse-pec:customerTenantId": TENANT },
            },
            { stack: "customer-b", config: { "lighthouse-pec:customerTenantId": TENANT } },
            { stack: "customer-c", config: { "lighthouse-pec:csp": true, "lighthouse-pec:customerTenantId": TENANT } },
            { stack: "customer-d", config: { "lighthouse-pec:csp": "TRUE" } },
            {
                stack: "customer-e",
                config: { "lighthouse-pec:csp": "false", "lighthouse-pec:customerTenantId": TENANT },
            },
            { stack: "customer-f", config: undefined },
        ]);
        assert.deepEqual(selection.stacks, ["customer-a", "customer-c"]);
        assert.equal(selection.problems.length, 1);
        assert.match(
            selection.problems[0],
            /^customer-d: .*not set\. Fix: pulumi config set --stack customer-d lighthouse-pec:customerTenantId/,
        );
    });

    it("fleet up --csp runs only the CSP customer stacks; without --csp every matching stack runs as before", async () => {
        const dir = project({
            "customer-a": cspFile(TENANT),
            "customer-b": "config:\n  lighthouse-pec:offerName: Contoso\n",
            "customer-c": cspFile(TENANT, "true"),
        });
        const io = capturingIo();
        const workspace = new RecordingWorkspace();
        const code = await runFleetCommand(
            "up",
            { stacks: "customer-*", dir, concurrency: "2", format: "table", csp: true },
            io,
            () => workspace,
        );
        assert.equal(code, 0, io.stderr);
        assert.deepEqual(workspace.calls.map((c) => c.stack).sort(), ["customer-a", "customer-c"]);
        assert.ok(workspace.calls.every((c) => c.operation === "up"));
        assert.match(io.stderr, /fleet up --csp: 2 CSP customer stack\(s\); each signs in to its customer's tenant/);

        const all = new RecordingWorkspace();
        const plain = capturingIo();
        assert.equal(
            await runFleetCommand(
                "up",
                { stacks: "customer-*", dir, concurrency: "2", format: "table" },
                plain,
                () => all,
            ),
            0,
        );
        assert.deepEqual(all.calls.map((c) => c.stack).sort(), ["customer-a", "customer-b", "customer-c"]);
    });

    it("refuses (exit 2, nothing run) when a CSP stack lacks its customer tenant", async () => {
        const dir = project({ "customer-a": cspFile(TENANT), "customer-b": cspFile(undefined) });
        const io = capturingIo();
        const workspace = new RecordingWorkspace();
        const code = await runFleetCommand(
            "up",
            { stacks: "customer-*", dir, concurrency: "2", format: "table", csp: true },
            io,
            () => workspace,
        );
        assert.equal(code, 2);
        assert.deepEqual(workspace.calls, []);
        assert.match(io.stderr, /1 CSP stack\(s\) cannot run, nothing was run:\n {2}- customer-b: /);
    });

    it("refuses (exit 2) when no matching stack is a CSP stack, with the command that makes one", async () => {
        const dir = project({ "customer-a": "config:\n  lighthouse-pec:offerName: Contoso\n" });
        const io = capturingIo();
        const code = await runFleetCommand(
            "preview",
            { stacks: "customer-*", dir, concurrency: "1", format: "table", csp: true },
            io,
            () => new RecordingWorkspace(),
        );
        assert.equal(code, 2);
        assert.match(io.stderr, /new-customer --csp/);
    });

    it("reports an unreadable stack file as bad input (exit 2)", async () => {
        const dir = project({ "customer-a": "config: [unclosed\n" });
        const io = capturingIo();
        const code = await runFleetCommand(
            "up",
            { stacks: "customer-*", dir, concurrency: "1", format: "table", csp: true },
            io,
            () => new RecordingWorkspace(),
        );
        assert.equal(code, 2);
        assert.match(io.stderr, /^fleet: /);
    });

    it("the command line accepts --csp on fleet up and fleet preview", async () => {
        const dir = project({ "customer-a": cspFile(undefined) });
        for (const operation of ["up", "preview"]) {
            const result = await runCli(["fleet", operation, "--dir", dir, "--csp"]);
            assert.equal(result.code, 2, result.stderr);
            assert.match(
                result.stderr,
                /customer-a: lighthouse-pec:csp is true but lighthouse-pec:customerTenantId is not set/,
            );
        }
    });
});
