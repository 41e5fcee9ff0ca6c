import { promises as fs } from "node:fs";
import { basename, join } from "node:path";
import { InputError } from "../../core/errors";

/** The name the Graph usage export's manifest is saved under next to its blobs. */
export const MANIFEST_NAME = /^manifest\.json$/i;

/** A manifest larger than this is not a Graph export manifest (those list a few hundred blobs). */
const MAX_MANIFEST_BYTES = 1024 * 1024;

/**
 * What a `manifest.json` found in an `--input` folder is, and whether the folder is complete.
 * A Microsoft Graph billing export manifest (`dataFormat` and a `blobs` list) is read: every blob it
 * lists must be in the folder (by file name), else the usage is incomplete and the totals would be
 * wrong — that is an error naming the missing blobs. Any other `manifest.json` is not usage data:
 * it is skipped with a warning naming it, instead of aborting the run.
 * @param dir the folder
 * @param names the file names in the folder
 * @param name the manifest's file name
 * @returns a warning to show, or undefined when it is a complete Graph manifest
 */
export async function checkManifest(dir: string, names: readonly string[], name: string): Promise<string | undefined> {
    const path = join(dir, name);
    const skipped = `${path}: skipped, not a Microsoft Graph usage export manifest and not usage data`;
    let manifest: unknown;
    try {
        const stat = await fs.stat(path);
        if (stat.size > MAX_MANIFEST_BYTES) return skipped;
        manifest = JSON.parse(await fs.readFile(path, "utf8"));
    } catch {
        return skipped;
    }
    const blobs = graphBlobNames(manifest);
    if (blobs === undefined) return skipped;
    const present = new Set(names);
    const missing = blobs.filter((b) => !present.has(basename(b)));
    if (missing.length > 0) {
        const list =
            missing
                .slice(0, 5)
                .map((b) => basename(b))
                .join(", ") + (missing.length > 5 ? `, … (${missing.length} in all)` : "");
        throw new InputError(
            `lists ${blobs.length} blob(s) of the Graph usage export, ${missing.length} of them not in the folder: ${list}`,
            { source: path },
            "The download is incomplete and the totals would be too low: download the missing blobs, or remove manifest.json to read only the files present",
        );
    }
    return undefined;
}

/** The blob names of a Graph billing export manifest, or undefined when `m` is not one. */
function graphBlobNames(m: unknown): string[] | undefined {
    if (m === null || typeof m !== "object" || Array.isArray(m)) return undefined;
    const { blobs, dataFormat } = m as { blobs?: unknown; dataFormat?: unknown };
    if (typeof dataFormat !== "string" || !Array.isArray(blobs)) return undefined;
    const names = blobs.map((b) => (b !== null && typeof b === "object" ? (b as { name?: unknown }).name : undefined));
    return names.every((n): n is string => typeof n === "string" && n !== "") ? names : undefined;
}
