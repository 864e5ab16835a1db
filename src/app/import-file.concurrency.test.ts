import { createReadStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Incident } from "../domains/detection-response/records.ts";
import { fileSource } from "../importers/file-source.ts";
import type { InputSource } from "../importers/importer.ts";
import { NO_PROBLEMS } from "../model/problem-collector.ts";
import type { LockWait } from "../store/lock-wait.ts";
import type { Store } from "../store/store.ts";
import { ENGINES, type TestEngine } from "../test-support/engines.ts";
import { type ImportRequest, importFile } from "./import-file.ts";
import { openStore } from "./open-store.ts";

const INCIDENTS_CSV = join(import.meta.dirname, "..", "importers", "incidents", "fixtures", "incidents.csv");
const EVERYTHING = { start: 0, end: 2 ** 52 };
const NOW = Date.parse("2026-04-01T12:00:00Z");

function request(source: InputSource): ImportRequest {
  return { source, options: { timezone: "UTC" }, now: NOW };
}

/**
 * The fixture, whose second reading (the import's own, after the
 * fingerprint) begins only when released: the import has written its row
 * and holds its transaction open meanwhile.
 */
function heldSource(path: string) {
  let reading = () => {};
  let release = () => {};
  const started = new Promise<void>((resolve) => {
    reading = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let opened = 0;
  const source: InputSource = {
    name: "incidents.csv",
    open: () => {
      if (++opened === 1) return createReadStream(path);
      reading();
      return Readable.from(
        (async function* () {
          await released;
          yield readFileSync(path);
        })(),
      );
    },
  };
  return { source, reading: started, release };
}

/**
 * Resolves once a write of the second store waits for the first's import: on
 * SQLite its lock wait says so; on PostgreSQL its insert waits on the first's
 * uncommitted row of the unique index, which the server shows as a lock wait.
 */
function secondWaits(engine: TestEngine, url: string): { lockWait?: LockWait; waiting: Promise<void> } {
  if (engine.name === "sqlite") {
    let signal = () => {};
    const waiting = new Promise<void>((resolve) => {
      signal = resolve;
    });
    return { lockWait: { timeoutMs: 20_000, onWait: () => signal() }, waiting };
  }
  const waiting = (async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (;;) {
        const { rows } = await client.query(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        );
        if (rows[0].n > 0) return;
        await sleep(20);
      }
    } finally {
      await client.end();
    }
  })();
  return { waiting };
}

for (const engine of ENGINES) {
  describe(`importFile on ${engine.name}, one file by two stores at once`, () => {
    let url: string;
    let dispose: () => Promise<void>;
    const stores: Store[] = [];

    beforeEach(async () => {
      ({ url, dispose } = await engine.create());
    });
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      await dispose();
    });

    async function open(lockWait?: LockWait): Promise<Store> {
      const store = await openStore(url, lockWait);
      stores.push(store);
      return store;
    }

    async function expectOneImport(store: Store, id: number) {
      expect((await store.listImports()).map((i) => i.id)).toEqual([id]);
      const incidents = await store.records<Incident>("incident", EVERYTHING);
      expect(incidents.map((i) => [i.external_id, i.provenance.import_id])).toEqual([
        ["INC-1", id],
        ["INC-2", id],
        ["INC-3", id],
        ["INC-4", id],
      ]);
    }

    it("records it once: the second, begun while the first writes, waits for it and reports it unchanged", async () => {
      const first = await open();
      const { lockWait, waiting } = secondWaits(engine, url);
      const second = await open(lockWait);
      const held = heldSource(INCIDENTS_CSV);
      const firstImport = importFile(first, request(held.source));
      await held.reading;
      // The first's row is written, not committed: the second finds nothing and tries to write its own.
      const secondImport = importFile(second, request(fileSource(INCIDENTS_CSV)));
      await waiting;
      held.release();
      const [a, b] = await Promise.all([firstImport, secondImport]);
      expect(a).toMatchObject({ status: "imported", import: { records: 4 } });
      expect(b).toMatchObject({
        status: "unchanged",
        format: "incidents-csv",
        skipped: NO_PROBLEMS,
        unreadable: NO_PROBLEMS,
      });
      expect(b.import).toEqual(a.import);
      await expectOneImport(second, a.import.id);
    });

    it("records it once when both begin together", async () => {
      const [first, second] = [await open(), await open()];
      const outcomes = await Promise.all([
        importFile(first, request(fileSource(INCIDENTS_CSV))),
        importFile(second, request(fileSource(INCIDENTS_CSV))),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(["imported", "unchanged"]);
      const [a, b] = outcomes;
      expect(a?.import).toEqual(b?.import);
      await expectOneImport(first, a?.import.id ?? 0);
    });
  });
}
