// For `npm run bench:startup -- --before` only: the plugin as it started before issue 20, from the TypeScript source
// (run-plugin type-checks it with ts-node), with the schema derived by Pulumi's analyzer on the first GetSchema.
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { providerOptions } from "../components/provider";

void componentProviderHost(providerOptions());
