// The plugin's entry point, compiled to bin/components/providerHost.js. Pulumi's Node.js language host runs
// `@pulumi/pulumi/cmd/run-plugin <package directory>`, which loads the package's package.json `main` (this file);
// PulumiPlugin.yaml names it too. It serves the schema computed at build time and prints the port to the engine.
import { main } from "@pulumi/pulumi/provider";
import { componentProviderWithSchema } from "./componentSchema";

void main(componentProviderWithSchema(), process.argv.slice(2));
