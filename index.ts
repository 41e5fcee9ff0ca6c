// The lighthouse-pec Pulumi program. One program, two kinds of stack, chosen by config:
//   partner stack  (lighthouse-pec:partnerId set): the Provider Automation Account, linked to your partner ID;
//   customer stack (lighthouse-pec:offerName set): the Lighthouse delegation of one customer subscription.
import { ConfigurationError, CUSTOMER_CONFIG_FIELDS } from "./core/validation";
import { misplacedKeyFindings } from "./program/config";
import { readCustomerConfig } from "./program/customerConfig";
import { customerStack } from "./program/customerStack";
import { PARTNER_CONFIG_FIELDS } from "./program/partnerConfig";
import { pulumiConfigReader } from "./program/readConfig";

const read = pulumiConfigReader();

function stackKind(): "partner" | "customer" {
    const partner = read("partnerId") !== undefined;
    const customer = read("offerName") !== undefined;
    if (partner === customer) {
        throw new ConfigurationError("lighthouse-pec stack config", [
            {
                severity: "error",
                field: "lighthouse-pec:partnerId / lighthouse-pec:offerName",
                value: partner ? "both set" : "neither set",
                message: "a stack is either the partner stack (partnerId) or a customer stack (offerName)",
                fix: 'see Pulumi.partner-example.yaml or Pulumi.customer-example.yaml, e.g. pulumi config set lighthouse-pec:offerName "Contoso Managed Services"',
            },
            ...misplacedKeyFindings(read, [
                ...Object.keys(CUSTOMER_CONFIG_FIELDS),
                ...Object.keys(PARTNER_CONFIG_FIELDS),
            ]),
        ]);
    }
    return partner ? "partner" : "customer";
}

function main(): Record<string, unknown> {
    if (stackKind() === "customer") {
        return { ...customerStack(readCustomerConfig(read)) };
    }
    return { ...(require("./program/partnerStack") as typeof import("./program/partnerStack")).partnerStack(read) };
}

export = main();
