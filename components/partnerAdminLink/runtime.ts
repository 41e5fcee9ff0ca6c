// The PartnerAdminLink provider itself: this module's exports are the provider's methods, and the
// module object is the provider instance (see ./provider). Pulumi serializes a module it finds in
// node_modules as a `require`, so the `__provider` in an importer's state is one
// `require("lighthouse-pec/internal/components/partnerAdminLink/runtime.js")` (package.json `exports`),
// and every stack's refresh and destroy depend on these six names: never rename or remove one, and
// export nothing else (the dynamic-provider host would see it; in this repository Pulumi serializes
// every export by value). Data properties, not `export … from` (its getters would be serialized too).
// Stacks made before this module `require` ./check.js, ./diff.js and ./operations.js; those stay.
import { checkLink } from "./check";
import { diffLinkProperties } from "./diff";
import { createLink, refreshLink, removeLink, updateLink } from "./operations";

/** `check(olds, news)`: validates and normalizes the inputs, no network. */
export const check = checkLink;
/** `diff(id, olds, news)`: a new identity replaces, a new partner ID updates; no network. */
export const diff = diffLinkProperties;
/** `create(inputs)`: links the identity to the partner ID (or adopts the link). */
export const create = createLink;
/** `read(id, props)`: the identity's current link (refresh). */
export const read = refreshLink;
/** `update(id, olds, news)`: re-points the link. */
export const update = updateLink;
const remove = removeLink;
/** `delete(id, props)`: removes the link. */
export { remove as delete };
