import { nonReadActions, resolveRole, RoleInfo, suggestRoleNames, WellKnownRoles } from "../roles";
import { accountAuthorizations, automationAuthorization } from "./accountAuthorizations";
import { Finding } from "./findings";
import { isGuid, isoDurationMinutes, isResourceGroupName, UNKNOWN_SENTINEL } from "./formats";
import { eligiblePolicyConflicts, eligibleWithoutPermanent } from "./eligibleRules";
import { approverNameConflicts } from "./jitPolicy";
import {
    AuthorizationSpec,
    DEFAULT_AUTOMATION_ROLE,
    DelegationSpec,
    EligibleAuthorizationSpec,
} from "./delegationSpec";

const MIN_ACTIVATION_MINUTES = 30;
const MAX_ACTIVATION_MINUTES = 8 * 60;
const MAX_APPROVERS = 10;
const EXAMPLE_GUID = "00000000-0000-0000-0000-000000000000";

type Report = (severity: Finding["severity"], field: string, value: unknown, message: string, fix: string) => void;

function known(value: string | undefined): value is string {
    return value !== undefined && value !== UNKNOWN_SENTINEL;
}

function checkGuid(report: Report, field: string, value: string | undefined, what: string): void {
    if (known(value) && !isGuid(value)) {
        report("error", field, value, `not a GUID`, `use the ${what} (a GUID like ${EXAMPLE_GUID})`);
    }
}

/** Resolves a role reference, reporting unknown names (error) and unknown GUIDs (warning). */
function checkRole(report: Report, field: string, role: string | undefined): RoleInfo | undefined {
    if (role === undefined || role.trim() === "") {
        report(
            "error",
            field,
            role,
            "a role is required",
            `give a built-in role name such as "${DEFAULT_AUTOMATION_ROLE}" or its GUID`,
        );
        return undefined;
    }
    const info = resolveRole(role);
    if (info) {
        return info;
    }
    if (isGuid(role)) {
        report(
            "warning",
            field,
            role,
            "this role GUID is not in the built-in role catalogue, so PEC eligibility and Lighthouse support cannot be checked",
            "make sure it is a built-in role (Lighthouse rejects custom roles), or update the catalogue (scripts/build-role-catalogue.ts)",
        );
        return undefined;
    }
    const hints = suggestRoleNames(role);
    report(
        "error",
        field,
        role,
        "not a known built-in role name",
        hints.length > 0
            ? `did you mean ${hints.map((h) => `"${h}"`).join(", ")}? (or give the role's GUID)`
            : "give the exact built-in role name or its GUID",
    );
    return undefined;
}

/** What to use instead of a role Lighthouse refuses. */
function unsupportedRoleFix(info: RoleInfo): string {
    switch (info.lighthouse.restriction) {
        case "owner":
            return `use "Contributor" (plus "User Access Administrator" with delegatedRoles if the partner must assign roles to managed identities)`;
        case "authorization-write":
            return (
                `choose a built-in role that includes none of ${(info.lighthouse.unsupportedActions ?? []).join(", ")}, e.g. "Contributor"; ` +
                "Lighthouse cannot delegate these, so the customer keeps them (docs/delegation-rules.md lists the unsupported actions)"
            );
        default:
            return `choose a built-in role without DataActions or access-changing permissions, e.g. "Contributor"`;
    }
}

function checkDelegable(
    report: Report,
    field: string,
    role: string,
    info: RoleInfo | undefined,
    delegatedRoles: string[] | undefined,
): void {
    if (!info) {
        return;
    }
    if (!info.lighthouse.allowed) {
        report(
            "error",
            field,
            role,
            info.lighthouse.reason ?? "Azure Lighthouse does not allow this role",
            unsupportedRoleFix(info),
        );
    }
    if (info.lighthouse.restriction === "requires-delegated-roles" && (delegatedRoles ?? []).length === 0) {
        report(
            "error",
            `${field.replace(/\.role$/, "")}.delegatedRoles`,
            delegatedRoles,
            info.lighthouse.reason ?? "delegatedRoles required",
            `list the roles it may assign to managed identities, e.g. delegatedRoles: ["Contributor"]`,
        );
    }
}

function checkDelegatedRoles(
    report: Report,
    base: string,
    info: RoleInfo | undefined,
    delegatedRoles: string[] | undefined,
): void {
    if (!delegatedRoles || delegatedRoles.length === 0) {
        return;
    }
    if (info && info.id !== WellKnownRoles.userAccessAdministrator) {
        report(
            "error",
            `${base}.delegatedRoles`,
            delegatedRoles,
            `delegatedRoles are only allowed with "User Access Administrator", not "${info.name}"`,
            'remove delegatedRoles, or use role "User Access Administrator"',
        );
        return;
    }
    delegatedRoles.forEach((delegated, i) => {
        const field = `${base}.delegatedRoles[${i}]`;
        const delegatedInfo = checkRole(report, field, delegated);
        if (
            delegatedInfo &&
            (!delegatedInfo.lighthouse.allowed || delegatedInfo.lighthouse.restriction === "requires-delegated-roles")
        ) {
            report(
                "error",
                field,
                delegated,
                `"${delegatedInfo.name}" cannot be a delegated role: ${delegatedInfo.lighthouse.reason}`,
                'delegate only roles Lighthouse allows, e.g. "Contributor"',
            );
        }
    });
}

function checkAuthorization(report: Report, base: string, a: AuthorizationSpec): RoleInfo | undefined {
    checkGuid(
        report,
        `${base}.principalId`,
        a.principalId,
        "object ID of a user, group or service principal in the managing tenant",
    );
    const info = checkRole(report, `${base}.role`, a.role);
    checkDelegable(report, `${base}.role`, a.role, info, a.delegatedRoles);
    checkDelegatedRoles(report, base, info, a.delegatedRoles);
    return info;
}

function checkEligible(
    report: Report,
    base: string,
    e: EligibleAuthorizationSpec,
    automationPrincipal: string | undefined,
): void {
    checkGuid(report, `${base}.principalId`, e.principalId, "object ID of a user or group in the managing tenant");
    if (
        known(e.principalId) &&
        known(automationPrincipal) &&
        e.principalId.toLowerCase() === automationPrincipal.toLowerCase()
    ) {
        report(
            "error",
            `${base}.principalId`,
            e.principalId,
            "the automation account is a service principal; eligible (just-in-time) authorizations accept only users and groups, and JIT access never earns PEC",
            "remove it from eligibleAuthorizations; the automation account is already a permanent authorization",
        );
    }
    const info = checkRole(report, `${base}.role`, e.role);
    if (info && !info.lighthouse.allowed) {
        report("error", `${base}.role`, e.role, info.lighthouse.reason ?? "not allowed", unsupportedRoleFix(info));
    }
    if (info?.id === WellKnownRoles.userAccessAdministrator) {
        report(
            "error",
            `${base}.role`,
            e.role,
            "User Access Administrator cannot be an eligible (just-in-time) authorization",
            "grant it as a permanent authorization with delegatedRoles instead",
        );
    }
    if (e.delegatedRoles && e.delegatedRoles.length > 0) {
        report(
            "error",
            `${base}.delegatedRoles`,
            e.delegatedRoles,
            "eligible authorizations cannot have delegatedRoles",
            "remove delegatedRoles from this eligible authorization",
        );
    }
    const policy = e.justInTimeAccessPolicy;
    if (policy?.multiFactorAuthProvider !== undefined && !["Azure", "None"].includes(policy.multiFactorAuthProvider)) {
        report(
            "error",
            `${base}.justInTimeAccessPolicy.multiFactorAuthProvider`,
            policy.multiFactorAuthProvider,
            'must be "Azure" or "None"',
            'use "Azure" (recommended) or "None"',
        );
    }
    const duration = policy?.maximumActivationDuration;
    if (duration !== undefined) {
        const minutes = isoDurationMinutes(duration);
        if (minutes === undefined || minutes < MIN_ACTIVATION_MINUTES || minutes > MAX_ACTIVATION_MINUTES) {
            report(
                "error",
                `${base}.justInTimeAccessPolicy.maximumActivationDuration`,
                duration,
                minutes === undefined
                    ? "not an ISO-8601 duration"
                    : "activation must last between 30 minutes and 8 hours",
                'use an ISO-8601 duration from PT30M to PT8H, e.g. "PT8H"',
            );
        }
    }
    const approvers = policy?.managedByTenantApprovers ?? [];
    if (approvers.length > MAX_APPROVERS) {
        report(
            "error",
            `${base}.justInTimeAccessPolicy.managedByTenantApprovers`,
            `${approvers.length} approvers`,
            `at most ${MAX_APPROVERS} approvers are allowed`,
            "use a group as the approver instead of many individuals",
        );
    }
    approvers.forEach((ap, j) =>
        checkGuid(
            report,
            `${base}.justInTimeAccessPolicy.managedByTenantApprovers[${j}].principalId`,
            ap.principalId,
            "object ID of a user or group in the managing tenant",
        ),
    );
}

function checkDuplicates(report: Report, spec: DelegationSpec): void {
    const seen = new Map<string, string>();
    const entries: { field: string; principalId?: string; role: string }[] = [
        ...spec.authorizations.map((a, i) => ({
            field: `authorizations[${i}]`,
            principalId: a.principalId,
            role: a.role,
        })),
        ...accountAuthorizations(spec),
    ];
    for (const entry of entries) {
        const roleId = resolveRole(entry.role)?.id ?? entry.role.toLowerCase();
        if (!known(entry.principalId)) {
            continue;
        }
        const key = `${entry.principalId.toLowerCase()}|${roleId}`;
        const first = seen.get(key);
        if (first) {
            report(
                "error",
                entry.field,
                { principalId: entry.principalId, role: entry.role },
                `the same principal and role are already authorized by ${first}`,
                "remove the duplicate authorization",
            );
        } else {
            seen.set(key, entry.field);
        }
    }
}

function checkAutomationAccount(report: Report, spec: DelegationSpec): void {
    const account = spec.automationAccount;
    if (!account) {
        report(
            "warning",
            "automationAccount",
            undefined,
            "no authorization is the partner-linked automation account, so no PEC will be tracked unless one of the principals is linked to your partner ID (Partner Admin Link)",
            "set automationAccount.principalId to the Provider Automation Account's principalId (the partner stack's output)",
        );
        return;
    }
    checkGuid(
        report,
        "automationAccount.principalId",
        account.principalId,
        "Provider Automation Account's service principal object ID (partner stack output principalId)",
    );
    const role = account.role ?? DEFAULT_AUTOMATION_ROLE;
    const info = checkRole(report, "automationAccount.role", role);
    checkDelegable(report, "automationAccount.role", role, info, undefined);
    if (info?.pecEligible === false) {
        report(
            "error",
            "automationAccount.role",
            role,
            `"${info.name}" does not earn partner earned credit`,
            `use a PEC-eligible role such as "${DEFAULT_AUTOMATION_ROLE}"`,
        );
    } else if (info && info.pecEligible === null) {
        report(
            "warning",
            "automationAccount.role",
            role,
            `Partner Center does not list "${info.name}", so its PEC eligibility is unknown`,
            `"${DEFAULT_AUTOMATION_ROLE}" is known to earn PEC`,
        );
    }
}

const SEPARATE_PREVIEW_IDENTITY =
    "give previewAccount.principalId a separate identity that holds nothing else in this delegation (e.g. an app registration whose federated credential only pull-request jobs can use)";

/**
 * The preview account exists so that pull-request previews can run with an identity that can only read the
 * customer: a preview runs code from an unmerged branch, so whatever its identity may do, that branch may do. It
 * must therefore not be the automation account (which writes, and earns PEC through its partner link) nor hold
 * any other role here that does more than read, permanent or just-in-time. Its own Reader duplicating an
 * authorization is reported by checkDuplicates.
 */
function checkPreviewAccount(report: Report, spec: DelegationSpec): void {
    if (spec.previewAccount === undefined) {
        return;
    }
    const preview = spec.previewAccount.principalId;
    const field = "previewAccount.principalId";
    checkGuid(report, field, preview, "object ID of the identity pull-request previews sign in as");
    if (!known(preview)) {
        return;
    }
    const same = (id: string | undefined) => known(id) && id.toLowerCase() === preview.toLowerCase();
    const automation = automationAuthorization(spec);
    if (automation && same(automation.principalId)) {
        report(
            "error",
            field,
            preview,
            `the preview identity is the automation account, which holds "${automation.role}" and the partner link: previews run unmerged code, so they must sign in as an identity that can only read`,
            SEPARATE_PREVIEW_IDENTITY,
        );
    }
    spec.authorizations.forEach((a, i) => {
        const writes = same(a.principalId) ? nonReadActions(a.role) : undefined;
        if (writes && writes.length > 0) {
            const shown = writes.slice(0, 3).join(", ") + (writes.length > 3 ? `, … (${writes.length} in all)` : "");
            report(
                "error",
                field,
                preview,
                `the preview identity also holds "${resolveRole(a.role)?.name ?? a.role}" through authorizations[${i}], which does more than read (${shown}): previews run unmerged code, so their identity must only read`,
                `remove authorizations[${i}] for this principal, or ${SEPARATE_PREVIEW_IDENTITY}`,
            );
        }
    });
    (spec.eligibleAuthorizations ?? []).forEach((e, i) => {
        if (same(e.principalId)) {
            report(
                "error",
                field,
                preview,
                `the preview identity is also eligible for "${resolveRole(e.role)?.name ?? e.role}" through eligibleAuthorizations[${i}]: activating it would let previews, which run unmerged code, do more than read`,
                `remove eligibleAuthorizations[${i}] for this principal, or ${SEPARATE_PREVIEW_IDENTITY}`,
            );
        }
    });
}

function checkResourceGroups(report: Report, groups: string[] | undefined): void {
    if (groups === undefined) {
        return;
    }
    if (groups.length === 0) {
        report(
            "error",
            "resourceGroups",
            groups,
            "an empty list delegates nothing",
            "omit resourceGroups to delegate the whole subscription, or list the groups",
        );
    }
    const seen = new Set<string>();
    groups.forEach((g, i) => {
        if (!isResourceGroupName(g)) {
            report(
                "error",
                `resourceGroups[${i}]`,
                g,
                "not a valid resource group name",
                "use 1-90 letters, digits, _ - . ( ), not ending with a period",
            );
        }
        if (seen.has(g.toLowerCase())) {
            report(
                "error",
                `resourceGroups[${i}]`,
                g,
                "listed twice (resource group names are case-insensitive)",
                "remove the duplicate",
            );
        }
        seen.add(g.toLowerCase());
    });
}

function checkPlan(report: Report, plan: DelegationSpec["plan"]): void {
    if (!plan) {
        return;
    }
    const missing = (["name", "publisher", "product", "version"] as const).filter((k) => !plan[k]);
    if (missing.length > 0) {
        report(
            "error",
            "plan",
            plan,
            `a marketplace plan needs name, publisher, product and version; missing ${missing.join(", ")}`,
            "give all four fields from the Partner Center offer, or omit plan",
        );
    }
}

function checkPec(report: Report, spec: DelegationSpec, infos: (RoleInfo | undefined)[]): void {
    if (spec.automationAccount) {
        return;
    }
    if (infos.length > 0 && !infos.some((i) => i?.pecEligible === true)) {
        report(
            "warning",
            "authorizations",
            spec.authorizations.map((a) => a.role),
            "no permanent authorization has a PEC-eligible role, so this delegation can earn no PEC",
            'add the automation account (automationAccount), or give a partner-linked principal a role such as "Contributor"',
        );
    }
}

/**
 * Checks a customer delegation against Azure Lighthouse's rules and the conditions for partner earned
 * credit. Returns every finding at once (errors and warnings), each naming the field, value and fix.
 * Values that are `undefined` (not known yet) are skipped.
 */
export function validateDelegation(spec: DelegationSpec): Finding[] {
    const findings: Finding[] = [];
    const report: Report = (severity, field, value, message, fix) =>
        findings.push({ severity, field, value, message, fix });

    if (!spec.offerName || spec.offerName.trim() === "") {
        report(
            "error",
            "offerName",
            spec.offerName,
            "an offer name is required (it names the delegation and derives the resource names)",
            'set offerName, e.g. "Contoso Managed Services"',
        );
    }
    checkGuid(report, "managedByTenantId", spec.managedByTenantId, "partner's managing tenant ID");
    checkGuid(report, "subscriptionId", spec.subscriptionId, "customer's Azure subscription ID");
    checkResourceGroups(report, spec.resourceGroups);
    if (spec.authorizations.length === 0) {
        report(
            "error",
            "authorizations",
            [],
            "at least one permanent authorization is required (the automation account alone leaves your people no way into the customer)",
            'add an admin group, e.g. { principalId: <group object ID>, role: "Reader" } and the Managed Services Registration assignment Delete Role',
        );
    }
    const infos = spec.authorizations.map((a, i) => checkAuthorization(report, `authorizations[${i}]`, a));
    checkAutomationAccount(report, spec);
    checkPreviewAccount(report, spec);
    (spec.eligibleAuthorizations ?? []).forEach((e, i) =>
        checkEligible(report, `eligibleAuthorizations[${i}]`, e, spec.automationAccount?.principalId),
    );
    findings.push(
        ...eligiblePolicyConflicts(spec.eligibleAuthorizations ?? []),
        ...approverNameConflicts(spec.eligibleAuthorizations ?? []),
        ...eligibleWithoutPermanent(spec),
    );
    checkDuplicates(report, spec);
    checkPlan(report, spec.plan);
    checkPec(report, spec, infos);
    const hasDeleteRole = [...spec.authorizations.map((a) => a.role), spec.automationAccount?.role].some(
        (r) => r !== undefined && resolveRole(r)?.id === WellKnownRoles.registrationAssignmentDeleteRole,
    );
    if (!hasDeleteRole) {
        report(
            "warning",
            "authorizations",
            spec.authorizations.map((a) => a.role),
            "no authorization has the Managed Services Registration assignment Delete Role, so the partner cannot remove this delegation from its side",
            `add { principalId: <an admin group>, role: "Managed Services Registration assignment Delete Role" }`,
        );
    }
    return findings;
}
