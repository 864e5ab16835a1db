import { SEVERITIES, type Severity } from "../../model/severity.ts";
import type { DataEnd } from "../domain-pack.ts";
import {
  type CoverDetail,
  coverDetail,
  type ExceptionCover,
  type LapsedCover,
  type LapsedCoverDetail,
} from "../exceptions/coverage.ts";
import { countValue, emptyValue, type MetricValue, percentValue } from "../metric-value.ts";
import { mean, medianOfSorted, nearestRankOfSorted, sortedAscending } from "../statistics.ts";
import type { FindingStatus, ScanType } from "./records.ts";
import { openOnTargets, type ScanTarget, targetSplit } from "./targets.ts";

const DAY_MS = 86_400_000;

/**
 * What a finding is at an instant: `fixed` once fixed before it; an open one
 * `accepted_risk` while an exception in force covers it, else
 * `not_rescanned` or `retired` as its target is; else the tool's triage status.
 */
export type FindingState = FindingStatus | "fixed" | "not_rescanned" | "retired";

/**
 * A finding's state at `at`, the one place it is derived, so the findings
 * list and every drill-down say the same of the same finding. `target` is
 * its scan target judged at `at`, when the caller reads target states;
 * `accepted`, whether an exception in force at `at` covers it.
 */
export function findingState(
  finding: { status: FindingStatus; fixed_at: number | null },
  at: number,
  target?: Pick<ScanTarget, "state">,
  accepted = false,
): FindingState {
  if (finding.fixed_at !== null && finding.fixed_at < at) return "fixed";
  if (finding.status === "open" && accepted) return "accepted_risk";
  if (finding.status === "open" && target && target.state !== "scanned") return target.state;
  return finding.status;
}

/**
 * Finding occurrences aggregated by the store (GROUP BY in SQL): scans run at
 * a few instants, so grouping by first-seen and due instants keeps these
 * lists short however many findings there are.
 */
export interface OpenFindingGroup {
  severity: Severity | null;
  status: FindingStatus;
  first_seen_at: number;
  due_at: number | null;
  count: number;
  /** The exception in force at the period end that covers these findings: accepted risk, counted apart. */
  accepted?: ExceptionCover | null;
  /** Else the lapsed (expired, revoked, closed) exception that covered them: they count again. */
  lapsed?: LapsedCover | null;
}

export interface FixedFindingGroup extends OpenFindingGroup {
  fixed_at: number;
}

export interface NewFindingGroup {
  category: ScanType;
  direct: boolean | null;
  reintroduced: boolean;
  status: FindingStatus;
  count: number;
}

export interface VulnerabilityTally {
  /** Open at `end`: first_seen_at < end and (fixed_at null or ≥ end). */
  open: OpenFindingGroup[];
  /** Fixed in [start, end). */
  fixed: FixedFindingGroup[];
  /** First seen in [start, end). */
  new: NewFindingGroup[];
}

/** When a scan target was last scanned. */
export interface TargetLastScan {
  target: string;
  scanned_at: number;
}

/**
 * Where scan data ends: the most recent last scan of any target, naming the
 * target (and how many others were scanned at the same instant). A single
 * target that stops being scanned does not end the data; all of them do.
 */
export function scanDataEnd(lastScans: readonly TargetLastScan[]): DataEnd | null {
  const [latest] = [...lastScans].sort(
    (a, b) => b.scanned_at - a.scanned_at || a.target.localeCompare(b.target),
  );
  if (!latest) return null;
  const others = lastScans.filter((scan) => scan.scanned_at === latest.scanned_at).length - 1;
  const alongside = others === 0 ? "" : ` and ${others} other target${others === 1 ? "" : "s"}`;
  return { at: latest.scanned_at, record: `scan of ${latest.target}${alongside}` };
}

export interface VulnerabilityContext {
  /** The instant "open at period end" is judged at: the period end, or now for a running period. */
  asOf: number;
  /** Each scan target's state at `asOf`: what the open counts show apart. */
  targets: readonly ScanTarget[];
  /** What `security_debt` adds to the findings (overdue action items) and shows beside them (expired exceptions) at `asOf`. */
  otherDebt?: { overdue_actions: number; expired_exceptions: number };
}

export const AGE_BUCKETS = ["0-30d", "31-60d", "61-90d", "over_90d"] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** ≤30 days, 31–60, 61–90, >90 (ages in whole or partial days, upper bounds inclusive). */
export function ageBucket(ageMs: number): AgeBucket {
  if (ageMs <= 30 * DAY_MS) return "0-30d";
  if (ageMs <= 60 * DAY_MS) return "31-60d";
  if (ageMs <= 90 * DAY_MS) return "61-90d";
  return "over_90d";
}

type Excluded = Partial<Record<Exclude<FindingStatus, "open">, number>>;

/** Accepted-risk, false-positive, duplicate and suppressed findings: counted apart, never in a denominator. */
function excluded(groups: readonly { status: FindingStatus; count: number }[]): Excluded {
  const result: Excluded = {};
  for (const group of groups) {
    if (group.status === "open") continue;
    result[group.status] = (result[group.status] ?? 0) + group.count;
  }
  return result;
}

function total(groups: readonly { count: number }[]): number {
  return groups.reduce((sum, group) => sum + group.count, 0);
}

function isOpen<T extends { status: FindingStatus }>(group: T): boolean {
  return group.status === "open";
}

function pastDue(group: OpenFindingGroup, asOf: number): boolean {
  return group.due_at !== null && group.due_at < asOf;
}

/** Not covered by an exception in force: what the open counts, SLA and debt metrics count. */
function notAccepted(group: OpenFindingGroup): boolean {
  return !group.accepted;
}

/** Accepted risk among `groups` (the open findings a metric would count without exceptions), and the lapsed exceptions of those it counts. */
export interface ExceptionSplit {
  /** Findings covered by an exception in force at the end: left out of the value. */
  accepted_risk: number;
  accepted_risk_exceptions: CoverDetail[];
  /** Exceptions expired, revoked or closed by the end whose findings count again. */
  lapsed_exceptions: LapsedCoverDetail[];
}

function exceptionSplit(groups: readonly OpenFindingGroup[]): ExceptionSplit {
  const accepted = tallyByCover(
    groups.flatMap((g) => (g.accepted ? [{ cover: g.accepted, count: g.count }] : [])),
  );
  const lapsed = tallyByCover(
    groups.flatMap((g) => (!g.accepted && g.lapsed ? [{ cover: g.lapsed, count: g.count }] : [])),
  );
  return {
    accepted_risk: accepted.reduce((sum, entry) => sum + entry.count, 0),
    accepted_risk_exceptions: accepted.map((e) => coverDetail(e.cover, e.count)),
    lapsed_exceptions: lapsed.map((e) => ({ ...coverDetail(e.cover, e.count), state: e.cover.state })),
  };
}

/** Counts summed per exception (register and id), by id. */
function tallyByCover<C extends ExceptionCover>(items: readonly { cover: C; count: number }[]) {
  const byCover = new Map<string, { cover: C; count: number }>();
  for (const { cover, count } of items) {
    const key = `${cover.feed}\u0000${cover.id}`;
    const entry = byCover.get(key);
    if (entry) entry.count += count;
    else byCover.set(key, { cover, count });
  }
  return [...byCover.values()].sort((a, b) => a.cover.id.localeCompare(b.cover.id));
}

/**
 * The vulnerability management and application security metrics of one
 * period, from the occurrences the lifecycle derived from successive scans
 * of each target (see `computeLifecycle`). Durations are seconds.
 */
export function vulnerabilityMetrics(
  tally: VulnerabilityTally,
  ctx: VulnerabilityContext,
): Record<string, MetricValue> {
  const { asOf, targets } = ctx;
  // Triage status open: what time to patch reads. An exception defers a fix, it does not change how long fixes take.
  const open = tally.open.filter(isOpen);
  const fixed = tally.fixed.filter(isOpen);
  // Of those, what the open counts, SLA and debt count: not accepted risk under an exception in force.
  const openCounted = open.filter(notAccepted);
  const fixedCounted = fixed.filter(notAccepted);
  const result: Record<string, MetricValue> = {};

  const ageBuckets = Object.fromEntries(AGE_BUCKETS.map((bucket) => [bucket, 0])) as Record<
    AgeBucket,
    number
  >;
  for (const group of openCounted) ageBuckets[ageBucket(asOf - group.first_seen_at)] += group.count;
  result.open_vulnerabilities = countValue(total(openCounted), {
    by_severity: bySeverity(openCounted),
    age_buckets: ageBuckets,
    excluded: excluded(tally.open),
    ...exceptionSplit(open),
    ...targetSplit(targets, asOf),
  });
  for (const [id, severity] of [
    ["open_critical_vulnerabilities", "critical"],
    ["open_high_vulnerabilities", "high"],
  ] as const) {
    const groups = tally.open.filter((group) => group.severity === severity);
    result[id] = countValue(total(groups.filter(isOpen).filter(notAccepted)), {
      excluded: excluded(groups),
      ...exceptionSplit(groups.filter(isOpen)),
      not_rescanned: openOnTargets(targets, "not_rescanned", severity),
      retired: openOnTargets(targets, "retired", severity),
    });
  }

  result.mttp = mttp(fixed, open, asOf, excluded(tally.fixed));

  const pastDueGroups = open.filter((group) => pastDue(group, asOf));
  const pastDueOpen = total(pastDueGroups.filter(notAccepted));
  const withSlaAll = fixed.filter((group) => group.due_at !== null);
  const withSla = withSlaAll.filter(notAccepted);
  const late = (group: FixedFindingGroup) => group.fixed_at > (group.due_at as number);
  const fixedLate = total(withSla.filter(late));
  const sla = exceptionSplit([...withSlaAll, ...pastDueGroups]);
  result.vuln_sla_missed = percentValue(
    fixedLate + pastDueOpen,
    total(withSla) + pastDueOpen,
    "no finding with an SLA was fixed in the period or open past due at its end",
    {
      fixed_late: fixedLate,
      fixed_on_time: total(withSla) - fixedLate,
      open_past_due: pastDueOpen,
      fixed_without_sla: total(fixedCounted) - total(withSla),
      excluded: excluded([...tally.fixed, ...tally.open.filter((group) => pastDue(group, asOf))]),
      ...sla,
      // Only the lapsed exceptions of findings that missed: those are what the recommendation names.
      lapsed_exceptions: exceptionSplit([...withSlaAll.filter(late), ...pastDueGroups]).lapsed_exceptions,
    },
  );

  const { overdue_actions, expired_exceptions } = ctx.otherDebt ?? {
    overdue_actions: 0,
    expired_exceptions: 0,
  };
  // An expired exception is shown, not added: the findings it waived already count again, past due.
  result.security_debt = countValue(pastDueOpen + overdue_actions, {
    findings_past_due: pastDueOpen,
    ...exceptionSplit(pastDueGroups),
    overdue_actions,
    expired_exceptions,
  });

  const fresh = tally.new;
  const newCount = (predicate: (group: NewFindingGroup) => boolean) => {
    const groups = fresh.filter(predicate);
    return countValue(total(groups.filter(isOpen)), { excluded: excluded(groups) });
  };
  result.repeat_findings = newCount((group) => group.reintroduced);
  result.sast_findings_new = newCount((group) => group.category === "sast");
  result.dast_findings_new = newCount((group) => group.category === "dast");
  const dependencies = fresh.filter(
    (group) => (group.category === "dependency" || group.category === "container") && isOpen(group),
  );
  const direct = newCount(
    (group) => (group.category === "dependency" || group.category === "container") && group.direct === true,
  );
  direct.details.transitive = total(dependencies.filter((group) => group.direct === false));
  direct.details.unknown = total(dependencies.filter((group) => group.direct === null));
  result.dependency_vulns_direct = direct;
  return result;
}

function bySeverity(groups: readonly OpenFindingGroup[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0]));
  counts.unrated = 0;
  for (const group of groups) {
    const key = group.severity ?? "unrated";
    counts[key] = (counts[key] ?? 0) + group.count;
  }
  return counts;
}

/** Each group's value repeated `count` times, for mean and percentiles. */
function expand<T extends { count: number }>(groups: readonly T[], value: (group: T) => number): number[] {
  const values: number[] = [];
  for (const group of groups) for (let i = 0; i < group.count; i++) values.push(value(group));
  return values;
}

function durationStats(groups: readonly FixedFindingGroup[]) {
  const seconds = expand(groups, (group) => (group.fixed_at - group.first_seen_at) / 1000);
  const sorted = sortedAscending(seconds);
  return {
    mean: mean(seconds),
    median: medianOfSorted(sorted),
    p90: nearestRankOfSorted(sorted, 90),
    n: seconds.length,
  };
}

/**
 * Mean time to patch over findings fixed in the period (by fixed_at, never by
 * discovery), and a Kaplan-Meier median over the same findings plus those
 * still open at period end, censored at their age then: the mean alone
 * flatters a team that fixes the easy findings and leaves the hard ones open.
 */
function mttp(
  fixed: readonly FixedFindingGroup[],
  open: readonly OpenFindingGroup[],
  asOf: number,
  excludedFixed: Excluded,
): MetricValue {
  const stats = durationStats(fixed);
  const bySeverity: Record<string, ReturnType<typeof durationStats>> = {};
  for (const severity of [...SEVERITIES, null]) {
    const groups = fixed.filter((group) => group.severity === severity);
    if (groups.length > 0) bySeverity[severity ?? "unrated"] = durationStats(groups);
  }
  const events = fixed.map((group) => ({
    time: (group.fixed_at - group.first_seen_at) / 1000,
    count: group.count,
  }));
  const censored = open.map((group) => ({ time: (asOf - group.first_seen_at) / 1000, count: group.count }));
  const openCount = total(open);
  const details = {
    by_severity: bySeverity,
    km_median: kaplanMeierMedian(events, censored),
    km_population: { fixed: stats.n, censored: openCount },
    excluded: excludedFixed,
  };
  const oldest = open.length > 0 ? Math.max(...open.map((group) => asOf - group.first_seen_at)) / 1000 : null;
  if (stats.n === 0) {
    return {
      ...emptyValue("no finding was fixed in the period", details),
      open: openCount,
      oldest_open_age: oldest,
    };
  }
  return {
    value: stats.mean,
    n: stats.n,
    median: stats.median,
    p90: stats.p90,
    open: openCount,
    oldest_open_age: oldest,
    reason: null,
    details,
  };
}

/**
 * Product-limit estimate of the median time to remediate: the smallest event
 * time at which the survival estimate falls to 0.5 or below; null when it
 * never does (more than half still open). A finding censored at the same time
 * as an event is still at risk at that event.
 */
export function kaplanMeierMedian(
  events: readonly { time: number; count: number }[],
  censored: readonly { time: number; count: number }[],
): number | null {
  const eventsAt = new Map<number, number>();
  for (const { time, count } of events) eventsAt.set(time, (eventsAt.get(time) ?? 0) + count);
  const all = [...events, ...censored];
  let survival = 1;
  for (const time of [...eventsAt.keys()].sort((a, b) => a - b)) {
    const atRisk = all.reduce((sum, item) => sum + (item.time >= time ? item.count : 0), 0);
    survival *= 1 - (eventsAt.get(time) as number) / atRisk;
    if (survival <= 0.5) return time;
  }
  return null;
}
