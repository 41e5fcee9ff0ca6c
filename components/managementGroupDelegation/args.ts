// The component's argument types, generated from the delegation schema (core/validation/delegationSchema.ts) into
// args.generated.ts by scripts/generate-model.ts, like CustomerDelegation's (components/customerDelegation/args.ts):
// Pulumi's schema analyzer (components/provider.ts) reads only declared members of named interfaces.
export * from "./args.generated";
