import { strict as assert } from "node:assert";
import {
    checkAssignment,
    checkDefinition,
    DefinitionModel,
    formatViolation,
    LighthouseResource,
    POLICIES,
    PolicyViolation,
    readLighthouseResource,
} from "../../../core/policy";
import { WellKnownRoles } from "../../../core/roles";
import { UNKNOWN_SENTINEL } from "../../../core/validation";

const SUBSCRIPTION_ID = "11111111-1111-4111-8111-111111111111";
const SUBSCRIPTION = `/subscriptions/${SUBSCRIPTION_ID}`;
const TENANT = "22222222-2222-4222-8222-222222222222";
const PAL = "33333333-3333-4333-8333-333333333333";
const ADMINS = "44444444-4444-4444-8444-444444444444";
const ENGINEER = "55555555-5555-4555-8555-555555555555";
const R = WellKnownRoles;

type Props = Record<string, unknown>;

function nativeProps(authorizations: Props[], eligibleAuthorizations: Props[] = [], scope = SUBSCRIPTION): Props {
    return {
        scope,
        properties: {
            registrationDefinitionName: "Contoso",
            managedByTenantId: TENANT,
            authorizations,
            eligibleAuthorizations,
        },
    };
}

function model(resource: LighthouseResource | undefined): DefinitionModel {
    assert.equal(resource?.what, "definition");
    return (resource as { model: DefinitionModel }).model;
}

function native(authorizations: Props[], eligible: Props[] = [], scope?: string): DefinitionModel {
    return model(readLighthouseResource(NATIVE, nativeProps(authorizations, eligible, scope)));
}

const NATIVE = "azure-native:managedservices:RegistrationDefinition";
const CLEAN = [
    { principalId: PAL, roleDefinitionId: R.contributor },
    { principalId: ADMINS, roleDefinitionId: R.reader },
    { principalId: ADMINS, roleDefinitionId: R.registrationAssignmentDeleteRole },
];

function policies(violations: PolicyViolation[]): string[] {
    return violations.map((v) => v.policy);
}

describe("core/policy: reading Lighthouse resources of any provider", () => {
    it("recognises every azure-native version of the definition and the assignment, and nothing else", () => {
        for (const type of [
            NATIVE,
            "azure-native:managedservices/v20221001:RegistrationDefinition",
            "azure-native:managedservices/v20200201preview:RegistrationDefinition",
        ]) {
            assert.equal(readLighthouseResource(type, nativeProps(CLEAN))?.what, "definition", type);
        }
        assert.equal(
            readLighthouseResource("azure-native:managedservices/v20221001:RegistrationAssignment", {})?.what,
            "assignment",
        );
        assert.equal(
            readLighthouseResource("azure-native:managedservices:MarketplaceRegistrationDefinition", {}),
            undefined,
        );
        assert.equal(readLighthouseResource("azure-native:resources:ResourceGroup", {}), undefined);
    });

    it("maps each provider's field names back to its own: azure-native under properties., the classic provider's names", () => {
        const nativeModel = native(CLEAN);
        assert.equal(
            nativeModel.resourceField("authorizations[1].delegatedRoles"),
            "properties.authorizations[1].delegatedRoleDefinitionIds",
        );
        const classic = model(
            readLighthouseResource("azure:lighthouse/definition:Definition", {
                name: "Contoso",
                managingTenantId: TENANT,
                scope: SUBSCRIPTION,
                authorizations: [{ principalId: PAL, roleDefinitionId: R.contributor, principalDisplayName: "PAL" }],
                eligibleAuthorizations: [
                    {
                        principalId: ENGINEER,
                        roleDefinitionId: R.contributor,
                        justInTimeAccessPolicy: {
                            approvers: [{ principalId: ADMINS, principalDisplayName: "Admins" }],
                        },
                    },
                ],
            }),
        );
        assert.equal(classic.spec.managedByTenantId, TENANT);
        assert.equal(classic.spec.authorizations[0].displayName, "PAL");
        assert.deepEqual(classic.spec.eligibleAuthorizations?.[0].justInTimeAccessPolicy?.managedByTenantApprovers, [
            { principalId: ADMINS, displayName: "Admins" },
        ]);
        assert.equal(
            classic.resourceField(
                "eligibleAuthorizations[0].justInTimeAccessPolicy.managedByTenantApprovers[0].displayName",
            ),
            "eligibleAuthorizations[0].justInTimeAccessPolicy.approvers[0].principalDisplayName",
        );
    });

    it("reads a definition whose authorization list is not known yet as not known, not as empty", () => {
        const resource = readLighthouseResource(NATIVE, { properties: { authorizations: UNKNOWN_SENTINEL } });
        assert.deepEqual(resource, { what: "definition-not-known", kind: "azure-native" });
        assert.equal(
            readLighthouseResource("lighthouse-pec:index:CustomerDelegation", {})?.what,
            "definition-not-known",
        );
    });
});

describe("core/policy: the pack's rules", () => {
    it("finds nothing in a clean definition, configured or not", () => {
        assert.deepEqual(checkDefinition(native(CLEAN)), []);
        assert.deepEqual(checkDefinition(native(CLEAN), { pecPrincipalIds: [PAL.toUpperCase()] }), []);
    });

    it("sorts each Lighthouse role rule into its own policy", () => {
        const violations = checkDefinition(
            native([
                { principalId: PAL, roleDefinitionId: R.contributor },
                { principalId: ADMINS, roleDefinitionId: R.owner },
                { principalId: ADMINS, roleDefinitionId: "ba92f5b4-2d11-453d-a403-e96b0029c9fe" },
                { principalId: ADMINS, roleDefinitionId: R.userAccessAdministrator },
            ]),
        );
        assert.deepEqual(
            policies(violations).filter((p) => p.startsWith("lighthouse")),
            ["lighthouse-no-owner", "lighthouse-unsupported-role", "lighthouse-uaa-delegated-roles"],
        );
        assert.equal(
            formatViolation(violations[0]),
            `properties.authorizations[1].roleDefinitionId (principal ${ADMINS}, role "Owner"): Azure Lighthouse does not support the Owner role. ` +
                `Fix: use "${R.contributor}" (Contributor), plus User Access Administrator with properties.authorizations[1].delegatedRoleDefinitionIds if the partner must assign roles to managed identities`,
        );
    });

    it("without pecPrincipalIds, requires some permanent PEC-eligible role", () => {
        const readersOnly = checkDefinition(native([{ principalId: ADMINS, roleDefinitionId: R.reader }]));
        assert.deepEqual(policies(readersOnly), ["pec-partner-linked-permanent"]);
        assert.match(readersOnly[0].message, /no permanent authorization has a PEC-eligible role/);
    });

    it("with pecPrincipalIds, requires a permanent PEC-eligible role for one of them, and flags JIT-only access", () => {
        const otherPrincipalEarns = checkDefinition(
            native([{ principalId: ADMINS, roleDefinitionId: R.contributor }]),
            {
                pecPrincipalIds: [PAL],
            },
        );
        assert.deepEqual(policies(otherPrincipalEarns), ["pec-partner-linked-permanent"]);
        assert.equal(otherPrincipalEarns[0].field, "properties.authorizations");

        const jitOnly = checkDefinition(
            native(
                [
                    { principalId: ADMINS, roleDefinitionId: R.contributor },
                    { principalId: PAL, roleDefinitionId: R.reader },
                ],
                [{ principalId: PAL, roleDefinitionId: R.contributor }],
            ),
            { pecPrincipalIds: [PAL] },
        );
        assert.deepEqual(
            jitOnly.filter((v) => v.policy === "pec-partner-linked-permanent").map((v) => v.field),
            ["properties.eligibleAuthorizations[0]", "properties.authorizations"],
        );
    });

    it("advises on eligible principals without a permanent authorization, with a fix in ARM terms", () => {
        const violations = checkDefinition(native(CLEAN, [{ principalId: ENGINEER, roleDefinitionId: R.contributor }]));
        assert.deepEqual(policies(violations), ["lighthouse-eligible-needs-permanent"]);
        assert.match(
            violations[0].fix,
            new RegExp(`roleDefinitionId: "${R.reader}" \\(Reader\\) \\} to properties\\.authorizations`),
        );
        assert.equal(POLICIES.find((p) => p.name === violations[0].policy)?.enforcementLevel, "advisory");
    });

    it("advises on unknown PEC eligibility, but not for the registration assignment delete role", () => {
        const violations = checkDefinition(
            native([...CLEAN, { principalId: ADMINS, roleDefinitionId: "f680209a-a2a2-4e0d-aa81-5d2a65c13604" }]),
        );
        assert.deepEqual(policies(violations), ["pec-role-eligibility-unknown"]);
        assert.equal(violations[0].field, "properties.authorizations[3].roleDefinitionId");
    });

    it("reports other rules Azure enforces: resource-group scope, JIT duration, eligible User Access Administrator", () => {
        const violations = checkDefinition(
            native(
                CLEAN,
                [
                    { principalId: ENGINEER, roleDefinitionId: R.userAccessAdministrator },
                    {
                        principalId: ENGINEER,
                        roleDefinitionId: R.contributor,
                        justInTimeAccessPolicy: { maximumActivationDuration: "PT12H" },
                    },
                ],
                `${SUBSCRIPTION}/resourceGroups/rg`,
            ),
        );
        const rules = violations.filter((v) => v.policy === "lighthouse-definition-rules").map((v) => v.field);
        assert.deepEqual(rules.sort(), [
            "properties.eligibleAuthorizations[0].roleDefinitionId",
            "properties.eligibleAuthorizations[1].justInTimeAccessPolicy.maximumActivationDuration",
            "scope",
        ]);
    });

    it("never reports from a value not known yet", () => {
        const violations = checkDefinition(
            native([
                { principalId: UNKNOWN_SENTINEL, roleDefinitionId: UNKNOWN_SENTINEL },
                { principalId: UNKNOWN_SENTINEL, roleDefinitionId: UNKNOWN_SENTINEL },
                { principalId: ADMINS, roleDefinitionId: R.reader },
            ]),
            { pecPrincipalIds: [PAL] },
        );
        assert.deepEqual(violations, []);
    });

    it("checks the component's inputs with the component's own field names and fixes", () => {
        const violations = checkDefinition(
            model(
                readLighthouseResource("lighthouse-pec:index:CustomerDelegation", {
                    offerName: "Contoso",
                    managedByTenantId: TENANT,
                    subscriptionId: SUBSCRIPTION_ID,
                    authorizations: [{ principalId: ADMINS, role: "owner" }],
                    automationAccount: { principalId: PAL },
                }),
            ),
            { pecPrincipalIds: [PAL] },
        );
        assert.deepEqual(policies(violations), ["lighthouse-no-owner"]);
        assert.equal(violations[0].field, "authorizations[0].role");
        assert.match(violations[0].fix, /use "Contributor"/);
    });

    it("checks an assignment's definition ID shape, skipping unknown values", () => {
        assert.deepEqual(checkAssignment(UNKNOWN_SENTINEL, "f"), []);
        assert.deepEqual(
            checkAssignment(`${SUBSCRIPTION}/providers/Microsoft.ManagedServices/registrationDefinitions/x`, "f"),
            [],
        );
        assert.deepEqual(policies(checkAssignment("x", "f")), ["lighthouse-definition-rules"]);
    });
});
