import { createHash } from "node:crypto";

/** The fixed namespace ARM's template `guid()` function hashes its arguments into. */
const ARM_GUID_NAMESPACE = "11fb06fb-712d-4ddd-98c7-e71bbd588830";

function uuidToBytes(uuid: string): Buffer {
    return Buffer.from(uuid.replace(/-/g, ""), "hex");
}

function bytesToUuid(bytes: Buffer): string {
    const hex = bytes.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The ARM template function `guid(part1, part2, ...)`: a name-based (version 5, SHA-1) UUID of the
 * arguments joined with `-`, in ARM's fixed namespace. Deterministic, so a Pulumi stack and an ARM
 * template that use the same inputs name their resources identically.
 *
 * @example armGuid("Relecloud Managed Services") === "a284898a-fc04-581d-aca0-047861d06160"
 * @param parts the template function's arguments, in order; at least one.
 */
export function armGuid(...parts: string[]): string {
    if (parts.length === 0) {
        throw new Error("armGuid needs at least one argument, as ARM's guid() does.");
    }
    const hash = createHash("sha1")
        .update(uuidToBytes(ARM_GUID_NAMESPACE))
        .update(Buffer.from(parts.join("-"), "utf8"))
        .digest();
    const bytes = hash.subarray(0, 16);
    bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    return bytesToUuid(bytes);
}
