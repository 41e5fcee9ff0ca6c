import { randomUUID } from "node:crypto";
import type { Caller, FakeAzure, RouteContext, RouteResult } from "./server";

/**
 * Subscriptions, Lighthouse registration assignments/definitions and RBAC role assignments for the
 * fake Azure (used by `doctor` tests). Shapes follow the REST specs: Subscriptions 2022-12-01,
 * Microsoft.ManagedServices 2022-10-01 (`$expandRegistrationDefinition`), Microsoft.Authorization
 * roleAssignments 2022-04-01 (`$filter=assignedTo('{objectId}')`). Lists are paged with `nextLink`.
 *
 * Visibility follows Azure: a caller sees a subscription when an authorization (permanent or
 * eligible) of a registration assignment managed by its tenant names it or one of its groups, or
 * when it has a role assignment there. Lighthouse authorizations do not show up as role assignments.
 */

/** API versions the routes require (else 400). */
export const LIGHTHOUSE_API_VERSIONS = {
    subscriptions: "2022-12-01",
    managedServices: "2022-10-01",
    authorization: "2022-04-01",
} as const;

/** A subscription of the fake. */
export interface FakeSubscription {
    /** Subscription ID. */
    subscriptionId: string;
    /** Display name. */
    displayName: string;
    /** Home tenant. */
    tenantId: string;
    /** State (default `Enabled`). */
    state?: string;
}

/** An authorization of a registration definition. */
export interface FakeAuthorization {
    /** Principal (user, group or service principal) in the managing tenant. */
    principalId: string;
    /** Role definition GUID. */
    roleDefinitionId: string;
    /** Display name. */
    principalIdDisplayName?: string;
}

/** A registration definition + its assignment on a subscription (or a resource group of it). */
export interface FakeDelegation {
    /** Subscription delegated. */
    subscriptionId: string;
    /** Resource group, for a resource-group delegation. */
    resourceGroup?: string;
    /** Offer name (`registrationDefinitionName`). */
    offerName: string;
    /** Managing tenant. */
    managedByTenantId: string;
    /** Permanent authorizations. */
    authorizations: FakeAuthorization[];
    /** Just-in-time authorizations. */
    eligibleAuthorizations?: FakeAuthorization[];
    /** Definition and assignment name (default a fresh GUID). */
    name?: string;
}

/** An RBAC role assignment. */
export interface FakeRoleAssignment {
    /** Subscription it lives in. */
    subscriptionId: string;
    /** Assignee (a principal or a group). */
    principalId: string;
    /** Role definition GUID. */
    roleDefinitionId: string;
    /** Scope (default the subscription). */
    scope?: string;
    /** `principalType` in the response (default `ServicePrincipal`); `ForeignGroup` for CSP admin-on-behalf-of. */
    principalType?: string;
}

/** The fake's Lighthouse / subscription / RBAC state. */
export class LighthouseState {
    /** Subscriptions. */
    readonly subscriptions: FakeSubscription[] = [];
    /** Delegations. */
    readonly delegations: Array<FakeDelegation & { name: string }> = [];
    /** Role assignments. */
    readonly roleAssignments: FakeRoleAssignment[] = [];
    /** Group object ID → member object IDs. */
    readonly groups = new Map<string, string[]>();
    /** Items per page of every list (default 2, so paging is always exercised). */
    pageSize = 2;

    /** Adds a subscription. */
    addSubscription(s: FakeSubscription): FakeSubscription {
        this.subscriptions.push(s);
        return s;
    }

    /** Adds a delegation (registration definition + assignment). */
    delegate(d: FakeDelegation): FakeDelegation & { name: string } {
        const full = { ...d, name: d.name ?? randomUUID() };
        this.delegations.push(full);
        return full;
    }

    /** Removes a delegation out of band (as a customer does in the Azure portal); true when there was one. */
    undelegate(name: string): boolean {
        const i = this.delegations.findIndex((d) => d.name === name);
        if (i >= 0) this.delegations.splice(i, 1);
        return i >= 0;
    }

    /** Adds a role assignment. */
    assignRole(r: FakeRoleAssignment): void {
        this.roleAssignments.push(r);
    }

    /** The caller and the groups it belongs to. */
    principalsOf(caller: Caller): Set<string> {
        const ids = new Set([caller.objectId.toLowerCase()]);
        for (const [group, members] of this.groups)
            if (members.some((m) => m.toLowerCase() === caller.objectId.toLowerCase())) ids.add(group.toLowerCase());
        return ids;
    }

    /** Whether the caller sees the subscription. */
    visible(caller: Caller, subscriptionId: string): boolean {
        const mine = this.principalsOf(caller);
        const id = subscriptionId.toLowerCase();
        return (
            this.delegations.some(
                (d) =>
                    d.subscriptionId.toLowerCase() === id &&
                    same(d.managedByTenantId, caller.tenantId) &&
                    [...d.authorizations, ...(d.eligibleAuthorizations ?? [])].some((a) =>
                        mine.has(a.principalId.toLowerCase()),
                    ),
            ) ||
            this.roleAssignments.some(
                (r) => r.subscriptionId.toLowerCase() === id && mine.has(r.principalId.toLowerCase()),
            )
        );
    }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Registers the routes on the fake and returns their state. */
export function addLighthouseRoutes(fake: FakeAzure): LighthouseState {
    const state = new LighthouseState();
    const guard = (ctx: RouteContext, apiVersion: string): RouteResult | Caller => {
        if (!ctx.caller)
            return {
                status: 401,
                body: fake.armError("InvalidAuthenticationToken", "The access token is missing or invalid."),
            };
        if (ctx.query.get("api-version") !== apiVersion) {
            return {
                status: 400,
                body: fake.armError(
                    "InvalidApiVersionParameter",
                    `The api-version '${ctx.query.get("api-version")}' is invalid for this test route; expected '${apiVersion}'.`,
                ),
            };
        }
        return ctx.caller;
    };
    const page = (ctx: RouteContext, all: unknown[]): RouteResult => {
        const skip = Number(ctx.query.get("$skiptoken") ?? "0");
        const next = skip + state.pageSize;
        const query = new URLSearchParams(ctx.query);
        query.set("$skiptoken", String(next));
        return {
            status: 200,
            body: {
                value: all.slice(skip, next),
                ...(next < all.length ? { nextLink: `${fake.url}${ctx.path}?${query.toString()}` } : {}),
            },
        };
    };
    /** A registration assignment as ARM returns it, its definition expanded when asked. */
    const assignmentBody = (d: FakeDelegation & { name: string }, expand: boolean): unknown => {
        const scope = `/subscriptions/${d.subscriptionId}${d.resourceGroup ? `/resourceGroups/${d.resourceGroup}` : ""}`;
        const definitionId = `/subscriptions/${d.subscriptionId}/providers/Microsoft.ManagedServices/registrationDefinitions/${d.name}`;
        return {
            properties: {
                registrationDefinitionId: definitionId,
                provisioningState: "Succeeded",
                ...(expand
                    ? {
                          registrationDefinition: {
                              properties: {
                                  description: d.offerName,
                                  registrationDefinitionName: d.offerName,
                                  authorizations: d.authorizations,
                                  eligibleAuthorizations: (d.eligibleAuthorizations ?? []).map((a) => ({
                                      ...a,
                                      justInTimeAccessPolicy: {
                                          multiFactorAuthProvider: "Azure",
                                          maximumActivationDuration: "PT8H",
                                      },
                                  })),
                                  provisioningState: "Succeeded",
                                  manageeTenantId: state.subscriptions.find((s) =>
                                      same(s.subscriptionId, d.subscriptionId),
                                  )?.tenantId,
                                  managedByTenantId: d.managedByTenantId,
                                  managedByTenantName: "Contoso Partner",
                              },
                              id: definitionId,
                              type: "Microsoft.ManagedServices/registrationDefinitions",
                              name: d.name,
                          },
                      }
                    : {}),
            },
            id: `${scope}/providers/Microsoft.ManagedServices/registrationAssignments/${d.name}`,
            type: "Microsoft.ManagedServices/registrationAssignments",
            name: d.name,
        };
    };
    const forbidden = (caller: Caller, action: string, scope: string): RouteResult => ({
        status: 403,
        body: fake.armError(
            "AuthorizationFailed",
            `The client '${caller.objectId}' with object id '${caller.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid.`,
        ),
    });

    fake.route("GET", /^\/subscriptions$/i, (ctx) => {
        const g = guard(ctx, LIGHTHOUSE_API_VERSIONS.subscriptions);
        if ("status" in g) return g;
        const visible = state.subscriptions.filter((s) => state.visible(g, s.subscriptionId));
        const all = visible.map((s) => ({
            id: `/subscriptions/${s.subscriptionId}`,
            authorizationSource: "RoleBased",
            managedByTenants: [
                ...new Set(
                    state.delegations
                        .filter((d) => same(d.subscriptionId, s.subscriptionId))
                        .map((d) => d.managedByTenantId),
                ),
            ].map((tenantId) => ({ tenantId })),
            subscriptionId: s.subscriptionId,
            tenantId: s.tenantId,
            displayName: s.displayName,
            state: s.state ?? "Enabled",
            subscriptionPolicies: {
                locationPlacementId: "Public_2014-09-01",
                quotaId: "CSP_2015-05-01",
                spendingLimit: "Off",
            },
        }));
        const result = page(ctx, all);
        (result.body as Record<string, unknown>).count = { type: "Total", value: all.length };
        return result;
    });

    fake.route(
        "GET",
        /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.ManagedServices\/registrationAssignments$/i,
        (ctx) => {
            const g = guard(ctx, LIGHTHOUSE_API_VERSIONS.managedServices);
            if ("status" in g) return g;
            const sub = ctx.match[1];
            if (!state.visible(g, sub))
                return forbidden(g, "Microsoft.ManagedServices/registrationAssignments/read", `/subscriptions/${sub}`);
            const expand = ctx.query.get("$expandRegistrationDefinition") === "true";
            const all = state.delegations
                .filter((d) => same(d.subscriptionId, sub) && !d.resourceGroup)
                .map((d) => assignmentBody(d, expand));
            return page(ctx, all);
        },
    );

    fake.route(
        "GET",
        /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/providers\/Microsoft\.ManagedServices\/registrationAssignments\/([^/]+)$/i,
        (ctx) => {
            const g = guard(ctx, LIGHTHOUSE_API_VERSIONS.managedServices);
            if ("status" in g) return g;
            const [, sub, rg, name] = ctx.match;
            const scope = `/subscriptions/${sub}${rg ? `/resourceGroups/${rg}` : ""}`;
            if (!state.visible(g, sub))
                return forbidden(g, "Microsoft.ManagedServices/registrationAssignments/read", scope);
            const d = state.delegations.find(
                (x) =>
                    same(x.subscriptionId, sub) &&
                    same(x.resourceGroup ?? "", rg ?? "") &&
                    same(x.name, decodeURIComponent(name)),
            );
            if (!d)
                return {
                    status: 404,
                    body: fake.armError(
                        "RegistrationAssignmentNotFound",
                        `The registration assignment '${decodeURIComponent(name)}' was not found.`,
                    ),
                };
            return { status: 200, body: assignmentBody(d, ctx.query.get("$expandRegistrationDefinition") === "true") };
        },
    );

    fake.route("GET", /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Authorization\/roleAssignments$/i, (ctx) => {
        const g = guard(ctx, LIGHTHOUSE_API_VERSIONS.authorization);
        if ("status" in g) return g;
        const sub = ctx.match[1];
        if (!state.visible(g, sub))
            return forbidden(g, "Microsoft.Authorization/roleAssignments/read", `/subscriptions/${sub}`);
        const m = /^assignedTo\('([^']+)'\)$/.exec(ctx.query.get("$filter") ?? "");
        if (!m)
            return {
                status: 400,
                body: fake.armError("UnsupportedQuery", "The test route expects $filter=assignedTo('{objectId}')."),
            };
        const assignee = state.principalsOf({ ...g, objectId: m[1] });
        const all = state.roleAssignments
            .filter((r) => same(r.subscriptionId, sub) && assignee.has(r.principalId.toLowerCase()))
            .map((r) => {
                const scope = r.scope ?? `/subscriptions/${r.subscriptionId}`;
                const name = randomUUID();
                return {
                    properties: {
                        roleDefinitionId: `/subscriptions/${r.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${r.roleDefinitionId}`,
                        principalId: r.principalId,
                        principalType: r.principalType ?? "ServicePrincipal",
                        scope,
                        condition: null,
                        conditionVersion: null,
                        createdOn: "2025-01-01T00:00:00Z",
                        updatedOn: "2025-01-01T00:00:00Z",
                    },
                    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
                    type: "Microsoft.Authorization/roleAssignments",
                    name,
                };
            });
        return page(ctx, all);
    });
    return state;
}
