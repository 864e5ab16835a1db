import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { iso, recordRow } from "../drill-row.ts";
import { isExposure, openAt, resolvedAs, secondsToResolve } from "./compute.ts";
import { alertsTouching } from "./queries.ts";
import type { SecretAlert } from "./records.ts";

/** Whether the alert counts toward the metric in the period, and why not. */
function verdict(
  alert: SecretAlert,
  metricId: string,
  period: DrillContext["period"],
): [boolean, string | null] | null {
  const open = isExposure(alert) && openAt(alert, period.end);
  if (metricId === "secrets_exposed") {
    if (alert.created_at < period.start) return null;
    if (!isExposure(alert)) return [false, `resolved as ${alert.resolution}: no live secret`];
    return [true, open ? "still open at the period end" : null];
  }
  if (resolvedAs(alert, "revoked", period)) return [true, null];
  if (open) return [false, "still open at the period end"];
  if (resolvedAs(alert, "wont_fix", period)) return [false, "closed as wont_fix: never revoked"];
  return null;
}

/**
 * The alerts behind a metric: for `secrets_exposed` those opened in the
 * period, for `secret_time_to_revoke` those revoked in it and those still
 * open at its end; each with its state, and never its secret.
 */
export async function secretsDrill(store: Store, metricId: string, { period }: DrillContext, limit: number) {
  const alerts = await store.read((q) => alertsTouching(q, period));
  return alerts
    .flatMap((alert) => {
      const judged = verdict(alert, metricId, period);
      if (!judged) return [];
      const [counted, note] = judged;
      const seconds = secondsToResolve(alert);
      return [
        recordRow(
          alert,
          alert.created_at,
          {
            repository: alert.repository,
            number: alert.number,
            secret_type: alert.secret_type_display_name ?? alert.secret_type,
            state: alert.state,
            resolution: alert.resolution,
            resolved_at: iso(alert.resolved_at),
            seconds_to_resolve: seconds,
            validity: alert.validity,
            publicly_leaked: alert.publicly_leaked,
            push_protection_bypassed: alert.push_protection_bypassed,
            html_url: alert.html_url,
          },
          counted,
          note,
        ),
      ];
    })
    .slice(0, limit + 1);
}
