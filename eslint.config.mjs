// ESLint flat config: typescript-eslint's type-checked recommended rules plus Pulumi's Output-misuse rules,
// both of which need type information (projectService).
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
    { ignores: ["node_modules/", "bin/", "examples/*/node_modules/", ".bench-data/", "**/*.js", "**/*.mjs"] },
    ...tseslint.configs.recommendedTypeChecked,
    {
        files: ["**/*.ts"],
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        plugins: { pulumi },
        rules: {
            "pulumi/no-output-in-template-literal": "error",
            "pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            "@typescript-eslint/no-require-imports": "off",
            // Dynamic-provider methods and fakes of async APIs are async by interface; async keeps a throw a rejection.
            "@typescript-eslint/require-await": "off",
        },
    },
);
