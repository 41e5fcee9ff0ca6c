import { strict as assert } from "node:assert";
import { armGuid } from "../../components";

// Expected values computed independently with Python's uuid.uuid5(UUID("11fb06fb-712d-4ddd-98c7-e71bbd588830"), "-".join(parts)).
const vectors: [string[], string][] = [
    [["Relecloud Managed Services"], "a284898a-fc04-581d-aca0-047861d06160"], // the ARM engine's own output (design notes)
    [["Contoso Managed Services"], "2dfd06ad-2052-5f8e-a323-4aa171399b34"],
    [["Contoso Managed Services", "rg-prod"], "fba1bc6e-8fd9-5e84-b6ec-0d97b9aaa622"],
    [["a", "b", "c"], "a98fa280-e03f-5afa-8d8e-92d0a9c201e8"],
    [["Zürich Ops – Ünïcode"], "ff5977f7-057e-5e4e-8122-1cc648dc1bcb"],
    [[""], "e655a85f-3ab2-5e4a-9666-569aa72a5a10"],
];

describe("armGuid (ARM template guid())", () => {
    for (const [parts, expected] of vectors) {
        it(`guid(${parts.map((p) => `'${p}'`).join(", ")}) = ${expected}`, () => {
            assert.equal(armGuid(...parts), expected);
        });
    }

    it("joins arguments with '-' exactly as ARM does", () => {
        assert.equal(armGuid("a", "b", "c"), armGuid("a-b-c"));
        assert.notEqual(armGuid("ab", "c"), armGuid("a", "bc"));
    });

    it("returns a version-5, RFC 4122 variant UUID", () => {
        const value = armGuid("x");
        assert.match(value, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it("refuses to be called without arguments", () => {
        assert.throws(() => armGuid(), /at least one argument/);
    });
});
