import { escapeControls } from "../pec/format/cells";
import { CliIo } from "./io";

/**
 * Progress on standard error for a terminal: one line, rewritten at most every 200 ms.
 * @param io where to write
 * @param now clock (tests)
 */
export function progressReporter(
    io: CliIo,
    now: () => number = Date.now,
): { update: (lines: number, current: string) => void; done: () => void } {
    let last = 0;
    let shown = false;
    return {
        update(lines, current) {
            const t = now();
            if (t - last < 200) return;
            last = t;
            shown = true;
            // The file, blob or page name is data: its control characters are shown, not sent to the terminal.
            io.err(`\r\x1b[K${lines.toLocaleString("en-US")} lines read — ${escapeControls(current)}`);
        },
        done() {
            if (shown) io.err("\r\x1b[K");
        },
    };
}
