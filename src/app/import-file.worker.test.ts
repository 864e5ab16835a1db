import { once } from "node:events";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Alert } from "../domains/detection-response/records.ts";
import { fileSource } from "../importers/file-source.ts";
import { InvalidInputError } from "../model/errors.ts";
import type { RecordWriter, Store } from "../store/store.ts";
import { IMPORTER_FIXTURES, requireBuiltCli, secmetrics } from "../test-support/cli.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { type ImportRequest, importFile, WORKER_MIN_BYTES } from "./import-file.ts";

const EVERYTHING = { start: 0, end: 2 ** 52 };
const NOW = Date.parse("2026-04-01T12:00:00Z");

/**
 * Alert n (1-based, on line n + 1) of a generated export: every value kind
 * an alert row has (quoted text with a comma and a quote, empty fields, an
 * extra column kept as an attribute), and every 7th id again, so a later
 * row replaces an earlier one. `bad` rows get a created_at that is no time.
 */
function alertRow(n: number, bad: ReadonlySet<number>): string {
  const id = `A${n % 7 === 0 ? n - 1 : n}`;
  const created = bad.has(n) ? "x" : new Date(Date.UTC(2026, 8, 1) + n * 60_000).toISOString();
  const triaged = n % 3 === 0 ? "" : new Date(Date.UTC(2026, 8, 1) + n * 60_000 + 3_600_000).toISOString();
  const rule = n % 5 === 0 ? '"Brute force, ""ssh"""' : `rule ${n % 11}`;
  return `${id},${created},${["low", "high", ""][n % 3]},edr,${rule},${n % 2 ? "benign" : "open"},${triaged},${n % 4 ? "" : `INC-${n % 13}`},${n % 9 ? "" : `team ${n}`}\n`;
}

/** An alerts CSV of `rows` rows (streamed to disk). */
async function writeAlerts(path: string, rows: number, bad: readonly number[] = []): Promise<void> {
  const out = createWriteStream(path);
  out.write("id,created_at,severity,source,rule,disposition,triaged_at,incident_id,owner\n");
  const badRows = new Set(bad);
  for (let start = 1; start <= rows; start += 10_000) {
    let chunk = "";
    for (let n = start; n < Math.min(rows + 1, start + 10_000); n++) chunk += alertRow(n, badRows);
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

let dir: string;
/** 12,000 alerts: 12 batches of the worker, past its queue of 8. */
let alerts: string;
const ROWS = 12_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "secmetrics-worker-"));
  alerts = join(dir, "alerts.csv");
  await writeAlerts(alerts, ROWS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function request(
  path: string,
  parseIn: "worker" | "thread",
  extra: Partial<ImportRequest> = {},
): ImportRequest {
  return { source: fileSource(path), options: { timezone: "UTC" }, now: NOW, parseIn, ...extra };
}

/** A store whose import fails at the writer's `rows`th record: the writing side failing mid-import. */
function failingAfter(store: Store, rows: number): Store {
  const failing: Store = Object.create(store);
  failing.importRecords = (meta, fill) =>
    store.importRecords(meta, (writer) => {
      let written = 0;
      const count = () => {
        if (++written === rows) throw new Error("the disk is full");
      };
      const wrapped: RecordWriter = {
        importId: writer.importId,
        transaction: writer.transaction,
        write: (record, line) => (count(), writer.write(record, line)),
        writeValues: (kind, keys, values, line) => (count(), writer.writeValues(kind, keys, values, line)),
      };
      return fill(wrapped);
    });
  return failing;
}

for (const engine of ENGINES) {
  describe(`importFile through a parse worker on ${engine.name}`, () => {
    let stores: { store: Store; dispose: () => Promise<void> }[];
    let store: Store;
    beforeEach(async () => {
      stores = [await createTestStore(engine)];
      store = (stores[0] as { store: Store }).store;
    });
    afterEach(async () => {
      for (const { dispose } of stores) await dispose();
    });

    /** The same import in this thread into a second store: its outcome and its alerts. */
    async function inThread(path: string, extra: Partial<ImportRequest> = {}) {
      const other = await createTestStore(engine);
      stores.push(other);
      const outcome = await importFile(other.store, request(path, "thread", extra));
      return { outcome, alerts: await other.store.records<Alert>("alert", EVERYTHING) };
    }

    it.each([
      ["as it is", {}],
      ["with --feed", { feed: "siem" }],
    ])("stores what an import in this thread stores (%s)", async (_, extra) => {
      const outcome = await importFile(store, request(alerts, "worker", extra));
      const expected = await inThread(alerts, extra);
      // 12,000 rows, every 7th id repeated: 12,000 - floor(12,000 / 7) = 10,286 alerts.
      expect(await store.records<Alert>("alert", EVERYTHING)).toHaveLength(10_286);
      expect(await store.records<Alert>("alert", EVERYTHING)).toEqual(expected.alerts);
      expect({ ...outcome.import, id: 0, sha256: "" }).toEqual({
        ...expected.outcome.import,
        id: 0,
        sha256: "",
      });
    });

    it("skips invalid rows as an import in this thread does, with the same bounded problem list", async () => {
      const path = join(dir, `skip-${engine.name}.csv`);
      // 110 bad rows, one every 100th from row 50: the first 100 are kept, 110 counted.
      await writeAlerts(
        path,
        ROWS,
        Array.from({ length: 110 }, (_, i) => 50 + i * 100),
      );
      const outcome = await importFile(store, request(path, "worker", { skipInvalid: true }));
      const expected = await inThread(path, { skipInvalid: true });
      expect(outcome.skipped.total).toBe(110);
      expect(outcome.skipped.first).toHaveLength(100);
      expect(outcome.skipped).toEqual(expected.outcome.skipped);
      expect(await store.records<Alert>("alert", EVERYTHING)).toEqual(expected.alerts);
    });

    it("lists the entries an importer leaves out as an import in this thread does", async () => {
      // ASFF: the 4 GuardDuty findings (no Compliance) are left out, the 2 control findings of
      // 5 resources (jq '.findings | map(.Resources | length) | add') are 5 check results.
      const fixture = (name: string) =>
        JSON.parse(readFileSync(join(IMPORTER_FIXTURES, "asff/fixtures", name), "utf8"));
      const path = join(dir, `asff-${engine.name}.json`);
      const findings = [
        ...fixture("securityhub-guardduty.json").Findings,
        ...fixture("securityhub-config_multiple_resources.json").findings,
      ];
      writeFileSync(path, JSON.stringify({ Findings: findings }, null, 2));
      const outcome = await importFile(store, request(path, "worker"));
      const expected = await inThread(path);
      expect([outcome.import.records, outcome.leftOut.total, outcome.unreadable.total]).toEqual([5, 4, 0]);
      expect(outcome.leftOut).toEqual(expected.outcome.leftOut);
    });

    it("leaves the store unchanged when a row late in the file is bad", async () => {
      const path = join(dir, `late-bad-row-${engine.name}.csv`);
      await writeAlerts(path, ROWS, [ROWS - 2]);
      const failure = importFile(store, request(path, "worker"));
      await expect(failure).rejects.toBeInstanceOf(InvalidInputError);
      // Row 11,998 is on line 11,999.
      await expect(failure).rejects.toThrow(
        `late-bad-row-${engine.name}.csv:11999: created_at: "x" is not an ISO 8601 timestamp`,
      );
      expect(await store.listImports()).toEqual([]);
      expect(await store.records<Alert>("alert", EVERYTHING)).toEqual([]);
    });

    it("leaves the store unchanged when the file turns out not to be UTF-8 late in it", async () => {
      const path = join(dir, `late-bad-byte-${engine.name}.csv`);
      await writeAlerts(path, ROWS);
      // A Latin-1 "é" (0xE9) on a line of its own after the rows: line ROWS + 2.
      writeFileSync(path, Buffer.from([0x41, 0xe9, 0x0a]), { flag: "a" });
      const failure = importFile(store, request(path, "worker"));
      await expect(failure).rejects.toThrow(
        `late-bad-byte-${engine.name}.csv:12002: not UTF-8 text (byte 0xE9)`,
      );
      expect(await store.listImports()).toEqual([]);
    });

    it("leaves the store unchanged when writing fails while the worker is still parsing", async () => {
      // The writer fails at row 2,000; the worker is at most 9 batches of 1,000 ahead, of 12.
      await expect(importFile(failingAfter(store, 2_000), request(alerts, "worker"))).rejects.toThrow(
        "the disk is full",
      );
      expect(await store.listImports()).toEqual([]);
      expect(await store.records<Alert>("alert", EVERYTHING)).toEqual([]);
      // The file imports afterwards: nothing of the failed import stayed behind.
      expect((await importFile(store, request(alerts, "worker"))).status).toBe("imported");
      expect(await store.records<Alert>("alert", EVERYTHING)).toHaveLength(10_286);
    });
  });
}

it("exits from the built command line after an import its parse worker refused", async () => {
  requireBuiltCli();
  const path = join(dir, "cli-bad-row.csv");
  // 120,000 rows make a file over WORKER_MIN_BYTES: the CLI parses it in its worker (parse-worker.js).
  await writeAlerts(path, 120_000, [120_000]);
  expect(statSync(path).size).toBeGreaterThan(WORKER_MIN_BYTES);
  // spawnSync returns when the process has ended: a worker left running would hold it open.
  const { code, stderr } = secmetrics(dir, "--db", join(dir, "cli.db"), "import", path);
  expect(code).toBe(65);
  expect(stderr).toContain(`cli-bad-row.csv:120001: created_at: "x"`);
});
