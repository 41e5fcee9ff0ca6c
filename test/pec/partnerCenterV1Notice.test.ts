import assert from "node:assert/strict";
import { partnerCenterV1Notice, V1_AZURE_PLAN_CUTOFF } from "../../pec/sources/partnerCenterV1";

// Partner Center's line-item pages: from the cutoff date on, unbilled usage of the current and previous billing
// periods comes from the v2 reconciliation API (Microsoft Graph) only; billed usage too, for billing periods from
// September 2022 on. The rule is about when the request is made, so the clock decides.
describe("verify --source partner-center-v1: the notice about Azure plan usage moving to the v2 API (pure)", () => {
    const unbilled = (period: "current" | "last") => ({ kind: "unbilled" as const, period, currencyCode: "USD" });
    const at = (iso: string) => Date.parse(iso);

    it("says nothing for a request made before the cutoff date, whatever the scope", () => {
        assert.equal(V1_AZURE_PLAN_CUTOFF, "2025-04-21");
        for (const scope of [
            unbilled("current"),
            unbilled("last"),
            { kind: "billed" as const, invoiceId: "G012345678", currencyCode: "USD" },
        ])
            assert.equal(partnerCenterV1Notice(scope, at("2025-04-20T23:59:59.999Z")), undefined);
    });

    it("from the cutoff date on, an unbilled request is told to use --source graph, naming the period it asked for", () => {
        assert.equal(
            partnerCenterV1Notice(unbilled("current"), at("2025-04-21T00:00:00Z")),
            "since 2025-04-21 Partner Center v1 line items no longer serve Azure plan usage of the current and previous billing periods " +
                "(asked: --period current, the period that began 2025-04-01), so this report may miss usage or be empty. " +
                "Use --source graph --period current instead: Microsoft Graph's partner billing export, the v2 reconciliation API " +
                "(app permission PartnerBilling.Read.All, granted in the partner tenant).",
        );
        // The previous period began before the cutoff, yet the page sends it to v2 too once the date has passed.
        assert.match(
            partnerCenterV1Notice(unbilled("last"), at("2025-05-03T10:00:00Z"))!,
            /\(asked: --period last, the period that began 2025-04-01\).*Use --source graph --period last instead/,
        );
        assert.match(partnerCenterV1Notice(unbilled("last"), at("2027-01-15T00:00:00Z"))!, /began 2026-12-01/);
    });

    it("a billed invoice: v1 keeps only invoices of billing periods before September 2022", () => {
        assert.equal(
            partnerCenterV1Notice(
                { kind: "billed", invoiceId: "G012345678", currencyCode: "EUR" },
                at("2026-12-06T00:00:00Z"),
            ),
            "since 2025-04-21 Partner Center v1 line items serve billed Azure plan usage only for invoices of billing periods before September 2022. " +
                "If invoice G012345678 is for a later period, use --source graph --invoice G012345678 instead: Microsoft Graph's partner billing export, " +
                "the v2 reconciliation API (app permission PartnerBilling.Read.All, granted in the partner tenant).",
        );
    });
});
