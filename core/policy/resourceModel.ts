// Lighthouse resources as a policy pack sees them (the engine's resource inputs, any provider), mapped to the
// one delegation model so that the same rules check every kind. Plain values only: a value the engine does not
// know yet (preview) arrives as UNKNOWN_SENTINEL, wherever it is.
import type {
    AuthorizationSpec,
    DelegationSpec,
    EligibleAuthorizationSpec,
    JustInTimeAccessPolicySpec,
    PlanSpec,
} from "../validation/delegationSpec";
import { accountAuthorizations } from "../validation/accountAuthorizations";
import type { Finding } from "../validation/findings";
import { UNKNOWN_SENTINEL } from "../validation/formats";
import { readComponentInputs } from "./componentInputs";

/** The resource type of this project's component (its inputs are a {@link DelegationSpec}). */
export const CUSTOMER_DELEGATION_TYPE = "lighthouse-pec:index:CustomerDelegation";
/** The classic Azure provider's (`@pulumi/azure`) Lighthouse definition. */
export const CLASSIC_DEFINITION_TYPE = "azure:lighthouse/definition:Definition";

// Any azure-native version: the default module and the explicit API-version modules such as `v20221001`.
const NATIVE_DEFINITION = /^azure-native:managedservices(?:\/v[0-9a-z]+)?:RegistrationDefinition$/;
const NATIVE_ASSIGNMENT = /^azure-native:managedservices(?:\/v[0-9a-z]+)?:RegistrationAssignment$/;

/** Which provider's shape a definition has. */
export type DefinitionKind = "azure-native" | "azure-classic" | "lighthouse-pec";

/** A Lighthouse registration definition (or our component), as the one model plus how to name its fields. */
export interface DefinitionModel {
    /** Which provider's shape the properties have. */
    kind: DefinitionKind;
    /** The definition as a {@link DelegationSpec}: roles as given (GUIDs or IDs), unknown values as UNKNOWN_SENTINEL. */
    spec: DelegationSpec;
    /** Whether any permanent authorization's principal or role is not known yet (preview), so PEC cannot be judged. */
    permanentUnknown: boolean;
    /** The resource's own name for a field of the model, e.g. `authorizations[1].role` → `properties.authorizations[1].roleDefinitionId`. */
    resourceField(specField: string): string;
    /** The scope the definition is created at, when the resource says and it is known. */
    scope?: string;
    /**
     * Findings of the inputs' shape (wrong types, unknown or missing keys) when they cannot be read as the model:
     * then `spec` is empty and these are all that is reported.
     */
    malformed?: Finding[];
}

/** What a policy pack can read from a resource, by kind; undefined for resources it does not check. */
export type LighthouseResource =
    | { what: "definition"; model: DefinitionModel }
    | { what: "definition-not-known"; kind: DefinitionKind }
    | { what: "assignment"; registrationDefinitionId?: string; field: string };

type Props = Record<string, unknown>;

function isObject(value: unknown): value is Props {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

function texts(value: unknown): string[] | undefined {
    return Array.isArray(value) ? value.map((v) => (typeof v === "string" ? v : String(v))) : undefined;
}

function records(value: unknown): Props[] {
    return Array.isArray(value) ? value.map((v) => (isObject(v) ? v : {})) : [];
}

/** Field names per shape: the model's name → the resource's (for names that differ). */
const RENAMES: Record<DefinitionKind, { prefix: string; names: Record<string, string> }> = {
    "azure-native": {
        prefix: "properties.",
        names: {
            offerName: "registrationDefinitionName",
            offerDescription: "description",
            role: "roleDefinitionId",
            displayName: "principalIdDisplayName",
            delegatedRoles: "delegatedRoleDefinitionIds",
        },
    },
    "azure-classic": {
        prefix: "",
        names: {
            offerName: "name",
            offerDescription: "description",
            managedByTenantId: "managingTenantId",
            role: "roleDefinitionId",
            displayName: "principalDisplayName",
            delegatedRoles: "delegatedRoleDefinitionIds",
            managedByTenantApprovers: "approvers",
        },
    },
    "lighthouse-pec": { prefix: "", names: {} },
};

function fieldMapper(kind: DefinitionKind): (specField: string) => string {
    const { prefix, names } = RENAMES[kind];
    return (specField) =>
        prefix +
        specField
            .split(".")
            .map((segment) => segment.replace(/^[A-Za-z]+/, (name) => names[name] ?? name))
            .join(".");
}

/** Reads the ARM-shaped lists (azure-native `properties`, or the classic provider's top level) into the model. */
function fromArmShape(kind: "azure-native" | "azure-classic", body: Props): Omit<DelegationSpec, "offerName"> {
    const displayKey = kind === "azure-native" ? "principalIdDisplayName" : "principalDisplayName";
    const approversKey = kind === "azure-native" ? "managedByTenantApprovers" : "approvers";
    const authorizations: AuthorizationSpec[] = records(body.authorizations).map((a) => ({
        principalId: text(a.principalId),
        role: text(a.roleDefinitionId) ?? "",
        displayName: text(a[displayKey]),
        delegatedRoles: texts(a.delegatedRoleDefinitionIds),
    }));
    const eligibleAuthorizations: EligibleAuthorizationSpec[] = records(body.eligibleAuthorizations).map((e) => {
        const policy = isObject(e.justInTimeAccessPolicy) ? e.justInTimeAccessPolicy : undefined;
        const jit: JustInTimeAccessPolicySpec | undefined = policy && {
            multiFactorAuthProvider: text(
                policy.multiFactorAuthProvider,
            ) as JustInTimeAccessPolicySpec["multiFactorAuthProvider"],
            maximumActivationDuration: text(policy.maximumActivationDuration),
            managedByTenantApprovers: Array.isArray(policy[approversKey])
                ? records(policy[approversKey]).map((ap) => ({
                      principalId: text(ap.principalId),
                      displayName: text(ap[displayKey]),
                  }))
                : undefined,
        };
        return {
            principalId: text(e.principalId),
            role: text(e.roleDefinitionId) ?? "",
            displayName: text(e[displayKey]),
            delegatedRoles: texts(e.delegatedRoleDefinitionIds),
            justInTimeAccessPolicy:
                jit &&
                (Object.fromEntries(
                    Object.entries(jit).filter(([, v]) => v !== undefined),
                ) as JustInTimeAccessPolicySpec),
        };
    });
    const plan = isObject(body.plan) ? (body.plan as unknown as PlanSpec) : undefined;
    return {
        managedByTenantId: text(kind === "azure-native" ? body.managedByTenantId : body.managingTenantId),
        authorizations,
        eligibleAuthorizations: eligibleAuthorizations.length > 0 ? eligibleAuthorizations : undefined,
        plan,
    };
}

function permanentUnknown(spec: DelegationSpec): boolean {
    const values = [
        ...spec.authorizations.flatMap((a) => [a.principalId, a.role]),
        ...accountAuthorizations(spec).flatMap((a) => [a.principalId, a.role]),
    ];
    return values.some((v) => v === UNKNOWN_SENTINEL);
}

function definition(kind: DefinitionKind, spec: DelegationSpec, scope?: string): LighthouseResource {
    return {
        what: "definition",
        model: { kind, spec, permanentUnknown: permanentUnknown(spec), resourceField: fieldMapper(kind), scope },
    };
}

// The offer name only names things; a definition without one (Azure generates it) is not a problem here.
const UNNAMED = "(unnamed definition)";

/**
 * Reads a resource's inputs, as the engine sends them to a policy pack, into what the Lighthouse rules check.
 * Returns undefined for every other resource type.
 * @param type the resource type token, e.g. `azure-native:managedservices/v20221001:RegistrationDefinition`
 * @param props its inputs as plain values (unknown values as UNKNOWN_SENTINEL)
 */
export function readLighthouseResource(type: string, props: Props): LighthouseResource | undefined {
    if (NATIVE_DEFINITION.test(type)) {
        const body = props.properties;
        if (!isObject(body) || !Array.isArray(body.authorizations)) {
            return { what: "definition-not-known", kind: "azure-native" };
        }
        const offerName = text(body.registrationDefinitionName);
        return definition(
            "azure-native",
            {
                offerName: offerName ?? UNNAMED,
                offerDescription: text(body.description),
                ...fromArmShape("azure-native", body),
            },
            text(props.scope),
        );
    }
    if (type === CLASSIC_DEFINITION_TYPE) {
        if (!Array.isArray(props.authorizations)) {
            return { what: "definition-not-known", kind: "azure-classic" };
        }
        return definition(
            "azure-classic",
            {
                offerName: text(props.name) ?? UNNAMED,
                offerDescription: text(props.description),
                ...fromArmShape("azure-classic", props),
            },
            text(props.scope),
        );
    }
    if (type === CUSTOMER_DELEGATION_TYPE) {
        // The component's inputs are the model itself; without them (a component that registers none) there is nothing to read.
        if (props.authorizations === undefined) {
            return { what: "definition-not-known", kind: "lighthouse-pec" };
        }
        const inputs = readComponentInputs(props);
        if ("malformed" in inputs) {
            return {
                what: "definition",
                model: {
                    kind: "lighthouse-pec",
                    spec: { offerName: text(props.offerName) ?? UNNAMED, authorizations: [] },
                    permanentUnknown: true,
                    resourceField: fieldMapper("lighthouse-pec"),
                    malformed: inputs.malformed,
                },
            };
        }
        return definition("lighthouse-pec", inputs.spec);
    }
    if (NATIVE_ASSIGNMENT.test(type)) {
        const body = isObject(props.properties) ? props.properties : {};
        return {
            what: "assignment",
            registrationDefinitionId: text(body.registrationDefinitionId),
            field: "properties.registrationDefinitionId",
        };
    }
    return undefined;
}
