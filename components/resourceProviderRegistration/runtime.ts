// The ResourceProviderRegistration provider itself: this module's exports are the provider's methods, and the
// module object is the provider instance (see ./provider). Installed, the `__provider` in a stack's state is one
// `require("lighthouse-pec/internal/components/resourceProviderRegistration/runtime.js")` (package.json `exports`):
// never rename or remove one of these six names, and export nothing else (as ../partnerAdminLink/runtime.ts).
import { checkRegistration } from "./check";
import { diffRegistration } from "./diff";
import { keepRegistration, readRegistration, registerProvider, updateRegistration } from "./operations";

/** `check(olds, news)`: validates and normalizes the inputs, no network. */
export const check = checkRegistration;
/** `diff(id, olds, news)`: another subscription or namespace replaces; no network. */
export const diff = diffRegistration;
/** `create(inputs)`: registers the provider and waits until "Registered". */
export const create = registerProvider;
/** `read(id, props)`: the current registration state (refresh). */
export const read = readRegistration;
/** `update(id, olds, news)`: registers again with the new settings. */
export const update = updateRegistration;
const remove = keepRegistration;
/** `delete(id, props)`: nothing; a customer's provider is never unregistered. */
export { remove as delete };
