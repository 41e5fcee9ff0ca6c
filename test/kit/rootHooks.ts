// Mocha root hooks (.mocharc.json `require`): once per `npm test` or `npm run test:unit`, before the first spec.
// Builds once per run: bin/ when it is older than the source (every spec that runs compiled code or reads the
// shipped schema reuses it), and, in the background, the packed library when a loaded spec wants it (its child
// processes use the second core while the specs before it run).
import type { Context } from "mocha";
import { ensureBuilt } from "./builtOutput";
import { startWantedWork } from "./consumerProject";

/** The root hook plugin mocha reads from a required module. */
export const mochaHooks = {
    async beforeAll(this: Context): Promise<void> {
        // A stale bin/ is rebuilt here: minutes under load.
        this.timeout(600_000);
        startWantedWork();
        await ensureBuilt();
    },
};
