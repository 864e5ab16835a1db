import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../app/open-store.ts";
import { parseConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { createSourceRunStore } from "../store/source-run-store.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { Browser, buildTestServer } from "../test-support/server.ts";
import { createLogger } from "./logger.ts";
import { createSourceScheduler, type SourceScheduler } from "./source-scheduler.ts";

const FIXTURES = join(import.meta.dirname, "..", "importers");
/** fail2ban's own sshd test log, trimmed: sshd.test.ts counts its records by hand, 7 failures + 4 logins = 11. */
const SSHD_LOG = join(FIXTURES, "sshd", "fixtures", "fail2ban-sshd-excerpt.log");
/** Hand-made: rows 2-6 are each invalid (incidents.test.ts lists the reasons), so the file is refused whole. */
const BAD_INCIDENTS = join(FIXTURES, "incidents", "fixtures", "incidents-bad-rows.csv");

const at = (time: string) => Date.parse(`2026-10-02T${time}:00Z`);

function sourcesConfig(dir: string): Config {
  return parseConfig({
    sources: [
      {
        name: "auth",
        kind: "files",
        path: join(dir, "logs", "*.log"),
        format: "sshd",
        schedule: "0 * * * *",
      },
      { name: "incidents", kind: "files", path: join(dir, "incidents"), schedule: "*/30 * * * *" },
      { name: "missing", kind: "files", path: join(dir, "none", "*.json"), schedule: "0 9 * * *" },
      { name: "paused", kind: "files", path: join(dir, "logs"), schedule: "* * * * *", enabled: false },
    ],
  });
}

function quietLogger() {
  return createLogger({ destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
}

/** Each recorded run as [source, due (HH:MM), outcome, imported, unchanged, records], oldest first. */
async function runs(store: Store) {
  const all = await createSourceRunStore(store).list(100);
  return all
    .reverse()
    .map((r) => [
      r.source,
      r.due_at === null ? null : new Date(r.due_at).toISOString().slice(11, 16),
      r.outcome,
      r.imported,
      r.unchanged,
      r.records,
    ]);
}

for (const engine of ENGINES) {
  describe(`the source scheduler on ${engine.name}`, () => {
    let dir: string;
    let store: Store;
    let dispose: () => Promise<void>;
    let clock: number;
    let imported: number;
    let scheduler: SourceScheduler;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), "secmetrics-sources-"));
      mkdirSync(join(dir, "logs"));
      mkdirSync(join(dir, "incidents"));
      copyFileSync(SSHD_LOG, join(dir, "logs", "auth.log"));
      copyFileSync(BAD_INCIDENTS, join(dir, "incidents", "incidents-bad-rows.csv"));
      ({ store, dispose } = await createTestStore(engine));
      clock = at("08:10");
      imported = 0;
      scheduler = createSourceScheduler({
        store,
        config: sourcesConfig(dir),
        logger: quietLogger(),
        now: () => clock,
        onImported: () => imported++,
      });
    });
    afterEach(async () => {
      await scheduler.stop();
      await dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it("runs each enabled source at its due instants, records each run, and re-imports nothing unchanged", async () => {
      clock = at("08:20");
      expect(await scheduler.tick()).toEqual([]);
      // 09:00: auth (hourly), incidents (08:30 and 09:00 missed while the clock jumped: one run), missing (daily 09:00).
      clock = at("09:00");
      await scheduler.tick();
      clock = at("09:10");
      expect(await scheduler.tick()).toEqual([]);
      clock = at("10:00");
      await scheduler.tick();
      expect(await runs(store)).toEqual([
        ["auth", "09:00", "ok", 1, 0, 11],
        ["incidents", "09:00", "failed", 0, 0, 0],
        ["missing", "09:00", "failed", 0, 0, 0],
        // The same log at 10:00: its SHA-256 was imported before, so nothing is.
        ["auth", "10:00", "ok", 0, 1, 0],
        ["incidents", "10:00", "failed", 0, 0, 0],
      ]);
      // Only the 09:00 run imported anything: the notifier is asked once.
      expect(imported).toBe(1);
      expect((await store.listImports()).map((i) => [i.file_name, i.format, i.records])).toEqual([
        ["auth.log", "sshd", 11],
      ]);
      const latest = await createSourceRunStore(store).latest();
      expect(latest.get("incidents")?.error).toContain(
        'incidents-bad-rows.csv:2: detected_at: "yesterday" is not an ISO 8601 timestamp',
      );
      expect(latest.get("missing")?.error).toBe(
        `${join(dir, "none", "*.json")}: matched no file (no folder ${join(dir, "none")})`,
      );
    });

    it("shows a failed run on the dashboard's imports page", async () => {
      clock = at("09:00");
      await scheduler.tick();
      const server = await buildTestServer(store, { config: sourcesConfig(dir), now: () => at("09:05") });
      const browser = new Browser(server.app);
      await browser.login("viewer");
      const { status, html } = await browser.page("/imports");
      expect(status).toBe(200);
      expect(html).toContain("Scheduled sources");
      expect(html).toContain("The last run of incidents, missing failed");
      expect(html).toContain(
        "incidents-bad-rows.csv:2: detected_at: &quot;yesterday&quot; is not an ISO 8601 timestamp",
      );
      // auth's next hourly run after 09:05; paused is listed, never run.
      expect(html).toContain("2026-10-02 10:00 UTC");
      expect(html).toMatch(/<td>paused<\/td>.*disabled.*not run yet/);
      // The API gives the same runs beside the imports, the latest first.
      const api = await server.app.request("/api/v1/imports", {
        headers: { Authorization: `Bearer ${server.tokens.viewer}` },
      });
      expect(api.status).toBe(200);
      const history = (await api.json()) as {
        imports: { file_name: string }[];
        source_runs: Record<string, unknown>[];
      };
      // The test server's own two files, and the source's log.
      expect(history.imports.map((i: { file_name: string }) => i.file_name)).toContain("auth.log");
      expect(history.imports).toHaveLength((await store.listImports()).length);
      expect(
        history.source_runs.map((r: Record<string, unknown>) => [r.source, r.due_at, r.outcome, r.records]),
      ).toEqual([
        ["missing", "2026-10-02T09:00:00.000Z", "failed", 0],
        ["incidents", "2026-10-02T09:00:00.000Z", "failed", 0],
        ["auth", "2026-10-02T09:00:00.000Z", "ok", 11],
      ]);
      expect(history.source_runs[0]?.error).toBe(
        `${join(dir, "none", "*.json")}: matched no file (no folder ${join(dir, "none")})`,
      );
    });

    it("waits while another run holds the store, and records a due instant it held throughout as skipped_busy", async () => {
      let release = () => {};
      let holding: Promise<unknown> = Promise.resolve();
      // Resolves once the store is held: on PostgreSQL the lock is taken on a connection of its own, later.
      const hold = async () => {
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        await new Promise<void>((started) => {
          holding = createSourceRunStore(store).asOnlyRunner(() => {
            started();
            return held;
          });
        });
      };
      await hold();
      clock = at("09:00");
      expect(await scheduler.tick()).toEqual([]);
      expect(await runs(store)).toEqual([]);
      release();
      await holding;
      // Tried again before the next instant: the 09:00 runs happen late, for 09:00.
      clock = at("09:05");
      await scheduler.tick();
      expect((await runs(store)).map((r) => r.slice(0, 3))).toEqual([
        ["auth", "09:00", "ok"],
        ["incidents", "09:00", "failed"],
        ["missing", "09:00", "failed"],
      ]);
      // Held from before 10:00 until after 11:00: the 10:00 runs are skipped and said so, the 11:00 ones run.
      await hold();
      clock = at("10:00");
      expect(await scheduler.tick()).toEqual([]);
      clock = at("11:00");
      expect(await scheduler.tick()).toEqual([]);
      release();
      await holding;
      clock = at("11:01");
      await scheduler.tick();
      expect((await runs(store)).slice(3).map((r) => r.slice(0, 3))).toEqual([
        ["auth", "10:00", "skipped_busy"],
        ["incidents", "10:00", "skipped_busy"],
        ["auth", "11:00", "ok"],
        ["incidents", "11:00", "failed"],
      ]);
    });
    it("on start, runs a source once for the latest instant missed while no server ran, unless catch_up is false", async () => {
      clock = at("09:00");
      await scheduler.tick();
      await scheduler.stop();
      // Down from 09:10 until 12:20: auth missed 10:00, 11:00 and 12:00; incidents every half hour from 09:30.
      const lines: string[] = [];
      const logger = createLogger({
        destination: new Writable({
          write: (chunk, _encoding, done) => {
            lines.push(String(chunk));
            done();
          },
        }),
      });
      const config = sourcesConfig(dir);
      const paused = config.sources.map((source) =>
        source.name === "incidents" ? { ...source, catch_up: false } : source,
      );
      clock = at("12:20");
      scheduler = createSourceScheduler({
        store,
        config: { ...config, sources: paused },
        logger,
        now: () => clock,
      });
      await scheduler.tick();
      // auth: once, for 12:00. incidents does not catch up. missing (daily 09:00) missed nothing.
      expect((await runs(store)).map((r) => r.slice(0, 3))).toEqual([
        ["auth", "09:00", "ok"],
        ["incidents", "09:00", "failed"],
        ["missing", "09:00", "failed"],
        ["auth", "12:00", "ok"],
      ]);
      const said = lines.map((line) => JSON.parse(line)).filter((l) => l.msg.startsWith("source missed"));
      expect(said.map((l) => [l.source, l.due_at])).toEqual([["auth", "2026-10-02T12:00:00.000Z"]]);
      // From then on each source runs at its instants as before: incidents next at 12:30.
      clock = at("12:30");
      await scheduler.tick();
      expect((await runs(store)).slice(4).map((r) => r.slice(0, 3))).toEqual([
        ["incidents", "12:30", "failed"],
      ]);
    });
  });

  describe(`two schedulers on one ${engine.name} store`, () => {
    it("run each due source once", async () => {
      const dir = mkdtempSync(join(tmpdir(), "secmetrics-sources-"));
      mkdirSync(join(dir, "logs"));
      mkdirSync(join(dir, "incidents"));
      copyFileSync(SSHD_LOG, join(dir, "logs", "auth.log"));
      copyFileSync(BAD_INCIDENTS, join(dir, "incidents", "incidents-bad-rows.csv"));
      const database = await engine.create();
      const stores = [await openStore(database.url), await openStore(database.url)];
      try {
        let clock = at("08:10");
        const schedulers = stores.map((store) =>
          createSourceScheduler({
            store,
            config: sourcesConfig(dir),
            logger: quietLogger(),
            now: () => clock,
          }),
        );
        clock = at("09:00");
        await Promise.all(schedulers.map((s) => s.tick()));
        // One found the store busy (PostgreSQL's advisory lock): it tries again, and finds each run taken.
        clock = at("09:01");
        await Promise.all(schedulers.map((s) => s.tick()));
        expect((await runs(stores[0] as Store)).map((r) => r.slice(0, 3)).sort()).toEqual([
          ["auth", "09:00", "ok"],
          ["incidents", "09:00", "failed"],
          ["missing", "09:00", "failed"],
        ]);
        expect((await (stores[1] as Store).listImports()).length).toBe(1);
      } finally {
        for (const store of stores) await store.close();
        await database.dispose();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
