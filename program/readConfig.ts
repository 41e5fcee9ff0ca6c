import * as pulumi from "@pulumi/pulumi";
import { ConfigReader, NAMESPACE } from "./config";

/**
 * Reads `lighthouse-pec:*` config; structured (YAML object/list) values arrive as JSON text and are parsed.
 * It also lists every key of the stack, all namespaces: `pulumi.Config` cannot enumerate, but the engine
 * passes the whole config to the program (env `PULUMI_CONFIG`, read by `pulumi.runtime.allConfig()`).
 */
export function pulumiConfigReader(config = new pulumi.Config(NAMESPACE)): ConfigReader {
    const read: ConfigReader = (key) => {
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
    read.allKeys = () => Object.keys(pulumi.runtime.allConfig());
    read.readQualified = (fullKey) => pulumi.runtime.allConfig()[fullKey];
    read.project = pulumi.getProject();
    // Not in the SDK's typings, but exported by @pulumi/pulumi/runtime/config: the keys `pulumi config set --secret` set.
    const isConfigSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
    read.isSecret = (fullKey) => isConfigSecret?.(fullKey) ?? true;
    return read;
}
