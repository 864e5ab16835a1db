import type { Config } from "../../config/schema.ts";
import type { Interval } from "../../store/store.ts";
import { countValue, type MetricValue, percentValue } from "../metric-value.ts";
import type { CheckResult, CheckResultValue } from "./records.ts";
import { AssetScope } from "./scope.ts";

/** What the check metrics read of a result: its place in the history and its verdict. */
export type CheckRow = Pick<
  CheckResult,
  "asset" | "check_id" | "result" | "checked_at" | "profile" | "severity"
>;

/** Which checks are an asset's baseline: tiers by profile, then by severity. */
export type CheckTiers = Config["compliance_checks"];

/** The checks a controls_health baseline holds: Tier 0 and Tier 1. */
const BASELINE_TIER = 1;

/** A result that says the check holds. `fixed`: remediated during the scan, so it holds now. */
const PASSING: ReadonlySet<CheckResultValue> = new Set(["pass", "fixed"]);
/** A result that says it does not, or could not say: an error or unknown is no evidence that it holds. */
const FAILING: ReadonlySet<CheckResultValue> = new Set(["fail", "error", "unknown"]);

export const isPassing = (row: CheckRow) => PASSING.has(row.result);
export const isFailing = (row: CheckRow) => FAILING.has(row.result);
/**
 * Passing or failing. The others (notapplicable, notselected, informational,
 * notchecked: a rule with no automated check) say nothing about the asset.
 */
export const counts = (row: CheckRow) => isPassing(row) || isFailing(row);

/** A check's tier: its profile's when the profile has one, else its severity's; null when neither. */
export function tierOf(row: CheckRow, tiers: CheckTiers): number | null {
  const byProfile = row.profile === null ? undefined : tiers.profile_tiers[row.profile];
  if (byProfile !== undefined) return byProfile;
  return (row.severity === null ? undefined : tiers.severity_tiers[row.severity]) ?? null;
}

export function isBaseline(row: CheckRow, tiers: CheckTiers): boolean {
  const tier = tierOf(row, tiers);
  return tier !== null && tier <= BASELINE_TIER;
}

/** What a check's history is keyed by: its asset and check. */
export const checkKey = (row: CheckRow) => `${row.asset}\u0000${row.check_id}`;

/** The results of each (asset, check), oldest first. */
export function histories<T extends CheckRow>(rows: readonly T[]): T[][] {
  const byCheck = new Map<string, T[]>();
  for (const row of rows) {
    const key = checkKey(row);
    const history = byCheck.get(key);
    if (history) history.push(row);
    else byCheck.set(key, [row]);
  }
  const all = [...byCheck.values()];
  for (const history of all) history.sort((a, b) => a.checked_at - b.checked_at);
  return all;
}

/** The latest result before `end`, when there is one. */
export function latestBefore<T extends CheckRow>(history: readonly T[], end: number): T | undefined {
  let latest: T | undefined;
  for (const row of history) {
    if (row.checked_at >= end) break;
    latest = row;
  }
  return latest;
}

/** Each asset's baseline at `end`: the latest counted result of each of its Tier 0/1 checks. */
export function baselines<T extends CheckRow>(
  checks: readonly (readonly T[])[],
  end: number,
  tiers: CheckTiers,
): Map<string, T[]> {
  const byAsset = new Map<string, T[]>();
  for (const history of checks) {
    const latest = latestBefore(history, end);
    if (!latest || !counts(latest) || !isBaseline(latest, tiers)) continue;
    const baseline = byAsset.get(latest.asset);
    if (baseline) baseline.push(latest);
    else byAsset.set(latest.asset, [latest]);
  }
  return byAsset;
}

/** A drift event: a failing result whose previous counted result of the same check passed. */
export interface Drift<T> {
  result: T;
  previous: T;
}

/** The drift events within `period`, oldest first within each check. */
export function driftEvents<T extends CheckRow>(
  checks: readonly (readonly T[])[],
  period: Interval,
): Drift<T>[] {
  const events: Drift<T>[] = [];
  for (const history of checks) {
    let previous: T | undefined;
    for (const row of history) {
      if (row.checked_at >= period.end) break;
      if (!counts(row)) continue;
      if (row.checked_at >= period.start && isFailing(row) && previous && isPassing(previous))
        events.push({ result: row, previous });
      previous = row;
    }
  }
  return events;
}

/** The checks whose latest result before `end` fails, whatever their tier. */
export function failingAt<T extends CheckRow>(checks: readonly (readonly T[])[], end: number): T[] {
  return checks
    .map((history) => latestBefore(history, end))
    .filter((row): row is T => !!row && isFailing(row));
}

/**
 * Each judged asset's baseline at `end`, and the assets with a baseline
 * the inventory leaves out of scope.
 */
export function judgedBaselines<T extends CheckRow>(
  checks: readonly (readonly T[])[],
  end: number,
  tiers: CheckTiers,
  scope: AssetScope,
): { judged: Map<string, T[]>; all: Map<string, T[]> } {
  const all = baselines(checks, end, tiers);
  const judged = new Map([...all].filter(([asset]) => scope.outOfScope(asset) === null));
  return { judged, all };
}

/**
 * controls_health and compliance_drift of one period, from the results up
 * to its end; controls_health judges the assets `scope` (the inventory at
 * the period end) keeps.
 */
export function checkMetrics(
  checks: readonly (readonly CheckRow[])[],
  period: Interval,
  tiers: CheckTiers,
  scope: AssetScope = new AssetScope([]),
): Record<"controls_health" | "compliance_drift", MetricValue> {
  const { judged, all } = judgedBaselines(checks, period.end, tiers, scope);
  const healthy = [...judged.values()].filter((baseline) => !baseline.some(isFailing)).length;
  const drifts = driftEvents(checks, period);
  return {
    controls_health: percentValue(
      healthy,
      judged.size,
      "no in-scope asset has a Tier 0/1 check that passed or failed by period end",
      {
        healthy_assets: healthy,
        assets: judged.size,
        // Null without an inventory: nothing says what is in scope.
        out_of_scope_assets: scope.hasInventory ? all.size - judged.size : null,
        unassessed_assets: scope.hasInventory ? scope.unassessed(all.keys()).length : null,
      },
    ),
    compliance_drift: countValue(drifts.length, {
      assets_drifted: new Set(drifts.map((d) => d.result.asset)).size,
      failing_now: failingAt(checks, period.end).length,
    }),
  };
}
