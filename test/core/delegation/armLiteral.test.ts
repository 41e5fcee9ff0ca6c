// ARM's escape rule (Learn, "Syntax and expressions in ARM templates", Escape characters), in the test evaluator
// and in armLiteral: a string is an expression iff it starts with [ and ends with ] and does not start with [[.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { armLiteral, armLiterals } from "../../../core/delegation/armLiteral";
import { evaluateValue, Scope } from "../../kit/armTemplate";
import { armishString as bracketed } from "../../kit/armStrings";
import { ids } from "../../kit/fixtures";

const RUNS = { numRuns: 300, seed: 1701 };
const scope: Scope = { parameters: { offer: "Contoso" }, variables: {}, subscriptionId: ids.subscription };

describe("ARM's escape rule", () => {
    it("the test evaluator reads strings as Learn documents them", () => {
        const cases: [string, unknown][] = [
            ["[[test value]", "[test value]"],
            ["[test] value", "[test] value"],
            ["[[test] value", "[[test] value"],
            ["[[[x]", "[[x]"],
            ["plain", "plain"],
            ["x]", "x]"],
            ["[", "["],
            ["[parameters('offer')]", "Contoso"],
            ["[concat('[', 'a', ']')]", "[a]"],
        ];
        for (const [written, evaluated] of cases) {
            assert.equal(evaluateValue(written, scope), evaluated, written);
        }
        assert.throws(
            () => evaluateValue("[Contoso]", scope),
            /unexpected end of Contoso/,
            "[Contoso] is an expression",
        );
    });

    it("armLiteral escapes exactly the strings ARM would evaluate", () => {
        assert.equal(armLiteral("[Contoso]"), "[[Contoso]");
        assert.equal(armLiteral("[concat('a','b')]"), "[[concat('a','b')]");
        assert.equal(armLiteral("[[x]"), "[[[x]");
        assert.equal(armLiteral("[]"), "[[]");
        assert.equal(armLiteral("[Managed] by Fabrikam"), "[Managed] by Fabrikam", "not an expression: as written");
        assert.equal(armLiteral("[[test] value"), "[[test] value");
        assert.equal(armLiteral("Contoso ]"), "Contoso ]");
    });

    it("for any string s and any number of layers, evaluating the escaped text that many times gives s", () => {
        fc.assert(
            fc.property(bracketed, fc.integer({ min: 0, max: 4 }), (s, layers) => {
                let text: unknown = armLiterals(s, layers);
                for (let i = 0; i < layers; i++) {
                    text = evaluateValue(text, scope);
                }
                assert.equal(text, s);
            }),
            RUNS,
        );
    });

    it("escaping one layer too few is caught: a bracketed value is then evaluated as an expression", () => {
        // The fault this slice fixes: a user value escaped once where two ARM evaluations read it.
        const once = armLiterals("[concat('a','b')]", 1);
        const twice = evaluateValue(evaluateValue(once, scope), scope);
        assert.equal(twice, "ab", "the second layer evaluated the user's text");
        assert.throws(() => evaluateValue(evaluateValue(armLiterals("[Contoso]", 1), scope), scope));
    });

    it("armLiterals walks arrays and objects and leaves keys, numbers, booleans and null alone", () => {
        fc.assert(
            fc.property(fc.jsonValue({ maxDepth: 3 }), bracketed, (json, s) => {
                const value = { json, list: [s, { s }], n: 1, b: true, z: null };
                assert.deepEqual(evaluateValue(armLiterals(value), scope), value);
            }),
            RUNS,
        );
        assert.deepEqual(armLiterals({ "[k]": "[v]" }), { "[k]": "[[v]" });
    });
});
