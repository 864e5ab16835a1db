import { z } from "zod";
import { cronProblem } from "../model/cron-schedule.ts";
import { isValidZone } from "../model/time.ts";

/**
 * What every scheduled source has, whatever it reads. The schedule is checked
 * on the whole entry (`checkSchedule`) so its error names the source.
 */
const sourceBase = {
  name: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' and '-' only")
    .describe("How `secmetrics sources run NAME`, the run history and the logs name the source."),
  schedule: z
    .string()
    .min(1)
    .describe(
      'Cron schedule, 5 fields: minute hour day-of-month month day-of-week ("0 6 * * *": 06:00 daily).',
    ),
  timezone: z
    .string()
    .refine(isValidZone, { message: "not an IANA time zone (e.g. Europe/Berlin)" })
    .optional()
    .describe("IANA zone the schedule is read in (default UTC)."),
  enabled: z
    .boolean()
    .default(true)
    .describe("false: listed, never run on schedule (`sources run NAME` still runs it)."),
  catch_up: z
    .boolean()
    .default(true)
    .describe(
      "true: a server starting after a scheduled instant it was down for runs the source once, for the latest such instant.",
    ),
};

const filesSource = z
  .object({
    ...sourceBase,
    kind: z.literal("files"),
    path: z
      .string()
      .min(1)
      .describe(
        "A file, a folder (every file below it) or a glob (`*` and `?` within a name, `**` any folders: reports/**/*.sarif).",
      ),
    format: z
      .string()
      .min(1)
      .optional()
      .describe("The importer id, as `import --format` takes it (default: detected from each file)."),
  })
  .strict();

const probeSource = z
  .object({
    ...sourceBase,
    kind: z.literal("probe"),
    probe: z
      .enum(["headers", "tls"])
      .optional()
      .describe("Which probe, as `secmetrics probe headers|tls` (default: both)."),
    targets: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("URLs (headers) or HOST:PORT endpoints (tls) (default: probes.urls and probes.endpoints)."),
  })
  .strict()
  .refine((source) => source.targets === undefined || source.probe !== undefined, {
    message: "targets need a probe (headers or tls): URLs and endpoints are not interchangeable",
    path: ["targets"],
  });

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable's name: A-Z, 0-9 and _");

const jiraSource = z
  .object({
    ...sourceBase,
    kind: z.literal("jira"),
    site: z.url().describe("The Jira Cloud site, e.g. https://example.atlassian.net."),
    jql: z
      .string()
      .min(1)
      .describe(
        'Selects the incident issues, e.g. project = SEC AND issuetype in ("Incident", "Security Incident"); each pull adds its own updated bound and order.',
      ),
    email_env: envName.default("JIRA_EMAIL").describe("The variable holding the Atlassian account's email."),
    token_env: envName
      .default("JIRA_API_TOKEN")
      .describe("The variable holding its API token (never in this file)."),
  })
  .strict();

/** One kind per way of reading a source; a connector adds its own object to the union. */
export const sourceSchema = z
  .discriminatedUnion("kind", [filesSource, probeSource, jiraSource])
  .superRefine(checkSchedule);

function checkSchedule(source: { name: string; schedule: string }, ctx: z.RefinementCtx): void {
  const problem = cronProblem(source.schedule);
  if (problem)
    ctx.addIssue({ code: "custom", path: ["schedule"], message: `source ${source.name}: ${problem}` });
}

export const sourcesSchema = z
  .array(sourceSchema)
  .default([])
  .refine((sources) => new Set(sources.map((s) => s.name)).size === sources.length, {
    message: "two sources share a name: each run is recorded under its source's name",
  })
  .describe("Sources `secmetrics serve` reads on a schedule, and `secmetrics sources run` reads now.");

export type SourceConfig = z.output<typeof sourceSchema>;
export type SourceKind = SourceConfig["kind"];
