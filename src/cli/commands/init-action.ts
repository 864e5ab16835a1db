import { existsSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { DEFAULT_CONFIG_PATH } from "../../config/load.ts";
import { configSchema } from "../../config/schema.ts";
import { SecmetricsError } from "../../model/errors.ts";

const SCHEMA_PATH = "secmetrics.schema.json";

const STARTER = `# yaml-language-server: $schema=./${SCHEMA_PATH}
# secmetrics configuration. Every key is optional; delete what you do not need.
# Full reference: README.md, "Configuration".

organisation: Your organisation

# Periods and timestamps without an offset are read in this IANA zone.
timezone: UTC

# Trends compare the period with this many previous ones (each metric's
# control chart; with 8 or more points also a Mann-Kendall test at this
# significance). A percentage of fewer items than min_proportion_count is
# "too few to judge".
history: 6
significance: 0.05
min_proportion_count: 10

# Every metric needs an owner (\`secmetrics catalog lint\` fails without one).
# A category owner covers all its metrics unless a metric names its own.
categories:
  detection_response: { owner: Security Operations }
  prevention_controls: { owner: Platform Engineering }
  identity_access: { owner: IT & Identity }
  vulnerability_management: { owner: Product Security }
  application_security: { owner: Product Security }
  operational_hygiene: { owner: SRE }
  compliance: { owner: GRC }
  program: { owner: CISO }
  web3: { owner: Smart Contract Security }
  bug_bounty: { owner: Product Security }

# Per-metric overrides: owner, target ("< 5m", ">= 95", "== 0", or null to
# drop the built-in target), cadence (the longest its data may go without a
# record before it is stale; default 28d, 7d for alerts and probes).
metrics:
  mttd: { target: "< 5m" }
  mttr: { target: "< 30m" }
  # false_positive_rate: { target: "< 20", owner: Detection Engineering }

# Recovery SLA per incident severity (for incidents_within_sla).
incident_sla:
  critical: 4h
  high: 24h
  medium: 72h
  low: 7d
  info: 30d

# A scan target its scanner has not scanned again for this long is "not
# rescanned": its open findings are shown apart until it is scanned again or
# retired with \`secmetrics targets retire NAME\`.
scans:
  retire_after: 30d

# Named iterations usable as --period values, in order; end is exclusive.
iterations: []
#  - { name: pilot-1, start: 2026-09-01, end: 2026-09-15 }

# What \`secmetrics serve\` reads on a schedule (cron, 5 fields; UTC unless a
# timezone is given); \`secmetrics sources run\` reads them now.
sources: []
#  - { name: trivy-nightly, kind: files, path: reports/*.json, format: trivy, schedule: "15 2 * * *" }
`;

export function runInit(options: { force?: boolean }): void {
  for (const path of [DEFAULT_CONFIG_PATH, SCHEMA_PATH]) {
    if (existsSync(path) && !options.force) {
      throw new SecmetricsError("conflict", `${path} already exists`, "use --force to overwrite it");
    }
  }
  writeFileSync(DEFAULT_CONFIG_PATH, STARTER);
  writeFileSync(SCHEMA_PATH, `${JSON.stringify(z.toJSONSchema(configSchema, { io: "input" }), null, 2)}\n`);
  process.stdout.write(`wrote ${DEFAULT_CONFIG_PATH} and ${SCHEMA_PATH}\n`);
}
