import { strict as assert } from "node:assert";
import { WellKnownRoles } from "../../../core/roles";
import { eligibleWithoutPermanent } from "../../../core/validation/eligibleRules";
import { AuthorizationSpec, DelegationSpec, UNKNOWN_SENTINEL } from "../../../core/validation";
import { ids, validArgs } from "../../kit/fixtures";

const DELETE_ROLE = "Managed Services Registration assignment Delete Role";

/** The engineer, eligible for `eligibleRole`, with these permanent roles of its own (besides the fixture's). */
function engineer(permanentRoles: string[], eligibleRole = "Contributor"): DelegationSpec {
    const own: AuthorizationSpec[] = permanentRoles.map((role) => ({ principalId: ids.engineer, role }));
    return {
        ...validArgs(),
        authorizations: [...validArgs().authorizations, ...own],
        eligibleAuthorizations: [
            { principalId: ids.engineer, role: eligibleRole, displayName: "On-call engineers" },
            { principalId: ids.engineer.toUpperCase(), role: "Virtual Machine Contributor" },
        ],
    } as DelegationSpec;
}

const warned = (spec: DelegationSpec) => eligibleWithoutPermanent(spec).map((f) => [f.severity, f.field, f.value]);

describe("eligible principals need a permanent role with Reader access, other than the eligible one", () => {
    it("accepts Reader, or another built-in role that includes Reader access", () => {
        for (const roles of [["Reader"], ["Monitoring Reader"], [WellKnownRoles.reader], [DELETE_ROLE, "reader"]])
            assert.deepEqual(warned(engineer(roles)), [], roles.join(" + "));
        assert.deepEqual(
            warned(engineer(["Contributor"], "Virtual Machine Contributor")),
            [],
            "Contributor includes Reader access and is not the eligible role",
        );
    });

    it("warns once per principal when its only permanent role has no Reader access (the delete role)", () => {
        const findings = eligibleWithoutPermanent(engineer([DELETE_ROLE]));
        assert.deepEqual(
            findings.map((f) => [f.severity, f.field, f.value]),
            [["warning", "eligibleAuthorizations[0].principalId", ids.engineer]],
        );
        assert.match(
            findings[0].message,
            /"On-call engineers" has only permanent "Managed Services Registration assignment Delete Role", which does not include Reader access \(all of "\*\/read"\), so it cannot activate/,
        );
        assert.match(findings[0].fix, new RegExp(`\\{ principalId: "${ids.engineer}", role: "Reader"`));
        assert.deepEqual(
            warned(engineer(["Log Analytics Reader", DELETE_ROLE])),
            [["warning", "eligibleAuthorizations[0].principalId", ids.engineer]],
            "Log Analytics Reader masks a read (…/sharedKeys/read), so it is not all of Reader",
        );
    });

    it("warns when the permanent role with Reader access is the eligible role itself", () => {
        const findings = eligibleWithoutPermanent({
            ...engineer(["Contributor"]),
            eligibleAuthorizations: [{ principalId: ids.engineer, role: "contributor" }],
        });
        assert.deepEqual(
            findings.map((f) => f.field),
            ["eligibleAuthorizations[0].principalId"],
        );
        assert.match(findings[0].message, /holds "Contributor" both permanently and as its eligible role/);
    });

    it("warns without any permanent authorization, and decides nothing it cannot know", () => {
        assert.match(eligibleWithoutPermanent(engineer([]))[0].message, /has no permanent authorization, so/);
        assert.deepEqual(
            warned(engineer(["99999999-9999-4999-8999-999999999999"])),
            [],
            "a role the catalogue does not know may include Reader access",
        );
        assert.deepEqual(warned(engineer([UNKNOWN_SENTINEL])), [], "a role not known yet (preview)");
        assert.deepEqual(
            warned({
                ...engineer([]),
                authorizations: [...validArgs().authorizations, { principalId: UNKNOWN_SENTINEL, role: "Reader" }],
            } as DelegationSpec),
            [],
            "a permanent principal not known yet may be the eligible one",
        );
    });
});
