// The lighthouse-pec policy pack: `pulumi preview --policy-pack <this directory>` on any stack. The rules live in
// core/policy (Pulumi-free); this file only connects them to @pulumi/policy.
import { PolicyPack, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import {
    checkAssignment,
    checkDefinition,
    CUSTOMER_DELEGATION_TYPE,
    formatViolation,
    POLICIES,
    PolicyInfo,
    PolicyOptions,
    PolicyViolation,
    readLighthouseResource,
} from "../core/policy";
import { plainProps } from "./plainProps";

// CustomerDelegation components whose inputs were checked: their child definitions would repeat every violation.
const checkedComponents = new Set<string>();

function violationsOf(args: ResourceValidationArgs, options: PolicyOptions): PolicyViolation[] {
    const resource = readLighthouseResource(args.type, plainProps(args.props) as Record<string, unknown>);
    if (!resource) {
        return [];
    }
    if (resource.what === "assignment") {
        return checkAssignment(resource.registrationDefinitionId, resource.field);
    }
    if (resource.what === "definition-not-known") {
        return [];
    }
    if (args.type === CUSTOMER_DELEGATION_TYPE) {
        checkedComponents.add(args.urn);
    } else if (args.opts.parent !== undefined && checkedComponents.has(args.opts.parent)) {
        return [];
    }
    return checkDefinition(resource.model, options);
}

function pecPrincipalIdsOf(config: Record<string, unknown>): string[] {
    const ids = config.pecPrincipalIds;
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
}

function policy(info: PolicyInfo): ResourceValidationPolicy {
    return {
        name: info.name,
        description: info.description,
        enforcementLevel: info.enforcementLevel,
        configSchema: info.usesPecPrincipalIds
            ? {
                  properties: {
                      pecPrincipalIds: {
                          type: "array",
                          items: { type: "string" },
                          description:
                              "Object IDs of the principals linked to your partner ID (Partner Admin Link), e.g. the Provider Automation Account's service principal",
                      },
                  },
              }
            : undefined,
        validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            const options = info.usesPecPrincipalIds
                ? { pecPrincipalIds: pecPrincipalIdsOf(args.getConfig<Record<string, unknown>>()) }
                : {};
            for (const violation of violationsOf(args, options)) {
                if (violation.policy === info.name) {
                    reportViolation(formatViolation(violation));
                }
            }
        },
    };
}

new PolicyPack("lighthouse-pec", { policies: POLICIES.map(policy) });
