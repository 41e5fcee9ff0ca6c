// The one error module: real classes with an exit status and a fix, which also survive Pulumi's by-value
// serialization into a dynamic provider's `__provider` (the way this repository's providers are stored).
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { AzureCallError, InputError, isUserFacing, SourceError, UsageError, UserFacingError } from "../../core/errors";
import { ConfigurationError } from "../../core/validation";
import { PulumiCliMissingError } from "../../fleet/workspace";

/** Serializes `make` by value as Pulumi stores a provider, loads the text back, and returns what it throws. */
async function thrownAfterSerialization(make: () => Error): Promise<Error & Record<string, unknown>> {
    const serialized = await pulumi.runtime.serializeFunction(() => make);
    const mod = { exports: {} as { handler: () => () => Error } };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- loads the serialized text the way Pulumi's host does
    const load = new Function("exports", "module", "require", serialized.text) as (
        exports: object,
        module: object,
        require: NodeJS.Require,
    ) => void;
    load(mod.exports, mod, require);
    try {
        throw mod.exports.handler()();
    } catch (e) {
        return e as Error & Record<string, unknown>;
    }
}

describe("core/errors: user-facing errors", () => {
    it("every kind is a UserFacingError with its name, message, exit status 2 and, when given, its fix", () => {
        const errors: Array<[UserFacingError, string]> = [
            [new UsageError("--x is missing"), "UsageError"],
            [
                new InputError("is not a number", { source: "a.csv", line: 3, field: "Cost", value: "x" }, "Fix it"),
                "InputError",
            ],
            [new SourceError("Graph refused"), "SourceError"],
            [new AzureCallError("denied", "forbidden", 403, "AuthorizationFailed"), "AzureCallError"],
            [
                new ConfigurationError("s", [{ severity: "error", field: "f", value: 1, message: "m", fix: "x" }]),
                "ConfigurationError",
            ],
            [new PulumiCliMissingError(""), "PulumiCliMissingError"],
        ];
        for (const [e, name] of errors) {
            assert.ok(e instanceof Error && isUserFacing(e), name);
            assert.equal(e.name, name);
            assert.equal(e.exitCode, 2, name);
            assert.match(String(e), new RegExp(`^${name}: \\S`), "toString names the class and the message");
            assert.ok(e.stack?.includes(e.message.split("\n")[0]), `${name} has its stack`);
        }
        const input = errors[1][0] as InputError;
        assert.equal(input.message, 'a.csv:3: field "Cost" is not a number (value "x"). Fix it');
        assert.equal(input.fix, "Fix it");
        assert.deepEqual(input.location, { source: "a.csv", line: 3, field: "Cost", value: "x" });
        assert.equal(new UsageError("x", { exitCode: 1, fix: "y" }).exitCode, 1);
        assert.equal(new UsageError("x").fix, undefined);
        assert.equal(isUserFacing(new Error("bug")), false);
        assert.equal(isUserFacing("text"), false);
    });

    it("an AzureCallError keeps its message, class and fields when serialized by value into a provider", async () => {
        const e = await thrownAfterSerialization(
            () => new AzureCallError("GET x answered 409 Conflict.", "fatal", 409, "Conflict"),
        );
        assert.equal(e.message, "GET x answered 409 Conflict.");
        assert.ok(e instanceof Error, "the prototype chain reaches Error");
        assert.equal(e.name, "AzureCallError");
        assert.equal(String(e), "AzureCallError: GET x answered 409 Conflict.", "what the provider host prints");
        assert.deepEqual([e.kind, e.status, e.code, e.exitCode], ["fatal", 409, "Conflict", 2]);
        assert.equal((Object.getPrototypeOf(Object.getPrototypeOf(e)) as Error).name, "UserFacingError");
        assert.equal(typeof e.stack, "string");
    });

    it("so do the other kinds, with their own fields", async () => {
        const input = await thrownAfterSerialization(
            () => new InputError("is empty", { source: "f.csv" }, "Give data"),
        );
        assert.equal(input.message, "f.csv: is empty. Give data");
        assert.equal(input.fix, "Give data");
        assert.deepEqual(input.location, { source: "f.csv" });
        assert.equal(String(input), "InputError: f.csv: is empty. Give data");
        const usage = await thrownAfterSerialization(() => new UsageError("--y is refused", { exitCode: 1 }));
        assert.deepEqual([usage.message, usage.name, usage.exitCode], ["--y is refused", "UsageError", 1]);
    });

    it("control: a class written the usual way loses its message and its Error prototype there (what the rules prevent)", async () => {
        class Plain extends Error {
            constructor(message: string) {
                super(message);
                this.name = "Plain";
            }
        }
        const native = new Plain("kept");
        assert.equal(native.message, "kept", "natively it works");
        const e = await thrownAfterSerialization(() => new Plain("lost"));
        assert.notEqual(e.message, "lost", "serialized, super(message) sets nothing");
        assert.equal(e instanceof Error, false, "and the chain to Error is gone");
    });
});
