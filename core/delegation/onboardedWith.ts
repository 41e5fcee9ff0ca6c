import type { Finding } from "../validation/findings";
import { DelegationNameOverrides, ONBOARDED_WITH_VALUES, OnboardedWith } from "./names";

/** What {@link onboardedWithFindings} looks at. */
export interface OnboardedWithSpec {
    /** The value as given: checked here, so JavaScript callers and config files get a finding too. */
    onboardedWith?: unknown;
    /** The delegated resource groups; none means the whole subscription. */
    resourceGroups?: string[];
    /** Explicit Azure names. */
    names?: DelegationNameOverrides;
}

const SAMPLE_OF: Record<Exclude<OnboardedWith, "lighthouse-pec">, string> = {
    subscription: "subscription/subscription.json",
    rg: "rg/rg.json",
    "multi-rg": "rg/multi-rg.json",
};

function normalized(value: string): string {
    return value
        .toLowerCase()
        .replace(/\.json$/, "")
        .replace(/[^a-z0-9]/g, "");
}

/** Close spellings: "RG", "multi_rg", "multiple-rg", "rg.json", "subscriptions" → the mode meant (the longest that fits). */
export function suggestOnboardedWith(value: string): OnboardedWith | undefined {
    const given = normalized(value).replace(/^multiple/, "multi");
    const prefixed = (mode: OnboardedWith): boolean =>
        given.length >= 2 && (normalized(mode).startsWith(given) || given.startsWith(normalized(mode)));
    return (
        ONBOARDED_WITH_VALUES.find((mode) => normalized(mode) === given) ??
        [...ONBOARDED_WITH_VALUES].sort((a, b) => b.length - a.length).find(prefixed)
    );
}

/** Whether a value is one of the {@link OnboardedWith} modes. */
export function isOnboardedWith(value: unknown): value is OnboardedWith {
    return typeof value === "string" && (ONBOARDED_WITH_VALUES as readonly string[]).includes(value);
}

/**
 * Checks `onboardedWith` and the combinations its names cannot honour: an unknown mode, Microsoft's
 * resource-group samples without resource groups, the subscription sample with resource groups, and name
 * overrides that have nothing to name. Every problem is an error naming the field, the value and the fix.
 */
export function onboardedWithFindings(spec: OnboardedWithSpec): Finding[] {
    const findings: Finding[] = [];
    const error = (field: string, value: unknown, message: string, fix: string): void => {
        findings.push({ severity: "error", field, value, message, fix });
    };
    const mode = spec.onboardedWith;
    if (mode === undefined) {
        return findings;
    }
    if (!isOnboardedWith(mode)) {
        const hint = typeof mode === "string" ? suggestOnboardedWith(mode) : undefined;
        error(
            "onboardedWith",
            mode,
            `must be one of ${ONBOARDED_WITH_VALUES.map((m) => `"${m}"`).join(", ")}`,
            `${hint ? `did you mean "${hint}"? ` : ""}give the Microsoft sample template the customer was onboarded with (subscription, rg, multi-rg), or omit it for lighthouse-pec's own names`,
        );
        return findings;
    }
    const groups = spec.resourceGroups ?? [];
    if ((mode === "rg" || mode === "multi-rg") && groups.length === 0) {
        error(
            "resourceGroups",
            spec.resourceGroups,
            `onboardedWith "${mode}" (Microsoft's ${SAMPLE_OF[mode]}) delegates resource groups, but none are listed`,
            `list the delegated resource groups in resourceGroups, or use onboardedWith "subscription" if the whole subscription was delegated`,
        );
    }
    if (mode === "subscription" && groups.length > 0) {
        error(
            "resourceGroups",
            groups,
            `onboardedWith "subscription" (Microsoft's ${SAMPLE_OF.subscription}) delegates the whole subscription, not resource groups`,
            `use onboardedWith "rg" (rg.json) or "multi-rg" (multi-rg.json) for resource groups, or drop resourceGroups`,
        );
    }
    if (mode === "multi-rg" && spec.names?.registrationDefinition !== undefined) {
        error(
            "names.registrationDefinition",
            spec.names.registrationDefinition,
            `onboardedWith "multi-rg" has one definition per resource group, named guid(rgName); one name cannot name them all`,
            'drop names.registrationDefinition (or use onboardedWith "rg" if a single definition was deployed)',
        );
    }
    if ((mode === "rg" || mode === "multi-rg") && spec.names?.subscriptionAssignment !== undefined) {
        error(
            "names.subscriptionAssignment",
            spec.names.subscriptionAssignment,
            `onboardedWith "${mode}" assigns at resource groups only; there is no subscription assignment to name`,
            "drop names.subscriptionAssignment (resource-group assignments are named in names.resourceGroupAssignments)",
        );
    }
    if (mode === "subscription" && spec.names?.resourceGroupAssignments !== undefined) {
        error(
            "names.resourceGroupAssignments",
            spec.names.resourceGroupAssignments,
            `onboardedWith "subscription" assigns at the subscription only; there is no resource-group assignment to name`,
            "drop names.resourceGroupAssignments (the subscription assignment is named in names.subscriptionAssignment)",
        );
    }
    return findings;
}

/**
 * The `onboardedWith` of a config file and of a command-line flag, merged: either alone is used; when
 * both are given they must agree, or the result carries an error naming both.
 */
export function mergeOnboardedWith(
    fromFile: unknown,
    fromFlag: string | undefined,
    flag = "--onboarded-with",
): { onboardedWith?: unknown; findings: Finding[] } {
    if (fromFlag === undefined) {
        return { onboardedWith: fromFile, findings: [] };
    }
    if (fromFile !== undefined && fromFile !== fromFlag) {
        return {
            onboardedWith: fromFile,
            findings: [
                {
                    severity: "error",
                    field: "onboardedWith",
                    value: fromFile,
                    message: `the file sets it and ${flag} gives "${fromFlag}"`,
                    fix: `drop ${flag}, or correct the file`,
                },
            ],
        };
    }
    return { onboardedWith: fromFlag, findings: [] };
}
