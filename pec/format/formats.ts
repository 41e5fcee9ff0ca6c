/** Output formats of `verify`. */
export const REPORT_FORMATS = ["table", "json", "markdown", "csv", "html"] as const;

/** An output format of `verify`. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];
