import {
    DelegationNameOverrides,
    delegationNames,
    OnboardedWith,
    registrationAssignmentResourceId,
    registrationDefinitionResourceId,
} from "./names";
import { assignmentResourceName, definitionResourceName } from "./resourceNames";

/** Type token of the `CustomerDelegation` component. */
export const CUSTOMER_DELEGATION_TYPE = "lighthouse-pec:index:CustomerDelegation";
/** Type token of azure-native's registration definition. */
export const REGISTRATION_DEFINITION_TYPE = "azure-native:managedservices:RegistrationDefinition";
/** Type token of azure-native's registration assignment. */
export const REGISTRATION_ASSIGNMENT_TYPE = "azure-native:managedservices:RegistrationAssignment";

/** One entry of a `pulumi import --file` file. */
export interface ImportFileResource {
    /** The resource's type token. */
    type: string;
    /** The resource's Pulumi name (the last part of its URN). */
    name: string;
    /** The cloud ID to import; absent for a component, which Pulumi creates empty. */
    id?: string;
    /** The name of the parent: another entry of this file, or a key of `nameTable`. */
    parent?: string;
    /** The name of the provider, a key of `nameTable`. */
    provider?: string;
    /** Marks an entry Pulumi creates as an empty component, to parent the imported resources. */
    component?: boolean;
}

/** A Pulumi bulk-import file (`pulumi import --file import.json`). */
export interface PulumiImportFile {
    /** Parent and provider names that are not entries of this file, mapped to their URNs. */
    nameTable?: Record<string, string>;
    /** The resources to import, parents before children. */
    resources: ImportFileResource[];
}

/** What locates one customer's delegation in Azure and in the Pulumi program. */
export interface ImportedDelegation {
    /** The Pulumi name of the `CustomerDelegation` component that will manage it. */
    componentName: string;
    /** The customer subscription. */
    subscriptionId: string;
    /** The offer name the Azure names derive from. */
    offerName: string;
    /** The delegated resource groups; none means the whole subscription. */
    resourceGroups?: string[];
    /** Explicit Azure names, when they are not the defaults. */
    names?: DelegationNameOverrides;
    /** Which template onboarded the customer (its Azure names); default `"lighthouse-pec"`. */
    onboardedWith?: OnboardedWith;
}

/** Options of {@link buildImportFile}. */
export interface ImportFileOptions {
    /** An explicit provider already in the target stack, used by every imported resource. */
    provider?: { name: string; urn: string };
}

/**
 * A bulk-import file for existing delegations: per customer, the `CustomerDelegation` component (created
 * empty) and, as its children, the registration definition and assignments under the Pulumi names the
 * component gives them and the deterministic Azure IDs. A program declaring `CustomerDelegation` with
 * the same component name then manages them without replacing anything.
 */
export function buildImportFile(delegations: ImportedDelegation[], options: ImportFileOptions = {}): PulumiImportFile {
    const seen = new Set<string>();
    const resources: ImportFileResource[] = [];
    const provider = options.provider ? { provider: options.provider.name } : {};
    for (const d of delegations) {
        if (seen.has(d.componentName)) {
            throw new Error(
                `two customers would be imported as the component "${d.componentName}"; give each a distinct component name`,
            );
        }
        seen.add(d.componentName);
        const names = delegationNames(d.offerName, d.resourceGroups, d.names, d.onboardedWith);
        resources.push({ type: CUSTOMER_DELEGATION_TYPE, name: d.componentName, component: true });
        for (const definition of names.definitions) {
            resources.push({
                type: REGISTRATION_DEFINITION_TYPE,
                name: definitionResourceName(d.componentName, definition.resourceGroup),
                id: registrationDefinitionResourceId(d.subscriptionId, definition.name),
                parent: d.componentName,
                ...provider,
            });
        }
        for (const a of names.assignments) {
            resources.push({
                type: REGISTRATION_ASSIGNMENT_TYPE,
                name: assignmentResourceName(d.componentName, a.resourceGroup),
                id: registrationAssignmentResourceId(d.subscriptionId, a.name, a.resourceGroup),
                parent: d.componentName,
                ...provider,
            });
        }
    }
    return {
        ...(options.provider ? { nameTable: { [options.provider.name]: options.provider.urn } } : {}),
        resources,
    };
}
