import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CUSTOMER_CONFIG_FIELDS, DELEGATION_ARGS_FIELDS } from "../../core/validation";
import { PARTNER_CONFIG_FIELDS } from "../../program/partnerConfig";
import { referenceRows } from "./configurationDoc";

describe("docs/configuration.md", () => {
    const doc = readFileSync(join(__dirname, "..", "..", "docs", "configuration.md"), "utf8");
    for (const [name, fields] of [
        ["customer stack", CUSTOMER_CONFIG_FIELDS],
        ["CustomerDelegation arguments", DELEGATION_ARGS_FIELDS],
        ["partner stack", PARTNER_CONFIG_FIELDS],
    ] as const) {
        it(`lists every ${name} key as the schema states it`, () => {
            for (const row of referenceRows(fields)) {
                assert.ok(doc.includes(row), `docs/configuration.md lacks (or states differently):\n${row}`);
            }
        });
    }
});
