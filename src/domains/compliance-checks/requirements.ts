import { isFailing, isPassing } from "./compute.ts";
import type { CheckResult, CheckResultValue } from "./records.ts";

/** The latest result of one (asset, check) at an instant, with the requirements its check evidences. */
export type MappedResult = Pick<
  CheckResult,
  "asset" | "check_id" | "result" | "checked_at" | "profile" | "severity" | "title" | "suppressed"
> & { controls: Record<string, string[]> };

/** An open audit finding against a control: a gap of every requirement the control names. */
export interface ControlFinding {
  id: string;
  control: string;
  due_at: number | null;
}

/** An approved exception waiving controls until it expires. */
export interface ControlWaiver {
  id: string;
  controls: readonly string[];
  expires_at: number | null;
}

/**
 * - `not_met`: an open gap: a failing (asset, check) not suppressed, or an open audit finding;
 * - `partial`: no open gap, but not all of it passes: a failure the tool was told to suppress,
 *   or a check that awaits a manual assessment (notchecked, informational) beside those that pass;
 * - `met`: every (asset, check) passes (notapplicable and notselected ones say nothing);
 * - `not_assessed`: nothing passes or fails: only checks awaiting a manual assessment.
 */
export const REQUIREMENT_STATUSES = ["not_met", "partial", "not_assessed", "met"] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

export interface RequirementTarget {
  at: number;
  /** What set it: the earliest due date of its open audit findings, else the earliest expiry of its waivers. */
  source: "audit_finding" | "exception";
  id: string;
}

/** Where one framework requirement stands at an instant. */
export interface RequirementState {
  /** Null for a control that only audit findings name: no check evidences it. */
  framework: string | null;
  requirement: string;
  status: RequirementStatus;
  /** Failing (asset, check) pairs not suppressed, plus open audit findings. */
  open_gaps: number;
  failing_checks: number;
  open_audit_findings: number;
  suppressed_failures: number;
  passing_checks: number;
  /** (asset, check) pairs awaiting a manual assessment. */
  unassessed_checks: number;
  target: RequirementTarget | null;
}

/** Results that say nothing about a requirement: the check does not apply, or was not in the scan. */
const SILENT: ReadonlySet<CheckResultValue> = new Set(["notapplicable", "notselected"]);

interface Tally {
  framework: string | null;
  requirement: string;
  results: MappedResult[];
  findings: ControlFinding[];
}

/**
 * Every framework requirement the latest results evidence or an open audit
 * finding names, with its status, open gaps and target resolution; not met
 * first, then by open gaps. A finding's (or waiver's) control applies to a
 * requirement of any framework with the same id, or that is part of it
 * (`CM-6` covers `CM-6(a)` and `CM-6.1`); written `NIST-800-53 CM-6` or
 * `NIST-800-53:CM-6` it applies to that framework's only.
 */
export function requirementStates(
  latest: readonly MappedResult[],
  findings: readonly ControlFinding[],
  waivers: readonly ControlWaiver[],
): RequirementState[] {
  const tallies = new Map<string, Tally>();
  for (const result of latest) {
    if (SILENT.has(result.result)) continue;
    for (const [framework, ids] of Object.entries(result.controls))
      for (const requirement of new Set(ids)) tallyOf(tallies, framework, requirement).results.push(result);
  }
  const frameworks = new Set([...tallies.values()].map((t) => t.framework));
  for (const finding of findings) {
    const matched = [...tallies.values()].filter((t) => covers(finding.control, t, frameworks));
    if (matched.length === 0) tallyOf(tallies, null, finding.control.trim()).findings.push(finding);
    for (const tally of matched) tally.findings.push(finding);
  }
  return [...tallies.values()]
    .map((tally) =>
      stateOf(
        tally,
        waivers.filter((w) => w.controls.some((c) => covers(c, tally, frameworks))),
      ),
    )
    .sort(byUrgency);
}

function tallyOf(tallies: Map<string, Tally>, framework: string | null, requirement: string): Tally {
  const key = `${framework ?? ""}\u0000${requirement.toUpperCase()}`;
  let tally = tallies.get(key);
  if (!tally) tallies.set(key, (tally = { framework, requirement, results: [], findings: [] }));
  return tally;
}

/** Whether a control, as a finding or a waiver names it, covers the requirement. */
function covers(control: string, tally: Tally, frameworks: ReadonlySet<string | null>): boolean {
  const text = control.trim().toUpperCase();
  const named = /^(\S+?)[:\s]\s*(\S.*)$/.exec(text);
  const framework = named?.[1] && [...frameworks].find((f) => f?.toUpperCase() === named[1]);
  if (framework && tally.framework !== framework) return false;
  const id = framework && named?.[2] ? named[2] : text;
  const requirement = tally.requirement.toUpperCase();
  return (
    requirement === id || (requirement.startsWith(id) && ["(", "."].includes(requirement.charAt(id.length)))
  );
}

function stateOf(tally: Tally, waivers: readonly ControlWaiver[]): RequirementState {
  const { results, findings } = tally;
  const failing = results.filter((r) => isFailing(r) && !r.suppressed).length;
  const suppressed = results.filter((r) => isFailing(r) && r.suppressed).length;
  const passing = results.filter(isPassing).length;
  const unassessed = results.length - failing - suppressed - passing;
  const gaps = failing + findings.length;
  return {
    framework: tally.framework,
    requirement: tally.requirement,
    status:
      gaps > 0
        ? "not_met"
        : passing === 0 && suppressed === 0
          ? "not_assessed"
          : suppressed > 0 || unassessed > 0
            ? "partial"
            : "met",
    open_gaps: gaps,
    failing_checks: failing,
    open_audit_findings: findings.length,
    suppressed_failures: suppressed,
    passing_checks: passing,
    unassessed_checks: unassessed,
    target: earliest(findings, "due_at", "audit_finding") ?? earliest(waivers, "expires_at", "exception"),
  };
}

function earliest<T extends { id: string }>(
  items: readonly T[],
  field: { [K in keyof T]: T[K] extends number | null ? K : never }[keyof T],
  source: RequirementTarget["source"],
): RequirementTarget | null {
  let found: RequirementTarget | null = null;
  for (const item of items) {
    const at = item[field] as number | null;
    if (at !== null && (found === null || at < found.at || (at === found.at && item.id < found.id)))
      found = { at, source, id: item.id };
  }
  return found;
}

const STATUS_RANK = Object.fromEntries(REQUIREMENT_STATUSES.map((s, i) => [s, i])) as Record<
  RequirementStatus,
  number
>;
const natural = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/**
 * Not met first, the most open gaps first, then the most suppressed
 * failures; then by framework (a control no check evidences last) and id.
 */
function byUrgency(a: RequirementState, b: RequirementState): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    b.open_gaps - a.open_gaps ||
    b.suppressed_failures - a.suppressed_failures ||
    Number(a.framework === null) - Number(b.framework === null) ||
    natural.compare(a.framework ?? "", b.framework ?? "") ||
    natural.compare(a.requirement, b.requirement)
  );
}
