import { VerifyResult } from "../report";

/**
 * The report as JSON, exactly the published shape (nothing added).
 * @param result the verification result
 */
export function renderJson(result: VerifyResult): string {
    return `${JSON.stringify(result.report, null, 2)}\n`;
}
