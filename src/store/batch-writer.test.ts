import { addAbortSignal, Readable } from "node:stream";
import { sql, type Transaction } from "kysely";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Alert, Incident } from "../domains/detection-response/records.ts";
import type { Account } from "../domains/identity-access/records.ts";
import { InvalidInputError } from "../model/errors.ts";
import type { StorableRecord, Stored } from "../model/records.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { buildAccount, buildAlert, buildImport, buildIncident } from "../test-support/records.ts";
import type { CoreTables } from "./schema.ts";
import type { RecordWriter, Store } from "./store.ts";

/**
 * Long runs of records through the batch writer: on PostgreSQL a run that
 * fills a 500-row batch goes on through COPY in ~1 MB chunks (about 6,500 of
 * these incidents each), so 25,000 rows cross batches and COPY chunks alike;
 * on SQLite they are 50 batches of prepared upserts. Both must store the same.
 */
const LONG_RUN = 25_000;
const T0 = Date.parse("2026-09-01T00:00:00Z");
const ALL_TIME = { start: 0, end: T0 * 2 };

/** Text the COPY format must escape or must not mistake for a marker, and text it must pass as it is. */
const TEXTS = [
  "tab\there",
  "new\nline",
  "carriage\rreturn",
  "back\\slash\\",
  "\\N",
  "\\.",
  "quotes \"double\" and 'single', commas",
  "unicode é ü 日本 🔐",
  "",
  "  padded  ",
  "plain",
];

/** Incident `i` of a version: every column kind (text, null, "", 0/1, instants, JSON) varies with `i`. */
function incident(i: number, version = "a"): Incident {
  const text = (n: number) => TEXTS[n % TEXTS.length] as string;
  return buildIncident({
    external_id: `INC-${i}`,
    detected_at: T0 + i * 1000,
    title: i % 7 === 0 ? null : `${text(i)} ${version}`,
    root_cause: i % 5 === 0 ? "" : i % 5 === 1 ? null : text(i + 1),
    started_at: i % 3 === 0 ? null : T0 + i * 1000 - 500,
    synthetic: i % 2 === 0,
    attributes: i % 4 === 0 ? {} : { note: text(i + 2), version, nested: '{"a":"b\\"c"}' },
  });
}

/** Writes records with lines 2, 3, …, as an importer would; returns the import. */
function importAll(store: Store, name: string, records: Iterable<StorableRecord>) {
  return store.importRecords(
    { ...buildImport(name, "incidents-csv", T0), file_name: name },
    async (writer) => {
      let line = 2;
      for (const record of records) await writer.write(record, line++);
      return { skipped: 0 };
    },
  );
}

/** What the store should hold: the last occurrence of each identity wins, with its line. */
function lastOfEach<R extends StorableRecord>(records: readonly R[]) {
  const last = new Map<string, { record: R; line: number }>();
  records.forEach((record, i) => {
    const key = `${record.feed}|${record.external_id}`;
    last.delete(key);
    last.set(key, { record, line: i + 2 });
  });
  return [...last.values()];
}

/** Stored records without the import's id (a store-assigned number), file name kept. */
function withoutImportId<R extends StorableRecord>(rows: readonly Stored<R>[]) {
  return rows.map(({ provenance: { import_id: _, ...provenance }, ...record }) => ({
    ...record,
    provenance,
  }));
}

/** Snapshots are read ordered by feed, then external_id. */
function byId(a: StorableRecord, b: StorableRecord): number {
  return a.external_id < b.external_id ? -1 : a.external_id > b.external_id ? 1 : 0;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/**
 * Records the text of every statement the PostgreSQL driver sends (a COPY
 * included) and calls `onSent` right after each is queued; restored after
 * each test.
 */
function watchStatements(onSent: (text: string) => void = () => {}): string[] {
  const sent: string[] = [];
  const query = pg.Client.prototype.query;
  vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (
    this: pg.Client,
    ...args: Parameters<pg.Client["query"]>
  ) {
    const [statement] = args as unknown as [string | { text: string }];
    const text = typeof statement === "string" ? statement : statement.text;
    sent.push(text);
    const result = (query as (...a: unknown[]) => unknown).apply(this, args);
    onSent(text);
    return result;
  } as pg.Client["query"]);
  return sent;
}

/** The statements of the COPY path (savepoints, COPYs, temporary table), in the order they were sent. */
function copyPath(sent: readonly string[]): string[] {
  return sent
    .filter((text) => /^(savepoint|release|rollback to|copy|create temporary)/.test(text))
    .map((text) => text.replace(/ \(.*/s, "").replace(/ on commit drop.*/s, ""));
}

for (const engine of ENGINES) {
  describe(`batch writer on ${engine.name}, long runs`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const allIncidents = () => store.records<Incident>("incident", ALL_TIME);
    /** What the store holds: a failed import leaves exactly this. */
    const contents = async () => ({ incidents: await allIncidents(), imports: await store.listImports() });
    /** 1,000 incidents imported before the import under test; what the store then holds. */
    const importFirstThousand = async () => {
      await importAll(
        store,
        "before.csv",
        range(0, 1_000).map((i) => incident(i)),
      );
      return contents();
    };
    /** Identities of a run that meets the stored ones mid-way: new ones, the 1,000 stored, new ones again. */
    const newStoredNew = () => [...range(5_000, 15_000), ...range(0, 1_000), ...range(15_000, 25_000)];

    beforeEach(async () => {
      ({ store, dispose } = await createTestStore(engine));
    });
    afterEach(async () => {
      vi.restoreAllMocks();
      await dispose();
    });

    it("stores every value as given (tabs, newlines, backslashes, quotes, unicode, '' apart from null), and the last duplicate of an identity", async () => {
      // Rewritten at the end: ids of the first and of a middle chunk (other batches and chunks),
      // then INC-9 twice in a row (one batch: kept once).
      const rewritten = [0, 1, 4_999, 5_000, 12_345, 24_000, 9, 9].map((i, n) => incident(i, `b${n}`));
      const records = [...range(0, LONG_RUN).map((i) => incident(i)), ...rewritten];
      const record = await importAll(store, "long.csv", records);
      // Rows written: a duplicate within one batch counts once, across batches each time (25,000 + 7).
      expect(record.records).toBe(LONG_RUN + 7);
      const expected = lastOfEach(records).sort((x, y) => x.record.detected_at - y.record.detected_at);
      const stored = await allIncidents();
      expect(stored).toHaveLength(LONG_RUN);
      expect(withoutImportId(stored)).toEqual(
        expected.map(({ record, line }) => ({
          ...record,
          provenance: { file_name: "long.csv", sha256: "long.csv", imported_at: T0, line },
        })),
      );
      expect(stored.find((r) => r.external_id === "INC-9")?.title).toBe(incident(9, "b7").title);
    });

    it("writes a batch that duplicates shrank to 470 rows (whole statements, then single rows) as it writes a full one", async () => {
      // The first 500 records are one batch: its last 30 rewrite INC-0…INC-29, leaving 470 rows.
      const records = [
        ...range(0, 500).map((i) => incident(i % 470, i < 470 ? "a" : "rewritten")),
        ...range(470, 1_500).map((i) => incident(i)),
      ];
      const record = await importAll(store, "shrunk.csv", records);
      expect(record.records).toBe(1_500);
      const stored = await allIncidents();
      expect(withoutImportId(stored)).toEqual(
        lastOfEach(records)
          .sort((x, y) => x.record.detected_at - y.record.detected_at)
          .map(({ record, line }) => ({
            ...record,
            provenance: { file_name: "shrunk.csv", sha256: "shrunk.csv", imported_at: T0, line },
          })),
      );
      expect(stored[29]?.title).toBe(incident(29, "rewritten").title);
      expect(stored[29]?.provenance.line).toBe(501);
    });

    it("updates from a later file the identities it shares with an earlier one; the same records again change no value", async () => {
      const first = range(0, 15_000).map((i) => incident(i));
      const second = range(10_000, 25_000).map((i) => incident(i, "second"));
      await importAll(store, "first.csv", first);
      await importAll(store, "second.csv", second);
      const values = (rows: readonly Stored<Incident>[]) =>
        rows.map(({ provenance, ...record }) => [record, provenance.file_name]);
      const after = await allIncidents();
      expect(values(after)).toEqual([
        ...range(0, 10_000).map((i) => [incident(i), "first.csv"]),
        ...range(10_000, 25_000).map((i) => [incident(i, "second"), "second.csv"]),
      ]);
      // A later export with the same records: the same rows and values, now from that export.
      await importAll(store, "again.csv", second);
      const again = await allIncidents();
      expect(again.map(({ provenance: _, ...record }) => record)).toEqual(
        after.map(({ provenance: _, ...record }) => record),
      );
      expect(again.slice(10_000).every((r) => r.provenance.file_name === "again.csv")).toBe(true);
    });

    it("gives new rows ids in the order of the file, before and after rows of identities stored already", async () => {
      await importAll(
        store,
        "first.csv",
        range(0, 10_000).map((i) => incident(i)),
      );
      // New rows (whole COPY chunks of them), then stored identities, new ones again,
      // and INC-20001 once more: the last of each identity wins.
      const second = [
        ...range(20_000, 30_000).map((i) => incident(i, "second")),
        ...range(5_000, 8_000).map((i) => incident(i, "second")),
        ...range(30_000, 33_000).map((i) => incident(i, "second")),
        incident(20_001, "last"),
      ];
      await importAll(store, "second.csv", second);
      const inIdOrder = await store.read(
        async ({ db }) =>
          (await sql<{ external_id: string }>`select external_id from incidents order by id`.execute(db))
            .rows,
      );
      expect(inIdOrder.map((row) => row.external_id)).toEqual(
        [...range(0, 10_000), ...range(20_000, 33_000)].map((i) => `INC-${i}`),
      );
      const stored = new Map((await allIncidents()).map((r) => [r.external_id, r]));
      expect(stored.size).toBe(23_000);
      const version = (i: number) =>
        i === 20_001 ? "last" : (i >= 5_000 && i < 8_000) || i >= 20_000 ? "second" : "a";
      for (const i of [0, 4_999, 5_000, 7_999, 8_000, 9_999, 20_000, 20_001, 29_999, 30_000, 32_999]) {
        const { provenance, ...record } = stored.get(`INC-${i}`) as Stored<Incident>;
        expect([record, provenance.file_name]).toEqual([
          incident(i, version(i)),
          version(i) === "a" ? "first.csv" : "second.csv",
        ]);
      }
      // INC-32999 is the second file's 16,000th record (line 16,001); the repeat of INC-20001 is on its last line.
      expect(stored.get("INC-20001")?.provenance.line).toBe(second.length + 1);
      expect(stored.get("INC-32999")?.provenance.line).toBe(15_999 + 2);
    });

    it("keeps the last of an identity repeated within a COPY chunk, a batch or more apart", async () => {
      // INC-100 and INC-4000 again 700 and 900 rows later: other batches, the same ~6,500-row chunk.
      const records = [
        ...range(0, 800).map((i) => incident(i)),
        incident(100, "again"),
        ...range(800, 4_900).map((i) => incident(i)),
        incident(4_000, "again"),
        ...range(4_900, 12_000).map((i) => incident(i)),
      ];
      await importAll(store, "repeats.csv", records);
      const expected = lastOfEach(records).sort((x, y) => x.record.detected_at - y.record.detected_at);
      const stored = await allIncidents();
      expect(stored.map(({ provenance, ...record }) => [record, provenance.line])).toEqual(
        expected.map(({ record, line }) => [record, line]),
      );
      // INC-100 is the 801st record (line 802), INC-4000 the 4,902nd (line 4,903).
      expect(stored[100]?.provenance.line).toBe(802);
      expect(stored[4_000]?.provenance.line).toBe(4_903);
    });

    it("writes long runs of two kinds interleaved, and of one kind in two shapes, in one import", async () => {
      const alert = (i: number) =>
        buildAlert({ external_id: `A-${i}`, created_at: T0 + i, rule: TEXTS[i % 11] });
      const reordered = (i: number) => {
        const { kind, attributes, ...rest } = incident(i, "reordered");
        return { attributes, ...rest, kind } as Incident;
      };
      const records: StorableRecord[] = [
        ...range(0, 12_000).flatMap((i) => [incident(i), alert(i)]),
        ...range(6_000, 18_000).map(reordered),
        ...range(0, 3_000).map((i) => incident(i, "third run")),
      ];
      await importAll(store, "mixed.csv", records);
      const incidents = await allIncidents();
      expect(incidents.map(({ provenance: _, ...record }) => record)).toEqual([
        ...range(0, 3_000).map((i) => incident(i, "third run")),
        ...range(3_000, 6_000).map((i) => incident(i)),
        ...range(6_000, 18_000).map(reordered),
      ]);
      const alerts = await store.records<Alert>("alert", ALL_TIME);
      expect(alerts.map(({ provenance: _, ...record }) => record)).toEqual(range(0, 12_000).map(alert));
    });

    it("keeps each snapshot of a long inventory apart: the snapshot instant is part of the identity", async () => {
      const [aug, sep] = [T0 - 86_400_000, T0];
      const account = (i: number, at: number, privileged: boolean | null) =>
        buildAccount({ external_id: `u${i}`, snapshot_at: at, privileged, mfa_active: i % 2 === 0 });
      const flags = [true, false, null] as const;
      const records = [
        ...range(0, 3_000).map((i) => account(i, aug, flags[i % 3] as boolean | null)),
        ...range(0, 3_000).map((i) => account(i, sep, false)),
        account(5, sep, true),
      ];
      await importAll(store, "accounts.csv", records);
      const strip = (rows: readonly Stored<Account>[]) => rows.map(({ provenance: _, ...record }) => record);
      expect(strip(await store.snapshot<Account>("account", sep))).toEqual(
        range(0, 3_000)
          .map((i) => account(i, aug, flags[i % 3] as boolean | null))
          .sort(byId),
      );
      expect(strip(await store.snapshot<Account>("account", sep + 1))).toEqual(
        range(0, 3_000)
          .map((i) => account(i, sep, i === 5))
          .sort(byId),
      );
    });

    it("rolls the whole import back on an invalid row after many valid ones, and the store takes the next import", async () => {
      const before = await importFirstThousand();
      await expect(
        store.importRecords(buildImport("bad", "incidents-csv", T0), async (writer) => {
          for (const i of range(0, 20_000)) await writer.write(incident(i, "bad"), i + 2);
          throw new InvalidInputError("bad.csv", [{ line: 20_002, reason: "detected_at is not a time" }]);
        }),
      ).rejects.toThrow("bad.csv:20002: detected_at is not a time");
      expect(await contents()).toEqual(before);
      await importAll(store, "after.csv", [incident(5_000)]);
      expect(await allIncidents()).toHaveLength(1_001);
    });

    it("rolls the whole import back when its input stream is aborted mid-way", async () => {
      const controller = new AbortController();
      const input = addAbortSignal(
        controller.signal,
        Readable.from(range(0, LONG_RUN).map((i) => incident(i))),
      );
      const read = async (writer: RecordWriter) => {
        let line = 2;
        for await (const record of input) {
          await writer.write(record as Incident, line++);
          if (line === 12_002) controller.abort();
        }
        return { skipped: 0 };
      };
      await expect(store.importRecords(buildImport("aborted", "incidents-csv", T0), read)).rejects.toThrow(
        /aborted/,
      );
      expect(await allIncidents()).toEqual([]);
      expect(await store.listImports()).toEqual([]);
    });

    it.each([
      ["a refused row", "refused"],
      ["an aborted input", "aborted"],
    ] as const)(
      "rolls the whole import back on %s after rows of identities stored already",
      async (_, failure) => {
        const before = await importFirstThousand();
        const records = newStoredNew();
        const read = async (writer: RecordWriter) => {
          let line = 2;
          for (const i of records) {
            if (line === 18_002)
              if (failure === "aborted") throw new Error("aborted");
              else throw new InvalidInputError("bad.csv", [{ line, reason: "detected_at is not a time" }]);
            await writer.write(incident(i, "bad"), line++);
          }
          return { skipped: 0 };
        };
        await expect(store.importRecords(buildImport("bad", "incidents-csv", T0), read)).rejects.toThrow(
          failure === "aborted" ? "aborted" : "bad.csv:18002: detected_at is not a time",
        );
        expect(await contents()).toEqual(before);
      },
    );

    it("keeps a NUL character where the engine can hold one (SQLite), and names its line where not (PostgreSQL)", async () => {
      const records = [
        ...range(0, 600).map((i) => incident(i)),
        buildIncident({ external_id: "NUL", detected_at: T0 + 1, title: "nul \u0000 inside" }),
        buildIncident({ external_id: "JSON", detected_at: T0, attributes: { note: "nul \u0000 in JSON" } }),
      ];
      if (engine.name === "sqlite") {
        await importAll(store, "nul.csv", records);
        const stored = await allIncidents();
        expect(stored.find((r) => r.external_id === "NUL")?.title).toBe("nul \u0000 inside");
        expect(stored.find((r) => r.external_id === "JSON")?.attributes).toEqual({
          note: "nul \u0000 in JSON",
        });
        return;
      }
      const refused = importAll(store, "nul.csv", records);
      await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
      await expect(refused).rejects.toThrow(
        "nul.csv:602: a value has a NUL character (\\0), which a PostgreSQL store cannot hold",
      );
      expect(await allIncidents()).toEqual([]);
      // In JSON text a NUL is the escape \u0000, which PostgreSQL holds.
      await importAll(store, "json.csv", records.slice(-1));
      expect((await allIncidents())[0]?.attributes).toEqual({ note: "nul \u0000 in JSON" });
    });

    if (engine.name === "postgres")
      it("copies the chunks of new identities straight into the record table, and after the first chunk that meets a stored one, the rest of the run through the upsert", async () => {
        const sent = watchStatements();
        const records = range(0, LONG_RUN).map((i) => incident(i));
        await importAll(store, "first.csv", records);
        const direct = ["savepoint copy_chunk", 'copy "incidents"', "release savepoint copy_chunk"];
        // 25,000 incidents are four ~1 MB chunks.
        expect(copyPath(sent.splice(0))).toEqual(range(0, 4).flatMap(() => direct));
        const again = range(0, LONG_RUN).map((i) => incident(i, "b"));
        await importAll(store, "again.csv", again);
        expect(copyPath(sent)).toEqual([
          ...direct.slice(0, 2),
          "rollback to savepoint copy_chunk; release savepoint copy_chunk",
          'create temporary table "staged_incidents"',
          // The refused chunk again, then the three after it.
          ...range(0, 4).map(() => 'copy "staged_incidents"'),
        ]);
        expect(withoutImportId(await allIncidents())).toEqual(
          again.map((record, i) => ({
            ...record,
            provenance: { file_name: "again.csv", sha256: "again.csv", imported_at: T0, line: i + 2 },
          })),
        );
      });

    if (engine.name === "postgres")
      it("holds the import's other statements sent while a chunk is copied until the chunk is done, when its COPY is refused too", async () => {
        await importAll(
          store,
          "first.csv",
          range(0, 10_000).map((i) => incident(i)),
        );
        // An alert written by the import's own transaction right after a chunk's savepoint is sent:
        // the chunk's COPY is refused (the same identities again) and rolled back to that savepoint.
        let transaction: Transaction<CoreTables> | undefined;
        let importId = 0;
        let alertWritten: Promise<unknown> | undefined;
        watchStatements((text) => {
          if (text !== "savepoint copy_chunk" || !transaction || alertWritten) return;
          alertWritten =
            sql`insert into alerts (feed, external_id, import_id, line, created_at, disposition, attributes)
            values ('alerts', 'A-1', ${importId}, 1, ${T0}, 'open', '{}')`.execute(transaction);
        });
        await store.importRecords(buildImport("again.csv", "incidents-csv", T0), async (writer) => {
          ({ transaction, importId } = writer);
          for (const i of range(0, 10_000)) await writer.write(incident(i, "again"), i + 2);
          await alertWritten;
          return { skipped: 0 };
        });
        const alerts = await store.records<Alert>("alert", ALL_TIME);
        expect(alerts.map((alert) => [alert.external_id, alert.provenance.import_id])).toEqual([
          ["A-1", importId],
        ]);
        const incidents = await allIncidents();
        expect(incidents.map((r) => r.title)).toEqual(
          range(0, 10_000).map((i) => incident(i, "again").title),
        );
      });

    if (engine.name === "postgres")
      it("fails the import and leaves the store unchanged when PostgreSQL refuses a value in the middle of a COPY", async () => {
        const records = range(0, LONG_RUN).map((i) =>
          i === 15_000 ? { ...incident(i), detected_at: T0 + 0.5 } : incident(i),
        );
        await expect(importAll(store, "fraction.csv", records)).rejects.toThrow(
          'invalid input syntax for type bigint: "1788220800000.5"',
        );
        expect(await allIncidents()).toEqual([]);
        expect(await store.listImports()).toEqual([]);
      });

    if (engine.name === "postgres")
      it("reports the refused value of the first COPY chunk, not the chunks queued behind it, and the store takes the next import", async () => {
        // Row 100 is in the first ~1 MB chunk; the next ones are encoded and chained behind it meanwhile.
        const records = range(0, LONG_RUN).map((i) =>
          i === 100 ? { ...incident(i), detected_at: T0 + 0.5 } : incident(i),
        );
        await expect(importAll(store, "early.csv", records)).rejects.toThrow(
          'invalid input syntax for type bigint: "1788220800000.5"',
        );
        expect(await allIncidents()).toEqual([]);
        expect(await store.listImports()).toEqual([]);
        const good = range(0, LONG_RUN).map((i) => incident(i));
        await importAll(store, "good.csv", good);
        expect(await allIncidents()).toHaveLength(LONG_RUN);
      });

    if (engine.name === "postgres")
      it("fails the import and leaves the store unchanged when PostgreSQL refuses a value after rows of identities stored already", async () => {
        const before = await importFirstThousand();
        const records = newStoredNew().map((i) =>
          i === 20_000 ? { ...incident(i), detected_at: T0 + 0.5 } : incident(i),
        );
        await expect(importAll(store, "fraction.csv", records)).rejects.toThrow(
          'invalid input syntax for type bigint: "1788220800000.5"',
        );
        expect(await contents()).toEqual(before);
      });
  });
}
