// The policy pack through the analyzer protocol, started the way the Pulumi CLI starts a Node policy pack: run-policy-pack
// loads the pack directory's package.json `main`, the pack compiled to policy/bin/ (issue 20: no ts-node type-check).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { POLICIES } from "../../core/policy";
import { UNKNOWN_SENTINEL } from "../../core/validation";
import { ensureBuilt } from "../kit/builtOutput";
import { AnalyzedResource, Diagnostic, PolicyHarness } from "../kit/policyHarness";

const PACK_DIR = path.join(__dirname, "..", "..", "policy");
const SUBSCRIPTION = "/subscriptions/11111111-1111-4111-8111-111111111111";
const TENANT = "22222222-2222-4222-8222-222222222222";
const PAL = "33333333-3333-4333-8333-333333333333"; // the partner-linked service principal
const ADMINS = "44444444-4444-4444-8444-444444444444";
const ENGINEER = "55555555-5555-4555-8555-555555555555";
const ROLE = {
    owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    uaa: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    deleteRole: "91c1777a-f3dc-4fae-b103-61d183457e46",
    storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    locksContributor: "28bf596f-4eb7-45ce-b5bc-6cf482fec137",
    advisorRecommendationsContributor: "f680209a-a2a2-4e0d-aa81-5d2a65c13604",
};
const NATIVE = "azure-native:managedservices:RegistrationDefinition";

type Authorization = { principalId: string; roleDefinitionId: string; [key: string]: unknown };

/** A realistic definition's inputs as azure-native sends them: PAL Contributor, admins Reader + delete role, a JIT engineer with a permanent Reader. */
function native(
    change: { authorizations?: Authorization[]; eligibleAuthorizations?: Authorization[] } = {},
): AnalyzedResource {
    return {
        type: NATIVE,
        name: "contoso-definition",
        properties: {
            scope: SUBSCRIPTION,
            registrationDefinitionId: "a284898a-fc04-581d-aca0-047861d06160",
            properties: {
                registrationDefinitionName: "Contoso Managed Services",
                description: "Managed by Contoso",
                managedByTenantId: TENANT,
                authorizations: change.authorizations ?? [
                    {
                        principalId: PAL,
                        principalIdDisplayName: "Provider Automation Account",
                        roleDefinitionId: ROLE.contributor,
                    },
                    { principalId: ADMINS, principalIdDisplayName: "Admins", roleDefinitionId: ROLE.reader },
                    { principalId: ADMINS, principalIdDisplayName: "Admins", roleDefinitionId: ROLE.deleteRole },
                    { principalId: ENGINEER, principalIdDisplayName: "Engineer", roleDefinitionId: ROLE.reader },
                ],
                eligibleAuthorizations: change.eligibleAuthorizations ?? [
                    {
                        principalId: ENGINEER,
                        principalIdDisplayName: "Engineer",
                        roleDefinitionId: ROLE.contributor,
                        justInTimeAccessPolicy: { multiFactorAuthProvider: "Azure", maximumActivationDuration: "PT8H" },
                    },
                ],
            },
        },
    };
}

function only(diagnostics: Diagnostic[], policyName: string): Diagnostic[] {
    return diagnostics.filter((d) => d.policyName === policyName);
}

describe("policy pack over the analyzer protocol (as `pulumi preview --policy-pack policy` runs it)", function () {
    this.timeout(120_000);
    let pack: PolicyHarness;

    before(async () => {
        await ensureBuilt();
        pack = await PolicyHarness.start(PACK_DIR);
        await pack.configure({ "pec-partner-linked-permanent": { pecPrincipalIds: [PAL] } });
    });

    after(async () => {
        const pid = pack?.pid;
        await pack?.close();
        if (pid !== undefined) {
            assert.throws(() => process.kill(pid, 0), "the pack's process is gone after close");
        }
    });

    it("runs compiled: package.json `main` is the pack built into policy/bin/, and nothing TypeScript is needed to run it", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as {
            main: string;
            dependencies: Record<string, string>;
            devDependencies: Record<string, string>;
        };
        assert.equal(pkg.main, "bin/policy/index.js");
        assert.ok(fs.existsSync(path.join(PACK_DIR, pkg.main)), `${pkg.main} is built`);
        assert.ok(
            fs.existsSync(path.join(PACK_DIR, "bin", "core", "policy", "index.js")),
            "with the core/ rules it uses",
        );
        assert.deepEqual(Object.keys(pkg.dependencies).sort(), ["@pulumi/policy", "@pulumi/pulumi"]);
        assert.equal(pkg.devDependencies["ts-node"], undefined);
        assert.equal(pack.stderr, "", "nothing logged while starting");
    });

    it("describes the pack: name, version from package.json, every policy with its level, the config schema", async () => {
        const info = await pack.info();
        assert.equal(info.name, "lighthouse-pec");
        assert.equal(info.version, "0.1.0");
        assert.equal(info.supportsConfig, true);
        assert.deepEqual(
            info.policies.map((p) => [p.name, p.enforcementLevel]),
            POLICIES.map((p) => [p.name, p.enforcementLevel]),
        );
        assert.deepEqual(info.policies.find((p) => p.name === "pec-partner-linked-permanent")?.configKeys, [
            "pecPrincipalIds",
        ]);
    });

    it("passes a clean definition: no diagnostic at all", async () => {
        assert.deepEqual(await pack.analyze(native()), []);
    });

    it("ignores resources that are not Lighthouse resources", async () => {
        const diagnostics = await pack.analyze({
            type: "azure-native:resources:ResourceGroup",
            name: "rg",
            properties: { resourceGroupName: "rg", location: "westeurope" },
        });
        assert.deepEqual(diagnostics, []);
    });

    it("rejects Owner (mandatory), naming the authorization, principal, role and the fix", async () => {
        const diagnostics = await pack.analyze(
            native({
                authorizations: [
                    { principalId: PAL, roleDefinitionId: ROLE.contributor },
                    { principalId: ADMINS, roleDefinitionId: ROLE.owner },
                ],
            }),
        );
        const owner = only(diagnostics, "lighthouse-no-owner");
        assert.equal(owner.length, 1);
        assert.equal(owner[0].enforcementLevel, "mandatory");
        assert.equal(owner[0].policyPackName, "lighthouse-pec");
        assert.match(owner[0].message, /properties\.authorizations\[1\]\.roleDefinitionId/);
        assert.match(owner[0].message, new RegExp(`principal ${ADMINS}, role "Owner"`));
        assert.match(owner[0].message, /Fix: use "b24988ac-6180-42a0-ab88-20f7382dd24c" \(Contributor\)/);
    });

    it("rejects roles with DataActions and roles with unsupported Microsoft.Authorization actions", async () => {
        const diagnostics = await pack.analyze(
            native({
                authorizations: [
                    { principalId: PAL, roleDefinitionId: ROLE.contributor },
                    { principalId: ADMINS, roleDefinitionId: ROLE.storageBlobDataContributor },
                    {
                        principalId: ADMINS,
                        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE.locksContributor}`,
                    },
                ],
            }),
        );
        const unsupported = only(diagnostics, "lighthouse-unsupported-role");
        assert.equal(unsupported.length, 2);
        assert.ok(unsupported.every((d) => d.enforcementLevel === "mandatory"));
        assert.match(unsupported[0].message, /authorizations\[1\].*"Storage Blob Data Contributor".*DataActions/);
        assert.match(
            unsupported[1].message,
            /authorizations\[2\].*"Locks Contributor".*Microsoft\.Authorization\/locks\/write/,
        );
    });

    it("rejects User Access Administrator without delegated roles, and accepts it with them", async () => {
        const without = await pack.analyze(
            native({
                authorizations: [
                    { principalId: PAL, roleDefinitionId: ROLE.contributor },
                    { principalId: ADMINS, roleDefinitionId: ROLE.uaa },
                ],
            }),
        );
        const uaa = only(without, "lighthouse-uaa-delegated-roles");
        assert.equal(uaa.length, 1);
        assert.match(uaa[0].message, /properties\.authorizations\[1\]\.delegatedRoleDefinitionIds/);
        assert.match(uaa[0].message, /role "User Access Administrator"/);

        const withRoles = await pack.analyze(
            native({
                authorizations: [
                    { principalId: PAL, roleDefinitionId: ROLE.contributor },
                    { principalId: ADMINS, roleDefinitionId: ROLE.uaa, delegatedRoleDefinitionIds: [ROLE.contributor] },
                ],
            }),
        );
        assert.deepEqual(only(withRoles, "lighthouse-uaa-delegated-roles"), []);
    });

    it("rejects a definition where no configured partner-linked principal has a permanent PEC-eligible role", async () => {
        const diagnostics = await pack.analyze(
            native({
                authorizations: [
                    { principalId: PAL, roleDefinitionId: ROLE.reader },
                    { principalId: ADMINS, roleDefinitionId: ROLE.contributor },
                ],
                eligibleAuthorizations: [],
            }),
        );
        const pec = only(diagnostics, "pec-partner-linked-permanent");
        assert.equal(pec.length, 1);
        assert.equal(pec[0].enforcementLevel, "mandatory");
        assert.match(pec[0].message, new RegExp(`no partner-linked principal \\(pecPrincipalIds: ${PAL}\\)`));
        assert.match(pec[0].message, new RegExp(`Fix: add a permanent authorization.*principalId: "${PAL}"`));
    });

    it("rejects a partner-linked principal whose PEC-eligible access is just-in-time only", async () => {
        const diagnostics = await pack.analyze(
            native({
                authorizations: [{ principalId: ADMINS, roleDefinitionId: ROLE.reader }],
                eligibleAuthorizations: [{ principalId: PAL, roleDefinitionId: ROLE.contributor }],
            }),
        );
        const pec = only(diagnostics, "pec-partner-linked-permanent");
        assert.equal(pec.length, 2);
        assert.match(pec[0].message, /properties\.eligibleAuthorizations\[0\].*just-in-time access never earns/);
        assert.match(pec[0].message, new RegExp(`principal ${PAL}, role "Contributor"`));
    });

    it("advises (not blocks) an eligible principal without a permanent authorization", async () => {
        const diagnostics = await pack.analyze(
            native({
                authorizations: [{ principalId: PAL, roleDefinitionId: ROLE.contributor }],
                eligibleAuthorizations: [{ principalId: ENGINEER, roleDefinitionId: ROLE.contributor }],
            }),
        );
        const advice = only(diagnostics, "lighthouse-eligible-needs-permanent");
        assert.equal(advice.length, 1);
        assert.equal(advice[0].enforcementLevel, "advisory");
        assert.match(advice[0].message, new RegExp(`principalId: "${ENGINEER}", roleDefinitionId: "${ROLE.reader}"`));
        assert.ok(
            diagnostics.every((d) => d.enforcementLevel === "advisory"),
            "nothing mandatory",
        );
    });

    it("advises on a permanent role whose PEC eligibility is unknown (not listed, or not in the catalogue)", async () => {
        const custom = "99999999-9999-4999-8999-999999999999";
        const diagnostics = await pack.analyze(
            native({
                authorizations: [
                    { principalId: PAL, roleDefinitionId: ROLE.contributor },
                    { principalId: ADMINS, roleDefinitionId: ROLE.advisorRecommendationsContributor },
                    { principalId: ADMINS, roleDefinitionId: custom },
                ],
                eligibleAuthorizations: [],
            }),
        );
        const unknown = only(diagnostics, "pec-role-eligibility-unknown");
        assert.deepEqual(
            unknown.map((d) => d.enforcementLevel),
            ["advisory", "advisory"],
        );
        assert.match(unknown[0].message, /"Advisor Recommendations Contributor"/);
        assert.match(unknown[1].message, /not in the built-in role catalogue/);
    });

    it("checks any azure-native version of the resource", async () => {
        const resource = native({ authorizations: [{ principalId: PAL, roleDefinitionId: ROLE.owner }] });
        const diagnostics = await pack.analyze({
            ...resource,
            type: "azure-native:managedservices/v20221001:RegistrationDefinition",
        });
        assert.equal(only(diagnostics, "lighthouse-no-owner").length, 1);
    });

    it("checks the classic provider's azure:lighthouse/definition:Definition in its own field names", async () => {
        const diagnostics = await pack.analyze({
            type: "azure:lighthouse/definition:Definition",
            name: "classic",
            properties: {
                name: "Contoso Managed Services",
                managingTenantId: TENANT,
                scope: SUBSCRIPTION,
                authorizations: [
                    { principalId: PAL, roleDefinitionId: ROLE.contributor, principalDisplayName: "PAL" },
                    { principalId: ADMINS, roleDefinitionId: ROLE.uaa },
                ],
                eligibleAuthorizations: [
                    {
                        principalId: ENGINEER,
                        roleDefinitionId: ROLE.owner,
                        justInTimeAccessPolicy: { approvers: [{ principalId: ADMINS }] },
                    },
                ],
            },
        });
        assert.match(
            only(diagnostics, "lighthouse-uaa-delegated-roles")[0].message,
            /^authorizations\[1\]\.delegatedRoleDefinitionIds/m,
        );
        assert.match(
            only(diagnostics, "lighthouse-no-owner")[0].message,
            /eligibleAuthorizations\[0\]\.roleDefinitionId/,
        );
    });

    it("checks CustomerDelegation component inputs, and does not repeat them on its child definition", async () => {
        const componentUrn = "urn:pulumi:dev::customer::lighthouse-pec:index:CustomerDelegation::contoso";
        const component = await pack.analyze({
            type: "lighthouse-pec:index:CustomerDelegation",
            name: "contoso",
            urn: componentUrn,
            properties: {
                offerName: "Contoso Managed Services",
                managedByTenantId: TENANT,
                subscriptionId: "11111111-1111-4111-8111-111111111111",
                authorizations: [{ principalId: ADMINS, role: "Owner" }],
                automationAccount: { principalId: PAL, role: "Reader" },
            },
        });
        assert.match(only(component, "lighthouse-no-owner")[0].message, /^authorizations\[0\]\.role \(principal/m);
        assert.match(
            only(component, "pec-partner-linked-permanent")[0].message,
            /automationAccount\.role.*"Reader" does not earn/,
        );

        const child = await pack.analyze({
            ...native({ authorizations: [{ principalId: ADMINS, roleDefinitionId: ROLE.owner }] }),
            parent: componentUrn,
        });
        assert.deepEqual(child, []);
    });

    it("answers malformed CustomerDelegation inputs (YAML, Python) with one violation each, and keeps serving", async () => {
        const diagnostics = await pack.analyze({
            type: "lighthouse-pec:index:CustomerDelegation",
            name: "malformed",
            urn: "urn:pulumi:dev::customer::lighthouse-pec:index:CustomerDelegation::malformed",
            properties: {
                offerName: "Contoso Managed Services",
                managedByTenantId: TENANT,
                subscriptionId: "11111111-1111-4111-8111-111111111111",
                resourceGroups: "rg-prod",
                authorizations: [{ principalId: ADMINS, role: "Reader" }],
                eligibleAuthorizations: [
                    {
                        principalId: ENGINEER,
                        role: "Contributor",
                        justInTimeAccessPolicy: { managedByTenantApprovers: "approvers" },
                    },
                ],
                automationAccount: { principalId: PAL, role: 42 },
            },
        });
        assert.deepEqual(
            diagnostics.map((d) => [d.policyName, d.message.split(":")[0].trim().split("\n").pop()]).sort(),
            [
                ["lighthouse-definition-rules", "automationAccount.role"],
                [
                    "lighthouse-definition-rules",
                    "eligibleAuthorizations[0].justInTimeAccessPolicy.managedByTenantApprovers",
                ],
                ["lighthouse-definition-rules", "resourceGroups"],
            ],
            "no crash (groups.forEach, role.trim): the shape is checked first, one violation per malformed input",
        );
        assert.ok(
            diagnostics.some((d) => /"rg-prod": must be a list of resource group names.*Fix:/s.test(d.message)),
            diagnostics.map((d) => d.message).join("\n"),
        );
        const after = await pack.analyze(native());
        assert.deepEqual(after, [], "the pack still answers the next resource");
    });

    it("skips values not known yet in preview instead of failing or guessing", async () => {
        const diagnostics = await pack.analyze(
            native({
                authorizations: [
                    { principalId: UNKNOWN_SENTINEL, roleDefinitionId: ROLE.contributor },
                    { principalId: ADMINS, roleDefinitionId: ROLE.owner },
                ],
                eligibleAuthorizations: [],
            }),
        );
        assert.deepEqual(
            diagnostics.map((d) => d.policyName),
            ["lighthouse-no-owner"],
            "the Owner is still reported; the PEC check waits for the principal",
        );
        const wholeListUnknown = await pack.analyze({
            type: NATIVE,
            name: "later",
            properties: {
                scope: SUBSCRIPTION,
                properties: { managedByTenantId: TENANT, authorizations: UNKNOWN_SENTINEL },
            },
        });
        assert.deepEqual(wholeListUnknown, []);
    });

    it("rejects an assignment whose registrationDefinitionId is not a definition's resource ID", async () => {
        const assignment = (id: string): AnalyzedResource => ({
            type: "azure-native:managedservices:RegistrationAssignment",
            name: "assignment",
            properties: { scope: SUBSCRIPTION, properties: { registrationDefinitionId: id } },
        });
        const bad = await pack.analyze(assignment("a284898a-fc04-581d-aca0-047861d06160"));
        assert.match(only(bad, "lighthouse-definition-rules")[0].message, /properties\.registrationDefinitionId/);
        const good = await pack.analyze(
            assignment(
                `${SUBSCRIPTION}/providers/Microsoft.ManagedServices/registrationDefinitions/a284898a-fc04-581d-aca0-047861d06160`,
            ),
        );
        assert.deepEqual(good, []);
        assert.deepEqual(await pack.analyze(assignment(UNKNOWN_SENTINEL)), []);
    });
});
