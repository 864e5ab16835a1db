import { z } from "zod";
import { CHECK_SEVERITIES } from "../model/check-severity.ts";
import { LAGS } from "../model/dependency-lag.ts";
import { CATEGORIES } from "../model/metric-definition.ts";
import { NOTIFICATION_EVENT_KINDS } from "../model/notification-event-kinds.ts";
import { SEVERITIES } from "../model/severity.ts";
import { isValidZone, parseDurationSeconds } from "../model/time.ts";
import { TLS_VERSIONS } from "../model/tls-protocol.ts";
import { DEFAULT_MIN_PROPORTION_COUNT } from "../trends/index.ts";
import { assessmentsSchema } from "./assessments.ts";
import { duration } from "./duration.ts";
import { externalIncidentsSchema } from "./external-incidents.ts";
import { governanceSchema } from "./governance.ts";
import { headerOverridesSchema } from "./header-overrides.ts";
import { jiraMappingSchema } from "./jira.ts";
import { keyManagementSchema } from "./key-management.ts";
import { maturitySchema } from "./maturity.ts";
import { monitorHealthSchema } from "./monitor-health.ts";
import { publicPostmortemsSchema } from "./public-postmortems.ts";
import { sourcesSchema } from "./sources.ts";
import { tabletopsSchema } from "./tabletops.ts";

/**
 * HackerOne's standard response targets in calendar time (its own are
 * business days: 1 to first response, 2 to triage, 14 to bounty); a
 * resolution within 30 days.
 */
export const DEFAULT_BOUNTY_TARGETS = {
  first_response: 86_400,
  triage: 2 * 86_400,
  bounty: 14 * 86_400,
  resolution: 30 * 86_400,
};

/** 30 days: a monthly review sees a target that missed a whole month of scans. */
export const DEFAULT_RETIRE_AFTER_SECONDS = 30 * 86_400;

const TARGET_TEXT = /^(<=|>=|==|<|>)\s*(\S+)$/;

const target = z
  .union([
    z.string(),
    z.object({ op: z.enum(["<", "<=", "==", ">=", ">"]), value: z.union([z.number(), z.string()]) }),
    z.null(),
  ])
  .describe('A target such as "< 5m", ">= 95", "== 0", or {op, value}; null removes the built-in target.')
  .transform((value, ctx) => {
    if (value === null) return null;
    const [op, raw] =
      typeof value === "string" ? (TARGET_TEXT.exec(value.trim())?.slice(1) ?? []) : [value.op, value.value];
    const number = raw === undefined ? undefined : parseDurationSeconds(raw);
    if (!op || number === undefined) {
      ctx.addIssue({
        code: "custom",
        message: `"${JSON.stringify(value)}" is not a target (e.g. "< 5m", ">= 95")`,
      });
      return z.NEVER;
    }
    return { op: op as "<" | "<=" | "==" | ">=" | ">", value: number };
  });

const metricOverride = z
  .object({
    owner: z.string().min(1).optional().describe("Person or team accountable for the metric."),
    target: target.optional(),
    cadence: duration
      .optional()
      .describe(
        "The longest the metric's data may go without a record before the metric is stale (default 28d; 7d for alerts and probes).",
      ),
    hidden: z
      .boolean()
      .optional()
      .describe(
        "Leave the metric out of reports. `catalog lint` flags it: metrics are not hidden from leadership.",
      ),
    manual_only: z
      .boolean()
      .optional()
      .describe("The value is typed in by hand. `catalog lint` flags it: no manual-only reporting."),
  })
  .strict();

const severityDurationShape = Object.fromEntries(
  SEVERITIES.map((severity) => [severity, duration.optional()]),
) as Record<(typeof SEVERITIES)[number], z.ZodOptional<typeof duration>>;

const severityDurations = z.object(severityDurationShape).strict();

/** A glob (`*`, `?`) or a `/regular expression/`, checked when the config is read. */
const targetPattern = z.string().min(1).refine(isValidTargetPattern, { message: "not a valid /regex/" });

function isValidTargetPattern(pattern: string): boolean {
  if (!(pattern.length > 1 && pattern.startsWith("/") && pattern.endsWith("/"))) return true;
  try {
    new RegExp(pattern.slice(1, -1));
    return true;
  } catch {
    return false;
  }
}

const checkTier = z
  .number()
  .int()
  .min(0)
  .max(9)
  .describe("0 the most critical; Tier 0 and 1 checks are the baseline.");

const webhook = z
  .object({
    name: z.string().min(1).describe("How logs and `secmetrics notify` name the webhook; never its URL."),
    url: z
      .string()
      .url()
      .describe("Where events are POSTed: a Slack incoming webhook URL or your own endpoint."),
    format: z
      .enum(["slack", "json"])
      .describe("slack: {text, blocks} for Slack incoming webhooks; json: the event, signed."),
    secret_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "not an environment variable name")
      .optional()
      .describe(
        "Name of the environment variable holding the HMAC-SHA256 secret (required for json); the secret never goes in this file.",
      ),
    events: z
      .array(z.enum(NOTIFICATION_EVENT_KINDS))
      .min(1)
      .describe("The event kinds sent to this webhook."),
    min_severity: z
      .enum(SEVERITIES)
      .optional()
      .describe("Only events of this severity or worse (default: every severity)."),
  })
  .strict()
  .refine((hook) => hook.format !== "json" || hook.secret_env !== undefined, {
    message: "a json webhook needs secret_env: its payloads are signed",
    path: ["secret_env"],
  });

const dependencyLag = z.enum(LAGS).default("none");

export const configSchema = z
  .object({
    organisation: z.string().default("Your organisation").describe("Shown in report titles."),
    timezone: z
      .string()
      .default("UTC")
      .refine(isValidZone, { message: "not an IANA time zone (e.g. Europe/Berlin)" })
      .describe(
        "Periods and timestamps without an offset are read in this IANA zone, and dates are shown in it.",
      ),
    history: z.number().int().min(1).max(36).default(6).describe("How many previous periods trends look at."),
    significance: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.05)
      .describe("Significance level of the Mann-Kendall trend test."),
    min_proportion_count: z
      .number()
      .int()
      .min(1)
      .default(DEFAULT_MIN_PROPORTION_COUNT)
      .describe('A percentage of fewer items than this gets no trend verdict ("too few to judge: 1 of 7").'),
    categories: z
      .object(
        Object.fromEntries(
          CATEGORIES.map((category) => [
            category,
            z
              .object({ owner: z.string().min(1).optional() })
              .strict()
              .optional(),
          ]),
        ),
      )
      .strict()
      .default({})
      .describe("Owner of every metric of a category, unless the metric names its own."),
    metrics: z.record(z.string(), metricOverride).default({}).describe("Per-metric overrides, by metric id."),
    incident_sla: severityDurations
      .default({})
      .describe(
        "Recovery SLA per incident severity (defaults: critical 4h, high 24h, medium 72h, low 7d, info 30d).",
      ),
    vulnerability_sla: z
      .object({
        ...severityDurationShape,
        groups: z
          .array(
            z
              .object({
                name: z.string().min(1).describe("Product or team the group stands for."),
                targets: z
                  .array(targetPattern)
                  .min(1)
                  .describe(
                    'Scan targets of the group: globs ("registry.example.com/payments-*") or /regex/.',
                  ),
                ...severityDurationShape,
              })
              .strict(),
          )
          .optional()
          .describe("Per product or team: the first group with a pattern matching the scan target wins."),
      })
      .strict()
      .default({})
      .describe(
        "Time to fix a finding per severity (defaults: critical 7d, high 30d, medium 90d, low 120d, info none); due dates are frozen when a finding is first seen.",
      ),
    iterations: z
      .array(
        z
          .object({
            name: z.string().min(1),
            start: z.string().describe("ISO date, inclusive."),
            end: z.string().describe("ISO date, exclusive."),
          })
          .strict(),
      )
      .default([])
      .describe("Named iterations usable as periods, in order."),
    orphan_after_days: z
      .number()
      .int()
      .positive()
      .default(90)
      .describe("orphaned_accounts: an active account unused for more days than this is orphaned."),
    max_token_age_days: z
      .number()
      .int()
      .positive()
      .default(90)
      .describe("token_expiry_compliance: the longest a token or key may live since creation or rotation."),
    scans: z
      .object({
        retire_after: duration
          .default(DEFAULT_RETIRE_AFTER_SECONDS)
          .describe(
            "A scan target its scanner has not scanned again for longer than this is 'not rescanned': that scanner's open findings on it are shown apart until it is scanned again or retired (`secmetrics targets retire`).",
          ),
      })
      .strict()
      .default({ retire_after: DEFAULT_RETIRE_AFTER_SECONDS })
      .describe("How long a scan target's findings stand without a new scan."),
    compliance_checks: z
      .object({
        severity_tiers: z
          .partialRecord(z.enum(CHECK_SEVERITIES), checkTier)
          .default({ high: 1 })
          .describe(
            "Tier of a check by its severity (info, low, medium, high); default: high checks are Tier 1.",
          ),
        profile_tiers: z
          .record(z.string().min(1), checkTier)
          .default({})
          .describe(
            "Tier of every check run under an XCCDF profile (its id); wins over the severity's tier.",
          ),
      })
      .strict()
      .default({ severity_tiers: { high: 1 }, profile_tiers: {} })
      .describe("controls_health: which checks are an asset's Tier 0/1 baseline."),
    imports: z
      .object({
        max_line_bytes: z
          .number()
          .int()
          .min(1024)
          .default(1024 * 1024)
          .describe(
            "The longest line (or CSV, NDJSON or JSON array record) an import reads, in bytes: a structured file with a longer one is refused, a log's longer line is skipped and reported. Whole JSON documents (scanner reports, plans) are bounded by 512 MB instead.",
          ),
      })
      .strict()
      .default({ max_line_bytes: 1024 * 1024 })
      .describe("Bounds on what one input line may cost."),
    bounty: z
      .object({
        targets: z
          .object({
            first_response: duration.default(DEFAULT_BOUNTY_TARGETS.first_response),
            triage: duration.default(DEFAULT_BOUNTY_TARGETS.triage),
            bounty: duration.default(DEFAULT_BOUNTY_TARGETS.bounty),
            resolution: duration.default(DEFAULT_BOUNTY_TARGETS.resolution),
          })
          .strict()
          .default(DEFAULT_BOUNTY_TARGETS)
          .describe(
            "bounty_response_efficiency: the longest from a report's submission to its first response, triage, bounty and resolution.",
          ),
      })
      .strict()
      .default({ targets: DEFAULT_BOUNTY_TARGETS })
      .describe("The bug bounty program's response targets."),
    people: z
      .object({
        security_teams: z
          .array(z.string().min(1))
          .default(["Security"])
          .describe(
            "Roster teams that are the security function (case-insensitive): near_misses_reported_by_staff counts reports from everyone else.",
          ),
      })
      .strict()
      .default({ security_teams: ["Security"] })
      .describe("How the people roster is read."),
    web3: z
      .object({
        allowed_names: z
          .array(z.string().min(1))
          .default([])
          .describe(
            "Event and error names that may mean different things in different contracts: `web3 check` and interface_collisions do not report them as name clashes.",
          ),
        monitoring_sla_hours: z
          .number()
          .positive()
          .default(24)
          .describe(
            "How long a deployed contract may go unwatched: older than this with no active monitor, it counts for unmonitored_deployments.",
          ),
        critical_functions: z
          .array(z.string().min(1))
          .default([])
          .describe(
            "Function signatures (`pause()`, `upgradeTo(address)`) critical_function_coverage counts even when they change no state.",
          ),
        excluded_chains: z
          .array(z.number().int().positive())
          .default([31337, 1337])
          .describe(
            "Chain ids left out of the monitoring metrics: local development chains (Hardhat 31337, Ganache 1337) that no monitor watches.",
          ),
      })
      .strict()
      .default({
        allowed_names: [],
        monitoring_sla_hours: 24,
        critical_functions: [],
        excluded_chains: [31337, 1337],
      })
      .describe("Smart contract interface checks and monitoring coverage."),
    maturity: maturitySchema,
    learning: z
      .object({
        significant_severities: z
          .array(z.enum(SEVERITIES))
          .min(1)
          .default(["critical", "high"])
          .describe(
            "postmortem_coverage: the incident severities that need a post-mortem (default critical and high: P0/SEV1 and P1/SEV2).",
          ),
        postmortem_due_days: z
          .number()
          .int()
          .positive()
          .default(10)
          .describe(
            "postmortem_coverage: a post-mortem counts when published within this many days of detection.",
          ),
      })
      .strict()
      .default({ significant_severities: ["critical", "high"], postmortem_due_days: 10 })
      .describe("Post-mortems: which incidents need one, and how soon."),
    tabletops: tabletopsSchema,
    assessments: assessmentsSchema,
    governance: governanceSchema,
    public_postmortems: publicPostmortemsSchema,
    external_incidents: externalIncidentsSchema,
    probes: z
      .object({
        urls: z.array(z.string().url()).default([]).describe("URLs `secmetrics probe headers` checks."),
        endpoints: z
          .array(z.string().min(1))
          .default([])
          .describe("HOST:PORT endpoints `secmetrics probe tls` checks."),
        minimum_tls: z
          .enum(TLS_VERSIONS)
          .default("TLSv1.2")
          .describe("Accepting a version below this counts for tls_downgrade_attempts."),
        headers: headerOverridesSchema.optional(),
      })
      .strict()
      .default({ urls: [], endpoints: [], minimum_tls: "TLSv1.2" })
      .describe("What `secmetrics probe` checks when no URL or endpoint is given."),
    notifications: z
      .object({
        webhooks: z
          .array(webhook)
          .default([])
          .refine((hooks) => new Set(hooks.map((hook) => hook.name)).size === hooks.length, {
            message: "two webhooks share a name: each delivery is recorded under its webhook's name",
          }),
        exception_expiry_days: z
          .number()
          .int()
          .positive()
          .default(14)
          .describe("exception_expiring: an exception in force expiring within this many days."),
        interval_minutes: z
          .number()
          .int()
          .min(0)
          .default(60)
          .describe("How often `secmetrics serve` sends, besides after each import; 0: only after imports."),
      })
      .strict()
      .default({ webhooks: [], exception_expiry_days: 14, interval_minutes: 60 })
      .describe("Webhooks woken by events worth waking someone for; `secmetrics notify` sends them."),
    trackers: z
      .object({
        label: z
          .string()
          .min(1)
          .regex(/^\S+$/, "no spaces (Jira labels take none)")
          .default("secmetrics")
          .describe("Every issue a sync creates carries it; a sync lists the tracker's issues by it."),
        split: z
          .enum(["upgrades", "none"])
          .default("upgrades")
          .describe(
            "upgrades: a recommendation on vulnerabilities is also filed as one issue per upgrade (package, fixed version, target), its own issue a checklist of them; none: one issue per recommendation.",
          ),
        assignees: z
          .object({
            github: z.record(z.string(), z.string().min(1)).default({}),
            gitlab: z.record(z.string(), z.string().regex(/^\d+$/, "a GitLab user id")).default({}),
            jira: z.record(z.string(), z.string().min(1)).default({}),
          })
          .strict()
          .default({ github: {}, gitlab: {}, jira: {} })
          .describe(
            "Owner (as metrics and categories name it) → assignee per tracker: a GitHub login, a GitLab user id, a Jira account id.",
          ),
        github: z
          .object({ repo: z.string().min(1).optional().describe("OWNER/NAME, when --repo is not given.") })
          .strict()
          .optional(),
        gitlab: z
          .object({
            url: z
              .string()
              .url()
              .optional()
              .describe("The server, e.g. https://gitlab.example.com (default https://gitlab.com)."),
            project: z
              .string()
              .min(1)
              .optional()
              .describe("The project's id or path, when --project is not given."),
          })
          .strict()
          .optional(),
        jira: z
          .object({
            url: z.string().url().describe("The Jira Cloud site, e.g. https://example.atlassian.net."),
            project: z.string().min(1).describe("The project key issues are created in."),
            issue_type: z.string().min(1).default("Task").describe("The issue type of created issues."),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({ label: "secmetrics", split: "upgrades", assignees: { github: {}, gitlab: {}, jira: {} } })
      .describe(
        "Where `secmetrics recommendations sync` files the recommendations as issues; tokens come from the environment only.",
      ),
    sources: sourcesSchema,
    jira_incidents: jiraMappingSchema,
    key_management: keyManagementSchema,
    monitor_health: monitorHealthSchema,
    patch_compliance: z
      .object({
        allowed_lag: z
          .object({
            npm: dependencyLag,
            pypi: dependencyLag,
            go: dependencyLag,
          })
          .strict()
          .default({ npm: "none", pypi: "none", go: "none" })
          .describe(
            "Per ecosystem, the furthest a direct dependency may be behind its latest release and still count as current: none, patch (same major.minor), minor (same major) or major.",
          ),
      })
      .strict()
      .default({ allowed_lag: { npm: "none", pypi: "none", go: "none" } })
      .describe("patch_compliance: how far behind its latest release a direct dependency may be."),
  })
  .strict();

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
