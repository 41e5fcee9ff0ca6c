import * as pulumi from "@pulumi/pulumi";
import { ConfigReader, NAMESPACE } from "./config";

/** Reads `lighthouse-pec:*` config; structured (YAML object/list) values arrive as JSON text and are parsed. */
export function pulumiConfigReader(config = new pulumi.Config(NAMESPACE)): ConfigReader {
    return (key) => {
        const raw = config.get(key);
        if (raw !== undefined && /^\s*[[{]/.test(raw)) {
            try {
                return JSON.parse(raw);
            } catch {
                return raw;
            }
        }
        return raw;
    };
}
