/**
 * Plain facts and results of `lighthouse-pec doctor` (no network, no Pulumi). The JSON output is
 * {@link DoctorReport} as is: its field names are a stable contract (README "Why no PEC?").
 */

/** A subscription as `GET /subscriptions` (api-version 2022-12-01) describes it. */
export interface SubscriptionInfo {
    /** The Azure subscription ID (lower case). */
    subscriptionId: string;
    /** Display name, when Azure returns one. */
    displayName: string | null;
    /** The subscription's home tenant (the customer's tenant for a delegated subscription). */
    tenantId: string | null;
    /** `Enabled`, `Warned`, `PastDue`, `Disabled` or `Deleted`. */
    state: string | null;
    /** Tenants that manage it through Azure Lighthouse (`managedByTenants[].tenantId`, lower case). */
    managedByTenantIds: string[];
}

/** One permanent authorization of a registration definition. */
export interface LighthouseAuthorization {
    /** Principal in the managing tenant: a user, a security group or a service principal. */
    principalId: string;
    /** Its display name, when the definition has one. */
    principalIdDisplayName: string | null;
    /** Role definition GUID (or full ID). */
    roleDefinitionId: string;
}

/** A registration assignment with its (expanded) registration definition. */
export interface RegistrationAssignmentInfo {
    /** The assignment's resource ID. */
    id: string;
    /** The scope it delegates: `/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{rg}`. */
    scope: string;
    /** Full resource ID of the registration definition. */
    registrationDefinitionId: string;
    /** The offer name (`registrationDefinitionName`), when known. */
    registrationDefinitionName: string | null;
    /** The managing tenant, lower case (null when the definition was not expanded). */
    managedByTenantId: string | null;
    /** Provisioning state of the assignment, when known. */
    provisioningState: string | null;
    /** Permanent authorizations. */
    authorizations: LighthouseAuthorization[];
    /** Just-in-time (eligible) authorizations; they never earn PEC. */
    eligibleAuthorizations: LighthouseAuthorization[];
}

/** A regular Azure RBAC role assignment (`Microsoft.Authorization/roleAssignments`). */
export interface RoleAssignmentInfo {
    /** The assignment's resource ID. */
    id: string;
    /** Role definition ID (full resource ID or GUID). */
    roleDefinitionId: string;
    /** The assignee (the identity itself or a group it belongs to). */
    principalId: string;
    /** The scope: `/`, a management group, the subscription, a resource group or a resource. */
    scope: string;
    /**
     * `User`, `Group`, `ServicePrincipal`, or `ForeignGroup` for a group of another tenant: the CSP partner's
     * AdminAgents or HelpdeskAgents group that holds admin-on-behalf-of (AOBO) access. Absent when Azure does not say.
     */
    principalType?: string | null;
}

/** Either what was read, or why it could not be read. */
export type Readable<T> = { ok: true; value: T } | { ok: false; error: string };

/** Everything read about one subscription. */
export interface SubscriptionFacts {
    /** The subscription. */
    subscription: SubscriptionInfo;
    /** Its registration assignments (all managing tenants). */
    registrationAssignments: Readable<RegistrationAssignmentInfo[]>;
    /** The identity's RBAC role assignments there (`$filter=assignedTo('{objectId}')`). */
    roleAssignments: Readable<RoleAssignmentInfo[]>;
}

/** The signed-in identity. */
export interface IdentityInfo {
    /** Its home (managing) tenant, lower case. */
    tenantId: string;
    /** Its object ID, lower case. */
    objectId: string;
    /** Application (client) ID for a service principal, else null. */
    clientId: string | null;
}

/** The identity's Partner Admin Link, as `GET /providers/Microsoft.ManagementPartner/partners` returns it. */
export interface LinkInfo {
    /** The linked partner ID (the partner's Associated Partner ID). */
    partnerId: string;
    /** Partner name, when Azure returns it. */
    partnerName: string | null;
    /** `Active` or `Deleted`. */
    state: string;
}

/** The input of {@link import("./verdict").diagnose}. */
export interface DoctorFacts {
    /** Who ran the check. */
    identity: IdentityInfo;
    /** Groups (object IDs) the identity is a member of, as given with `--member-of`. */
    memberOf: string[];
    /** The identity's link, or null when it has none. */
    link: LinkInfo | null;
    /** The partner ID the link should point to (`--partner-id`), if given. */
    expectedPartnerId: string | null;
    /** Every subscription the identity sees. */
    subscriptions: SubscriptionFacts[];
    /** Subscriptions that should earn PEC (`--expect`, lower case), or null when not given. */
    expected: string[] | null;
    /**
     * The partner's managing tenant, lower case, when the identity signed in to another tenant (a CSP
     * customer's, to see subscriptions reached through admin-on-behalf-of). Default: the identity's tenant.
     */
    managingTenantId?: string | null;
}

/**
 * Where an access grant comes from. `aobo`: a role assignment to a foreign group (principalType
 * `ForeignGroup`), the CSP partner's AdminAgents or HelpdeskAgents group through admin-on-behalf-of, which
 * earns PEC without a Partner Admin Link; the other sources need the identity to be linked.
 */
export type AccessSource = "lighthouse" | "lighthouse-eligible" | "rbac" | "aobo";

/** One way the identity has a role on (part of) a subscription. */
export interface AccessGrant {
    /** `lighthouse` (permanent authorization), `lighthouse-eligible` (JIT), `rbac` (role assignment) or `aobo` (CSP admin-on-behalf-of). */
    source: AccessSource;
    /** Role definition GUID (lower case). */
    roleDefinitionId: string;
    /** Built-in role name, or null for a role the catalogue does not know (e.g. a custom role). */
    roleName: string | null;
    /** Partner Center's verdict: true / false, null when it does not list the role. */
    pecEligible: boolean | null;
    /** False for JIT (eligible) authorizations, which never earn PEC. */
    permanent: boolean;
    /** The principal the grant names: the identity or one of its groups. */
    principalId: string;
    /** Scope the grant covers. */
    scope: string;
    /** True when the scope is the whole subscription (or above it). */
    wholeSubscription: boolean;
    /** The registration assignment behind a Lighthouse grant, else null. */
    registrationAssignmentId: string | null;
}

/**
 * The verdict for one subscription:
 * `ok` — a permanent PEC-eligible role on the whole subscription (Lighthouse or the identity's own RBAC; earns PEC once the identity is linked);
 * `aobo-and-lighthouse` — PEC-eligible both through CSP admin-on-behalf-of and through Lighthouse (AOBO can go once the identity is linked);
 * `aobo-only` — PEC-eligible only through CSP admin-on-behalf-of (AdminAgents or HelpdeskAgents foreign group; no link needed): no Lighthouse path yet;
 * `partial-scope` — a permanent PEC-eligible role only on resource groups / resources;
 * `not-pec-eligible-role` — permanent roles, none PEC-eligible;
 * `eligibility-unknown` — the best permanent role is one Partner Center does not list;
 * `jit-only` — only just-in-time (eligible) authorizations;
 * `no-access` — delegated to the identity's tenant but no authorization names the identity (or a given group);
 * `not-delegated` — not delegated to the identity's tenant through Lighthouse, and no PEC-eligible role on the whole subscription;
 * `unreadable` — the delegations or role assignments could not be read.
 */
export type Verdict =
    | "ok"
    | "aobo-and-lighthouse"
    | "aobo-only"
    | "partial-scope"
    | "not-pec-eligible-role"
    | "eligibility-unknown"
    | "jit-only"
    | "no-access"
    | "not-delegated"
    | "unreadable";

/** A registration assignment, as reported. */
export interface ReportedAssignment {
    /** Assignment resource ID. */
    id: string;
    /** Delegated scope. */
    scope: string;
    /** Registration definition resource ID. */
    registrationDefinitionId: string;
    /** Offer name, if known. */
    registrationDefinitionName: string | null;
    /** Managing tenant, if known. */
    managedByTenantId: string | null;
}

/** One row of the report. */
export interface SubscriptionDiagnosis {
    /** Azure subscription ID (lower case). */
    subscriptionId: string;
    /** Display name, if known (null for an expected subscription that is not visible). */
    displayName: string | null;
    /** The subscription's home tenant, if known. */
    tenantId: string | null;
    /** Subscription state, if known. */
    state: string | null;
    /** Whether it is listed in `--expect` (false when no list was given). */
    expected: boolean;
    /** Whether the identity sees it at all. */
    visible: boolean;
    /** Whether it is delegated to the identity's tenant through Lighthouse. */
    delegated: boolean;
    /** The identity tenant's registration assignments on it. */
    registrationAssignments: ReportedAssignment[];
    /** Every grant found for the identity. */
    access: AccessGrant[];
    /** The verdict (`expected-not-visible` only for expected subscriptions the identity cannot see). */
    verdict: Verdict | "expected-not-visible";
    /** True when this row loses (or may lose) PEC: any verdict but `ok` on a delegated or expected subscription. */
    problem: boolean;
    /** What was found, in one sentence. */
    detail: string;
    /** What to do about it (empty when nothing). */
    fix: string;
}

/** Kinds of problems. */
export type ProblemKind =
    Exclude<SubscriptionDiagnosis["verdict"], "ok"> | "pal-missing" | "pal-wrong-partner" | "pal-inactive";

/** One problem. */
export interface DoctorProblem {
    /** The subscription concerned, or null for the Partner Admin Link. */
    subscriptionId: string | null;
    /** What kind of problem. */
    kind: ProblemKind;
    /** What was found. */
    detail: string;
    /** What to do. */
    fix: string;
}

/** The whole result (the `--format json` output). */
export interface DoctorReport {
    /** Who ran the check. */
    identity: IdentityInfo;
    /** The identity's Partner Admin Link. */
    partnerAdminLink: {
        linked: boolean;
        partnerId: string | null;
        partnerName: string | null;
        state: string | null;
        expectedPartnerId: string | null;
    };
    /** One row per visible subscription, then one per expected subscription that is not visible. */
    subscriptions: SubscriptionDiagnosis[];
    /**
     * Every problem, Partner Admin Link first. A missing, inactive or wrong link is a problem only when a
     * subscription's PEC rests (or, once fixed, will rest) on the identity's Lighthouse or RBAC access:
     * subscriptions reached through CSP admin-on-behalf-of earn PEC without a link.
     */
    problems: DoctorProblem[];
    /** Counts: `ok` counts every subscription that earns PEC (`ok`, `aobo-and-lighthouse`, `aobo-only`). */
    summary: { subscriptions: number; ok: number; problems: number };
    /**
     * The tenant activity log, read (last 90 days) when a subscription has a problem, so that its detail can say
     * when its delegation changed ("the customer removed the delegation on …", as `watch` reports it); null when it
     * was not needed or `--no-activity-log` was given.
     */
    activityLog: DoctorActivityLog | null;
}

/** What `doctor` read of the tenant activity log. */
export interface DoctorActivityLog {
    /** Whether it could be read (it needs Monitoring Reader at root scope, which the partner-linked identity rarely has). */
    read: boolean;
    /** Start of the window (ISO 8601 UTC). */
    since: string;
    /** End of the window: when it was read. */
    until: string;
    /** Delegation events in the window (0 when not read). */
    events: number;
    /** Why it could not be read (e.g. `HTTP 403 AuthorizationFailed`), else null. */
    error: string | null;
}
