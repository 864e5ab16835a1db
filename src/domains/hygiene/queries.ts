import { sql } from "kysely";
import type { Interval, QueryContext, Store } from "../../store/store.ts";
import { deploymentKey, withRecognisedRollbacks } from "./compute.ts";
import { DEPLOYMENT, type Deployment, type HygieneTables } from "./records.ts";

/** The deployments started in the period, each rollback named whether declared or shown by its version. */
export async function deploymentsOf(store: Store, period: Interval & { limit?: number }) {
  const [deployments, replaced] = await Promise.all([
    store.records<Deployment>(DEPLOYMENT.kind, period),
    store.read((q) => rolledBackVersions(q, period)),
  ]);
  return withRecognisedRollbacks(deployments, replaced);
}

/**
 * The deployments started in the period that shipped a version again after
 * a newer one had gone live, each with the deployment it replaced: in the
 * same feed, service and environment, the latest successful deployment
 * before it shipped another version, and an earlier successful one shipped
 * its own. Only successful deployments count as live: redeploying the
 * running version after a failed newer one is a retry, not a rollback.
 */
export async function rolledBackVersions({ db }: QueryContext, { start, end }: Interval) {
  const tables = db.withTables<HygieneTables>();
  const rows = await tables
    .selectFrom("deployments as d")
    .select((eb) => {
      const live = (alias: "p" | "e") =>
        eb
          .selectFrom(`deployments as ${alias}`)
          .whereRef(`${alias}.feed`, "=", "d.feed")
          .whereRef(`${alias}.service`, "=", "d.service")
          .whereRef(`${alias}.environment`, "=", "d.environment")
          .whereRef(`${alias}.started_at`, "<", "d.started_at")
          .where(`${alias}.status`, "=", "success");
      const previous = live("p").orderBy("p.started_at", "desc").limit(1);
      return [
        "d.feed",
        "d.external_id",
        "d.version",
        previous.select("p.external_id").as("previous_id"),
        previous.select("p.version").as("previous_version"),
        eb
          .exists(live("e").select(sql`1`.as("one")).whereRef("e.version", "=", "d.version"))
          .as("shipped_before"),
      ];
    })
    .where("d.version", "is not", null)
    .where("d.started_at", ">=", start)
    .where("d.started_at", "<", end)
    .execute();
  const replaced = new Map<string, string>();
  for (const row of rows)
    if (
      Boolean(Number(row.shipped_before)) &&
      row.previous_id !== null &&
      row.previous_version !== null &&
      row.previous_version !== row.version
    )
      replaced.set(deploymentKey(row), row.previous_id);
  return replaced;
}
