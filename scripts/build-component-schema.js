// `npm run build`, after tsc: Pulumi's analyzer derives the component provider's schema from the TypeScript source
// once, into bin/components/componentSchema.json, which the plugin serves (components/componentSchema.ts).
const { writeComponentSchema } = require("../bin/components/componentSchema");

writeComponentSchema().catch((err) => {
    console.error(`build-component-schema: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
});
