import * as assert from "node:assert/strict";
import type { DoctorFacts, RegistrationAssignmentInfo, SubscriptionFacts } from "../../doctor/model";
import { coversSubscription, diagnose } from "../../doctor/verdict";
import { parseLink, parseRegistrationAssignment, parseRoleAssignment, parseSubscription } from "../../doctor/parse";
import { tokenClaims } from "../../azure/tokenClaims";
import { renderDoctorJson, renderDoctorTable } from "../../doctor/format";

const TENANT = "11111111-1111-1111-1111-111111111111";
const CUSTOMER = "22222222-2222-2222-2222-222222222222";
const ME = "33333333-3333-3333-3333-333333333333";
const GROUP = "44444444-4444-4444-4444-444444444444";
const OTHER = "55555555-5555-5555-5555-555555555555";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const UNLISTED = "76cc9ee4-d5d3-4a45-a930-26add3d73475";

const sub = (n: number) => `00000000-0000-0000-0000-00000000000${n}`;

function assignment(subId: string, o: Partial<RegistrationAssignmentInfo> = {}): RegistrationAssignmentInfo {
    const scope = o.scope ?? `/subscriptions/${subId}`;
    return {
        id: `${scope}/providers/Microsoft.ManagedServices/registrationAssignments/a-${subId}`,
        scope,
        registrationDefinitionId: `/subscriptions/${subId}/providers/Microsoft.ManagedServices/registrationDefinitions/d-${subId}`,
        registrationDefinitionName: "Contoso managed services",
        managedByTenantId: TENANT,
        provisioningState: "Succeeded",
        authorizations: [],
        eligibleAuthorizations: [],
        ...o,
    };
}

function facts(
    n: number,
    o: {
        assignments?: RegistrationAssignmentInfo[] | string;
        roles?: SubscriptionFacts["roleAssignments"];
        home?: string;
        managedBy?: string[];
        state?: string;
    } = {},
): SubscriptionFacts {
    return {
        subscription: {
            subscriptionId: sub(n),
            displayName: `Customer ${n}`,
            tenantId: o.home ?? CUSTOMER,
            state: o.state ?? "Enabled",
            managedByTenantIds: o.managedBy ?? [TENANT],
        },
        registrationAssignments:
            typeof o.assignments === "string"
                ? { ok: false, error: o.assignments }
                : { ok: true, value: o.assignments ?? [] },
        roleAssignments: o.roles ?? { ok: true, value: [] },
    };
}

const auth = (principalId: string, roleDefinitionId: string) => ({
    principalId,
    principalIdDisplayName: null,
    roleDefinitionId,
});

function run(subs: SubscriptionFacts[], o: Partial<DoctorFacts> = {}) {
    return diagnose({
        identity: { tenantId: TENANT, objectId: ME, clientId: null },
        memberOf: [],
        link: { partnerId: "1234567", partnerName: null, state: "Active" },
        expectedPartnerId: null,
        subscriptions: subs,
        expected: null,
        ...o,
    });
}

const row = (r: ReturnType<typeof run>, n: number) => r.subscriptions.find((s) => s.subscriptionId === sub(n))!;

describe("doctor verdicts (pure)", () => {
    it("ok: a permanent Contributor authorization for the identity, with the assignment behind it", () => {
        const r = run([
            facts(1, {
                assignments: [assignment(sub(1), { authorizations: [auth(ME, CONTRIBUTOR), auth(OTHER, READER)] })],
            }),
        ]);
        const s = row(r, 1);
        assert.equal(s.verdict, "ok");
        assert.equal(s.problem, false);
        assert.equal(s.delegated, true);
        assert.deepEqual(
            s.access.map((g) => [g.source, g.roleName, g.pecEligible, g.permanent, g.registrationAssignmentId]),
            [["lighthouse", "Contributor", true, true, assignment(sub(1)).id]],
        );
        assert.equal(s.registrationAssignments[0].registrationDefinitionName, "Contoso managed services");
        assert.deepEqual(r.problems, []);
        assert.deepEqual(r.summary, { subscriptions: 1, ok: 1, problems: 0 });
    });

    it("not-pec-eligible-role: only Reader", () => {
        const s = row(
            run([facts(1, { assignments: [assignment(sub(1), { authorizations: [auth(ME, READER)] })] })]),
            1,
        );
        assert.equal(s.verdict, "not-pec-eligible-role");
        assert.equal(s.problem, true);
        assert.match(s.detail, /Reader \(Lighthouse\)/);
        assert.match(s.fix, /Contributor.*"Contoso managed services"/);
    });

    it("jit-only: an eligible Owner authorization never earns PEC, permanent Reader does not either", () => {
        const jit = row(
            run([facts(1, { assignments: [assignment(sub(1), { eligibleAuthorizations: [auth(ME, OWNER)] })] })]),
            1,
        );
        assert.equal(jit.verdict, "jit-only");
        assert.equal(jit.access[0].permanent, false);
        assert.match(jit.detail, /JIT access never earns PEC/);
        const both = row(
            run([
                facts(1, {
                    assignments: [
                        assignment(sub(1), {
                            authorizations: [auth(ME, READER)],
                            eligibleAuthorizations: [auth(ME, OWNER)],
                        }),
                    ],
                }),
            ]),
            1,
        );
        assert.equal(both.verdict, "not-pec-eligible-role");
    });

    it("no-access: delegated to the tenant but the authorizations name others; --member-of turns a group into access", () => {
        const f = [
            facts(1, {
                assignments: [
                    assignment(sub(1), {
                        authorizations: [
                            { principalId: GROUP, principalIdDisplayName: "Ops", roleDefinitionId: CONTRIBUTOR },
                        ],
                    }),
                ],
            }),
        ];
        const s = row(run(f), 1);
        assert.equal(s.verdict, "no-access");
        assert.match(s.detail, /Ops \(Contributor\)/);
        assert.match(s.fix, /--member-of/);
        assert.equal(row(run(f, { memberOf: [GROUP.toUpperCase()] }), 1).verdict, "ok");
    });

    it("not-delegated: informational unless expected; own-tenant subscriptions say so", () => {
        const f = [facts(1, { home: TENANT, managedBy: [] })];
        const plain = row(run(f), 1);
        assert.equal(plain.verdict, "not-delegated");
        assert.equal(plain.problem, false);
        assert.match(plain.detail, /own tenant/);
        const exp = row(run(f, { expected: [sub(1)] }), 1);
        assert.equal(exp.problem, true);
        assert.match(exp.fix, /Onboard it/);
    });

    it("a delegation of another managing tenant does not count", () => {
        const s = row(
            run([
                facts(1, {
                    managedBy: [OTHER],
                    assignments: [
                        assignment(sub(1), { managedByTenantId: OTHER, authorizations: [auth(ME, CONTRIBUTOR)] }),
                    ],
                }),
            ]),
            1,
        );
        assert.equal(s.verdict, "not-delegated");
        assert.deepEqual(s.access, []);
    });

    it("an RBAC role assignment at subscription or management-group scope counts; a resource group only partly", () => {
        const rbac = (scope: string, role = CONTRIBUTOR) => ({
            ok: true as const,
            value: [
                {
                    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/x`,
                    roleDefinitionId: `/subscriptions/${sub(1)}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
                    principalId: ME,
                    scope,
                },
            ],
        });
        const ok = row(
            run([facts(1, { managedBy: [], roles: rbac("/providers/Microsoft.Management/managementGroups/mg1") })]),
            1,
        );
        assert.equal(ok.verdict, "ok");
        assert.equal(ok.delegated, false);
        assert.equal(ok.access[0].source, "rbac");
        const part = row(run([facts(1, { roles: rbac(`/subscriptions/${sub(1)}/resourceGroups/rg1`) })]), 1);
        assert.equal(part.verdict, "partial-scope");
        assert.match(part.detail, /on \/subscriptions\/.*\/resourceGroups\/rg1/);
        const own = row(
            run([facts(1, { home: TENANT, managedBy: [], roles: rbac(`/subscriptions/${sub(1)}`, READER) })]),
            1,
        );
        assert.deepEqual([own.verdict, own.problem], ["not-delegated", false]);
        assert.match(own.detail, /access: Reader \(RBAC role assignment\)/);
    });

    it("partial-scope: a resource-group delegation", () => {
        const a = assignment(sub(1), {
            scope: `/subscriptions/${sub(1)}/resourceGroups/app`,
            authorizations: [auth(ME, CONTRIBUTOR)],
        });
        const s = row(run([facts(1, { assignments: [a] })]), 1);
        assert.equal(s.verdict, "partial-scope");
        assert.equal(s.access[0].wholeSubscription, false);
    });

    it("eligibility-unknown: a role Partner Center does not list", () => {
        const s = row(
            run([facts(1, { assignments: [assignment(sub(1), { authorizations: [auth(ME, UNLISTED)] })] })]),
            1,
        );
        assert.equal(s.verdict, "eligibility-unknown");
        assert.equal(s.access[0].pecEligible, null);
    });

    it("unreadable: a read failure is reported, not guessed, unless PEC-eligible access is proven anyway", () => {
        const s = row(run([facts(1, { assignments: "registration assignments (403 AuthorizationFailed)" })]), 1);
        assert.equal(s.verdict, "unreadable");
        assert.match(s.detail, /403 AuthorizationFailed/);
        const rbacOk = {
            ok: true as const,
            value: [{ id: "x", roleDefinitionId: CONTRIBUTOR, principalId: ME, scope: `/subscriptions/${sub(1)}` }],
        };
        assert.equal(
            row(run([facts(1, { assignments: "registration assignments (403)", roles: rbacOk })]), 1).verdict,
            "ok",
        );
    });

    it("deleted or failed registration assignments are ignored", () => {
        const s = row(
            run([
                facts(1, {
                    assignments: [
                        assignment(sub(1), { provisioningState: "Deleted", authorizations: [auth(ME, CONTRIBUTOR)] }),
                    ],
                }),
            ]),
            1,
        );
        assert.notEqual(s.verdict, "ok");
    });

    it("--expect: expected subscriptions not visible are problems; rows are problems first", () => {
        const r = run(
            [
                facts(1, { assignments: [assignment(sub(1), { authorizations: [auth(ME, CONTRIBUTOR)] })] }),
                facts(2, { assignments: [assignment(sub(2), { authorizations: [auth(ME, READER)] })] }),
            ],
            { expected: [sub(1), sub(9)] },
        );
        assert.deepEqual(
            r.subscriptions.map((s) => [s.subscriptionId, s.verdict, s.expected, s.visible]),
            [
                [sub(2), "not-pec-eligible-role", false, true],
                [sub(1), "ok", true, true],
                [sub(9), "expected-not-visible", true, false],
            ],
        );
        assert.deepEqual(
            r.problems.map((p) => [p.subscriptionId, p.kind]),
            [
                [sub(2), "not-pec-eligible-role"],
                [sub(9), "expected-not-visible"],
            ],
        );
        assert.deepEqual(r.summary, { subscriptions: 3, ok: 1, problems: 2 });
    });

    it("Partner Admin Link: missing, inactive, wrong partner", () => {
        assert.deepEqual(
            run([], { link: null }).problems.map((p) => p.kind),
            ["pal-missing"],
        );
        assert.match(run([], { link: null }).problems[0].fix, /az managementpartner create/);
        assert.deepEqual(
            run([], { link: { partnerId: "1", partnerName: null, state: "Deleted" } }).problems.map((p) => p.kind),
            ["pal-inactive"],
        );
        const wrong = run([], { expectedPartnerId: "7654321" });
        assert.deepEqual(
            wrong.problems.map((p) => [p.subscriptionId, p.kind]),
            [[null, "pal-wrong-partner"]],
        );
        assert.match(wrong.problems[0].fix, /relink/);
        assert.deepEqual(run([], { expectedPartnerId: "1234567" }).problems, []);
    });

    it("coversSubscription", () => {
        assert.equal(coversSubscription("/", sub(1)), true);
        assert.equal(coversSubscription(`/subscriptions/${sub(1).toUpperCase()}/`, sub(1)), true);
        assert.equal(coversSubscription(`/subscriptions/${sub(2)}`, sub(1)), false);
        assert.equal(coversSubscription(`/subscriptions/${sub(1)}/resourceGroups/x`, sub(1)), false);
    });
});

describe("doctor ARM parsers (pure)", () => {
    it("parses the documented registration assignment shape (2022-10-01, expanded definition)", () => {
        const a = parseRegistrationAssignment({
            id: `/subscriptions/${sub(1)}/providers/Microsoft.ManagedServices/registrationAssignments/r1`,
            properties: {
                registrationDefinitionId: `/subscriptions/${sub(1)}/providers/Microsoft.ManagedServices/registrationDefinitions/d1`,
                provisioningState: "Succeeded",
                registrationDefinition: {
                    properties: {
                        registrationDefinitionName: "Offer",
                        managedByTenantId: TENANT.toUpperCase(),
                        authorizations: [
                            {
                                principalId: ME.toUpperCase(),
                                principalIdDisplayName: "PAA",
                                roleDefinitionId: CONTRIBUTOR,
                            },
                            { principalId: "x" },
                        ],
                        eligibleAuthorizations: [
                            {
                                principalId: GROUP,
                                roleDefinitionId: OWNER,
                                justInTimeAccessPolicy: {
                                    multiFactorAuthProvider: "Azure",
                                    maximumActivationDuration: "PT8H",
                                },
                            },
                        ],
                    },
                },
            },
        })!;
        assert.equal(a.scope, `/subscriptions/${sub(1)}`);
        assert.equal(a.managedByTenantId, TENANT);
        assert.deepEqual(a.authorizations, [
            { principalId: ME, principalIdDisplayName: "PAA", roleDefinitionId: CONTRIBUTOR },
        ]);
        assert.equal(a.eligibleAuthorizations[0].roleDefinitionId, OWNER);
        assert.equal(parseRegistrationAssignment({}), undefined);
    });

    it("parses subscriptions, role assignments, links and token claims", () => {
        assert.deepEqual(
            parseSubscription({
                id: `/subscriptions/${sub(1)}`,
                subscriptionId: sub(1),
                displayName: "A",
                tenantId: CUSTOMER,
                state: "Enabled",
                managedByTenants: [{ tenantId: TENANT.toUpperCase() }],
            }),
            {
                subscriptionId: sub(1),
                displayName: "A",
                tenantId: CUSTOMER,
                state: "Enabled",
                managedByTenantIds: [TENANT],
            },
        );
        assert.equal(parseSubscription({ id: `/subscriptions/${sub(2)}` })?.subscriptionId, sub(2));
        assert.deepEqual(
            parseRoleAssignment({
                id: "r",
                properties: { roleDefinitionId: "/x/roleDefinitions/y", principalId: ME, scope: "/" },
            }),
            { id: "r", roleDefinitionId: "/x/roleDefinitions/y", principalId: ME, scope: "/" },
        );
        assert.deepEqual(parseLink({ properties: { partnerId: "123", state: "Active" } }), {
            partnerId: "123",
            partnerName: null,
            state: "Active",
        });
        assert.equal(parseLink({}), undefined);
        const jwt = (c: object) => `x.${Buffer.from(JSON.stringify(c)).toString("base64url")}.y`;
        assert.deepEqual(tokenClaims(jwt({ tid: TENANT, oid: ME, appid: OTHER })), {
            tenantId: TENANT,
            objectId: ME,
            clientId: OTHER,
        });
        assert.equal(tokenClaims(jwt({ tid: TENANT, oid: ME, appid: OTHER, upn: "a@b" }))?.clientId, null);
        assert.equal(tokenClaims("not-a-jwt"), undefined);
    });
});

describe("doctor output (pure)", () => {
    const report = run(
        [
            facts(1, { assignments: [assignment(sub(1), { authorizations: [auth(ME, CONTRIBUTOR)] })] }),
            facts(2, { assignments: [assignment(sub(2), { eligibleAuthorizations: [auth(ME, CONTRIBUTOR)] })] }),
        ],
        { link: null },
    );

    it("JSON has exactly the documented keys", () => {
        const j = JSON.parse(renderDoctorJson(report)) as {
            partnerAdminLink: object;
            subscriptions: { access: object[] }[];
            problems: object[];
        };
        assert.deepEqual(Object.keys(j), [
            "identity",
            "partnerAdminLink",
            "subscriptions",
            "problems",
            "summary",
            "activityLog",
        ]);
        assert.deepEqual(Object.keys(j.partnerAdminLink), [
            "linked",
            "partnerId",
            "partnerName",
            "state",
            "expectedPartnerId",
        ]);
        assert.deepEqual(Object.keys(j.subscriptions[0]), [
            "subscriptionId",
            "displayName",
            "tenantId",
            "state",
            "expected",
            "visible",
            "delegated",
            "registrationAssignments",
            "access",
            "verdict",
            "problem",
            "detail",
            "fix",
        ]);
        assert.deepEqual(Object.keys(j.subscriptions[1].access[0]), [
            "source",
            "roleDefinitionId",
            "roleName",
            "pecEligible",
            "permanent",
            "principalId",
            "scope",
            "wholeSubscription",
            "registrationAssignmentId",
        ]);
        assert.deepEqual(Object.keys(j.problems[0]), ["subscriptionId", "kind", "detail", "fix"]);
    });

    it("the table shows one row per subscription, the verdicts and the fixes", () => {
        const t = renderDoctorTable(report);
        assert.match(t, /Partner Admin Link: NOT LINKED/);
        assert.match(
            t,
            new RegExp(`${sub(2)}\\s+Customer 2\\s+Contoso managed services\\s+Contributor \\[jit\\]\\s+jit-only`),
        );
        assert.match(
            t,
            new RegExp(`${sub(1)}\\s+Customer 1\\s+Contoso managed services\\s+Contributor \\[lighthouse\\]\\s+ok`),
        );
        assert.match(t, /Partner Admin Link: pal-missing: .*\n {4}Fix: Link it/);
        assert.match(t, /2 subscription\(s\): 1 ok, 2 problem\(s\)\./);
    });
});
