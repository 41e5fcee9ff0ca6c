import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

const NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/**
 * The Chromium (or Chrome) to drive with playwright-core: `CHROMIUM_PATH`, else the first of the usual
 * names on PATH (Debian's package installs /usr/bin/chromium); undefined when there is none.
 * @param env the environment
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const candidates = [
        ...(env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : []),
        ...(env.PATH ?? "/usr/bin")
            .split(delimiter)
            .filter(Boolean)
            .flatMap((dir) => NAMES.map((name) => join(dir, name))),
    ];
    return candidates.find((path) => {
        try {
            accessSync(path, constants.X_OK);
            return true;
        } catch {
            return false;
        }
    });
}
