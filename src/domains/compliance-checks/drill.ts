import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { MANAGED_ASSET, type ManagedAsset } from "../assets/records.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import {
  type CheckTiers,
  checkKey,
  driftEvents,
  failingAt,
  histories,
  isFailing,
  judgedBaselines,
} from "./compute.ts";
import { CHECK_RESULT, type CheckResult } from "./records.ts";
import { AssetScope } from "./scope.ts";

type StoredResult = Stored<CheckResult>;

/**
 * The failing checks per asset, each at its result time: for
 * controls_health, the Tier 0/1 checks that fail at the latest result
 * before period end (each makes its asset count as not healthy); for
 * compliance_drift, the drift events of the period (counted), then the
 * other checks failing at period end (listed, not counted: they failed
 * before the period, or without a pass before).
 */
export async function checkDrill(
  store: Store,
  metricId: string,
  { period, config }: DrillContext,
  limit: number,
): Promise<DrillRow[]> {
  const checks = histories(
    await store.records<CheckResult>(CHECK_RESULT.kind, { start: 0, end: period.end }),
  );
  const rows =
    metricId === "controls_health"
      ? healthRows(
          checks,
          period.end,
          config.compliance_checks,
          new AssetScope(await store.snapshot<ManagedAsset>(MANAGED_ASSET.kind, period.end)),
        )
      : driftRows(checks, period);
  return rows.sort(byAssetThenTime).slice(0, limit + 1);
}

/**
 * The failing Tier 0/1 checks of each asset with a baseline (those of an
 * asset the inventory tiers out listed, not counted), then the in-scope
 * inventory assets with no baseline result at all.
 */
function healthRows(
  checks: StoredResult[][],
  end: number,
  tiers: CheckTiers,
  scope: AssetScope<Stored<ManagedAsset>>,
): DrillRow[] {
  const { all } = judgedBaselines(checks, end, tiers, scope);
  const failing = [...all.values()]
    .flat()
    .filter(isFailing)
    .map((r) => {
      const out = scope.outOfScope(r.asset);
      return out
        ? resultRow(r, false, `out of scope: the inventory places ${out.asset_id} in tier ${out.tier}`)
        : resultRow(r, true, null);
    });
  const unassessed = scope
    .unassessed(all.keys())
    .map(
      (asset): DrillRow =>
        recordRow(
          asset,
          asset.snapshot_at,
          { asset: asset.asset_id, owner: asset.owner, tier: asset.tier },
          false,
          "in scope, no Tier 0/1 check result by period end: not assessed",
        ),
    );
  return [...failing, ...unassessed];
}

function driftRows(checks: StoredResult[][], period: DrillContext["period"]): DrillRow[] {
  const events = driftEvents(checks, period);
  const drifted = new Set(events.map((d) => checkKey(d.result)));
  const eventRows = events.map((d) =>
    resultRow(d.result, true, null, { passed_at: iso(d.previous.checked_at) }),
  );
  const stillFailing = failingAt(checks, period.end)
    .filter((r) => !drifted.has(checkKey(r)))
    .map((r) => resultRow(r, false, "failing at period end, no drift from a pass within the period"));
  return [...eventRows, ...stillFailing];
}

function resultRow(
  r: StoredResult,
  counted: boolean,
  note: string | null,
  extra: DrillRow["fields"] = {},
): DrillRow {
  return recordRow(
    r,
    r.checked_at,
    {
      asset: r.asset,
      check_id: r.check_id,
      result: r.result,
      severity: r.severity,
      profile: r.profile,
      ...extra,
    },
    counted,
    note,
  );
}

/** Counted rows first, then by asset and result time. */
function byAssetThenTime(a: DrillRow, b: DrillRow): number {
  return (
    Number(b.counted) - Number(a.counted) ||
    String(a.fields.asset).localeCompare(String(b.fields.asset)) ||
    String(a.fields.at).localeCompare(String(b.fields.at))
  );
}
