// The components as a Pulumi component provider, for programs in Python, C#, Go, YAML or Java: `pulumi package
// add` starts this package (PulumiPlugin.yaml → components/providerHost.ts), asks for the schema, which Pulumi's
// analyzer derives from the TypeScript source, and generates an SDK from it. Only `CustomerDelegation` and
// `ManagementGroupDelegation` are offered: ProviderAutomationAccount and PartnerAdminLink contain a dynamic resource, which cannot run inside
// a component called from another language (pulumi/pulumi#5455).
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { CustomerDelegation } from "./customerDelegation";
import { ManagementGroupDelegation } from "./managementGroupDelegation";

/** The schema's package name: type tokens are `lighthouse-pec:index:<Component>`, as in TypeScript programs. */
export const PROVIDER_NAME = "lighthouse-pec";

/** The classes other languages can use. */
export const MULTI_LANGUAGE_COMPONENTS = [CustomerDelegation, ManagementGroupDelegation];

/** The repository root: the analyzer reads its package.json and tsconfig.json and the source they name. */
export const PACKAGE_ROOT = path.resolve(__dirname, "..");

/** Options of the component provider, for `componentProviderHost` and for tests. */
export function providerOptions(): ConstructorParameters<typeof ComponentProvider>[0] {
    return { name: PROVIDER_NAME, dirname: PACKAGE_ROOT, components: MULTI_LANGUAGE_COMPONENTS };
}
