// Mocha's fixtures (.mocharc.json `require`). The specs run in parallel worker processes (.mocharc.json `parallel`):
// - `mochaGlobalSetup` runs once per `npm test` or `npm run test:unit`, in the main process, before any worker starts:
//   it builds bin/ when it is older than the source (every spec that runs compiled code or reads the shipped schema
//   reuses it), so that no two workers build at once.
// - the root hooks run in each worker before each spec file (before the whole run when mocha runs serially, as with
//   `--no-parallel`): they start, in the background, the slow set-up that the loaded specs registered with
//   test/kit/earlyStart.ts (the packed library, the consumer project, the analyzer), so its child processes run while
//   the spec's first hooks do their own work.
import type { Context } from "mocha";
import { ensureBuilt } from "./builtOutput";
import { startRegistered } from "./earlyStart";

/** Builds bin/ once per run, when stale: minutes under load, so no spec's time limit applies. */
export async function mochaGlobalSetup(): Promise<void> {
    await ensureBuilt();
}

/** The root hook plugin mocha reads from a required module. */
export const mochaHooks = {
    async beforeAll(this: Context): Promise<void> {
        this.timeout(600_000);
        startRegistered();
        // Already done by the global setup; this only checks bin/ again (runs without it: `mocha --no-config -r`).
        await ensureBuilt();
    },
};
