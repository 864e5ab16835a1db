import { z } from "zod";
import { RECENT_SOURCE_RUNS } from "../app/import-history.ts";
import { IMPORTERS } from "../importers/registry.ts";
import { SecmetricsError } from "../model/errors.ts";
import { REPORT_KINDS } from "../report/report-kinds.ts";

/**
 * The request schemas of the API: the handlers validate with them and the
 * OpenAPI document is generated from them, so the two cannot disagree.
 */
export const periodParam = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .describe(
    "2026-09 (month), 2026-Q3 (quarter), 2026-W41 (ISO week) or an iteration name; default: last complete month",
  );

export const kpisQuery = z.object({ period: periodParam });

export const metricPath = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9_]{1,64}$/)
    .describe("A metric id from the catalog, e.g. mttd"),
});
export const metricQuery = z.object({
  period: periodParam,
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(1000)
    .describe("Most records returned (the response says when the list was cut)"),
});

export const reportPath = z.object({ kind: z.enum(REPORT_KINDS).describe("Which report") });
export const REPORT_FORMATS = ["json", "md", "html"] as const;
export const reportQuery = z.object({
  period: periodParam,
  format: z
    .enum(REPORT_FORMATS)
    .default("json")
    .describe("json: the report model; md and html as the CLI writes them"),
});

export const metricsQuery = z.object({ period: periodParam });

export const importQuery = z.object({
  format: z
    .enum(["auto", ...IMPORTERS.map((i) => i.id)] as [string, ...string[]])
    .default("auto")
    .describe("Input format; auto detects it from the content"),
  name: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("File name kept as provenance for a raw body (multipart uploads carry their own)"),
  feed: z.string().min(1).max(100).optional().describe("Identity namespace of the records"),
  skip_invalid: z
    .enum(["true", "false"])
    .default("false")
    .describe("true: import the valid rows and report the invalid ones"),
  allow_empty: z
    .enum(["true", "false"])
    .default("false")
    .describe("true: record a file that yields no record (a source that reported nothing)"),
  strict: z
    .enum(["true", "false"])
    .default("false")
    .describe("true: refuse a log with any unreadable line instead of leaving it out"),
  target: z.string().min(1).max(500).optional().describe("What a scan was of, when the file does not say"),
  scanned_at: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("When a scan ran (ISO 8601), when the file does not say"),
  covers_until: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe(
      "The file holds every record up to this instant (ISO 8601): a quiet stretch before it is not staleness",
    ),
  year: z.coerce
    .number()
    .int()
    .min(1970)
    .max(9999)
    .optional()
    .describe("Year of log timestamps that carry none"),
});

export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    problems: z
      .array(z.string())
      .optional()
      .describe("file:line: reason, one per rejected row: the first 100 (problem_count counts them all)"),
    problem_count: z.number().int().optional().describe("How many rows were rejected in all"),
  }),
});

export const importResponse = z.object({
  status: z.enum(["imported", "unchanged"]),
  format: z.string(),
  import: z.object({
    id: z.number().int(),
    file_name: z.string(),
    sha256: z.string(),
    imported_at: z.string(),
    records: z.number().int(),
    skipped: z.number().int(),
  }),
  skipped_rows: z
    .array(z.string())
    .describe("file:line: reason of rows left out with skip_invalid=true: the first 100"),
  skipped_count: z.number().int().describe("How many rows were left out with skip_invalid=true in all"),
  unreadable_lines: z
    .array(z.string())
    .describe("file:line: reason of log lines the importer could not read and left out: the first 100"),
  unreadable_count: z.number().int().describe("How many log lines were unreadable and left out in all"),
  left_out: z
    .array(z.string())
    .describe(
      "file:line: reason of entries read well and left out as being of another kind than the format's records (ASFF findings that are not current control checks): the first 100",
    ),
  left_out_count: z.number().int().describe("How many entries were left out as of another kind in all"),
});

const sourceRun = z.object({
  id: z.number().int(),
  source: z.string().describe("The configured source's name"),
  due_at: z
    .string()
    .nullable()
    .describe("The scheduled instant it ran for; null for `secmetrics sources run`"),
  started_at: z.string(),
  finished_at: z.string().nullable().describe("null while it runs"),
  outcome: z.enum(["ok", "failed", "skipped_busy"]).nullable().describe("null while it runs"),
  imported: z.number().int().describe("Inputs imported"),
  unchanged: z.number().int().describe("Inputs imported before with the same content"),
  records: z.number().int().describe("Records the imported inputs held"),
  error: z.string().nullable().describe("Why it failed: each input it could not take, `name: reason`"),
});

export const importHistoryResponse = z.object({
  imports: z
    .array(
      z.object({
        id: z.number().int(),
        format: z.string(),
        feed: z.string(),
        file_name: z.string(),
        sha256: z.string(),
        imported_at: z.string(),
        records: z.number().int(),
        skipped: z.number().int(),
        options: z.record(z.string(), z.unknown()).nullable(),
      }),
    )
    .describe("Every import, as `secmetrics imports --format json`"),
  source_runs: z
    .array(sourceRun)
    .describe(`The latest ${RECENT_SOURCE_RUNS} runs of the scheduled sources, the latest first`),
});

/** Parses query or path values; a bad value is the user's error (400), said in words. */
export function parseRequest<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new SecmetricsError(
    "invalid_argument",
    result.error.issues.map((issue) => `${issue.path.join(".") || "request"}: ${issue.message}`).join("; "),
  );
}
