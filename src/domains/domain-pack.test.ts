import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import { DAY_SECONDS, defineMetrics } from "../model/metric-definition.ts";
import { parsePeriod } from "../model/period.ts";
import type { RecordIdentity } from "../model/records.ts";
import { openKyselyStore } from "../store/kysely-store.ts";
import { defineRecordKind } from "../store/record-kind.ts";
import { createRecordTable } from "../store/record-table.ts";
import type { RecordColumns } from "../store/schema.ts";
import { countWhere, matches } from "../store/selection.ts";
import type { Interval, QueryContext, Store } from "../store/store.ts";
import { ENGINES } from "../test-support/engines.ts";
import { type DomainPack, dataEndOf, dataStartOf } from "./domain-pack.ts";
import { recordRow } from "./drill-row.ts";
import { percentValue } from "./metric-value.ts";
import { STORE_SCHEMA } from "./registry.ts";

/*
 * The small domain ARCHITECTURE.md walks through, in one file: phishing
 * simulation results (one record per recipient and campaign) and the share
 * of recipients who clicked. In the product each part below is a file of
 * src/domains/phishing/ (records, migrations, metrics, queries, compute,
 * drill, pack) and the pack is one line in registry.ts.
 */

// records.ts
interface PhishingResult extends RecordIdentity {
  kind: "phishing_result";
  campaign: string;
  recipient: string;
  sent_at: number;
  clicked: boolean;
  reported: boolean;
}
const PHISHING_RESULT = defineRecordKind({
  kind: "phishing_result",
  table: "phishing_results",
  time: "sent_at",
  booleans: ["clicked", "reported"],
});
type PhishingTables = {
  phishing_results: RecordColumns & {
    campaign: string;
    recipient: string;
    sent_at: number;
    clicked: number;
    reported: number;
  };
};

// migrations.ts
const MIGRATIONS = [
  [
    "0010-phishing-results",
    {
      up: (db, dialect) =>
        createRecordTable(db, dialect, PHISHING_RESULT, (table) =>
          table
            .addColumn("campaign", "text", (c) => c.notNull())
            .addColumn("recipient", "text", (c) => c.notNull())
            .addColumn("sent_at", "bigint", (c) => c.notNull())
            .addColumn("clicked", "integer", (c) => c.notNull())
            .addColumn("reported", "integer", (c) => c.notNull()),
        ),
    },
  ],
] as const satisfies DomainPack["migrations"];

// metrics.ts
const PHISHING_METRICS = defineMetrics("program", [
  {
    id: "phishing_click_rate",
    name: "Phishing click rate",
    description: "% of phishing simulation emails sent in the period whose link was clicked.",
    unit: "percent",
    direction: "down",
    chart: "p",
    target: { op: "<", value: 5 },
    sources: ["phishing-csv"],
    cadence_seconds: 31 * DAY_SECONDS,
  },
]);

// queries.ts: the rule, once, for the count and for the drill-down.
const CLICKED = { clicked: [1] };
async function clickTally({ db }: QueryContext, { start, end }: Interval) {
  const row = await db
    .withTables<PhishingTables>()
    .selectFrom("phishing_results")
    .select((eb) => [sql<number>`count(*)`.as("sent"), countWhere(matches(eb, CLICKED)).as("clicked")])
    .where("sent_at", ">=", start)
    .where("sent_at", "<", end)
    .executeTakeFirstOrThrow();
  return { sent: Number(row.sent), clicked: Number(row.clicked ?? 0) };
}

// compute.ts: pure.
function phishingClickRate(tally: { sent: number; clicked: number }) {
  return percentValue(tally.clicked, tally.sent, "no simulation email sent in the period", tally);
}

// pack.ts, with drill.ts inline.
const phishing: DomainPack = {
  id: "phishing",
  recordKinds: [PHISHING_RESULT],
  migrations: MIGRATIONS,
  metrics: PHISHING_METRICS,
  families: [
    {
      metrics: ["phishing_click_rate"],
      kinds: [PHISHING_RESULT.kind],
      async compute(store, { period }) {
        return { phishing_click_rate: phishingClickRate(await store.read((q) => clickTally(q, period))) };
      },
      async drill(store, _metricId, { period }, limit) {
        const clicked = await store.records<PhishingResult>(PHISHING_RESULT.kind, {
          ...period,
          where: CLICKED,
          limit: limit + 1,
        });
        return clicked.map((r) => recordRow(r, r.sent_at, { campaign: r.campaign, recipient: r.recipient }));
      },
    },
  ],
};

const at = (iso: string) => Date.parse(iso);
const result = (recipient: string, sentAt: number, clicked: boolean): PhishingResult => ({
  kind: "phishing_result",
  feed: "phishing",
  external_id: `q3|${recipient}`,
  campaign: "q3",
  recipient,
  sent_at: sentAt,
  clicked,
  reported: !clicked,
});

for (const engine of ENGINES) {
  describe(`a new domain pack on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      const database = await engine.create();
      store = await openKyselyStore(database.url, {
        recordKinds: [...STORE_SCHEMA.recordKinds, ...phishing.recordKinds],
        migrations: [...STORE_SCHEMA.migrations, ...phishing.migrations],
      });
      dispose = async () => {
        await store.close();
        await database.dispose();
      };
    });
    afterEach(async () => dispose());

    it("stores its records, computes its metric and lists the same records behind it", async () => {
      // September: 4 emails, 1 clicked → 25 %; the one sent on October 1 belongs to October.
      await store.importRecords(
        { format: "phishing-csv", feed: "phishing", file_name: "q3.csv", sha256: "q3", imported_at: 0 },
        async (writer) => {
          const rows = [
            result("ana", at("2026-09-02T09:00:00Z"), false),
            result("ben", at("2026-09-02T09:00:00Z"), true),
            result("cy", at("2026-09-03T09:00:00Z"), false),
            result("dee", at("2026-09-30T23:59:59Z"), false),
            result("eve", at("2026-10-01T00:00:00Z"), true),
          ];
          for (const [index, row] of rows.entries()) await writer.write(row, index + 2);
          return { skipped: 0 };
        },
      );
      const [family] = phishing.families;
      if (!family) throw new Error("no family");
      const period = parsePeriod("2026-09", { timezone: "UTC", iterations: [] });
      const context = { period, now: at("2026-11-01T00:00:00Z"), config: parseConfig({}) };

      const { phishing_click_rate: value } = await family.compute(store, context);
      expect(value).toMatchObject({ value: 25, n: 4, details: { sent: 4, clicked: 1 } });

      const rows = await family.drill(store, "phishing_click_rate", context, 100);
      expect(rows.map((row) => [row.id, row.counted, row.provenance.line])).toEqual([["q3|ben", true, 3]]);
      expect(await dataStartOf(family, store)).toBe(at("2026-09-02T09:00:00Z"));
      // By default the data ends at the latest record of the family's kinds (eve's, sent on October 1), named by its kind.
      expect(await dataEndOf(family, store)).toEqual({
        at: at("2026-10-01T00:00:00Z"),
        record: "phishing result",
      });
    });
  });
}
