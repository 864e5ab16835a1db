import { type DomainPack, type MetricFamily, onePeriodOf } from "../domain-pack.ts";
import { secretsMetrics } from "./compute.ts";
import { secretsDrill } from "./drill.ts";
import { SECRETS_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { alertsTouching, latestAlertActivity } from "./queries.ts";
import { SECRET_ALERT } from "./records.ts";

const computeSeries: NonNullable<MetricFamily["computeSeries"]> = async (store, { periods, now }) => {
  const first = periods[0];
  const last = periods.at(-1);
  if (!first || !last) return [];
  // One read for the whole history; each period keeps what touches it.
  const alerts = await store.read((q) => alertsTouching(q, { start: first.start, end: last.end }));
  return periods.map((period) => secretsMetrics(alerts, period, now));
};

/** Secret scanning: the secrets exposed in code each period, and how fast they were revoked. */
export const secrets: DomainPack = {
  id: "secrets",
  recordKinds: [SECRET_ALERT],
  migrations: MIGRATIONS,
  metrics: SECRETS_METRICS,
  families: [
    {
      metrics: SECRETS_METRICS.map((metric) => metric.id),
      kinds: [SECRET_ALERT.kind],
      async dataEnd(store) {
        const at = await store.read(latestAlertActivity);
        return at === null ? null : { at, record: "secret scanning alert" };
      },
      computeSeries,
      compute: onePeriodOf(computeSeries),
      drill: secretsDrill,
    },
  ],
};
