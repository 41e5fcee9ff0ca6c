// Proves the engine-protocol harness with a throwaway dynamic provider: its serialized `__provider`
// is taken from a real registration under mocks and run in the real dynamic-provider host.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { captureRegistrations, isDynamicType, Registration } from "./captureRegistrations";
import { EngineHarness, ProviderCallError } from "./engineHarness";
import { isSecret, secret, stripSecrets, UNKNOWN, WireObject } from "./wireValues";

const PROBE_MODULE = "harness-probe-module";

// The methods run in the host process: anything they need is require()d there, from its cwd.
const echoProvider: pulumi.dynamic.ResourceProvider<Record<string, unknown>, Record<string, unknown>> = {
    async check(_olds, news) {
        if (news.size === "bad") {
            return { inputs: news, failures: [{ property: "size", reason: `size "bad" is not allowed; use "small" or "large"` }] };
        }
        if (news.size === "explode") {
            throw new Error("check exploded on purpose");
        }
        return { inputs: { ...news, checkedSawUnknown: news.size === "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } };
    },
    async diff(_id, olds, news) {
        const replaces = olds.kind !== news.kind ? ["kind"] : [];
        return { changes: olds.size !== news.size || replaces.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
    },
    async create(inputs) {
        if (inputs.size === "fail-create") {
            throw new Error(`create refused size ${inputs.size}`);
        }
        const probe = require("harness-probe-module") as { origin: string };
        return {
            id: `echo-${String(inputs.size)}`,
            outs: {
                ...inputs,
                probeOrigin: probe.origin,
                marker: process.env.HARNESS_MARKER ?? "unset",
                passwordWasWrapped: typeof inputs.password === "object",
            },
        };
    },
    async read(id, props) {
        return { id, props: { ...props, refreshed: true } };
    },
    async update(_id, _olds, news) {
        return { outs: { ...news, updated: true } };
    },
    async delete(id) {
        if (id === "echo-undeletable") {
            throw new Error("delete refused");
        }
    },
};

class Echo extends pulumi.dynamic.Resource {
    constructor(name: string, props: Record<string, pulumi.Input<unknown>>) {
        super(echoProvider, name, props, undefined, "harness", "Echo");
    }
}

/** A throwaway program directory: our @pulumi/pulumi linked in, plus a module only it can resolve. */
function makeProgramDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-program-"));
    fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
    fs.symlinkSync(path.resolve("node_modules/@pulumi/pulumi"), path.join(dir, "node_modules", "@pulumi", "pulumi"), "dir");
    fs.mkdirSync(path.join(dir, "node_modules", PROBE_MODULE));
    fs.writeFileSync(path.join(dir, "node_modules", PROBE_MODULE, "index.js"), `exports.origin = ${JSON.stringify(dir)};`);
    return dir;
}

function processAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

describe("engine-protocol harness (throwaway dynamic provider)", function () {
    this.timeout(60_000);
    let registration: Registration;
    let providerText: string;
    let programDir: string;
    let harness: EngineHarness;

    before(async () => {
        const regs = await captureRegistrations(() => new Echo("e1", { size: "small", kind: "a", password: pulumi.secret("pw-123-secret") }));
        registration = regs.find((r) => isDynamicType(r.type))!;
        providerText = registration.inputs.__provider as string;
        programDir = makeProgramDir();
        harness = await EngineHarness.start({ cwd: programDir, env: { HARNESS_MARKER: "from-env" }, urn: "urn:pulumi:s::p::pulumi-nodejs:dynamic/harness:Echo::e1" });
    });

    after(async () => {
        await harness?.close();
        if (programDir) {
            fs.rmSync(programDir, { recursive: true, force: true });
        }
    });

    it("captures the registration with the type token, a secret input and a plain-string __provider", () => {
        assert.equal(registration.type, "pulumi-nodejs:dynamic/harness:Echo");
        assert.ok(isSecret(registration.inputs.password), "password stays a secret in the registration");
        assert.equal(typeof providerText, "string");
        assert.match(providerText, /exports\.handler/);
        assert.ok(!providerText.includes("pw-123-secret"));
    });

    it("runs Check → Create → Diff → Update → Read → Delete through the real host", async () => {
        const news: WireObject = { ...registration.inputs };
        const checked = await harness.check(news);
        assert.deepEqual(checked.failures, []);
        assert.equal(checked.inputs.checkedSawUnknown, false);
        assert.ok(isSecret(checked.inputs.password), "the engine re-marks a secret input key in the checked inputs");

        const created = await harness.create(checked.inputs);
        assert.equal(created.id, "echo-small");
        assert.equal(created.outputs.probeOrigin, programDir, "require() in the provider resolved from the harness cwd");
        assert.equal(created.outputs.marker, "from-env");
        assert.equal(created.outputs.passwordWasWrapped, false, "secrets are stripped before the provider sees them");
        assert.deepEqual(created.outputs.password, secret("pw-123-secret"));
        assert.equal(created.outputs.__provider, providerText, "the host puts __provider back into the outputs");

        assert.deepEqual(await harness.diff(created.id, created.outputs, checked.inputs), { changes: "none", replaces: [], stables: [], deleteBeforeReplace: false });
        const bigger = { ...checked.inputs, size: "large" };
        assert.equal((await harness.diff(created.id, created.outputs, bigger)).changes, "some");
        const otherKind = await harness.diff(created.id, created.outputs, { ...checked.inputs, kind: "b" });
        assert.deepEqual(otherKind.replaces, ["kind"]);
        assert.equal(otherKind.deleteBeforeReplace, true);

        const updated = await harness.update(created.id, created.outputs, bigger);
        assert.equal(updated.outputs.updated, true);
        assert.equal(updated.outputs.size, "large");

        const read = await harness.read(created.id, updated.outputs);
        assert.equal(read.id, created.id);
        assert.equal(read.outputs.refreshed, true);
        assert.equal(read.outputs.__provider, providerText);

        await harness.delete(created.id, read.outputs);
    });

    it("passes the unknown sentinel through Check as the engine does during preview", async () => {
        const checked = await harness.check({ ...registration.inputs, size: UNKNOWN });
        assert.equal(checked.inputs.checkedSawUnknown, true);
    });

    it("returns check failures with property and reason", async () => {
        const checked = await harness.check({ ...registration.inputs, size: "bad" });
        assert.deepEqual(checked.failures, [{ property: "size", reason: `size "bad" is not allowed; use "small" or "large"` }]);
    });

    it("surfaces provider exceptions as gRPC errors with the provider's message", async () => {
        await assert.rejects(harness.check({ ...registration.inputs, size: "explode" }), (err: ProviderCallError) => {
            assert.ok(err instanceof ProviderCallError);
            assert.equal(err.method, "Check");
            assert.equal(err.codeName, "UNKNOWN");
            assert.match(err.details, /check exploded on purpose/);
            return true;
        });
        await assert.rejects(harness.create({ ...stripSecrets(registration.inputs).plain, size: "fail-create" }), /Create failed with gRPC UNKNOWN: create refused size fail-create/);
        await assert.rejects(harness.delete("echo-undeletable", registration.inputs), /Delete failed with gRPC UNKNOWN: delete refused/);
        assert.match(harness.stderr, /check exploded on purpose/, "the host logs check errors to stderr, where the engine collects them");
    });

    it("fails to start with a clear message when cwd has no @pulumi/pulumi", async () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "harness-empty-"));
        try {
            await assert.rejects(EngineHarness.start({ cwd: empty }), /dynamic-provider\/index\.js does not exist/);
        } finally {
            fs.rmSync(empty, { recursive: true, force: true });
        }
    });

    it("kills the provider process on close, and refuses calls afterwards", async () => {
        const h = await EngineHarness.start({ cwd: programDir });
        const pid = h.pid!;
        assert.ok(processAlive(pid));
        await h.close();
        assert.equal(processAlive(pid), false);
        await assert.rejects(h.check(registration.inputs), /closed harness/);
    });
});
