import { renderCsv } from "./csv";
import { renderHtml } from "./html";
import { renderJson } from "./json";
import { renderMarkdown } from "./markdown";
import { renderTable } from "./table";
import { VerifyResult } from "../report";
import type { ReportFormat } from "./formats";

// In their own module so the CLI can list them without loading the renderers.
export { REPORT_FORMATS } from "./formats";
export type { ReportFormat } from "./formats";

/**
 * Renders a verification result.
 * @param result the verification result
 * @param format the output format
 */
export function renderReport(result: VerifyResult, format: ReportFormat): string {
    switch (format) {
        case "json":
            return renderJson(result);
        case "csv":
            return renderCsv(result);
        case "markdown":
            return renderMarkdown(result);
        case "table":
            return renderTable(result);
        case "html":
            return renderHtml(result);
    }
}
