// The PEC guardrails a policy pack enforces on Lighthouse definitions, as pure functions over the one model.
// Role rules come from core/roles and most findings from validateDelegation; this file sorts them into
// policies and adds the checks that need the pack's configuration (which principals are partner-linked).
import { resolveRole, RoleInfo, WellKnownRoles } from "../roles";
import { accountAuthorizations } from "../validation/accountAuthorizations";
import { DelegationSpec } from "../validation/delegationSpec";
import { Finding } from "../validation/findings";
import { UNKNOWN_SENTINEL } from "../validation/formats";
import { validateDelegation } from "../validation/validateDelegation";
import { DefinitionModel } from "./resourceModel";

/** The names of the pack's policies (what users configure and disable). */
export type PolicyName =
    | "lighthouse-no-owner"
    | "lighthouse-unsupported-role"
    | "lighthouse-uaa-delegated-roles"
    | "lighthouse-definition-rules"
    | "pec-partner-linked-permanent"
    | "lighthouse-eligible-needs-permanent"
    | "pec-role-eligibility-unknown";

/** One policy of the pack. */
export interface PolicyInfo {
    /** The policy's name. */
    name: PolicyName;
    /** What it checks, one sentence (shown by the Pulumi CLI with each violation). */
    description: string;
    /** "mandatory" stops `pulumi preview`/`up`; "advisory" prints a warning. */
    enforcementLevel: "mandatory" | "advisory";
    /** Whether the policy reads the `pecPrincipalIds` configuration. */
    usesPecPrincipalIds: boolean;
}

/** Every policy of the pack, in the order they are reported. */
export const POLICIES: readonly PolicyInfo[] = [
    {
        name: "lighthouse-no-owner",
        description: "Azure Lighthouse does not support the Owner role in a delegation.",
        enforcementLevel: "mandatory",
        usesPecPrincipalIds: false,
    },
    {
        name: "lighthouse-unsupported-role",
        description:
            "Azure Lighthouse refuses roles with DataActions and roles with the unsupported Microsoft.Authorization actions.",
        enforcementLevel: "mandatory",
        usesPecPrincipalIds: false,
    },
    {
        name: "lighthouse-uaa-delegated-roles",
        description:
            "User Access Administrator is allowed in a Lighthouse delegation only with delegated roles (delegatedRoleDefinitionIds).",
        enforcementLevel: "mandatory",
        usesPecPrincipalIds: false,
    },
    {
        name: "lighthouse-definition-rules",
        description:
            "Other Lighthouse rules Azure enforces when the definition is deployed (GUIDs, just-in-time policies, duplicates, scope).",
        enforcementLevel: "mandatory",
        usesPecPrincipalIds: false,
    },
    {
        name: "pec-partner-linked-permanent",
        description:
            "A partner-linked principal (pecPrincipalIds) needs a permanent authorization with a PEC-eligible role; just-in-time access never earns partner earned credit.",
        enforcementLevel: "mandatory",
        usesPecPrincipalIds: true,
    },
    {
        name: "lighthouse-eligible-needs-permanent",
        description:
            "An eligible (just-in-time) principal also needs a permanent authorization with another role that includes Reader access (e.g. Reader) to activate from My customers.",
        enforcementLevel: "advisory",
        usesPecPrincipalIds: false,
    },
    {
        name: "pec-role-eligibility-unknown",
        description:
            "Partner Center does not list the role of a permanent authorization, so its PEC eligibility is unknown.",
        enforcementLevel: "advisory",
        usesPecPrincipalIds: false,
    },
];

/** One violation of one policy, about one place in a resource's inputs. */
export interface PolicyViolation {
    /** The policy violated. */
    policy: PolicyName;
    /** The resource's field, e.g. `properties.authorizations[1].roleDefinitionId`. */
    field: string;
    /** The authorization it is about, e.g. `authorization 1 (principal 1111…, role "Owner")`; empty when about the whole definition. */
    subject: string;
    /** What is wrong. */
    message: string;
    /** What to do instead. */
    fix: string;
}

/** The pack's configuration that the rules read. */
export interface PolicyOptions {
    /** Object IDs of the partner-linked principals (linked to the partner's Associated Partner ID with Partner Admin Link). */
    pecPrincipalIds?: string[];
}

/** Renders a violation as the one line the Pulumi CLI prints under the policy's description. */
export function formatViolation(v: PolicyViolation): string {
    return `${v.field}${v.subject ? ` (${v.subject})` : ""}: ${v.message}. Fix: ${v.fix}`;
}

interface Entry {
    /** Model path, e.g. `authorizations[1]`, `automationAccount` or `previewAccount`. */
    path: string;
    principalId?: string;
    role: string;
    permanent: boolean;
}

function known(value: string | undefined): value is string {
    return value !== undefined && value !== UNKNOWN_SENTINEL;
}

function entries(spec: DelegationSpec): Entry[] {
    return [
        ...spec.authorizations.map((a, i) => ({
            path: `authorizations[${i}]`,
            principalId: a.principalId,
            role: a.role,
            permanent: true,
        })),
        ...accountAuthorizations(spec).map((a) => ({
            path: a.field,
            principalId: a.principalId,
            role: a.role,
            permanent: true,
        })),
        ...(spec.eligibleAuthorizations ?? []).map((e, i) => ({
            path: `eligibleAuthorizations[${i}]`,
            principalId: e.principalId,
            role: e.role,
            permanent: false,
        })),
    ];
}

function roleName(role: string): string {
    return resolveRole(role)?.name ?? role;
}

/** Names an authorization by its principal and role, e.g. `principal 1111…, role "Owner"`. */
function describe(entry: Entry | undefined): string {
    if (!entry) {
        return "";
    }
    const principal = known(entry.principalId) ? entry.principalId : "(not known yet)";
    return `principal ${principal}, role "${roleName(entry.role)}"`;
}

const ENTRY_PATH = /^(authorizations\[\d+\]|eligibleAuthorizations\[\d+\]|automationAccount|previewAccount)/;

/** Which policy a finding of validateDelegation belongs to; undefined for findings the pack does not report. */
function policyOf(finding: Finding, entry: Entry | undefined): PolicyName | undefined {
    // A finding about a value not known yet (e.g. a duplicate of two unknown roles) is a guess: skip it.
    if (JSON.stringify(finding.value ?? null).includes(UNKNOWN_SENTINEL)) {
        return undefined;
    }
    const isRoleField = /(^|\.)role$|\.delegatedRoles\[\d+\]$/.test(finding.field);
    if (finding.severity === "warning") {
        // Only the eligible-without-permanent advice carries over; role warnings are recomputed for permanent roles below,
        // and the component-only advice (automation account, delete role) does not apply to other stacks' definitions.
        return /^eligibleAuthorizations\[\d+\]\.principalId$/.test(finding.field) && !isRoleField
            ? "lighthouse-eligible-needs-permanent"
            : undefined;
    }
    if (isRoleField && typeof finding.value === "string") {
        const info = resolveRole(finding.value);
        switch (info?.lighthouse.restriction) {
            case "owner":
                return "lighthouse-no-owner";
            case "data-actions":
            case "authorization-write":
                return "lighthouse-unsupported-role";
        }
        if (info && info.pecEligible === false && finding.field === "automationAccount.role") {
            return "pec-partner-linked-permanent";
        }
    }
    if (
        /\.delegatedRoles$/.test(finding.field) &&
        entry?.permanent &&
        resolveRole(entry.role)?.id === WellKnownRoles.userAccessAdministrator
    ) {
        return "lighthouse-uaa-delegated-roles";
    }
    return "lighthouse-definition-rules";
}

/** Fixes in the resource's own terms for the role policies (validateDelegation's name the component's fields). */
function resourceFix(
    policy: PolicyName,
    info: RoleInfo | undefined,
    model: DefinitionModel,
    entry: Entry | undefined,
): string | undefined {
    const contributor = `"${WellKnownRoles.contributor}" (Contributor)`;
    const delegated = model.resourceField(`${entry?.path ?? ""}.delegatedRoles`);
    switch (policy) {
        case "lighthouse-eligible-needs-permanent":
            return `add { principalId: "${entry?.principalId ?? ""}", roleDefinitionId: "${WellKnownRoles.reader}" (Reader) } to ${model.resourceField("authorizations")}`;
        case "lighthouse-no-owner":
            return `use ${contributor}, plus User Access Administrator with ${delegated} if the partner must assign roles to managed identities`;
        case "lighthouse-unsupported-role":
            return info?.lighthouse.restriction === "data-actions"
                ? `choose a built-in role without DataActions, e.g. ${contributor}; data-plane access stays with the customer`
                : `choose a built-in role without ${(info?.lighthouse.unsupportedActions ?? []).join(", ")}, e.g. ${contributor}; Lighthouse cannot delegate these, so the customer keeps them`;
        case "lighthouse-uaa-delegated-roles":
            return `set ${delegated} to the roles it may assign to managed identities, e.g. ["${WellKnownRoles.contributor}"] (Contributor)`;
        default:
            return undefined;
    }
}

function fromFindings(model: DefinitionModel, all: Entry[]): PolicyViolation[] {
    const byPath = new Map(all.map((e) => [e.path, e]));
    return validateDelegation(model.spec).flatMap((finding) => {
        const entry = byPath.get(ENTRY_PATH.exec(finding.field)?.[1] ?? "");
        const policy = policyOf(finding, entry);
        if (!policy || (finding.field === "offerName" && model.kind !== "lighthouse-pec")) {
            return [];
        }
        const info = typeof finding.value === "string" ? resolveRole(finding.value) : undefined;
        const fix = model.kind === "lighthouse-pec" ? undefined : resourceFix(policy, info, model, entry);
        return [
            {
                policy,
                field: model.resourceField(finding.field),
                subject: describe(entry),
                message: finding.message,
                fix: fix ?? finding.fix,
            },
        ];
    });
}

function pecViolations(model: DefinitionModel, all: Entry[], options: PolicyOptions): PolicyViolation[] {
    if (model.permanentUnknown) {
        return [];
    }
    const permanent = all.filter((e) => e.permanent);
    const earns = (e: Entry) => resolveRole(e.role)?.pecEligible === true;
    const linked = new Set((options.pecPrincipalIds ?? []).map((id) => id.trim().toLowerCase()));
    const policy: PolicyName = "pec-partner-linked-permanent";
    const contributor = `"${WellKnownRoles.contributor}" (Contributor)`;
    const authorizationsField = model.resourceField("authorizations");
    if (linked.size === 0) {
        return permanent.some(earns)
            ? []
            : [
                  {
                      policy,
                      field: authorizationsField,
                      subject: "",
                      message:
                          "no permanent authorization has a PEC-eligible role, so no principal can earn partner earned credit through this delegation",
                      fix: `give your partner-linked principal a permanent authorization with a PEC-eligible role such as ${contributor}, and list its object ID in the pack's pecPrincipalIds`,
                  },
              ];
    }
    const isLinked = (e: Entry) => known(e.principalId) && linked.has(e.principalId.toLowerCase());
    const violations: PolicyViolation[] = [];
    const earning = permanent.filter((e) => isLinked(e) && earns(e));
    const jitOnly = all.filter(
        (e) =>
            !e.permanent &&
            isLinked(e) &&
            !earning.some((p) => p.principalId!.toLowerCase() === e.principalId!.toLowerCase()),
    );
    for (const e of jitOnly) {
        violations.push({
            policy,
            field: model.resourceField(e.path),
            subject: describe(e),
            message:
                "this partner-linked principal has no permanent PEC-eligible authorization, only this eligible (just-in-time) one, and just-in-time access never earns partner earned credit",
            fix: `move it to ${authorizationsField} as a permanent authorization with a PEC-eligible role such as ${contributor}`,
        });
    }
    if (earning.length === 0) {
        violations.push({
            policy,
            field: authorizationsField,
            subject: "",
            message: `no partner-linked principal (pecPrincipalIds: ${[...linked].join(", ")}) has a permanent authorization with a PEC-eligible role, so this delegation earns no partner earned credit`,
            fix: `add a permanent authorization for one of them with a PEC-eligible role, e.g. { principalId: "${[...linked][0]}", roleDefinitionId: ${contributor} }`,
        });
    }
    return violations;
}

function unknownEligibility(model: DefinitionModel, all: Entry[]): PolicyViolation[] {
    return all
        .filter((e) => e.permanent && known(e.role) && e.role.trim() !== "")
        .flatMap((e) => {
            const info = resolveRole(e.role);
            // The delete role is granted to remove the delegation, never to earn PEC.
            if ((info && info.pecEligible !== null) || info?.id === WellKnownRoles.registrationAssignmentDeleteRole) {
                return [];
            }
            return [
                {
                    policy: "pec-role-eligibility-unknown" as const,
                    field: model.resourceField(`${e.path}.role`),
                    subject: describe(e),
                    message: info
                        ? `Partner Center does not list "${info.name}", so whether it earns partner earned credit is unknown`
                        : "this role is not in the built-in role catalogue (a custom role, which Lighthouse rejects, or one newer than the catalogue), so its PEC eligibility is unknown",
                    fix: `use a role Partner Center lists as PEC-eligible, such as "${WellKnownRoles.contributor}" (Contributor), for the partner-linked principal`,
                },
            ];
        });
}

const SUBSCRIPTION_SCOPE = /^\/subscriptions\/[0-9a-f-]{36}$/i;

function scopeViolations(model: DefinitionModel): PolicyViolation[] {
    const scope = model.scope;
    if (!known(scope) || SUBSCRIPTION_SCOPE.test(scope.trim())) {
        return [];
    }
    return [
        {
            policy: "lighthouse-definition-rules",
            field: "scope",
            subject: "",
            message:
                "a registration definition must be created at subscription scope (Azure answers InvalidRegistrationDefinitionUri otherwise)",
            fix: 'set scope to "/subscriptions/<customer subscription ID>"; put the resource group in the assignment\'s scope instead',
        },
    ];
}

/**
 * Checks a Lighthouse definition (of any provider, or this project's component) against the pack's policies.
 * Values not known yet (preview) are skipped, never reported.
 * @param model the definition, read by readLighthouseResource
 * @param options the pack's configuration
 */
export function checkDefinition(model: DefinitionModel, options: PolicyOptions = {}): PolicyViolation[] {
    if (model.malformed && model.malformed.length > 0) {
        // Inputs of the wrong shape (YAML, Python): one violation each, and no rule runs on what cannot be read.
        return model.malformed.map((finding) => ({
            policy: "lighthouse-definition-rules",
            field: model.resourceField(finding.field),
            subject: "",
            message: `${JSON.stringify(finding.value) ?? "(not set)"}: ${finding.message}`,
            fix: finding.fix,
        }));
    }
    const all = entries(model.spec);
    const violations = [
        ...fromFindings(model, all),
        ...scopeViolations(model),
        ...pecViolations(model, all, options),
        ...unknownEligibility(model, all),
    ];
    const order = POLICIES.map((p) => p.name);
    return violations.sort((a, b) => order.indexOf(a.policy) - order.indexOf(b.policy));
}

const DEFINITION_ID =
    /^\/subscriptions\/[^/]+\/providers\/Microsoft\.ManagedServices\/registrationDefinitions\/[^/]+$/i;

/**
 * Checks a registration assignment: its definition ID must be the definition's full resource ID.
 * @param registrationDefinitionId the assignment's `properties.registrationDefinitionId`
 * @param field the field's name in the resource
 */
export function checkAssignment(registrationDefinitionId: string | undefined, field: string): PolicyViolation[] {
    if (!known(registrationDefinitionId) || DEFINITION_ID.test(registrationDefinitionId.trim())) {
        return [];
    }
    return [
        {
            policy: "lighthouse-definition-rules",
            field,
            subject: "",
            message: `"${registrationDefinitionId}" is not the full resource ID of a registration definition`,
            fix: 'use "/subscriptions/<subscription ID>/providers/Microsoft.ManagedServices/registrationDefinitions/<definition name>" (the definition resource\'s id output)',
        },
    ];
}
