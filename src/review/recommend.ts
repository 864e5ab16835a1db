import type { MetricResult } from "../app/kpi-report.ts";
import type { DrillRow } from "../domains/drill-row.ts";
import type { UnregisteredDetail } from "../domains/exceptions/compute.ts";
import type { LapsedCoverDetail } from "../domains/exceptions/coverage.ts";
import type { TargetSplit } from "../domains/vulnerabilities/targets.ts";
import { formatQuantity, formatTarget } from "../model/format.ts";
import { CATEGORY_NAMES } from "../model/metric-definition.ts";
import type { Recommendation, RecommendationKind, RecordRef } from "./recommendation.ts";
import { actionOn, recordsBehind, TITLE_RECORDS } from "./record-names.ts";
import { rankByScore, scoreBasis, scoreOf } from "./score.ts";

/** What the recommendations of one period are made from, besides the metrics. */
export interface RecommendContext {
  periodId: string;
  /** The instant records are judged at (how many days past due): the period's end, or now for a running period. */
  at: number;
  /** Each metric's drill-down rows, to name the records an action is about; a metric without rows names none. */
  records?: ReadonlyMap<string, readonly DrillRow[]>;
}

/** The records a recommendation lists; the total is given beside them. */
const RECORDS_LISTED = 5;

/** A recommendation before it is scored and ranked. */
/** `title` here is the metric-level one, used when no record can be named. */
type Draft = Pick<Recommendation, "kind" | "title" | "rationale" | "expected_impact">;

/**
 * What one kind of problem looks like: the first rule that matches a metric
 * makes its recommendation. The rationale says why in words; the records are
 * listed beside it (`records`), not repeated in it.
 */
type Rule = (metric: MetricResult, records: readonly RecordRef[], rows: readonly DrillRow[]) => Draft | null;

const RULES: readonly Rule[] = [staleRule, missedTargetRule, newToMonitorRule, worseningRule];

/**
 * Turns stale sources, missed targets and worsening trends into actions,
 * ranked by score (severity × persistence × trend, see `score.ts`), each
 * naming the records it is about when the metric's drill-down can name them.
 * A metric with no data yields nothing: the report says so instead.
 */
export function recommend(metrics: readonly MetricResult[], context: RecommendContext): Recommendation[] {
  const recordsOf = new Map<string, RecordRef[]>();
  const scored = metrics.flatMap((metric) => {
    const rows = context.records?.get(metric.id) ?? [];
    const records = recordsBehind(metric, rows, context.at);
    const ofTargets = [...notRescannedTargets(metric), ...unregisteredExceptions(metric)];
    for (const rule of RULES) {
      const draft = rule(metric, records, rows);
      if (!draft) continue;
      const recommendation = complete(metric, draft, records, context.periodId);
      recordsOf.set(recommendation.id, records);
      return [recommendation, ...ofTargets];
    }
    return ofTargets;
  });
  // Titled in rank order, so that a record a higher action already names is not named again first.
  const named = new Set<string>();
  return rankByScore(scored).map((recommendation) => {
    const records = recordsOf.get(recommendation.id) ?? [];
    const fresh = [
      ...records.filter((r) => !named.has(recordKey(r))),
      ...records.filter((r) => named.has(recordKey(r))),
    ];
    const title = actionOn(fresh, recommendation.metric_id);
    for (const record of fresh.filter((r) => !r.resolved).slice(0, TITLE_RECORDS))
      named.add(recordKey(record));
    return title === null ? recommendation : { ...recommendation, title };
  });
}

const recordKey = (record: RecordRef) => `${record.kind}\u0000${record.id}`;

function complete(
  metric: MetricResult,
  draft: Draft,
  records: readonly RecordRef[],
  periodId: string,
): Omit<Recommendation, "priority"> {
  const basis = scoreBasis(metric, draft.kind);
  const score = scoreOf(basis);
  return {
    id: `${metric.id}:${draft.kind}`,
    metric_id: metric.id,
    kind: draft.kind,
    category: CATEGORY_NAMES[metric.category],
    title: draft.title,
    rationale: draft.rationale,
    expected_impact: draft.expected_impact,
    owner: metric.owner,
    score,
    score_basis: basis,
    records: records.slice(0, RECORDS_LISTED),
    records_total: records.length,
    statistics: [
      ...(draft.kind === "stale" ? [] : [metric.trend_detail.reason]),
      historyText(metric, draft.kind === "stale" ? null : periodId),
      `score ${score} = severity ${basis.severity} × persistence ${basis.persistence} × trend ${basis.trend}`,
    ].join("; "),
  };
}

function staleRule(metric: MetricResult): Draft | null {
  if (metric.status !== "stale") return null;
  return {
    kind: "stale",
    title: `Restore the data feed behind ${inSentence(metric.name)}`,
    rationale: sentences(
      metric.reason?.replace(/^stale:\s*/i, "") ?? "its sources have not reported within their cadence",
      "a control that fails silently looks like a good number",
    ),
    expected_impact: `${metric.name} is measured again every period`,
  };
}

function missedTargetRule(
  metric: MetricResult,
  _records: readonly RecordRef[],
  rows: readonly DrillRow[],
): Draft | null {
  if (metric.status !== "missed") return null;
  const target = formatTarget(metric.target, metric.unit);
  const current = formatQuantity(metric.value, metric.unit);
  const persisted = missedBefore(metric);
  return {
    kind: "missed_target",
    title: `${verb(metric)} ${inSentence(metric.name)} to ${target} (now ${current})`,
    rationale: sentences(
      `${metric.name} is ${current} against a target of ${target}${persisted}${trendWords(metric)}`,
      ...lapsedExceptions(metric),
      ...interfaceFindings(metric, rows),
    ),
    expected_impact: `${metric.name} meets its target of ${target}`,
  };
}

/**
 * A tracked count whose every record is a task though no target judges it:
 * each contract new in the deployments registry is unwatched until a
 * monitor knows its address. The title names them (`actionOn`).
 */
function newToMonitorRule(metric: MetricResult): Draft | null {
  // Judged on the value, not the records: the review picks the metrics to drill by their drafts.
  if (metric.id !== "new_deployments" || !metric.value) return null;
  // Once a monitor configuration is known, only the new contracts no monitor watches are left to do.
  const unmonitored = metric.details.unmonitored;
  if (unmonitored === 0) return null;
  const count = typeof unmonitored === "number" ? unmonitored : metric.value;
  const contracts = count === 1 ? "1 contract" : `${count} contracts`;
  return {
    kind: "new_to_monitor",
    title: "Add the new contracts to monitoring",
    rationale: sentences(
      typeof unmonitored === "number"
        ? `${contracts} that appeared in the deployments registry over the period ${count === 1 ? "is" : "are"} watched by no monitor`
        : `${contracts} appeared in the deployments registry over the period`,
      "a contract no monitor watches can be paused, upgraded or drained unnoticed: alert on its events, its admin calls and its balance",
    ),
    expected_impact: "Every deployed contract is watched from the period it appears in",
  };
}

/**
 * "Indexed-mismatch: event Transfer(address,address,uint256) … [true,true,false]
 * vs [true,true,true]": the collisions the drill-down's contracts take part
 * in, each once, so the rationale names the colliding signatures.
 */
function interfaceFindings(metric: MetricResult, rows: readonly DrillRow[]): string[] {
  if (metric.id !== "interface_collisions") return [];
  const findings = rows.flatMap((row) =>
    row.counted && typeof row.fields.findings === "string" ? row.fields.findings.split("; ") : [],
  );
  return [...new Set(findings)];
}

function worseningRule(metric: MetricResult, records: readonly RecordRef[]): Draft | null {
  if (metric.trend !== "worsening") return null;
  const current = formatQuantity(metric.value, metric.unit);
  return {
    kind: "worsening",
    title: `Find and fix what is worsening ${inSentence(metric.name)} (now ${current})`,
    rationale: sentences(
      `${metric.name} is getting worse: ${current} is outside the range its history makes usual`,
      ...lapsedExceptions(metric),
    ),
    expected_impact: `${metric.name} returns within its natural process limits${metric.target ? ` and keeps its target of ${formatTarget(metric.target, metric.unit)}` : ""}`,
  };
}

/**
 * "exception EXC-110 (owner spatel) expired 2026-09-15: its 1 finding counts
 * again; renew it through review or fix it": one sentence per exception
 * whose lapse put findings back into the metric.
 */
function lapsedExceptions(metric: MetricResult): string[] {
  const { lapsed_exceptions: lapsed = [] } = metric.details as { lapsed_exceptions?: LapsedCoverDetail[] };
  return lapsed.map((exception) => {
    const owner = exception.owner ? ` (owner ${exception.owner})` : "";
    const when =
      exception.state === "expired" && exception.expires_at
        ? `expired ${exception.expires_at.slice(0, 10)}`
        : exception.state;
    const findings = exception.count === 1 ? "its 1 finding counts" : `its ${exception.count} findings count`;
    const them = exception.count === 1 ? "it" : "them";
    return `exception ${exception.id}${owner} ${when}: ${findings} again; renew it through review or fix ${them}`;
  });
}

/** ", and was off target the period before too" and the like, from the judged history. */
function missedBefore(metric: MetricResult): string {
  let periods = 0;
  for (const point of [...metric.history].reverse()) {
    if (point.status !== "missed") break;
    periods += 1;
  }
  if (periods === 0) return ", for the first time";
  return periods === 1 ? ", as in the period before" : `, as in each of the ${periods} periods before`;
}

function trendWords(metric: MetricResult): string {
  if (metric.trend === "worsening") return ", and getting worse";
  return metric.trend === "improving" ? ", but improving" : "";
}

function sentences(...parts: string[]): string {
  return parts.map((part) => `${part[0]?.toUpperCase()}${part.slice(1)}.`).join(" ");
}

/**
 * One recommendation per scan target whose scanner stopped looking at it:
 * its findings still count as open, but nothing has confirmed them since.
 * Scored as a silent source (severity 2, one period, no trend).
 */
function notRescannedTargets(metric: MetricResult): Omit<Recommendation, "priority">[] {
  if (metric.id !== "open_vulnerabilities") return [];
  const { targets_not_rescanned: targets = [] } = metric.details as Partial<TargetSplit>;
  const basis = { severity: 2, persistence: 1, trend: 1 };
  return targets.map((t) => {
    const lastScan = t.last_scan_at.slice(0, 10);
    const findings = `${t.open} open finding${t.open === 1 ? "" : "s"}`;
    const severities = Object.entries(t.by_severity)
      .map(([severity, count]) => `${count} ${severity}`)
      .join(", ");
    return {
      id: `${metric.id}:not_rescanned:${t.target}:${t.tool}`,
      metric_id: metric.id,
      kind: "not_rescanned",
      category: CATEGORY_NAMES[metric.category],
      title: `Rescan ${t.target} with ${t.tool}, or retire it (last scan ${lastScan})`,
      rationale: sentences(
        `${t.tool} last scanned ${t.target} on ${lastScan}, ${t.days_since_last_scan} days before the period's end`,
        `its ${findings} (${severities}) still count as open, though no scan has confirmed or fixed any since`,
        `if the target is gone: secmetrics targets retire ${t.target}`,
      ),
      expected_impact: `${metric.name} counts only findings a scanner still sees: the ${findings} confirmed by a new scan, or no longer counted once the target is retired`,
      owner: metric.owner,
      score: scoreOf(basis),
      score_basis: basis,
      records: [],
      records_total: 0,
      statistics: `score ${scoreOf(basis)} = severity 2 (a target no longer scanned) × persistence 1 × trend 1`,
    };
  });
}

/**
 * One recommendation for the check results a tool suppressed that no
 * exception in force covers: each is an exception decided outside the
 * register's review, so itself a finding. Scored as a silent source
 * (severity 2, one period, no trend): the risk is unknown, not measured.
 */
function unregisteredExceptions(metric: MetricResult): Omit<Recommendation, "priority">[] {
  if (metric.id !== "open_exceptions") return [];
  const details = metric.details as { unregistered?: number; unregistered_exceptions?: UnregisteredDetail[] };
  const total = details.unregistered ?? 0;
  const listed = details.unregistered_exceptions ?? [];
  if (total === 0) return [];
  const basis = { severity: 2, persistence: 1, trend: 1 };
  const records = listed.map(
    (r): RecordRef => ({
      kind: "check_result",
      id: `${r.asset} ${r.check_id}`,
      label: `${r.check_id} on ${r.asset}`,
      detail: [
        r.title,
        r.severity,
        `${r.result}, suppressed in ${r.feed}`,
        `checked ${r.checked_at.slice(0, 10)}`,
      ]
        .filter((fact) => !!fact)
        .join(", "),
      days_overdue: null,
      resolved: false,
    }),
  );
  const named = records.slice(0, TITLE_RECORDS).map((r) => r.label);
  const more = total - named.length;
  const list = more > 0 ? `${named.join(", ")} and ${more} more` : named.join(" and ");
  const results = total === 1 ? "1 check result" : `${total} check results`;
  return [
    {
      id: `${metric.id}:unregistered_exceptions`,
      metric_id: metric.id,
      kind: "unregistered_exceptions",
      category: CATEGORY_NAMES[metric.category],
      title: `Register or lift the exceptions a tool set aside: ${list}`,
      rationale: sentences(
        `${results} suppressed in the scanner (muted, SUPPRESSED) ${total === 1 ? "is" : "are"} covered by no approved exception in force`,
        "an exception decided outside the register has no owner, approver or expiry, and nobody reviews it",
        "register each (scope: its check and asset) or lift the suppression so the result counts again",
      ),
      expected_impact: `Every exception is in the register, with an owner and an expiry: ${metric.name} counts them all`,
      owner: metric.owner,
      score: scoreOf(basis),
      score_basis: basis,
      records: records.slice(0, RECORDS_LISTED),
      records_total: total,
      statistics: `score ${scoreOf(basis)} = severity 2 (exceptions outside the register) × persistence 1 × trend 1`,
    },
  ];
}

/** "Mean time to detect" → "mean time to detect", but "SAST findings" and "P0/P1 incidents" stay as they are. */
function inSentence(name: string): string {
  return /^[A-Z][a-z]/.test(name) ? name[0]?.toLowerCase() + name.slice(1) : name;
}

function verb(metric: MetricResult): string {
  if (metric.direction === "up") return "Raise";
  if (metric.direction === "zero") return "Bring";
  return "Reduce";
}

/** The values of the periods shown; a stale current value is left out, as the reports leave it out. */
function historyText(metric: MetricResult, periodId: string | null): string {
  const current = periodId === null ? [] : [{ period: periodId, value: metric.value }];
  const points = [...metric.history, ...current]
    .filter((point) => point.value !== null)
    .map((point) => `${point.period} ${formatQuantity(point.value, metric.unit)}`);
  return points.length === 0 ? "no value in any period shown" : `history: ${points.join(", ")}`;
}
