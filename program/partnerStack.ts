import * as pulumi from "@pulumi/pulumi";
import { ProviderAutomationAccount } from "../components";
import { ConfigReader } from "./config";
import { readPartnerConfig } from "./partnerConfig";

/** What the partner stack exports; customer stacks read `principalId` and `tenantId` by StackReference. */
export interface PartnerStackOutputs {
    principalId: pulumi.Output<string>;
    clientId: pulumi.Output<string>;
    tenantId: pulumi.Output<string>;
    partnerId: pulumi.Output<string>;
    linkState: pulumi.Output<string>;
}

/** The partner stack: the Provider Automation Account in the managing tenant, linked to the partner ID. */
export function partnerStack(read: ConfigReader): PartnerStackOutputs {
    const account = new ProviderAutomationAccount("automation", readPartnerConfig(read));
    return {
        principalId: account.principalId,
        clientId: account.clientId,
        tenantId: account.tenantId,
        partnerId: account.partnerId,
        linkState: account.linkState,
    };
}
