import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../config/load.ts";
import { bufferSource } from "../../../importers/file-source.ts";
import type { Store } from "../../../store/store.ts";
import { createTestStore, ENGINES } from "../../../test-support/engines.ts";
import { type FakePagerDuty, startFakePagerDuty } from "../../../test-support/fake-pagerduty.ts";
import { runOnlySource } from "../../../test-support/run-source.ts";
import { computeKpis } from "../../compute-kpis.ts";
import { importFile } from "../../import-file.ts";
import type { SourceRunOptions } from "../source-reader.ts";

/**
 * The importer's fixture, served by a fake PagerDuty: five incidents of
 * November 2026 and their thirteen log entries (see its SOURCES.md for the
 * figures: MTTA 680 s, mean time to recovery 3600 s).
 */
const FIXTURE = join(import.meta.dirname, "../../../importers/pagerduty/fixtures/incidents.json");
const LISTING = JSON.parse(readFileSync(FIXTURE, "utf8")) as {
  incidents: Record<string, unknown>[];
  log_entries: Record<string, unknown>[];
};
const TOKEN = "u+pd-read-only-key";
const NOW = Date.parse("2026-12-01T00:00:00Z");
/** Pages of 2: the five incidents come in 3 pages, the thirteen entries in 7. */
const PAGE_SIZE = 2;

let api: FakePagerDuty;
let waits: number[];

beforeEach(async () => {
  api = await startFakePagerDuty({
    token: TOKEN,
    incidents: structuredClone(LISTING.incidents),
    logEntries: structuredClone(LISTING.log_entries),
    pageSize: PAGE_SIZE,
  });
  waits = [];
});
afterEach(() => api.close());

function configOf(extra: Record<string, unknown> = {}) {
  return parseConfig({
    timezone: "UTC",
    sources: [
      {
        name: "pd",
        kind: "pagerduty",
        schedule: "0 * * * *",
        api_url: api.url,
        token_env: "PD_TOKEN",
        // One window, 2026-10-02 … 12-01: November whole.
        history_days: 60,
        window_days: 60,
        ...extra,
      },
    ],
  });
}

const options = (token = TOKEN): SourceRunOptions => ({
  env: { PD_TOKEN: token },
  http: { sleep: async (ms) => void waits.push(ms) },
});

const pull = (store: Store, config = configOf(), run = options(), now = NOW) =>
  runOnlySource(store, config, run, now);

const metric = async (store: Store, id: string) => {
  const report = await computeKpis(store, "2026-11", { config: configOf(), now: NOW });
  return report.metrics.find((m) => m.id === id)?.value;
};

describe("the pagerduty connector", () => {
  for (const engine of ENGINES) {
    it(`pulls incidents over 3 pages and their log entries, and its KPIs equal the file's on ${engine.name}`, async () => {
      const pulled = await createTestStore(engine);
      const filed = await createTestStore(engine);
      try {
        const run = await pull(pulled.store);
        expect(run).toMatchObject({ outcome: "ok", imported: 1, records: 5, error: null });
        const incidentPages = api.requests.filter((r) => r.startsWith("GET /incidents?"));
        expect(incidentPages.map((r) => new URL(r.slice(4), api.url).searchParams.get("offset"))).toEqual([
          "0",
          "2",
          "4",
        ]);
        await importFile(filed.store, {
          source: bufferSource("incidents.json", readFileSync(FIXTURE)),
          format: "pagerduty-incidents",
          options: { timezone: "UTC" },
          now: NOW,
        });
        for (const store of [pulled.store, filed.store]) {
          // Acknowledged after 240, 600 and 1200 s: (240 + 600 + 1200) / 3 = 680 s.
          expect(await metric(store, "mtta")).toBe(680);
          // Resolved after 5400, 3600 and 1800 s: (5400 + 3600 + 1800) / 3 = 3600 s.
          expect(await metric(store, "mttrec")).toBe(3600);
          // Five incidents detected in November.
          expect(await metric(store, "incident_count")).toBe(5);
        }
      } finally {
        await pulled.dispose();
        await filed.dispose();
      }
    });
  }
});

describe("the pagerduty connector's windows", () => {
  const engine = ENGINES[0];
  if (!engine) throw new Error("no engine");

  it("cuts a long history into windows, one document each, quiet ones left out", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      // 60 days in windows of 15 from 2026-10-02: 10-02, 10-17, 11-01, 11-16. The incidents of
      // 11-02, 11-05 and 11-10 fall in the third, those of 11-20 and 11-25 in the fourth.
      const run = await pull(store, configOf({ window_days: 15 }));
      expect(run).toMatchObject({ outcome: "ok", imported: 2, records: 5 });
      const windows = api.requests
        .filter((r) => r.startsWith("GET /incidents?") && r.includes("offset=0"))
        .map((r) => new URL(r.slice(4), api.url).searchParams.get("since")?.slice(0, 10));
      expect(windows).toEqual(["2026-10-02", "2026-10-17", "2026-11-01", "2026-11-16"]);
      expect((await store.listImports()).map((i) => [i.format, i.records])).toEqual([
        ["pagerduty-incidents", 3],
        ["pagerduty-incidents", 2],
      ]);
    } finally {
      await dispose();
    }
  });
});

describe("the pagerduty connector on failures", () => {
  const engine = ENGINES[0];
  if (!engine) throw new Error("no engine");

  it("waits out a 429 as its Retry-After asks, then completes", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      api.interrupt({
        method: "GET",
        path: /^\/incidents$/,
        status: 429,
        skip: 1,
        headers: { "retry-after": "3" },
        body: { error: { message: "Rate Limit Exceeded", code: 2020 } },
      });
      const run = await pull(store);
      expect(waits).toEqual([3000]);
      expect(run).toMatchObject({ outcome: "ok", records: 5 });
    } finally {
      await dispose();
    }
  });

  it("says which key a 401 needs, never showing the key", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      const run = await pull(store, configOf(), options("u+wrong-key"));
      expect(run.outcome).toBe("failed");
      expect(run.error).toContain("401, the token was refused");
      expect(run.error).toContain("a read-only API key, or the OAuth scope incidents.read");
      expect(run.error).not.toContain("u+wrong-key");
      expect(await store.listImports()).toEqual([]);
    } finally {
      await dispose();
    }
  });

  it("resumes after a failure mid-way and re-reads its look-back window, counting nothing twice", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      // Incidents read (3 pages), then the 3rd page of log entries fails: nothing is imported, no cursor moves.
      api.interrupt({
        method: "GET",
        path: /^\/log_entries$/,
        status: 503,
        skip: 2,
        body: { error: "down" },
      });
      const failed = await pull(store);
      expect(failed).toMatchObject({ outcome: "failed", imported: 0 });
      expect(failed.error).toContain("503");
      expect(await store.listImports()).toEqual([]);

      const resumed = await pull(store);
      expect(resumed).toMatchObject({ outcome: "ok", imported: 1, records: 5 });
      // A day later: the look-back re-reads the week before the cursor (Q0ABC005 only), replacing its record.
      const again = await pull(store, configOf(), options(), NOW + 86_400_000);
      expect(again).toMatchObject({ outcome: "ok", imported: 1, records: 1 });
      expect(await metric(store, "incident_count")).toBe(5);
      const since = api.requests
        .filter((r) => r.startsWith("GET /incidents?"))
        .map((r) => new URL(r.slice(4), api.url).searchParams.get("since"));
      // First two pulls from history_days (60) before 12-01; the third from the cursor minus lookback_days (7).
      expect(new Set(since)).toEqual(new Set(["2026-10-02T00:00:00.000Z", "2026-11-24T00:00:00.000Z"]));

      // Q0ABC004 acknowledged since (2026-11-20 12:00 → 12:30, 1800 s): its record is updated, not added.
      api.logEntries.unshift({
        ...LISTING.log_entries.find((entry) => entry.id === "R3A"),
        id: "R4A",
        created_at: "2026-11-20T12:30:00Z",
        incident: { id: "Q0ABC004", type: "incident_reference" },
      });
      const updated = await pull(store, configOf({ lookback_days: 30 }), options(), NOW + 2 * 86_400_000);
      expect(updated).toMatchObject({ outcome: "ok", imported: 1, records: 5 });
      // Still five incidents; MTTA (240 + 600 + 1200 + 1800) / 4 = 960 s.
      expect(await metric(store, "incident_count")).toBe(5);
      expect(await metric(store, "mtta")).toBe(960);
    } finally {
      await dispose();
    }
  });
});
