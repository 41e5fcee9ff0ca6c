// Mocha root hooks (.mocharc.json `require`): once per `npm test` or `npm run test:unit`, before the first spec.
// Builds once per run: bin/ when it is older than the source (every spec that runs compiled code or reads the
// shipped schema reuses it); and starts, in the background, the set-up the loaded specs registered with
// test/kit/earlyStart.ts (the packed library, the consumer project): its child processes use the second core while
// the specs before the ones that need it run.
import type { Context } from "mocha";
import { ensureBuilt } from "./builtOutput";
import { startRegistered } from "./earlyStart";

/** The root hook plugin mocha reads from a required module. */
export const mochaHooks = {
    async beforeAll(this: Context): Promise<void> {
        // A stale bin/ is rebuilt here: minutes under load.
        this.timeout(600_000);
        startRegistered();
        await ensureBuilt();
    },
};
