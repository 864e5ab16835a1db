import type { CreateTableBuilder, Kysely } from "kysely";
import { type Dialect, idColumn } from "../engines.ts";

/**
 * Authentication, ban and HTTP events from logs, account and token
 * snapshots, change events, deployments and probe results. One table per
 * record kind; log events are indexed on their instant (the KPIs count them
 * per period in SQL), snapshots on their snapshot time.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const table = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
      .addColumn("feed", "text", (c) => c.notNull())
      .addColumn("external_id", "text", (c) => c.notNull());
  const provenance = <T extends string, C extends string>(builder: CreateTableBuilder<T, C>) =>
    builder
      .addColumn("import_id", "integer", (c) => c.notNull().references("imports.id"))
      .addColumn("line", "integer", (c) => c.notNull());
  const index = (name: string, on: string, columns: string[]) =>
    db.schema.createIndex(name).on(on).columns(columns).execute();

  await provenance(
    table("auth_events")
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("outcome", "text", (c) => c.notNull())
      .addColumn("method", "text", (c) => c.notNull())
      .addColumn("user", "text")
      .addColumn("invalid_user", "integer", (c) => c.notNull())
      .addColumn("source_ip", "text")
      .addColumn("host", "text")
      .addColumn("service", "text", (c) => c.notNull()),
  )
    .addUniqueConstraint("auth_events_identity", ["feed", "external_id"])
    .execute();
  await index("auth_events_by_at", "auth_events", ["at", "outcome"]);

  await provenance(
    table("ban_events")
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("jail", "text", (c) => c.notNull())
      .addColumn("ip", "text", (c) => c.notNull())
      .addColumn("host", "text"),
  )
    .addUniqueConstraint("ban_events_identity", ["feed", "external_id"])
    .execute();
  await index("ban_events_by_at", "ban_events", ["at"]);

  await provenance(
    table("http_events")
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("status", "integer")
      .addColumn("method", "text")
      .addColumn("path", "text")
      .addColumn("client_ip", "text")
      .addColumn("host", "text")
      .addColumn("user", "text")
      .addColumn("rate_limited", "integer", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull()),
  )
    .addUniqueConstraint("http_events_identity", ["feed", "external_id"])
    .execute();
  await index("http_events_by_at", "http_events", ["at"]);

  await provenance(
    table("accounts")
      .addColumn("snapshot_at", "bigint", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("privileged", "integer")
      .addColumn("owner", "text")
      .addColumn("owner_status", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint")
      .addColumn("last_used_at", "bigint")
      .addColumn("mfa_active", "integer")
      .addColumn("attributes", "text", (c) => c.notNull()),
  )
    .addUniqueConstraint("accounts_identity", ["feed", "external_id", "snapshot_at"])
    .execute();
  await index("accounts_by_snapshot", "accounts", ["snapshot_at", "feed"]);

  await provenance(
    table("tokens")
      .addColumn("snapshot_at", "bigint", (c) => c.notNull())
      .addColumn("account_id", "text", (c) => c.notNull())
      .addColumn("token_type", "text", (c) => c.notNull())
      .addColumn("active", "integer", (c) => c.notNull())
      .addColumn("created_at", "bigint")
      .addColumn("expires_at", "bigint")
      .addColumn("last_rotated_at", "bigint")
      .addColumn("last_used_at", "bigint")
      .addColumn("attributes", "text", (c) => c.notNull()),
  )
    .addUniqueConstraint("tokens_identity", ["feed", "external_id", "snapshot_at"])
    .execute();
  await index("tokens_by_snapshot", "tokens", ["snapshot_at", "feed"]);

  await provenance(
    table("change_events")
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("change_type", "text", (c) => c.notNull())
      .addColumn("address", "text", (c) => c.notNull())
      .addColumn("resource_type", "text")
      .addColumn("provider", "text")
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("actions", "text", (c) => c.notNull())
      .addColumn("replacement", "integer", (c) => c.notNull())
      .addColumn("attributes", "text", (c) => c.notNull()),
  )
    .addUniqueConstraint("change_events_identity", ["feed", "external_id"])
    .execute();
  await index("change_events_by_at", "change_events", ["at"]);

  await provenance(
    table("deployments")
      .addColumn("service", "text", (c) => c.notNull())
      .addColumn("environment", "text", (c) => c.notNull())
      .addColumn("started_at", "bigint", (c) => c.notNull())
      .addColumn("finished_at", "bigint")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("rollback_of", "text")
      .addColumn("change_ticket", "text")
      .addColumn("via_pipeline", "integer")
      .addColumn("attributes", "text", (c) => c.notNull()),
  )
    .addUniqueConstraint("deployments_identity", ["feed", "external_id"])
    .execute();
  await index("deployments_by_started_at", "deployments", ["started_at"]);

  await provenance(
    table("probe_results")
      .addColumn("probe", "text", (c) => c.notNull())
      .addColumn("target", "text", (c) => c.notNull())
      .addColumn("checked_at", "bigint", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("drift", "integer")
      .addColumn("result", "text", (c) => c.notNull()),
  )
    .addUniqueConstraint("probe_results_identity", ["feed", "external_id"])
    .execute();
  await index("probe_results_by_target", "probe_results", ["probe", "target", "checked_at"]);
}
