import type { Period } from "../../model/period.ts";
import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso } from "../drill-row.ts";
import { type Covers, coverOf, exceptionCoversAt } from "../exceptions/coverage.ts";
import { findingState } from "./compute.ts";
import { otherDebtAt, otherDebtRows } from "./debt.ts";
import { type FindingQuery, findings, scanTargetsAt } from "./queries.ts";
import type { FindingRecord } from "./records.ts";
import type { ScanTarget } from "./targets.ts";

const DEPENDENCY = ["dependency", "container"] as const;

/** What each vulnerability metric reads, as a store query for the period (open ones judged at its end). */
const QUERIES: Record<string, (period: Period) => FindingQuery[]> = {
  open_vulnerabilities: (p) => [{ openAt: p.end }],
  open_critical_vulnerabilities: (p) => [{ openAt: p.end, severity: ["critical"] }],
  open_high_vulnerabilities: (p) => [{ openAt: p.end, severity: ["high"] }],
  mttp: (p) => [{ fixed: p }],
  vuln_sla_missed: (p) => [{ fixed: p }, { openAt: p.end, dueBefore: p.end }],
  security_debt: (p) => [{ openAt: p.end, dueBefore: p.end }],
  repeat_findings: (p) => [{ firstSeen: p, reintroduced: true }],
  sast_findings_new: (p) => [{ firstSeen: p, category: ["sast"] }],
  dast_findings_new: (p) => [{ firstSeen: p, category: ["dast"] }],
  dependency_vulns_direct: (p) => [{ firstSeen: p, category: DEPENDENCY, direct: true }],
};

/** The metrics an exception in force takes a finding out of (accepted risk); the others count it whatever the register says. */
const WAIVABLE: ReadonlySet<string> = new Set([
  "open_vulnerabilities",
  "open_critical_vulnerabilities",
  "open_high_vulnerabilities",
  "vuln_sla_missed",
  "security_debt",
]);

/** The finding occurrences behind a vulnerability metric, each with whether (and why not) it counts. */
export async function findingDrill(
  store: Store,
  metricId: string,
  { period, config }: DrillContext,
  limit: number,
): Promise<DrillRow[]> {
  const queries = QUERIES[metricId]?.(period) ?? [];
  const targets = await store.read((q) =>
    scanTargetsAt(q, { asOf: period.end, retireAfterMs: config.scans.retire_after * 1000 }),
  );
  const covers = WAIVABLE.has(metricId) ? await exceptionCoversAt(store, period.end) : null;
  const rows: DrillRow[] = [];
  for (const query of queries) {
    for (const finding of await store.read((q) => findings(q, { ...query, limit: limit + 1 }))) {
      // Only "open at the end" reads a target's state: what was new or fixed in a period stays so.
      const target =
        query.openAt === undefined
          ? undefined
          : targets.find((t) => t.target === finding.target && t.tool === finding.tool);
      rows.push(findingDrillRow(metricId, finding, period, target, covers));
    }
  }
  if (metricId !== "security_debt" || rows.length > limit) return rows;
  return [...rows, ...otherDebtRows(await otherDebtAt(store, period.end))].slice(0, limit + 1);
}

function findingDrillRow(
  metricId: string,
  finding: Stored<FindingRecord>,
  period: Period,
  target: ScanTarget | undefined,
  covers: Covers | null,
): DrillRow {
  const state = findingState(finding, period.end, target);
  const open = state !== "fixed";
  const end = open ? period.end : (finding.fixed_at as number);
  const fields: DrillRow["fields"] = {
    vulnerability_id: finding.vulnerability_id,
    severity: finding.severity,
    target: finding.target,
    package: finding.package_name,
    fixed_version: finding.fixed_version,
    location: finding.location,
    status: state,
    triage_status: finding.status,
    first_seen_at: iso(finding.first_seen_at),
    due_at: finding.due_at === null ? null : iso(finding.due_at),
    fixed_at: finding.fixed_at === null ? null : iso(finding.fixed_at),
  };
  let counted = finding.status === "open";
  let note: string | null = counted ? null : `${finding.status.replace("_", " ")}: shown apart`;
  if (metricId === "mttp") fields.duration_seconds = (end - finding.first_seen_at) / 1000;
  else fields.age_days = Math.floor((end - finding.first_seen_at) / 86_400_000);
  if (metricId === "vuln_sla_missed" && counted) {
    if (finding.due_at === null) [counted, note] = [false, "no SLA for its severity"];
    else note = finding.due_at < end ? (open ? "open past due" : "fixed late") : "fixed on time";
  }
  const cover = covers && counted ? coverOf(covers, finding.vulnerability_id, finding.target) : null;
  if (cover) {
    fields.exception = cover.cover.id;
    fields.exception_owner = cover.cover.owner;
    fields.exception_expires_at = cover.cover.expires_at === null ? null : iso(cover.cover.expires_at);
  }
  if (cover?.inForce) {
    const until = cover.cover.expires_at === null ? "" : ` until ${day(cover.cover.expires_at)}`;
    [counted, note] = [false, `accepted risk: exception ${cover.cover.id} in force${until}, shown apart`];
    fields.status = "accepted_risk";
  } else if (cover && !cover.inForce) {
    fields.exception_state = cover.cover.state;
    const lapsed = `exception ${cover.cover.id} ${lapsedWords(cover.cover)}: counts again`;
    note = note ? `${note}; ${lapsed}` : lapsed;
  }
  if (open && counted && target?.retirement) {
    [counted, note] = [
      false,
      `target retired on ${day(target.retirement.retired_at)}: no longer counted as open`,
    ];
  } else if (open && counted && target?.state === "not_rescanned") {
    const since = `target not rescanned since ${day(target.last_scan_at)}`;
    note = note ? `${note}; ${since}` : since;
  }
  return {
    kind: "finding",
    id: `${finding.target} ${finding.identity}#${finding.occurrence}`,
    fields,
    counted,
    note,
    provenance: finding.provenance,
  };
}

function lapsedWords(cover: { state: string; expires_at: number | null }): string {
  if (cover.state !== "expired") return cover.state;
  return cover.expires_at === null ? "expired" : `expired ${day(cover.expires_at)}`;
}

function day(ms: number): string {
  return iso(ms).slice(0, 10);
}
