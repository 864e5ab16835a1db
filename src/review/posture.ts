import type { MetricResult } from "../app/kpi-report.ts";
import type { Recommendation } from "./recommend.ts";

export type RiskLevel = "High" | "Medium" | "Low" | "Unknown";

export interface PostureAssessment {
  level: RiskLevel;
  /** The rule that set the level, quoted in the report so the level can be checked. */
  rule: string;
  /** The facts that triggered it. */
  reasons: string[];
}

export const RISK_RULE =
  "High: a critical (SEV1/P0) production incident, an open critical vulnerability, or any High-priority recommendation; " +
  "Medium: any missed target, worsening trend or stale source; Low: every measured metric meets its target and none is worsening; " +
  "Unknown: nothing measured yet.";

const HIGH_WHEN_ABOVE_ZERO = ["sev1_incidents", "open_critical_vulnerabilities"];

export function assessPosture(
  metrics: readonly MetricResult[],
  recommendations: readonly Recommendation[],
): PostureAssessment {
  const measured = metrics.filter((m) => m.value !== null || m.status === "stale");
  if (measured.length === 0)
    return { level: "Unknown", rule: RISK_RULE, reasons: ["no metric has data yet"] };
  const high = [
    ...metrics
      .filter((m) => HIGH_WHEN_ABOVE_ZERO.includes(m.id) && (m.value ?? 0) > 0)
      .map((m) => `${m.name}: ${m.value}`),
    ...recommendations.filter((r) => r.priority === "High").map((r) => `High-priority: ${r.title}`),
  ];
  if (high.length > 0) return { level: "High", rule: RISK_RULE, reasons: high };
  const medium = [
    ...metrics.filter((m) => m.status === "missed").map((m) => `${m.name} missed its target`),
    ...metrics.filter((m) => m.trend === "worsening").map((m) => `${m.name} is worsening`),
    ...metrics.filter((m) => m.status === "stale").map((m) => `${m.name} is stale`),
  ];
  if (medium.length > 0) return { level: "Medium", rule: RISK_RULE, reasons: [...new Set(medium)] };
  return {
    level: "Low",
    rule: RISK_RULE,
    reasons: [`${measured.length} measured metrics meet their targets or have none`],
  };
}
