import { z } from "zod";
import { cronProblem } from "../model/cron-schedule.ts";
import { SEVERITIES } from "../model/severity.ts";
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

/** The GitHub alert and deployment listings a `github` source can pull. */
export const GITHUB_STREAMS = ["dependabot", "code-scanning", "secret-scanning", "deployments"] as const;

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
      // Code and secret scanning answer only where they were set up: asked for by name, so a repository without them never fails the pull.
      .default(["dependabot"])
      .describe(
        "Which listings to pull (default: dependabot; add code-scanning and secret-scanning where they run, deployments for a repository's deployments).",
      ),
    environments: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("The deployments stream reads only these environments (default: every environment)."),
    token_env: variableName
      .default("GITHUB_TOKEN")
      .describe("The environment variable holding the token (default GITHUB_TOKEN)."),
  })
  .strict()
  .refine((source) => (source.repository === undefined) !== (source.organization === undefined), {
    message: "give a repository (OWNER/NAME) or an organization, one of the two",
    path: ["repository"],
  })
  // GitHub lists deployments per repository only.
  .refine((source) => source.repository !== undefined || !source.streams.includes("deployments"), {
    message: "the deployments stream reads one repository: give repository (OWNER/NAME)",
    path: ["streams"],
  })
  .refine((source) => source.environments === undefined || source.streams.includes("deployments"), {
    message: "environments choose what the deployments stream reads: add deployments to streams",
    path: ["environments"],
  });

const pagerdutySource = z
  .object({
    ...sourceBase,
    kind: z.literal("pagerduty"),
    token_env: variableName
      .default("PAGERDUTY_TOKEN")
      .describe("The environment variable holding a read-only REST API key (never the key itself)."),
    api_url: z
      .string()
      .url()
      .default("https://api.pagerduty.com")
      .describe("PagerDuty's REST API (EU accounts: https://api.eu.pagerduty.com)."),
    service_ids: z.array(z.string().min(1)).min(1).optional().describe("Only these services' incidents."),
    team_ids: z.array(z.string().min(1)).min(1).optional().describe("Only these teams' incidents."),
    urgencies: z
      .array(z.enum(["high", "low"]))
      .min(1)
      .optional()
      .describe("Only incidents of these urgencies."),
    history_days: z
      .number()
      .int()
      .min(1)
      .default(365)
      .describe("How far back the first (or a --full) pull reads."),
    lookback_days: z
      .number()
      .int()
      .min(0)
      .default(7)
      .describe(
        "How far before the last pull each pull re-reads, for incidents acknowledged or resolved since.",
      ),
    window_days: z
      .number()
      .int()
      .min(1)
      .max(180)
      .default(30)
      .describe(
        "Days per request window: PagerDuty caps a range at 6 months and a listing at 10,000 entries.",
      ),
    severities: z
      .record(z.string().min(1), z.enum(SEVERITIES))
      .optional()
      .describe(
        'Priority names, or "urgency:high" / "urgency:low", to severities (default: P1 critical … P5 info).',
      ),
  })
  .strict();

const securityhubSource = z
  .object({
    ...sourceBase,
    kind: z.literal("securityhub"),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "an AWS region (e.g. eu-west-1)")
      .describe("The region whose Security Hub (or aggregation region) is read."),
    endpoint: z
      .string()
      .url()
      .optional()
      .describe(
        "Another endpoint than securityhub.REGION.amazonaws.com (else AWS_ENDPOINT_URL_SECURITYHUB).",
      ),
    filters: z
      .record(z.string().min(1), z.array(z.record(z.string(), z.unknown())))
      .optional()
      .describe(
        'GetFindings filters, as the API takes them ({"RecordState": [{"Value": "ACTIVE", "Comparison": "EQUALS"}]}).',
      ),
  })
  .strict();

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
    email_env: variableName
      .default("JIRA_EMAIL")
      .describe("The variable holding the Atlassian account's email."),
    token_env: variableName
      .default("JIRA_API_TOKEN")
      .describe("The variable holding its API token (never in this file)."),
  })
  .strict();

/** One kind per way of reading a source; a connector adds its own object to the union. */
export const sourceSchema = z
  .discriminatedUnion("kind", [
    filesSource,
    probeSource,
    githubSource,
    pagerdutySource,
    securityhubSource,
    jiraSource,
  ])
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
