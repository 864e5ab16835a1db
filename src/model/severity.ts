export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

const SEVERITY_WORDS: Record<string, Severity> = {
  critical: "critical",
  sev1: "critical",
  p0: "critical",
  high: "high",
  sev2: "high",
  p1: "high",
  medium: "medium",
  moderate: "medium",
  sev3: "medium",
  p2: "medium",
  low: "low",
  sev4: "low",
  p3: "low",
  info: "info",
  informational: "info",
  sev5: "info",
  p4: "info",
};

/**
 * Maps a tool's severity word to the normalized scale. Unknown words are an
 * input error, never a guess: a silent "medium" would corrupt every count.
 */
export function parseSeverity(word: string): Severity | undefined {
  return SEVERITY_WORDS[
    word
      .trim()
      .toLowerCase()
      .replace(/[\s_-]/g, "")
  ];
}

/** CVSS base score or SARIF `security-severity` to the normalized scale. */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  if (score > 0) return "low";
  return "info";
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
