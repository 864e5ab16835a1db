import type { Period } from "../../model/period.ts";
import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { ALERT, type Alert } from "../detection-response/records.ts";
import { type DrillRow, recordRow } from "../drill-row.ts";
import { isTriaged, type MonitorAlert, monitorAlerts } from "./monitor-alerts.ts";
import { MONITOR_CONFIG, type MonitorConfig } from "./records.ts";

/** The alerts of the period raised by a monitor of the configuration in force at the period end. */
export async function alertsOfMonitors(store: Store, period: Period): Promise<MonitorAlert<Stored<Alert>>[]> {
  const [monitors, alerts] = await Promise.all([
    store.snapshot<MonitorConfig>(MONITOR_CONFIG.kind, period.end),
    store.records<Alert>(ALERT.kind, { start: period.start, end: period.end }),
  ]);
  return monitorAlerts(
    alerts,
    monitors.map((m) => m.name),
  );
}

/** monitor_alert_precision: the true positives (counted), then the other triaged alerts, then those not triaged. */
export async function monitorAlertsDrill(store: Store, period: Period, limit: number): Promise<DrillRow[]> {
  const rows = (await alertsOfMonitors(store, period)).map(({ monitor, alert }) =>
    recordRow(
      alert,
      alert.created_at,
      {
        monitor,
        rule: alert.rule,
        source: alert.source,
        severity: alert.severity,
        disposition: alert.disposition,
      },
      alert.disposition === "true_positive",
      alert.disposition === "true_positive" ? null : isTriaged(alert) ? alert.disposition : "not triaged",
    ),
  );
  const rank = (r: DrillRow) => (r.counted ? 0 : r.note === "not triaged" ? 2 : 1);
  return rows.sort((a, b) => rank(a) - rank(b)).slice(0, limit + 1);
}
