import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderDoctorTable } from "../../doctor/format";
import { diagnose } from "../../doctor/verdict";
import { runCli } from "../kit/cliHarness";
import { GenLine, toReconCsv } from "../kit/generate";

// Terminal columns of the characters used below, written out by hand (not by the code under test):
// CJK and the rocket take two, the combining acute accent none, everything else here one.
const TWO = new Set([..."株式会社東京テスト🚀"]);
function columns(text: string): number {
    let n = 0;
    for (const c of text) n += c === "\u0301" ? 0 : TWO.has(c) ? 2 : 1;
    return n;
}

const NAMES = ["Evil\nCorp\u001b[31m", "株式会社テスト", "🚀 Rocket", "Cafe\u0301 Ltd", "Plain"];
const subscription = (i: number) =>
    `${i}${i}${i}${i}${i}${i}${i}${i}-${i}${i}${i}${i}-4${i}${i}${i}-8${i}${i}${i}-${`${i}`.repeat(12)}`;

describe("tables: one row per subscription, columns aligned in terminal columns (issue 10)", () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), "lhpec-tables-"))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("verify --format table escapes control characters in names and aligns wide and combining characters", async () => {
        const lines: GenLine[] = NAMES.map((name, i) => ({
            customerId: `aaaaaaaa-0000-4000-8000-00000000000${i + 1}`,
            customerName: name,
            subscriptionId: subscription(i + 1),
            usageDate: "2026-10-01",
            billingPreTaxTotal: 10,
            pec: true,
        }));
        const csv = join(dir, "names.csv");
        writeFileSync(csv, toReconCsv(lines));
        const run = await runCli(["verify", "--input", csv, "--format", "table"]);
        assert.equal(run.code, 0, run.stderr);
        assert.doesNotMatch(run.stdout, /\u001b/, "no raw escape sequence reaches the terminal");
        const rows = run.stdout.split("\n").filter((l) => /[1-5]{8}-[1-5]{4}-4/.test(l) && !l.startsWith(" "));
        assert.equal(rows.length, NAMES.length, `one line per subscription:\n${run.stdout}`);
        assert.ok(
            rows.some((r) => r.startsWith("Evil\\nCorp\\u001b[31m ")),
            "the newline and the escape are shown as escapes",
        );
        const at = rows.map((r) => columns(r.slice(0, r.search(/[1-5]{8}-/))));
        assert.deepEqual(
            at,
            at.map(() => at[0]),
            `the subscription column starts at the same terminal column in every row:\n${rows.join("\n")}`,
        );
        assert.equal(at[0], columns("Evil\\nCorp\\u001b[31m") + 2, "the widest name sets the column");
    });

    it("doctor's table does the same for subscription names from Azure", () => {
        const TENANT = "11111111-1111-1111-1111-111111111111";
        const report = diagnose({
            identity: { tenantId: TENANT, objectId: "33333333-3333-3333-3333-333333333333", clientId: null },
            memberOf: [],
            link: { partnerId: "1234567", partnerName: null, state: "Active" },
            expectedPartnerId: null,
            expected: null,
            subscriptions: ["東京\nProd", "Plain name", "Cafe\u0301"].map((displayName, i) => ({
                subscription: {
                    subscriptionId: subscription(i + 1),
                    displayName,
                    tenantId: TENANT,
                    state: "Enabled",
                    managedByTenantIds: [TENANT],
                },
                registrationAssignments: { ok: true as const, value: [] },
                roleAssignments: { ok: true as const, value: [] },
            })),
        });
        const table = renderDoctorTable(report);
        const rows = table.split("\n").filter((l) => /^[1-3]{8}-/.test(l));
        assert.equal(rows.length, 3, table);
        assert.ok(
            rows.some((r) => r.includes("東京\\nProd")),
            table,
        );
        assert.ok(
            rows.every((r) => r.includes("(delegated)")),
            table,
        );
        const at = rows.map((r) => columns(r.slice(0, r.indexOf("(delegated)"))));
        assert.deepEqual(
            at,
            at.map(() => at[0]),
            `the column after the name starts at the same terminal column:\n${rows.join("\n")}`,
        );
    });
});
