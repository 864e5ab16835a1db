import type { Config } from "../config/schema.ts";
import { createSlaPolicy, type SlaPolicy } from "../domains/vulnerabilities/lifecycle.ts";
import { SEVERITIES, type Severity } from "../model/severity.ts";

const DAY_SECONDS = 86_400;

/** The remediation SLA policy of `vulnerability_sla` (durations in seconds) as days per severity. */
export function slaPolicyFromConfig(config: Config): SlaPolicy {
  const sla = config.vulnerability_sla;
  return createSlaPolicy({
    days: days(sla),
    groups: (sla.groups ?? []).map((group) => {
      const patterns = group.targets.map(targetMatcher);
      return { matches: (target) => patterns.some((p) => p(target)), days: days(group) };
    }),
  });
}

function days(durations: Partial<Record<Severity, number | undefined>>): Partial<Record<Severity, number>> {
  const result: Partial<Record<Severity, number>> = {};
  for (const severity of SEVERITIES) {
    const seconds = durations[severity];
    if (seconds !== undefined) result[severity] = seconds / DAY_SECONDS;
  }
  return result;
}

/** `/regex/` as a regular expression; anything else a glob where `*` is any run and `?` one character. */
export function targetMatcher(pattern: string): (target: string) => boolean {
  if (pattern.length > 1 && pattern.startsWith("/") && pattern.endsWith("/")) {
    const regex = new RegExp(pattern.slice(1, -1));
    return (target) => regex.test(target);
  }
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.+()[\]{}|]/g, "\\$&")))
    .join("");
  const glob = new RegExp(`^${source}$`);
  return (target) => glob.test(target);
}
