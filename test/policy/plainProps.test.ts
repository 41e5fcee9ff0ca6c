import { strict as assert } from "node:assert";
import * as path from "node:path";
import { UNKNOWN_SENTINEL } from "../../core/validation";
import { plainProps } from "../../policy/plainProps";

// The proxy @pulumi/policy puts around a resource's properties (exported at runtime, absent from its type declarations),
// from the copy the pack itself loads: policy/node_modules/@pulumi/policy once `npm install` ran in policy/ (the
// root's otherwise). A proxy from another copy would throw an UnknownValueError that the pack's copy does not know.
const POLICY_DIR = path.join(__dirname, "..", "..", "policy");
const { unknownCheckingProxy } = require(require.resolve("@pulumi/policy", { paths: [POLICY_DIR] })) as {
    unknownCheckingProxy: (props: object) => object;
};

// How @pulumi/policy's deserializer represents an unknown string and an unknown array.
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const UNKNOWN_ARRAY = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";

describe("policy pack: resource properties as plain values", () => {
    it("turns values the proxy refuses (not known yet) into the sentinel, at any depth, and keeps the rest", () => {
        const props = unknownCheckingProxy({
            scope: "/subscriptions/x",
            properties: {
                authorizations: [{ principalId: UNKNOWN_STRING, roleDefinitionId: "r" }],
                eligible: UNKNOWN_ARRAY,
            },
        });
        assert.throws(() => JSON.stringify(props), /can't be known during preview/, "the proxy itself throws");
        assert.deepEqual(plainProps(props), {
            scope: "/subscriptions/x",
            properties: {
                authorizations: [{ principalId: UNKNOWN_SENTINEL, roleDefinitionId: "r" }],
                eligible: UNKNOWN_SENTINEL,
            },
        });
    });
});
