import { renderCsv } from "./csv";
import { renderJson } from "./json";
import { renderMarkdown } from "./markdown";
import { renderTable } from "./table";
import { VerifyResult } from "../report";

/** Output formats of `verify`. */
export const REPORT_FORMATS = ["table", "json", "markdown", "csv"] as const;

/** An output format of `verify`. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Renders a verification result.
 * @param result the verification result
 * @param format the output format
 */
export function renderReport(result: VerifyResult, format: ReportFormat): string {
  switch (format) {
    case "json": return renderJson(result);
    case "csv": return renderCsv(result);
    case "markdown": return renderMarkdown(result);
    case "table": return renderTable(result);
  }
}
