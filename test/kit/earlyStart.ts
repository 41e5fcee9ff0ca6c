// Slow set-up that runs in child processes (a build, an npm install, tsc), started before the first spec so that it
// uses the second core while the specs before the ones that need it run. A spec registers its set-up when it is
// loaded; the root hook (test/kit/rootHooks.ts) starts every registered one; the spec awaits it in its `before`.
// Without the root hook (`mocha --no-config`) the first await starts it.

const registered: Array<() => void> = [];

/**
 * Registers set-up to start early, once per test run.
 * @param start the set-up; it runs once, and every caller of the returned function gets its result (or its error)
 * @returns a function that starts the set-up if it has not started yet, and resolves to its result
 */
export function startEarly<T>(start: () => Promise<T>): () => Promise<T> {
    let running: Promise<T> | undefined;
    const get = () => (running ??= start());
    // Started early, nobody awaits it yet: its failure reaches the spec that does, not the process.
    registered.push(() => void get().catch(() => undefined));
    return get;
}

/** Starts every registered set-up (the root hook, before the first spec). */
export function startRegistered(): void {
    for (const start of registered) start();
}
