import type { Config } from "../../config/schema.ts";
import type { Period } from "../../model/period.ts";
import type { Severity } from "../../model/severity.ts";
import type { Incident } from "../detection-response/records.ts";
import { countValue, emptyValue, type MetricValue, percentValue } from "../metric-value.ts";
import { CONTROL_RESULTS, type ControlResult, type Postmortem } from "./records.ts";

const DAY_MS = 86_400_000;
/** How far back a root cause counts as seen before: a year of post-mortems. */
export const REPEAT_WITHIN_DAYS = 365;

/** What `postmortem_coverage` asks of the incidents: which severities need one, and within how many days. */
export interface CoveragePolicy {
  significant: readonly Severity[];
  dueDays: number;
}

export function coveragePolicy(config: Config): CoveragePolicy {
  return {
    significant: config.learning.significant_severities,
    dueDays: config.learning.postmortem_due_days,
  };
}

/**
 * An incident's post-mortem, judged against its due date (detection + the
 * policy's days):
 * - `covered`: published by the due date;
 * - `late`: published after it;
 * - `missing`: not published, the due date passed before the folder was last read;
 * - `pending`: not published, still due after the folder was last read (not judged yet).
 */
export type CoverageVerdict = "covered" | "late" | "missing" | "pending";

type CoveredIncident = Pick<
  Incident,
  "external_id" | "detected_at" | "severity" | "synthetic" | "event_kind"
>;

/** Whether an incident needs a post-mortem: a production one of a significant severity. */
export function isSignificant(incident: CoveredIncident, policy: CoveragePolicy): boolean {
  return (
    isProductionIncident(incident) &&
    incident.severity !== null &&
    policy.significant.includes(incident.severity)
  );
}

/** `readAt`: when the post-mortems folders were last read, the latest instant a verdict can speak for. */
export function coverageVerdict(
  incident: CoveredIncident,
  postmortem: Postmortem | undefined,
  policy: CoveragePolicy,
  readAt: number,
): CoverageVerdict {
  const due = incident.detected_at + policy.dueDays * DAY_MS;
  if (postmortem?.status === "published" && postmortem.published_at !== null)
    return postmortem.published_at <= due ? "covered" : "late";
  return due <= readAt ? "missing" : "pending";
}

/** When the folders were last read: the latest snapshot among the post-mortems. */
export function lastRead(postmortems: readonly Postmortem[]): number {
  return Math.max(...postmortems.map((postmortem) => postmortem.snapshot_at));
}

/** The post-mortem of each event; the folder read last wins when two feeds name one. */
export function postmortemsByEvent<P extends Postmortem>(postmortems: readonly P[]): Map<string, P> {
  const sorted = [...postmortems].sort((a, b) => a.snapshot_at - b.snapshot_at);
  return new Map(sorted.map((postmortem) => [postmortem.event, postmortem]));
}

/** The root cause categories of a post-mortem that an earlier one named within the year before it. */
export function repeatedCauses(postmortem: Postmortem, all: readonly Postmortem[]): string[] {
  const earlier = new Set(
    all
      .filter(
        (other) =>
          other !== postmortem &&
          other.date < postmortem.date &&
          other.date >= postmortem.date - REPEAT_WITHIN_DAYS * DAY_MS,
      )
      .flatMap((other) => other.root_causes.map((cause) => cause.category)),
  );
  return [...new Set(postmortem.root_causes.map((cause) => cause.category))].filter((category) =>
    earlier.has(category),
  );
}

export function isInPeriod(postmortem: Postmortem, period: Period): boolean {
  return postmortem.date >= period.start && postmortem.date < period.end;
}

type PostmortemMetric = "postmortem_coverage" | "repeat_root_causes" | "control_effectiveness";

/**
 * The post-mortem metrics of a period. Coverage is over the significant
 * production incidents detected in it; repeats and control reviews over the
 * post-mortems of events dated in it (every status: a draft names its
 * causes too), against the latest post-mortems folder.
 */
export function postmortemMetrics(
  incidents: readonly CoveredIncident[],
  postmortems: readonly Postmortem[],
  period: Period,
  policy: CoveragePolicy,
): Record<PostmortemMetric, MetricValue> {
  const byEvent = postmortemsByEvent(postmortems);
  const verdicts: Record<CoverageVerdict, number> = { covered: 0, late: 0, missing: 0, pending: 0 };
  const readAt = lastRead(postmortems);
  for (const incident of incidents.filter((i) => isSignificant(i, policy)))
    verdicts[coverageVerdict(incident, byEvent.get(incident.external_id), policy, readAt)]++;
  const ofPeriod = [...byEvent.values()].filter((postmortem) => isInPeriod(postmortem, period));
  const repeats = ofPeriod.flatMap((postmortem) => repeatedCauses(postmortem, [...byEvent.values()]));
  const results: Record<ControlResult, number> = { effective: 0, partial: 0, failed: 0, absent: 0 };
  for (const review of ofPeriod.flatMap((postmortem) => postmortem.controls_reviewed))
    results[review.result]++;
  const reviews = CONTROL_RESULTS.reduce((sum, result) => sum + results[result], 0);
  return {
    postmortem_coverage: percentValue(
      verdicts.covered,
      verdicts.covered + verdicts.late + verdicts.missing,
      "no significant incident of the period is due a post-mortem yet",
      { ...verdicts, due_days: policy.dueDays, severities: policy.significant },
    ),
    repeat_root_causes: countValue(repeats.length, {
      categories: [...new Set(repeats)].sort(),
      postmortems: ofPeriod.length,
      within_days: REPEAT_WITHIN_DAYS,
    }),
    control_effectiveness: percentValue(
      results.effective,
      reviews,
      "no control reviewed in the period's post-mortems",
      {
        by_result: results,
      },
    ),
  };
}

/** A production incident: neither a near-miss nor a rehearsal. */
export function isProductionIncident(incident: Pick<Incident, "event_kind" | "synthetic">): boolean {
  return incident.event_kind === "incident" && !incident.synthetic;
}

/** Near-misses reported per production incident, over the events of one period. */
export function nearMissRatio(events: readonly Pick<Incident, "event_kind" | "synthetic">[]): MetricValue {
  const nearMisses = events.filter((event) => event.event_kind === "near_miss").length;
  const incidents = events.filter(isProductionIncident).length;
  const details = { near_misses: nearMisses, incidents };
  if (incidents === 0) return emptyValue("no production incident in the period", details);
  return { ...countValue(nearMisses / incidents, details), n: incidents };
}
