/** The reports secmetrics writes, and the formats each can be written in. */
export const REPORT_KINDS = ["iteration", "scorecard", "quarterly"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FORMATS = ["md", "html", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
