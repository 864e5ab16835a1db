import type { Config } from "../config/schema.ts";
import { type Covers, coverOf, exceptionCoversAt, type LapsedCover } from "../domains/exceptions/coverage.ts";
import { type FindingState, findingState } from "../domains/vulnerabilities/compute.ts";
import { type FindingQuery, findings, scanTargetsAt } from "../domains/vulnerabilities/queries.ts";
import {
  FINDING_STATUSES,
  type FindingRecord,
  type FindingStatus,
} from "../domains/vulnerabilities/records.ts";
import type { ScanTarget } from "../domains/vulnerabilities/targets.ts";
import { SecmetricsError } from "../model/errors.ts";
import { parsePeriod } from "../model/period.ts";
import type { Stored } from "../model/records.ts";
import { SEVERITIES, type Severity } from "../model/severity.ts";
import type { Store } from "../store/store.ts";

const DAY_MS = 86_400_000;

/**
 * `open` (the default), `fixed`, one of the set-apart statuses, `all`, or
 * the open findings of targets `not_rescanned` (within `open`) or `retired`
 * (no longer in it). `accepted_risk` is the tool's triage and the open
 * findings an exception in force covers: both what `open` leaves out.
 */
export const FINDING_FILTERS = [
  "open",
  "fixed",
  ...FINDING_STATUSES.filter((s) => s !== "open"),
  "all",
  "not_rescanned",
  "retired",
] as const;
export type FindingFilter = (typeof FINDING_FILTERS)[number];

export interface FindingsRequest {
  status: FindingFilter;
  severity?: readonly Severity[];
  target?: string;
  /** Judged at this period's end (open at its end, fixed in it); omitted: now. */
  period?: string;
  limit: number;
}

/** One finding behind the numbers, flattened for tables, CSV and JSON. */
export interface FindingRow {
  vulnerability_id: string;
  severity: Severity | null;
  target: string;
  tool: string;
  package: string | null;
  location: string | null;
  /**
   * What the finding is at `as_of`: `fixed` once fixed by then,
   * `accepted_risk` while an exception in force covers it, else as its
   * target is or its triage status.
   */
  status: FindingState;
  /** The same as `status`, kept for the scripts that read it. */
  state: FindingState;
  /** The tool's triage status; a fixed finding keeps the one it had while open. */
  triage_status: FindingStatus;
  /** The register's exception that covers the open finding at `as_of`: in force, else the most recently lapsed. */
  exception: string | null;
  /** `in_force` (the finding is accepted risk), or how it lapsed (the finding counts again). */
  exception_state: "in_force" | LapsedCover["state"] | null;
  /** The last scan of the target by the finding's tool before `as_of`. */
  target_last_scan_at: string | null;
  first_seen_at: string;
  due_at: string | null;
  fixed_at: string | null;
  /** Days from first seen to the fix, or to `as_of` while open. */
  age_days: number;
  overdue: boolean;
  reintroduced: boolean;
  title: string | null;
  /** file:line of the scan that first saw it. */
  source: string;
  sha256: string;
}

export interface FindingsList {
  as_of: string;
  period: string | null;
  rows: FindingRow[];
  truncated: boolean;
}

export function parseSeverities(text: string | undefined): Severity[] | undefined {
  if (text === undefined) return undefined;
  const words = text.split(",").map((word) => word.trim().toLowerCase());
  const unknown = words.filter((word) => !(SEVERITIES as readonly string[]).includes(word));
  if (unknown.length > 0) {
    throw new SecmetricsError(
      "invalid_argument",
      `--severity: unknown severity "${unknown[0]}"`,
      `use ${SEVERITIES.join(", ")} (comma-separated for several)`,
    );
  }
  return words as Severity[];
}

/** The finding occurrences a `findings` command lists: the records behind the vulnerability numbers. */
export async function listFindings(
  store: Store,
  request: FindingsRequest,
  config: Config,
  now: number,
): Promise<FindingsList> {
  const period = request.period
    ? parsePeriod(request.period, { timezone: config.timezone, iterations: config.iterations })
    : undefined;
  const asOf = period ? Math.min(period.end, now) : now;
  const targets = await store.read((q) =>
    scanTargetsAt(q, { asOf, retireAfterMs: config.scans.retire_after * 1000 }),
  );
  const inState = (state: ScanTarget["state"]) => targets.filter((t) => t.state === state);
  const covers = await exceptionCoversAt(store, asOf);
  const query: FindingQuery = {
    severity: request.severity,
    target: request.target,
    limit: request.limit + 1,
  };
  if (request.status === "fixed") {
    query.fixed = { start: period?.start ?? 0, end: asOf };
  } else if (request.status === "all") {
    query.firstSeen = { start: 0, end: asOf };
  } else if (request.status === "accepted_risk") {
    // The tool's own triage and the open findings an exception in force waives.
    query.openAt = asOf;
    query.status = ["open", "accepted_risk"];
    query.accepted = { covers: covers.inForce, keep: "only" };
  } else if (request.status === "not_rescanned" || request.status === "retired") {
    query.openAt = asOf;
    query.status = ["open"];
    query.on = inState(request.status);
  } else {
    query.openAt = asOf;
    query.status = [request.status];
    if (request.status === "open") {
      // What open_vulnerabilities counts: neither retired targets nor accepted risk.
      query.notOn = inState("retired");
      query.accepted = { covers: covers.inForce, keep: "without" };
    }
  }
  const found = await store.read((q) => findings(q, query));
  return {
    as_of: new Date(asOf).toISOString(),
    period: period?.id ?? null,
    rows: found.slice(0, request.limit).map((finding) => findingRow(finding, asOf, targets, covers)),
    truncated: found.length > request.limit,
  };
}

function findingRow(
  finding: Stored<FindingRecord>,
  asOf: number,
  targets: readonly ScanTarget[],
  covers: Covers,
): FindingRow {
  const target = targets.find((t) => t.target === finding.target && t.tool === finding.tool);
  const fixed = finding.fixed_at !== null && finding.fixed_at < asOf;
  // As the drill-downs: only an open finding of triage status open is waived, or counts again.
  const cover =
    fixed || finding.status !== "open" ? null : coverOf(covers, finding.vulnerability_id, finding.target);
  const state = findingState(finding, asOf, target, cover?.inForce === true);
  const end = state === "fixed" ? (finding.fixed_at as number) : asOf;
  return {
    vulnerability_id: finding.vulnerability_id,
    severity: finding.severity,
    target: finding.target,
    tool: finding.tool,
    package: finding.package_name,
    location: finding.location,
    status: state,
    state,
    triage_status: finding.status,
    exception: cover?.cover.id ?? null,
    exception_state: cover === null ? null : cover.inForce ? "in_force" : cover.cover.state,
    target_last_scan_at: target ? iso(target.last_scan_at) : null,
    first_seen_at: iso(finding.first_seen_at),
    due_at: finding.due_at === null ? null : iso(finding.due_at),
    fixed_at: finding.fixed_at === null ? null : iso(finding.fixed_at),
    age_days: Math.floor((end - finding.first_seen_at) / DAY_MS),
    overdue: finding.due_at !== null && finding.due_at < end,
    reintroduced: finding.reintroduced,
    title: finding.title,
    source: `${finding.provenance.file_name}:${finding.provenance.line}`,
    sha256: finding.provenance.sha256,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
