// npm, run by the same Node as the tests (no PATH or shell involved), for the kit's builds, packs and installs.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** npm's CLI entry, run by the same Node as the tests (no PATH or shell involved). */
export function npmCli(): string {
    const candidates = [
        process.env.npm_execpath,
        path.join(path.dirname(process.execPath), "../lib/node_modules/npm/bin/npm-cli.js"),
    ].filter((p): p is string => !!p && p.endsWith(".js"));
    const found = candidates.find((p) => fs.existsSync(p));
    if (!found) {
        throw new Error(`test kit: npm-cli.js not found (looked at ${candidates.join(", ")})`);
    }
    return found;
}

/**
 * Runs npm with the given arguments in `cwd`; output is returned, failures carry npm's stderr.
 * @param cwd working directory
 * @param args npm arguments
 * @param timeoutMs kill npm after this long
 */
export async function npm(cwd: string, args: string[], timeoutMs = 120_000): Promise<string> {
    try {
        const { stdout } = await run(process.execPath, [npmCli(), ...args], {
            cwd,
            timeout: timeoutMs,
            maxBuffer: 64 * 1024 * 1024,
            env: {
                ...process.env,
                npm_config_update_notifier: "false",
                npm_config_fund: "false",
                npm_config_audit: "false",
            },
        });
        return stdout;
    } catch (err) {
        // tsc reports on stdout, npm on stderr: both tails.
        const e = err as { stdout?: string; stderr?: string; message: string };
        throw new Error(
            `npm ${args.join(" ")} in ${cwd} failed: ${e.message}\n${(e.stdout ?? "").slice(-4000)}${(e.stderr ?? "").slice(-4000)}`,
        );
    }
}
