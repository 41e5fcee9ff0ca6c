import Module = require("node:module");
import * as path from "node:path";

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename };

/** The package's public entry, as source: what `require("lighthouse-pec")` means inside the tests. */
export const PACKAGE_SOURCE_ENTRY = path.resolve(__dirname, "..", "..", "components", "index.ts");

/**
 * Makes `require(packageName)` resolve to `entry` (a TypeScript source, run through ts-node), so the
 * examples import the library by its published name exactly as a consumer's program does. Returns a
 * function that removes the hook. Idempotent per package name while installed.
 * @param packageName the bare specifier to redirect, e.g. "lighthouse-pec"
 * @param entry the file it resolves to
 */
export function resolvePackageToSource(packageName = "lighthouse-pec", entry = PACKAGE_SOURCE_ENTRY): () => void {
    const original = moduleInternals._resolveFilename;
    const hooked: ResolveFilename = function (this: unknown, request, parent, isMain, options) {
        if (request === packageName) {
            return entry;
        }
        return original.call(this, request, parent, isMain, options);
    };
    moduleInternals._resolveFilename = hooked;
    return () => {
        if (moduleInternals._resolveFilename === hooked) {
            moduleInternals._resolveFilename = original;
        }
    };
}
