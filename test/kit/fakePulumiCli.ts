// A fake `pulumi` executable for the real Automation API path of `fleet` (which spawns `pulumi` from PATH).
// It answers what @pulumi/pulumi/automation runs for LocalWorkspace.selectStack, Stack.preview and Stack.up
// (read in node_modules/@pulumi/pulumi/automation, 3.270):
//   pulumi version                                                       → PulumiCommand.get: a semver on stdout
//   pulumi stack select --stack <s> --non-interactive                    → LocalWorkspace.selectStack
//   pulumi preview --exec-kind auto.local --event-log <log> --stack <s>  → Stack.preview: the summary event goes to
//        the event log (a gRPC Events service at tcp://127.0.0.1:<port> for CLI versions after 3.205, a file before)
//   pulumi up --yes --skip-preview --exec-kind auto.local --stack <s>    → Stack.up, then:
//   pulumi stack output --json [--show-secrets] --stack <s>              → Stack.outputs
//   pulumi stack history --json --show-secrets --page-size 1 --page 1 --stack <s> → Stack.info (the update summary)
// Failures look like Pulumi's: `error: …` on stderr for a command error (stack select), the Diagnostics section on
// stdout for an engine error (preview, up), exit status 255 (Pulumi exits with -1). Every call is logged.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** How a fake stack behaves. */
export interface FakeStack {
    /** The resource changes its preview and up report (the engine's op names). Default `{ same: 3 }`. */
    changes?: Record<string, number>;
    /** The command that fails for it, e.g. `preview`, `up` or `stack output`. */
    failAt?: string;
    /** Pulumi's message for that failure (a resource error in Diagnostics for preview/up, `error: …` otherwise). */
    message?: string;
}

/** One invocation of the fake, as logged. */
export interface FakePulumiCall {
    /** The arguments after `pulumi`. */
    args: string[];
    /** The working directory it ran in. */
    cwd: string;
    /** PULUMI_AUTOMATION_API, which the Automation API sets for every command it runs. */
    automation?: string;
}

/** A fake `pulumi` on disk. */
export interface FakePulumi {
    /** The directory holding the `pulumi` executable: put it first on PATH. */
    binDir: string;
    /** PATH with `binDir` first. */
    path: string;
    /** Every invocation so far, in order. */
    calls(): FakePulumiCall[];
    /** The stacks a command ran for (`--stack`), e.g. calls("preview"). */
    stacksOf(command: string): string[];
    /** Removes the fake. */
    remove(): void;
}

/** Where the Automation API's own gRPC modules are, so the fake talks to its Events service as the real CLI does. */
const NODE_MODULES = path.resolve(__dirname, "..", "..", "node_modules");

const SCRIPT = String.raw`
const fs = require("fs");
const path = require("path");
const config = JSON.parse(fs.readFileSync(__CONFIG__, "utf8"));
const args = process.argv.slice(2);
fs.appendFileSync(config.log, JSON.stringify({ args, cwd: process.cwd(), automation: process.env.PULUMI_AUTOMATION_API }) + "\n");
const flag = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const command = ["stack", "config", "plugin"].includes(args[0]) ? args.slice(0, 2).join(" ") : args[0];
const stackName = flag("--stack");
const stack = stackName === undefined ? undefined : config.stacks[stackName];
const fail = (stderr, stdout) => { if (stdout) process.stdout.write(stdout); if (stderr) process.stderr.write(stderr); process.exit(255); };
const engineFailure = (verb, s) => fail("", verb + " (" + stackName + "):\n +  pulumi:pulumi:Stack lighthouse-pec-" + stackName + " create\n" +
  "Diagnostics:\n  azure-native:managedservices:RegistrationDefinition (delegation-definition):\n    error: " + s.message + "\n\n" +
  "  pulumi:pulumi:Stack (lighthouse-pec-" + stackName + "):\n    error: " + (verb === "Previewing update" ? "preview" : "update") + " failed\n\nResources:\n    1 errored\n");
const changes = () => (stack && stack.changes) || { same: 3 };
async function sendEvents(log, events) {
  if (!log) return;
  if (!log.startsWith("tcp://")) { for (const e of events) fs.appendFileSync(log, JSON.stringify(e) + "\n"); await new Promise((r) => setTimeout(r, 500)); return; }
  const grpc = require(path.join(config.nodeModules, "@grpc/grpc-js"));
  const services = require(path.join(config.nodeModules, "@pulumi/pulumi/proto/events_grpc_pb.js"));
  const messages = require(path.join(config.nodeModules, "@pulumi/pulumi/proto/events_pb.js"));
  const client = new services.EventsClient(log.slice("tcp://".length), grpc.credentials.createInsecure());
  await new Promise((resolve, reject) => {
    const call = client.streamEvents((err) => (err ? reject(err) : resolve()));
    for (const e of events) call.write(new messages.EventRequest().setEvent(JSON.stringify(e)));
    call.end();
  });
  client.close();
}
async function main() {
  if (command === "version") { process.stdout.write(config.version + "\n"); return; }
  if (stackName !== undefined && !stack) fail("error: no stack named '" + stackName + "' found\n");
  if (stack && stack.failAt === command) {
    if (command === "preview") engineFailure("Previewing update", stack);
    if (command === "up") engineFailure("Updating", stack);
    fail("error: " + stack.message + "\n");
  }
  switch (command) {
    case "stack select": return;
    case "preview": {
      process.stdout.write("Previewing update (" + stackName + "):\n +  pulumi:pulumi:Stack lighthouse-pec-" + stackName + " create\nResources:\n    3 unchanged\n");
      const summary = { maybeCorrupt: false, durationSeconds: 1, resourceChanges: changes(), policyPacks: {} };
      await sendEvents(flag("--event-log"), [
        { sequence: 0, timestamp: 1, preludeEvent: { config: {} } },
        { sequence: 1, timestamp: 2, summaryEvent: summary },
        { sequence: 2, timestamp: 3, cancelEvent: {} },
      ]);
      return;
    }
    case "up": process.stdout.write("Updating (" + stackName + "):\nResources:\n    3 unchanged\n"); return;
    case "stack output": process.stdout.write("{}\n"); return;
    case "stack history": {
      const now = new Date().toISOString();
      process.stdout.write(JSON.stringify([{ version: 1, kind: "update", startTime: now, endTime: now, message: "", environment: {}, config: {}, result: "succeeded", resourceChanges: changes() }]) + "\n");
      return;
    }
    default: fail("error: the fake pulumi does not know '" + args.join(" ") + "'\n");
  }
}
main().catch((err) => fail("error: " + err.message + "\n"));
`;

/**
 * Writes a fake `pulumi` (a Node script run by this Node) into a new temporary directory.
 * @param stacks the stacks it knows, by name (any other is "not found", as Pulumi says)
 * @param version what `pulumi version` prints (default v3.270.0: the event log is a gRPC service)
 */
export function installFakePulumi(stacks: Record<string, FakeStack>, version = "v3.270.0"): FakePulumi {
    const binDir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-fake-pulumi-"));
    const log = path.join(binDir, "calls.jsonl");
    const configFile = path.join(binDir, "config.json");
    fs.writeFileSync(configFile, JSON.stringify({ log, stacks, version, nodeModules: NODE_MODULES }));
    fs.writeFileSync(log, "");
    const script = `#!${process.execPath}\n${SCRIPT.replace("__CONFIG__", JSON.stringify(configFile))}`;
    fs.writeFileSync(path.join(binDir, "pulumi"), script, { mode: 0o755 });
    const calls = (): FakePulumiCall[] =>
        fs
            .readFileSync(log, "utf8")
            .split("\n")
            .filter((l) => l !== "")
            .map((l) => JSON.parse(l) as FakePulumiCall);
    return {
        binDir,
        path: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
        calls,
        stacksOf: (command) =>
            calls()
                .filter((c) => c.args.join(" ").startsWith(`${command} `))
                .map((c) => c.args[c.args.indexOf("--stack") + 1])
                .sort(),
        remove: () => fs.rmSync(binDir, { recursive: true, force: true }),
    };
}
