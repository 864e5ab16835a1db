import { MANAGED_ASSET, type ManagedAsset } from "../assets/records.ts";
import { type DomainPack, onePeriodOf } from "../domain-pack.ts";
import { checkMetrics, histories } from "./compute.ts";
import { checkDrill } from "./drill.ts";
import { COMPLIANCE_CHECK_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { checkHistory } from "./queries.ts";
import { CHECK_RESULT } from "./records.ts";
import { AssetScope } from "./scope.ts";

const computeSeries: NonNullable<DomainPack["families"][number]["computeSeries"]> = async (
  store,
  { periods, config },
) => {
  if (periods.length === 0) return [];
  const end = Math.max(...periods.map((p) => p.end));
  const [checks, inventories] = await Promise.all([
    store.read((q) => checkHistory(q, end)).then(histories),
    Promise.all(periods.map((period) => store.snapshot<ManagedAsset>(MANAGED_ASSET.kind, period.end))),
  ]);
  return periods.map((period, i) =>
    checkMetrics(checks, period, config.compliance_checks, new AssetScope(inventories[i] ?? [])),
  );
};

/**
 * Automated compliance checks (XCCDF, Prowler, ASFF, kube-bench): baseline
 * health of the in-scope assets and drift from pass to fail.
 */
export const complianceChecks: DomainPack = {
  id: "compliance-checks",
  recordKinds: [CHECK_RESULT],
  migrations: MIGRATIONS,
  metrics: COMPLIANCE_CHECK_METRICS,
  families: [
    {
      metrics: ["controls_health", "compliance_drift"],
      kinds: [CHECK_RESULT.kind],
      computeSeries,
      compute: onePeriodOf(computeSeries),
      drill: checkDrill,
    },
  ],
};
