// A CustomerDelegation component's inputs as a policy pack receives them: from YAML or Python they can have any
// shape, so the schema is checked first (one finding per malformed value) and the rules only ever see the model.
import { checkDelegationArgs } from "../validation/delegationSchema";
import type {
    AuthorizationSpec,
    DelegationSpec,
    EligibleApproverSpec,
    JustInTimeAccessPolicySpec,
} from "../validation/delegationSpec";
import { Finding } from "../validation/findings";
import { UNKNOWN_SENTINEL } from "../validation/formats";

type Props = Record<string, unknown>;

/** What the component's inputs are: the model, or the findings that say why they cannot be read as one. */
export type ComponentInputs = { spec: DelegationSpec } | { malformed: Finding[] };

const isObject = (value: unknown): value is Props =>
    typeof value === "object" && value !== null && !Array.isArray(value);
const unknownValue = (value: unknown): boolean => value === UNKNOWN_SENTINEL;

/** A list as given, an unknown list as `whenUnknown`, anything else as undefined. */
function list<T>(value: unknown, item: (v: unknown) => T, whenUnknown?: T[]): T[] | undefined {
    return Array.isArray(value) ? value.map(item) : unknownValue(value) ? whenUnknown : undefined;
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const texts = (value: unknown): string[] | undefined => list(value, (v) => text(v) ?? "");
const record = (value: unknown): Props => (isObject(value) ? value : {});

/** An object not known yet (preview) stands for the same object with every value not known yet. */
const UNKNOWN_AUTHORIZATION = { principalId: UNKNOWN_SENTINEL, role: UNKNOWN_SENTINEL };

function jitPolicy(value: unknown): JustInTimeAccessPolicySpec | undefined {
    if (unknownValue(value)) {
        return {
            multiFactorAuthProvider: UNKNOWN_SENTINEL as "Azure",
            maximumActivationDuration: UNKNOWN_SENTINEL,
            managedByTenantApprovers: [{ principalId: UNKNOWN_SENTINEL }],
        };
    }
    if (!isObject(value)) {
        return undefined;
    }
    return {
        multiFactorAuthProvider: text(value.multiFactorAuthProvider) as "Azure" | "None" | undefined,
        maximumActivationDuration: text(value.maximumActivationDuration),
        managedByTenantApprovers: list<EligibleApproverSpec>(
            value.managedByTenantApprovers,
            (ap) =>
                unknownValue(ap)
                    ? { principalId: UNKNOWN_SENTINEL }
                    : { principalId: text(record(ap).principalId), displayName: text(record(ap).displayName) },
            [{ principalId: UNKNOWN_SENTINEL }],
        ),
    };
}

/**
 * Reads a CustomerDelegation's inputs (plain values, a value not known yet as UNKNOWN_SENTINEL) into the model.
 * The component's schema is checked first (`checkDelegationArgs`): a value of the wrong type, an unknown key or a
 * missing required key is a finding, and then nothing else is checked (the rules assume the model's types). A
 * value not known yet is never a finding; in the model an unknown list or object stands for one whose values are
 * not known yet, so the rules skip it.
 * @param props the component's inputs
 */
export function readComponentInputs(props: Props): ComponentInputs {
    const malformed = checkDelegationArgs(props).filter(
        (f) => f.severity === "error" && !JSON.stringify(f.value ?? null).includes(UNKNOWN_SENTINEL),
    );
    if (malformed.length > 0) {
        return { malformed };
    }
    const account = props.automationAccount;
    const preview = props.previewAccount;
    const spec: DelegationSpec = {
        offerName: text(props.offerName) ?? "",
        offerDescription: text(props.offerDescription),
        managedByTenantId: text(props.managedByTenantId),
        subscriptionId: text(props.subscriptionId),
        resourceGroups: texts(props.resourceGroups),
        authorizations:
            list<AuthorizationSpec>(
                props.authorizations,
                (a) =>
                    unknownValue(a)
                        ? UNKNOWN_AUTHORIZATION
                        : {
                              principalId: text(record(a).principalId),
                              role: text(record(a).role) ?? "",
                              displayName: text(record(a).displayName),
                              delegatedRoles: texts(record(a).delegatedRoles),
                          },
                [UNKNOWN_AUTHORIZATION],
            ) ?? [],
        eligibleAuthorizations: list(props.eligibleAuthorizations, (e) =>
            unknownValue(e)
                ? UNKNOWN_AUTHORIZATION
                : {
                      principalId: text(record(e).principalId),
                      role: text(record(e).role) ?? "",
                      displayName: text(record(e).displayName),
                      delegatedRoles: texts(record(e).delegatedRoles),
                      justInTimeAccessPolicy: jitPolicy(record(e).justInTimeAccessPolicy),
                  },
        ),
        automationAccount: unknownValue(account)
            ? UNKNOWN_AUTHORIZATION
            : isObject(account)
              ? {
                    principalId: text(account.principalId),
                    role: text(account.role),
                    displayName: text(account.displayName),
                }
              : undefined,
        previewAccount: unknownValue(preview)
            ? { principalId: UNKNOWN_SENTINEL }
            : isObject(preview)
              ? { principalId: text(preview.principalId), displayName: text(preview.displayName) }
              : undefined,
        plan: isObject(props.plan)
            ? {
                  name: text(props.plan.name) ?? "",
                  publisher: text(props.plan.publisher) ?? "",
                  product: text(props.plan.product) ?? "",
                  version: text(props.plan.version) ?? "",
              }
            : undefined,
        onboardedWith: text(props.onboardedWith) as DelegationSpec["onboardedWith"],
    };
    return { spec };
}
