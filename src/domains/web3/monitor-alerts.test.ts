import { describe, expect, it } from "vitest";
import type { Alert, AlertDisposition } from "../detection-response/records.ts";
import { monitorAlertPrecision, monitorAlerts } from "./monitor-alerts.ts";

const OCTOBER = {
  id: "2026-10",
  kind: "month" as const,
  start: Date.parse("2026-10-01T00:00:00Z"),
  end: Date.parse("2026-11-01T00:00:00Z"),
};

function alert(id: string, rule: string | null, source: string | null, disposition: AlertDisposition): Alert {
  return {
    kind: "alert",
    feed: "alerts-json",
    external_id: id,
    created_at: OCTOBER.start,
    severity: "high",
    source,
    rule,
    disposition,
    triaged_at: null,
    incident_id: null,
    attributes: {},
  };
}

describe("monitor alert precision", () => {
  it("takes the alerts whose rule, else source, names a monitor, and counts true positives of the triaged", () => {
    const alerts = [
      alert("a1", "Treasury vault", "oz-monitor", "true_positive"),
      alert("a2", "Treasury vault", "oz-monitor", "false_positive"),
      alert("a3", "Treasury vault", "oz-monitor", "open"),
      alert("a4", null, "Payment routing", "benign"),
      alert("a5", "ssh brute force", "wazuh", "true_positive"),
    ];
    const matched = monitorAlerts(alerts, ["Treasury vault", "Payment routing"]);
    expect(matched.map((m) => [m.alert.external_id, m.monitor])).toEqual([
      ["a1", "Treasury vault"],
      ["a2", "Treasury vault"],
      ["a3", "Treasury vault"],
      ["a4", "Payment routing"],
    ]);
    // Triaged: a1 (tp), a2 (fp), a4 (benign) → 1 / 3. October: 31 days = 31/7 weeks → 3 alerts = 0.677… a week.
    const value = monitorAlertPrecision(matched, OCTOBER);
    expect(value.value).toBeCloseTo(100 / 3, 10);
    expect(value.details).toEqual({
      alerts: 4,
      by_monitor: {
        "Treasury vault": { alerts: 3, per_week: 3 / (31 / 7), true_positives: 1, triaged: 2 },
        "Payment routing": { alerts: 1, per_week: 1 / (31 / 7), true_positives: 0, triaged: 1 },
      },
    });
  });

  it("has no value when no monitor alert was triaged", () => {
    const matched = monitorAlerts([alert("a1", "Treasury vault", null, "open")], ["Treasury vault"]);
    expect(monitorAlertPrecision(matched, OCTOBER)).toMatchObject({ value: null, n: 0 });
  });
});
