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
] as const satisfies DomainPack["migrations"];
