import type { Severity } from "../../model/severity.ts";
import type { TargetRetirement } from "./records.ts";

const DAY_MS = 86_400_000;

/** One scanner's scans of one target before an instant: when it began and when it last looked. */
export interface TargetScans {
  target: string;
  tool: string;
  first_scan_at: number;
  last_scan_at: number;
  scans: number;
}

/** Findings of status `open` still open at an instant, per target, scanner and severity. */
export interface OpenFindingCount {
  target: string;
  tool: string;
  severity: Severity | null;
  count: number;
}

/**
 * `scanned`: the scanner looked at the target within `scans.retire_after`.
 * `not_rescanned`: it has not since; its findings still count as open, shown
 * apart. `retired`: the user retired the target; its findings no longer count.
 */
export type TargetState = "scanned" | "not_rescanned" | "retired";

/** A scan target as one scanner sees it at an instant. */
export interface ScanTarget extends TargetScans {
  state: TargetState;
  /** Open findings by severity ("unrated" when the tool rates none), only those present. */
  open: Record<string, number>;
  open_total: number;
  /** The retirement in effect, when `state` is `retired`. */
  retirement: TargetRetirement | null;
}

export interface TargetRules {
  /** The instant the targets are judged at: a period's end, or now. */
  asOf: number;
  /** `scans.retire_after`, in ms. */
  retireAfterMs: number;
}

/**
 * The retirement of `target` in effect at `at`, if any: made before `at`,
 * not restored by then, and with no scan of the target since it was made (a
 * target scanned again is evidently not gone). Instants follow the periods'
 * rule: what happens at a period's end belongs to the next one.
 */
export function retirementAt(
  retirements: readonly TargetRetirement[],
  target: string,
  lastScanAt: number | null,
  at: number,
): TargetRetirement | null {
  for (const retirement of retirements) {
    if (retirement.target !== target || retirement.retired_at >= at) continue;
    if (retirement.restored_at !== null && retirement.restored_at < at) continue;
    if (lastScanAt !== null && lastScanAt > retirement.retired_at) continue;
    return retirement;
  }
  return null;
}

/** Every (target, scanner) with the scans before `asOf`, its open findings then, and its state. */
export function scanTargetStates(
  scans: readonly TargetScans[],
  retirements: readonly TargetRetirement[],
  open: readonly OpenFindingCount[],
  { asOf, retireAfterMs }: TargetRules,
): ScanTarget[] {
  const lastScanOfTarget = new Map<string, number>();
  for (const row of scans) {
    lastScanOfTarget.set(row.target, Math.max(row.last_scan_at, lastScanOfTarget.get(row.target) ?? 0));
  }
  return scans.map((row) => {
    const mine = open.filter((count) => count.target === row.target && count.tool === row.tool);
    const bySeverity: Record<string, number> = {};
    for (const count of mine) {
      const key = count.severity ?? "unrated";
      bySeverity[key] = (bySeverity[key] ?? 0) + count.count;
    }
    const retirement = retirementAt(retirements, row.target, lastScanOfTarget.get(row.target) ?? null, asOf);
    let state: TargetState = "scanned";
    if (retirement) state = "retired";
    else if (asOf - row.last_scan_at > retireAfterMs) state = "not_rescanned";
    return {
      ...row,
      state,
      open: bySeverity,
      open_total: mine.reduce((sum, count) => sum + count.count, 0),
      retirement,
    };
  });
}

/** The targets whose findings no longer count as open at the targets' instant. */
export function retiredTargets(targets: readonly ScanTarget[]): string[] {
  return [...new Set(targets.filter((t) => t.state === "retired").map((t) => t.target))];
}

/** Whole days from a target's last scan to `asOf`. */
export function daysSinceLastScan(target: TargetScans, asOf: number): number {
  return Math.floor((asOf - target.last_scan_at) / DAY_MS);
}

/** A target named in `open_vulnerabilities`' details; times are ISO 8601. */
export interface TargetDetail {
  target: string;
  tool: string;
  last_scan_at: string;
  days_since_last_scan: number;
  open: number;
  by_severity: Record<string, number>;
}

export interface RetiredTargetDetail extends TargetDetail {
  retired_at: string;
  retired_by: string;
  reason: string | null;
}

/** What `open_vulnerabilities` shows apart (see `targetSplit`). */
export interface TargetSplit {
  /** Open findings still counted, on targets not rescanned. */
  not_rescanned: number;
  targets_not_rescanned: TargetDetail[];
  /** Open findings no longer counted, on retired targets. */
  retired: number;
  retired_targets: RetiredTargetDetail[];
}

/**
 * What `open_vulnerabilities` shows apart: the findings it still counts on
 * targets not rescanned, and those it no longer counts on retired targets,
 * each target named with its last scan.
 */
export function targetSplit(targets: readonly ScanTarget[], asOf: number): TargetSplit {
  const detail = (t: ScanTarget): TargetDetail => ({
    target: t.target,
    tool: t.tool,
    last_scan_at: new Date(t.last_scan_at).toISOString(),
    days_since_last_scan: daysSinceLastScan(t, asOf),
    open: t.open_total,
    by_severity: t.open,
  });
  const notRescanned = targets.filter((t) => t.state === "not_rescanned" && t.open_total > 0);
  const retired: RetiredTargetDetail[] = [];
  for (const t of targets) {
    if (!t.retirement || t.open_total === 0) continue;
    const { retired_at, retired_by, reason } = t.retirement;
    retired.push({ ...detail(t), retired_at: new Date(retired_at).toISOString(), retired_by, reason });
  }
  return {
    not_rescanned: notRescanned.reduce((sum, t) => sum + t.open_total, 0),
    targets_not_rescanned: notRescanned.map(detail),
    retired: retired.reduce((sum, t) => sum + t.open, 0),
    retired_targets: retired,
  };
}

/** Open findings of `severity` on targets in `state`. */
export function openOnTargets(
  targets: readonly ScanTarget[],
  state: TargetState,
  severity: Severity,
): number {
  return targets.filter((t) => t.state === state).reduce((sum, t) => sum + (t.open[severity] ?? 0), 0);
}
