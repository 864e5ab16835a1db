import { sql } from "kysely";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../app/open-store.ts";
import type { Alert, Incident } from "../domains/detection-response/records.ts";
import type { Account, Token } from "../domains/identity-access/records.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { buildAccount, buildAlert, buildImport, buildIncident, buildToken } from "../test-support/records.ts";
import { databaseOf } from "./kysely-store.ts";
import type { NewImport, Store } from "./store.ts";

const T0 = Date.parse("2026-09-01T00:00:00Z");
const MINUTE = 60_000;

function incident(id: string, detectedAt: number, extra: Partial<Incident> = {}): Incident {
  return buildIncident({ external_id: id, detected_at: detectedAt, severity: "high", ...extra });
}

function alert(id: string, createdAt: number, extra: Partial<Alert> = {}): Alert {
  return buildAlert({ external_id: id, created_at: createdAt, ...extra });
}

function incidents(store: Store, interval: { start: number; end: number }) {
  return store.records<Incident>("incident", interval);
}

function meta(sha256: string, format = "incidents-csv"): NewImport {
  return buildImport(sha256, format, T0);
}

for (const engine of ENGINES) {
  describe(`store on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await createTestStore(engine));
    });
    afterEach(async () => dispose());

    it("commits the import row and its records together, with provenance", async () => {
      const record = await store.importRecords(meta("a"), async (writer) => {
        await writer.write(incident("INC-1", T0, { attributes: { team: "blue" } }), 2);
        await writer.write(incident("INC-2", T0 + MINUTE), 3);
        return { skipped: 1 };
      });
      expect(record).toMatchObject({ records: 2, skipped: 1, sha256: "a" });
      expect(await store.listImports()).toEqual([record]);
      const [first] = await incidents(store, { start: T0, end: T0 + 2 * MINUTE });
      expect(first?.attributes).toEqual({ team: "blue" });
      expect(first?.provenance).toEqual({
        import_id: record.id,
        file_name: "a.csv",
        sha256: "a",
        imported_at: T0,
        line: 2,
      });
    });

    it("rolls everything back when the fill fails, leaving the store as it was", async () => {
      await expect(
        store.importRecords(meta("b"), async (writer) => {
          for (let i = 0; i < 1200; i++) await writer.write(incident(`INC-${i}`, T0 + i), i + 2);
          throw new Error("bad row");
        }),
      ).rejects.toThrow("bad row");
      expect(await store.listImports()).toEqual([]);
      expect(await incidents(store, { start: 0, end: T0 * 2 })).toEqual([]);
    });

    it("upserts by (feed, external_id): a later export updates, a duplicate in one batch keeps the last", async () => {
      await store.importRecords(meta("c"), async (writer) => {
        await writer.write(incident("INC-1", T0), 2);
        await writer.write(incident("INC-1", T0, { recovered_at: T0 + MINUTE }), 3);
        await writer.write(incident("INC-1", T0, { feed: "other" }), 4);
        return { skipped: 0 };
      });
      await store.importRecords(meta("d"), async (writer) => {
        await writer.write(
          incident("INC-1", T0, { responded_at: T0 + 30_000, recovered_at: T0 + MINUTE }),
          2,
        );
        return { skipped: 0 };
      });
      const rows = await incidents(store, { start: T0, end: T0 + 1 });
      expect(rows.map((r) => [r.feed, r.responded_at, r.recovered_at, r.provenance.file_name])).toEqual([
        ["incidents", T0 + 30_000, T0 + MINUTE, "d.csv"],
        ["other", null, null, "c.csv"],
      ]);
    });

    it("writes more rows than one batch holds", async () => {
      const record = await store.importRecords(meta("e", "alerts-csv"), async (writer) => {
        for (let i = 0; i < 1234; i++) await writer.write(alert(`A-${i}`, T0 + i * 1000), i + 2);
        return { skipped: 0 };
      });
      expect(record.records).toBe(1234);
      expect(await store.records("alert", { start: T0, end: T0 + 1234 * 1000 })).toHaveLength(1234);
    });

    it("writes records of one kind whose keys come in another order (another importer's shape) in the same batch", async () => {
      const { kind, attributes, ...rest } = alert("A-2", T0 + 1000, { rule: "reordered" });
      const reordered = { attributes, ...rest, kind } as Alert;
      await store.importRecords(meta("f", "alerts-csv"), async (writer) => {
        await writer.write(alert("A-1", T0), 2);
        await writer.write(reordered, 3);
        await writer.write(alert("A-1", T0, { rule: "last wins" }), 4);
        return { skipped: 0 };
      });
      const rows = await store.records<Alert>("alert", { start: T0, end: T0 + 2000 });
      expect(rows.map((r) => [r.external_id, r.rule, r.provenance.line])).toEqual([
        ["A-1", "last wins", 4],
        ["A-2", "reordered", 3],
      ]);
    });

    it("keeps every snapshot and reads each feed's latest before the end", async () => {
      const T = Date.parse("2026-09-10T12:00:00Z");
      const SEPT = { start: Date.parse("2026-09-01T00:00:00Z"), end: Date.parse("2026-10-01T00:00:00Z") };
      const aug = Date.parse("2026-08-15T00:00:00Z");
      const account = (id: string, snapshotAt: number, privileged: boolean) =>
        buildAccount({ external_id: id, snapshot_at: snapshotAt, privileged, attributes: { team: "ops" } });
      const token = (id: string, snapshotAt: number) =>
        buildToken({
          external_id: id,
          snapshot_at: snapshotAt,
          account_id: "alice",
          created_at: T - 86_400_000,
        });
      for (const [name, records] of [
        ["accounts-aug.csv", [account("alice", aug, true), account("bob", aug, false)]],
        ["accounts-sep.csv", [account("alice", T, true)]],
        ["tokens.csv", [token("t1", aug), token("t1", T)]],
      ] as const) {
        await store.importRecords({ ...meta(name, "test"), file_name: name }, async (writer) => {
          for (const [index, record] of records.entries()) await writer.write(record, index + 1);
          return { skipped: 0 };
        });
      }
      const september = await store.snapshot<Account>("account", SEPT.end);
      expect(september.map((a) => [a.external_id, a.snapshot_at, a.privileged])).toEqual([
        ["alice", T, true],
      ]);
      expect(september[0]?.attributes).toEqual({ team: "ops" });
      expect(september[0]?.provenance.file_name).toBe("accounts-sep.csv");
      const august = await store.snapshot<Account>("account", SEPT.start);
      expect(august.map((a) => a.external_id)).toEqual(["alice", "bob"]);
      expect((await store.snapshot<Token>("token", SEPT.end)).map((t) => [t.external_id, t.active])).toEqual([
        ["t1", true],
      ]);
      expect(await store.snapshot<Account>("account", Date.parse("2026-01-01T00:00:00Z"))).toEqual([]);
      // A snapshot kind's data ends at its latest snapshot: accounts-sep.csv, taken at T.
      expect(await store.latestRecord("account")).toBe(T);
      expect(await store.earliestRecord("account")).toBe(aug);
    });

    it("changes the data version with every import, empty ones included", async () => {
      expect(await store.dataVersion()).toBe("0:0");
      const first = await store.importRecords(meta("v1"), async () => ({ skipped: 0 }));
      expect(await store.dataVersion()).toBe(`1:${first.id}`);
      const second = await store.importRecords(meta("v2"), async (writer) => {
        await writer.write(incident("INC-1", T0), 2);
        return { skipped: 0 };
      });
      expect(await store.dataVersion()).toBe(`2:${second.id}`);
    });

    it("reads each format's latest import and the latest instant its files are said to cover", async () => {
      const imported = (sha256: string, format: string, at: number, options?: Record<string, string>) =>
        store.importRecords({ ...meta(sha256, format), imported_at: at, options }, async () => ({
          skipped: 0,
        }));
      await imported("a", "incidents-csv", T0 + 1, { covers_until: "2026-10-01T01:00:00.000Z" });
      // Later as an instant (04:00 UTC) though earlier as text: compared as instants.
      await imported("b", "incidents-csv", T0 + 3, { covers_until: "2026-09-30T23:00:00-05:00" });
      await imported("c", "incidents-csv", T0 + 2);
      await imported("d", "alerts-csv", T0 + 7, { target: "siem" });
      expect(await store.importsByFormat()).toEqual(
        new Map([
          ["incidents-csv", { lastImportAt: T0 + 3, coversUntil: Date.parse("2026-10-01T04:00:00Z") }],
          ["alerts-csv", { lastImportAt: T0 + 7, coversUntil: null }],
        ]),
      );
    });

    it("knows where each kind of data begins and ends and when each format last reported", async () => {
      expect(await store.earliestRecord("incident")).toBeNull();
      expect(await store.latestRecord("incident")).toBeNull();
      expect(await store.importsByFormat()).toEqual(new Map());
      await store.importRecords({ ...meta("g"), imported_at: T0 + 5 }, async (writer) => {
        await writer.write(incident("INC-2", T0 + MINUTE), 2);
        await writer.write(incident("INC-1", T0), 3);
        return { skipped: 0 };
      });
      await store.importRecords({ ...meta("h"), imported_at: T0 + 9 }, async () => ({ skipped: 0 }));
      expect(await store.earliestRecord("incident")).toBe(T0);
      // The latest detected_at (INC-2, T0 + 1 min), not the latest import (T0 + 9 ms): data ends where its records do.
      expect(await store.latestRecord("incident")).toBe(T0 + MINUTE);
      expect(await store.earliestRecord("alert")).toBeNull();
      expect(await store.latestRecord("alert")).toBeNull();
      // The import "h" wrote no records but still shows the source reported ("nothing happened").
      expect(await store.importsByFormat()).toEqual(
        new Map([["incidents-csv", { lastImportAt: T0 + 9, coversUntil: null }]]),
      );
      expect(await store.findImport("g", "incidents-csv", "incidents")).toMatchObject({ records: 2 });
      expect(await store.findImport("g", "incidents-json", "incidents")).toBeUndefined();
    });

    it("reads the bounds of several kinds in one statement, as earliestRecord and latestRecord give them", async () => {
      expect(await store.recordBounds([])).toEqual(new Map());
      await store.importRecords(meta("g"), async (writer) => {
        await writer.write(incident("INC-2", T0 + MINUTE), 2);
        await writer.write(incident("INC-1", T0), 3);
        return { skipped: 0 };
      });
      await store.importRecords(meta("h", "alerts-csv"), async (writer) => {
        await writer.write(alert("A-1", T0 + 5 * MINUTE), 2);
        return { skipped: 0 };
      });
      const kinds = ["incident", "alert", "account"];
      // A pack's own table, no record kind: left out.
      const bounds = await store.recordBounds([...kinds, "scan"]);
      expect(bounds).toEqual(
        new Map([
          ["incident", { earliest: T0, latest: T0 + MINUTE }],
          ["alert", { earliest: T0 + 5 * MINUTE, latest: T0 + 5 * MINUTE }],
          ["account", { earliest: null, latest: null }],
        ]),
      );
      for (const kind of kinds)
        expect(bounds.get(kind)).toEqual({
          earliest: await store.earliestRecord(kind),
          latest: await store.latestRecord(kind),
        });
    });
  });
}

describe("store on postgres, when the server drops its connections", () => {
  it("survives an idle connection being terminated and reconnects for the next query", async () => {
    const engine = ENGINES.find((e) => e.name === "postgres");
    if (!engine) throw new Error("no postgres engine");
    const database = await engine.create();
    const store = await openStore(database.url);
    try {
      await store.listImports(); // leaves an idle connection in the pool
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      const { rowCount } = await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
      );
      await admin.end();
      expect(rowCount).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await store.listImports()).toEqual([]);
    } finally {
      await store.close();
      await database.dispose();
    }
  });
});

describe("store migrations", () => {
  it("are applied once: reopening a store keeps its data", async () => {
    const engine = ENGINES[0];
    if (!engine) throw new Error("no engine");
    const database = await engine.create();
    try {
      const first = await openStore(database.url);
      await first.importRecords(meta("i"), async (writer) => {
        await writer.write(incident("INC-1", T0), 2);
        return { skipped: 0 };
      });
      await first.close();
      const second = await openStore(database.url);
      expect((await second.listImports()).length).toBe(1);
      await second.close();
    } finally {
      await database.dispose();
    }
  });

  for (const engine of ENGINES)
    it(`still refuse, on ${engine.name}, a store that a later version migrated further`, async () => {
      const database = await engine.create();
      try {
        await (await openStore(database.url)).close();
        const store = await openStore(database.url);
        await sql`insert into kysely_migration (name, timestamp) values ('9999-from-a-later-version', 'x')`.execute(
          databaseOf(store),
        );
        await store.close();
        await expect(openStore(database.url)).rejects.toThrow(
          /previously executed migration 9999-from-a-later-version is missing/,
        );
      } finally {
        await database.dispose();
      }
    });
});
