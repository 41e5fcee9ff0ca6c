import fc from "fast-check";

/**
 * Strings ARM reads in every way (fast-check): plain, bracketed like an expression, already escaped, with a
 * bracket at one end only, and the examples of Learn's "Escape characters" section and of issue 17.
 */
export const armishString: fc.Arbitrary<string> = fc.oneof(
    fc.string(),
    fc.string().map((s) => `[${s}]`),
    fc.string().map((s) => `[[${s}]`),
    fc.string().map((s) => `[${s}`),
    fc.string().map((s) => `${s}]`),
    fc.constantFrom(
        "[Contoso]",
        "[Ops]",
        "[concat('a','b')]",
        "[parameters('mspOfferName')]",
        "[Managed] by Fabrikam",
        "[test] value",
        "[[test] value",
        "[[test value]",
        "[]",
        "[[]",
        "[",
        "]",
        "[[",
        "]]",
        "' ]",
    ),
);
