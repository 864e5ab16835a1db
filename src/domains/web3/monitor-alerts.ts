import type { Period } from "../../model/period.ts";
import type { Alert } from "../detection-response/records.ts";
import { type MetricValue, percentValue } from "../metric-value.ts";

const WEEK_MS = 7 * 86_400_000;

/** An alert raised by a monitor of the configuration. */
export interface MonitorAlert<A extends Alert = Alert> {
  monitor: string;
  alert: A;
}

/**
 * The alerts a monitor raised: those whose `rule` names it (OpenZeppelin
 * Monitor's notifications carry the monitor's name, which an alert pipeline
 * keeps as the rule), else whose `source` does (a pipeline that files each
 * monitor as its own source). Other alerts are no monitor's.
 */
export function monitorAlerts<A extends Alert>(
  alerts: readonly A[],
  monitorNames: readonly string[],
): MonitorAlert<A>[] {
  const names = new Set(monitorNames);
  return alerts.flatMap((alert) => {
    const monitor = [alert.rule, alert.source].find((name) => name !== null && names.has(name));
    return monitor === undefined || monitor === null ? [] : [{ monitor, alert }];
  });
}

export const isTriaged = (alert: Alert) => alert.disposition !== "open";

/**
 * Precision of the monitors' alerts raised in the period: true positives of
 * the triaged ones (true positive, false positive or benign). Per monitor:
 * its alerts, alerts per week over the period, true positives, triaged.
 */
export function monitorAlertPrecision(matched: readonly MonitorAlert[], period: Period): MetricValue {
  const weeks = (period.end - period.start) / WEEK_MS;
  const byMonitor: Record<
    string,
    { alerts: number; per_week: number; true_positives: number; triaged: number }
  > = {};
  for (const { monitor, alert } of matched) {
    const tally = byMonitor[monitor] ?? { alerts: 0, per_week: 0, true_positives: 0, triaged: 0 };
    tally.alerts += 1;
    tally.per_week = tally.alerts / weeks;
    if (isTriaged(alert)) tally.triaged += 1;
    if (alert.disposition === "true_positive") tally.true_positives += 1;
    byMonitor[monitor] = tally;
  }
  const triaged = matched.filter(({ alert }) => isTriaged(alert));
  const truePositives = triaged.filter(({ alert }) => alert.disposition === "true_positive").length;
  return percentValue(truePositives, triaged.length, "no triaged alert of a monitor in the period", {
    alerts: matched.length,
    by_monitor: byMonitor,
  });
}
