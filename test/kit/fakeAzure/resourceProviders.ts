import type { FakeAzure, RouteContext, RouteResult } from "./server";

/**
 * Resource provider registration for the fake Azure (Microsoft.Resources 2021-04-01):
 * `POST /subscriptions/{id}/providers/{namespace}/register` and `GET /subscriptions/{id}/providers/{namespace}`,
 * answering the provider object with `registrationState`. A registration becomes "Registered" after
 * `readsUntilRegistered` reads (Azure takes a minute or two; the state is "Registering" meanwhile).
 */
export class ResourceProviderState {
    /** Known subscriptions (others answer 404 SubscriptionNotFound). */
    readonly subscriptions = new Set<string>();
    /** Callers (object IDs) without `register/action` (answered 403 AuthorizationFailed). */
    readonly forbidden = new Set<string>();
    /** Reads in "Registering" before the state flips to "Registered" (0: registered at once). */
    readsUntilRegistered = 2;
    private readonly states = new Map<string, { state: string; readsLeft: number }>();

    /** The registration state of a namespace in a subscription ("NotRegistered" when never registered). */
    stateOf(subscriptionId: string, namespace: string): string {
        return this.states.get(key(subscriptionId, namespace))?.state ?? "NotRegistered";
    }

    /** Sets a state directly (a provider registered out of band). */
    set(subscriptionId: string, namespace: string, state: string): void {
        this.states.set(key(subscriptionId, namespace), { state, readsLeft: 0 });
    }

    /** Starts a registration (idempotent when registered). */
    register(subscriptionId: string, namespace: string): string {
        const k = key(subscriptionId, namespace);
        if (this.states.get(k)?.state !== "Registered") {
            const done = this.readsUntilRegistered <= 0;
            this.states.set(k, { state: done ? "Registered" : "Registering", readsLeft: this.readsUntilRegistered });
        }
        return this.stateOf(subscriptionId, namespace);
    }

    /** A read: advances a registration in progress. */
    read(subscriptionId: string, namespace: string): string {
        const entry = this.states.get(key(subscriptionId, namespace));
        if (entry?.state === "Registering" && --entry.readsLeft <= 0) {
            entry.state = "Registered";
        }
        return this.stateOf(subscriptionId, namespace);
    }
}

const key = (subscriptionId: string, namespace: string) => `${subscriptionId}|${namespace}`.toLowerCase();

/** Registers the routes on the fake and returns their state. */
export function addResourceProviderRoutes(fake: FakeAzure): ResourceProviderState {
    const state = new ResourceProviderState();
    const handle =
        (action: "register" | "read") =>
        (ctx: RouteContext): RouteResult => {
            const [, subscriptionId, namespace] = ctx.match;
            if (!ctx.caller) {
                return {
                    status: 401,
                    body: fake.armError("InvalidAuthenticationToken", "The access token is missing or invalid."),
                };
            }
            if (ctx.query.get("api-version") !== "2021-04-01") {
                return {
                    status: 400,
                    body: fake.armError("InvalidApiVersionParameter", "expected api-version 2021-04-01"),
                };
            }
            if (![...state.subscriptions].some((s) => s.toLowerCase() === subscriptionId.toLowerCase())) {
                return {
                    status: 404,
                    body: fake.armError(
                        "SubscriptionNotFound",
                        `The subscription '${subscriptionId}' could not be found.`,
                    ),
                };
            }
            if (action === "register" && state.forbidden.has(ctx.caller.objectId)) {
                return {
                    status: 403,
                    body: fake.armError(
                        "AuthorizationFailed",
                        `The client '${ctx.caller.objectId}' does not have authorization to perform action '${namespace}/register/action' over scope '/subscriptions/${subscriptionId}'.`,
                    ),
                };
            }
            const registrationState =
                action === "register"
                    ? state.register(subscriptionId, namespace)
                    : state.read(subscriptionId, namespace);
            return {
                status: 200,
                body: {
                    id: `/subscriptions/${subscriptionId}/providers/${namespace}`,
                    namespace,
                    registrationState,
                    registrationPolicy: "RegistrationRequired",
                    resourceTypes: [],
                },
            };
        };
    fake.route("POST", /^\/subscriptions\/([^/]+)\/providers\/([^/]+)\/register$/i, handle("register"));
    fake.route("GET", /^\/subscriptions\/([^/]+)\/providers\/([^/]+)$/i, handle("read"));
    return state;
}
