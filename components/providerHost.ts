// The plugin's entry point (PulumiPlugin.yaml `main`): serves the component provider to the Pulumi engine.
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { providerOptions } from "./provider";

void componentProviderHost(providerOptions());
