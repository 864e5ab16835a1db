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

/** The GitHub alert and deployment listings a `github` source can pull. */
export const GITHUB_STREAMS = ["dependabot", "code-scanning"] as const;

/** The name of an environment variable, never its value: credentials stay out of the config. */
const variableName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    "an environment variable's name (the token itself never goes in the config)",
  );

const githubSource = z
  .object({
    ...sourceBase,
    kind: z.literal("github"),
    repository: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, "OWNER/NAME")
      .optional()
      .describe("One repository's alerts, OWNER/NAME."),
    organization: z
      .string()
      .regex(/^[\w.-]+$/, "an organization's login")
      .optional()
      .describe("Every repository's alerts of an organization, through its org-wide endpoints."),
    streams: z
      .array(z.enum(GITHUB_STREAMS))
      .min(1)
      .default([...GITHUB_STREAMS])
      .describe("Which listings to pull (default: all)."),
    token_env: variableName
      .default("GITHUB_TOKEN")
      .describe("The environment variable holding the token (default GITHUB_TOKEN)."),
  })
  .strict()
  .refine((source) => (source.repository === undefined) !== (source.organization === undefined), {
    message: "give a repository (OWNER/NAME) or an organization, one of the two",
    path: ["repository"],
  });

/** One kind per way of reading a source; a connector adds its own object to the union. */
export const sourceSchema = z
  .discriminatedUnion("kind", [filesSource, probeSource, githubSource])
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
