/** Runs the CLI in-process with captured output. */
import { main } from "../../cli/main";
import type { CliDeps } from "../../cli/io";

/** What a CLI run produced. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `lighthouse-pec ...args` in this process.
 * @param args the arguments after the program name
 * @param options env, TTY flags and injected deps
 */
export async function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; tty?: boolean; deps?: CliDeps } = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(["node", "lighthouse-pec", ...args], {
    out: (t) => (stdout += t), err: (t) => (stderr += t),
    stdoutIsTTY: options.tty ?? false, stderrIsTTY: options.tty ?? false, env: options.env ?? {},
  }, options.deps ?? {});
  return { code, stdout, stderr };
}
