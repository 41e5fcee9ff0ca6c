import type { DelegationSpec } from "../validation/delegationSpec";
import { armLiteral, armLiterals } from "./armLiteral";
import { buildRegistrationProperties, RegistrationDefinitionProperties } from "./properties";

/** The Microsoft.ManagedServices API version the template deploys with (the stable one azure-native v3 uses). */
export const MANAGED_SERVICES_API_VERSION = "2022-10-01";
/** Schema of a subscription-level deployment template (`az deployment sub create`). */
export const SUBSCRIPTION_DEPLOYMENT_SCHEMA =
    "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#";
/** Schema of a deployment parameters file. */
export const DEPLOYMENT_PARAMETERS_SCHEMA =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";
const NESTED_TEMPLATE_SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
const DEPLOYMENTS_API_VERSION = "2021-04-01";
const DEFINITION_TYPE = "Microsoft.ManagedServices/registrationDefinitions";
const ASSIGNMENT_TYPE = "Microsoft.ManagedServices/registrationAssignments";

/** A delegation as the template generator takes it: a validated spec with every value known (names and onboardedWith included). */
export type OnboardingSpec = DelegationSpec;

/** One declared template parameter. */
export interface ArmParameter {
    /** ARM parameter type. */
    type: "string" | "array" | "object" | "bool" | "int";
    /**
     * The configured value, so the template alone (portal "Deploy a custom template") deploys the same thing;
     * escaped for ARM, which evaluates default values (see {@link armLiterals}).
     */
    defaultValue: unknown;
    /** Shown by the portal next to the field. */
    metadata: { description: string };
}

/** A resource in the template; only the fields this generator emits. */
export interface ArmResource {
    type: string;
    apiVersion: string;
    name: string;
    /** Only on nested deployments: the resource group they deploy into. */
    resourceGroup?: string;
    dependsOn?: string[];
    plan?: string;
    properties: Record<string, unknown>;
}

/** A deployment template (the subscription-level one, or a nested one). */
export interface ArmTemplate {
    $schema: string;
    contentVersion: string;
    metadata?: Record<string, unknown>;
    parameters?: Record<string, ArmParameter>;
    variables?: Record<string, string>;
    resources: ArmResource[];
    outputs?: Record<string, { type: string; value: string }>;
}

/** A deployment parameters file (`onboarding.parameters.json`). */
export interface ArmParametersFile {
    $schema: string;
    contentVersion: string;
    parameters: Record<string, { value: unknown }>;
}

/** The customer-side onboarding: template and parameters. */
export interface OnboardingTemplate {
    template: ArmTemplate;
    parameters: ArmParametersFile;
}

/** Template parameter names for the definition's properties; Microsoft's samples use the same names. */
const PARAMETER_NAMES: Record<string, string> = {
    registrationDefinitionName: "mspOfferName",
    description: "mspOfferDescription",
};

const PARAMETER_DESCRIPTIONS: Record<string, string> = {
    mspOfferName:
        "The offer name the customer sees under Service providers. The definition and assignment names derive from it: changing it creates a different delegation.",
    mspOfferDescription: "The offer description the customer sees.",
    managedByTenantId: "The managing (partner) tenant ID.",
    authorizations:
        "Permanent authorizations: principalId, principalIdDisplayName, roleDefinitionId (and delegatedRoleDefinitionIds for User Access Administrator). The Provider Automation Account's permanent PEC-eligible role is what earns partner earned credit.",
    eligibleAuthorizations: "Just-in-time authorizations (never earn PEC).",
    plan: "The marketplace plan of the managed services offer.",
};

/** Quotes a literal for an ARM expression (single quotes, doubled inside). */
export function armStringLiteral(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}

function parameterType(value: unknown): ArmParameter["type"] {
    if (Array.isArray(value)) {
        return "array";
    }
    switch (typeof value) {
        case "boolean":
            return "bool";
        case "number":
            return "int";
        case "object":
            return "object";
        default:
            return "string";
    }
}

/** Each definition property becomes a parameter, so that the customer can read (and the portal shows) what is granted. */
function definitionParameters(
    properties: RegistrationDefinitionProperties,
    plan: OnboardingSpec["plan"],
): Map<string, { property?: string; value: unknown }> {
    const parameters = new Map<string, { property?: string; value: unknown }>();
    for (const [property, value] of Object.entries(properties)) {
        parameters.set(PARAMETER_NAMES[property] ?? property, { property, value });
    }
    if (plan) {
        parameters.set("plan", {
            value: { name: plan.name, publisher: plan.publisher, product: plan.product, version: plan.version },
        });
    }
    return parameters;
}

const OFFER_GUID = "guid(parameters('mspOfferName'))";

/** `multi-rg`: the definition of a resource group is `guid(rgName)`, as in Microsoft's multi-rg.json. */
function groupGuid(resourceGroup: string): string {
    return `guid(${armStringLiteral(resourceGroup)})`;
}

/**
 * The name expression of an assignment, as `delegationNames` computes it: a literal override, or
 * `guid(mspOfferName)` (subscription; `rg`), `guid(rgName)` (`multi-rg`) or `guid(mspOfferName, rgName)`.
 */
function assignmentNameExpression(spec: OnboardingSpec, resourceGroup: string | undefined): string {
    const override = resourceGroup
        ? spec.names?.resourceGroupAssignments?.[resourceGroup]
        : spec.names?.subscriptionAssignment;
    if (override) {
        return armLiteral(override);
    }
    if (!resourceGroup || spec.onboardedWith === "rg") {
        return `[${OFFER_GUID}]`;
    }
    return spec.onboardedWith === "multi-rg"
        ? `[${groupGuid(resourceGroup)}]`
        : `[guid(parameters('mspOfferName'), ${armStringLiteral(resourceGroup)})]`;
}

/** `resourceId()` of a definition whose name is the expression (without brackets) `nameExpression`. */
function definitionIdExpression(nameExpression: string): string {
    return `[resourceId(${armStringLiteral(DEFINITION_TYPE)}, ${nameExpression})]`;
}

function assignmentResource(name: string, definitionId: string): ArmResource {
    return {
        type: ASSIGNMENT_TYPE,
        apiVersion: MANAGED_SERVICES_API_VERSION,
        name,
        properties: { registrationDefinitionId: definitionId },
    };
}

/**
 * Builds the customer-side onboarding template from a validated, fully known delegation spec: the
 * registration definition with the properties `CustomerDelegation` registers (same builder), and one
 * assignment per scope — resource-group assignments through nested deployments, as Microsoft's
 * samples do. Names are ARM `guid()` expressions that evaluate to `delegationNames`' names for the
 * spec's `onboardedWith` (with `"multi-rg"`, one definition per resource group); name overrides become
 * literal names. Every user-supplied value lives in a parameter: the parameters file holds it as given (ARM reads
 * parameters files literally), the template's default holds it escaped with {@link armLiterals} (ARM evaluates
 * default values, so an offer name `[Contoso]` is written `[[Contoso]`); name overrides and resource group names
 * are escaped the same way.
 *
 * @param spec A spec that `validateDelegation` accepts, with every value known.
 * @param source Where the spec came from, recorded in the template's metadata.
 */
export function buildOnboardingTemplate(spec: OnboardingSpec, source?: string): OnboardingTemplate {
    const properties = buildRegistrationProperties(spec);
    const parameters = definitionParameters(properties, spec.plan);
    const definitionProperties: Record<string, unknown> = {};
    for (const [name, { property }] of parameters) {
        if (property) {
            definitionProperties[property] = `[parameters(${armStringLiteral(name)})]`;
        }
    }
    const groups = spec.resourceGroups ?? [];
    const perGroup = spec.onboardedWith === "multi-rg" && groups.length > 0;
    // One definition named by the variable, or (multi-rg) one per resource group named guid(rgName).
    const definitionNames = perGroup ? groups.map(groupGuid) : ["variables('mspRegistrationName')"];
    const definitionIds = definitionNames.map(definitionIdExpression);
    const definitionIdFor = (index: number): string => definitionIds[perGroup ? index : 0];
    const definitions: ArmResource[] = definitionNames.map((name) => ({
        type: DEFINITION_TYPE,
        apiVersion: MANAGED_SERVICES_API_VERSION,
        name: `[${name}]`,
        ...(spec.plan ? { plan: "[parameters('plan')]" } : {}),
        properties: definitionProperties,
    }));
    const assignments: ArmResource[] =
        groups.length === 0
            ? [
                  {
                      ...assignmentResource(assignmentNameExpression(spec, undefined), definitionIdFor(0)),
                      dependsOn: [definitionIdFor(0)],
                  },
              ]
            : groups.map((group, index) => ({
                  type: "Microsoft.Resources/deployments",
                  apiVersion: DEPLOYMENTS_API_VERSION,
                  name: `lighthouse-pec-assignment-${index}`,
                  resourceGroup: armLiteral(group),
                  dependsOn: [definitionIdFor(index)],
                  properties: {
                      mode: "Incremental",
                      // Outer scope: the nested assignment reads this template's parameters, and resourceId() yields the subscription-level definition ID.
                      // "Outer" as the Microsoft.Resources schema spells its enum (NotSpecified, Outer, Inner); ARM itself ignores the case.
                      expressionEvaluationOptions: { scope: "Outer" },
                      template: {
                          $schema: NESTED_TEMPLATE_SCHEMA,
                          contentVersion: "1.0.0.0",
                          resources: [
                              assignmentResource(assignmentNameExpression(spec, group), definitionIdFor(index)),
                          ],
                      },
                  },
              }));

    const template: ArmTemplate = {
        $schema: SUBSCRIPTION_DEPLOYMENT_SCHEMA,
        contentVersion: "1.0.0.0",
        metadata: {
            generator: "lighthouse-pec template",
            ...(source ? { source } : {}),
            description:
                "Azure Lighthouse onboarding, as the partner's lighthouse-pec customer stack would deploy it. Deploy at subscription scope by an Owner of the customer subscription: az deployment sub create --location <region> --template-file onboarding.template.json --parameters @onboarding.parameters.json",
        },
        parameters: Object.fromEntries(
            [...parameters].map(([name, { value }]) => [
                name,
                {
                    type: parameterType(value),
                    defaultValue: armLiterals(value),
                    metadata: { description: PARAMETER_DESCRIPTIONS[name] ?? name },
                },
            ]),
        ),
        ...(perGroup
            ? {}
            : {
                  variables: {
                      mspRegistrationName:
                          spec.names?.registrationDefinition !== undefined
                              ? armLiteral(spec.names.registrationDefinition)
                              : `[${OFFER_GUID}]`,
                  },
              }),
        resources: [...definitions, ...assignments],
        outputs: {
            registrationDefinitionId: { type: "string", value: definitionIds[0] },
            ...(perGroup
                ? {
                      registrationDefinitionIds: {
                          type: "array",
                          value: `[createArray(${definitionIds.map((id) => id.slice(1, -1)).join(", ")})]`,
                      },
                  }
                : {}),
        },
    };
    return {
        template,
        parameters: {
            $schema: DEPLOYMENT_PARAMETERS_SCHEMA,
            contentVersion: "1.0.0.0",
            parameters: Object.fromEntries([...parameters].map(([name, { value }]) => [name, { value }])),
        },
    };
}
