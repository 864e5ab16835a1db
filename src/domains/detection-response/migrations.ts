import type { DomainPack } from "../domain-pack.ts";

export const MIGRATIONS = [
  [
    "0022-incident-kind",
    {
      // Near-misses and rehearsals come in the same exports as incidents;
      // every row stored before is an incident (a drill by `synthetic`).
      up: (db) =>
        db.schema
          .alterTable("incidents")
          .addColumn("event_kind", "text", (c) => c.notNull().defaultTo("incident"))
          .execute(),
    },
  ],
  [
    "0045-incident-reporter",
    {
      // Who reported a near-miss is a culture signal; rows stored before kept it, if at all, in `attributes`.
      up: (db) => db.schema.alterTable("incidents").addColumn("reported_by", "text").execute(),
    },
  ],
  [
    "0049-incident-kind-index",
    {
      // Every `kpis` run asks when the first near-miss was detected: an index seek instead of reading every incident.
      up: (db) =>
        db.schema
          .createIndex("incidents_kind_detected")
          .on("incidents")
          .columns(["event_kind", "detected_at"])
          .execute(),
    },
  ],
] as const satisfies DomainPack["migrations"];
