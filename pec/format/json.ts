import { escapeJsonControls } from "./cells";
import { VerifyResult } from "../report";

/**
 * The report as JSON, exactly the published shape (nothing added). Names are data: a control or bidi
 * character in one is written as a `\uXXXX` escape (the same string once parsed), never raw to a terminal.
 * @param result the verification result
 */
export function renderJson(result: VerifyResult): string {
    return `${escapeJsonControls(JSON.stringify(result.report, null, 2))}\n`;
}
