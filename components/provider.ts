// The components as a Pulumi component provider, for programs in Python, C#, Go, YAML or Java: `pulumi package
// add` installs this package (`npm install`, whose `prepare` builds bin/), starts bin/components/providerHost.js,
// asks for the schema and generates an SDK from it. The schema is derived from the TypeScript source by Pulumi's
// analyzer at build time (components/componentSchema.ts), not on every start. Only `CustomerDelegation` and
// `ManagementGroupDelegation` are offered: ProviderAutomationAccount and PartnerAdminLink contain a dynamic resource,
// which cannot run inside a component called from another language (pulumi/pulumi#5455).
import * as fs from "node:fs";
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { CustomerDelegation } from "./customerDelegation";
import { ManagementGroupDelegation } from "./managementGroupDelegation";

/** The schema's package name: type tokens are `lighthouse-pec:index:<Component>`, as in TypeScript programs. */
export const PROVIDER_NAME = "lighthouse-pec";

/** The classes other languages can use. */
export const MULTI_LANGUAGE_COMPONENTS = [CustomerDelegation, ManagementGroupDelegation];

/**
 * The nearest directory at or above `start` that holds a package.json: the package root, whether this module
 * runs from source (`components/`) or compiled (`bin/components/`).
 * @param start the directory to start from (an absolute path)
 */
export function findPackageRoot(start: string): string {
    // Each step goes one directory up, so the loop ends at the file system's root at the latest.
    for (let dir = path.resolve(start); ;) {
        if (fs.existsSync(path.join(dir, "package.json"))) {
            return dir;
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(
                `lighthouse-pec: no package.json in ${start} or any directory above it. Fix: run the component provider from the installed package (bin/components/providerHost.js inside lighthouse-pec).`,
            );
        }
        dir = parent;
    }
}

/** The package root: the analyzer reads its package.json and tsconfig.json and the source they name. */
export const PACKAGE_ROOT = findPackageRoot(__dirname);

/** Options of the component provider, for `componentProviderHost`, the schema build and tests. */
export function providerOptions(): ConstructorParameters<typeof ComponentProvider>[0] {
    return { name: PROVIDER_NAME, dirname: PACKAGE_ROOT, components: MULTI_LANGUAGE_COMPONENTS };
}
