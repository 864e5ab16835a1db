import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource } from "../../importers/file-source.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { nearMissReporters, nearMissReportersOf } from "./queries.ts";

/*
 * The hand-made fixtures of src/importers/people and src/importers/training,
 * imported and counted end to end. Expected values, by hand:
 *
 * 2026-09, end 10-01 00:00Z; roster-2026-09.csv. In scope (active, in_scope): P01, P02, P03,
 * P06, P07 = 5 (P04 inactive, P05 out of scope).
 *   P01 SEC-101 done 09-10 ≤ due 09-15; SEC-102 not required; KnowBe4 1001 (Alice@Example.com)
 *       done 08-20, no due date so due at the period end → compliant.
 *   P02 SEC-101 done 09-20 > due 09-15 → late.   P03 SEC-101 not done → missing.
 *   P06 SEC-101 due 10-15, after the end: not judged; KnowBe4 1003 (employee number P06) done 09-02 → compliant.
 *   P07 SEC-101 done 09-14; KnowBe4 1002 in progress → missing.
 *   → training_compliance 2 / 5 = 40 %.
 *   Teams of active people: Platform (P01 champion), Payments (P03; the champion P04 is inactive),
 *   Sales (P06 champion), Support (P07) → security_champion_coverage 2 / 4 = 50 %.
 * 2026-10, end 11-01 00:00Z; roster-2026-10.csv less its invalid line 9: P07 has left.
 *   In scope P01, P02, P03, P06 = 4; P06's SEC-101 was due 10-15 and is not done → missing.
 *   → 1 / 4 = 25 % (compliant P01; late P02; missing P03, P06).
 *   Teams: Platform yes, Payments no, Sales yes (Support has no active person) → 2 / 3 = 66.67 %.
 * 2026-08: before the first roster snapshot → no data.
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");

async function importFixture(store: Store, path: string, skipInvalid = false) {
  const data = await readFile(new URL(`../../importers/${path}`, import.meta.url));
  return importFile(store, {
    source: bufferSource(path.split("/").pop() as string, data),
    options: { timezone: "UTC" },
    now: NOW,
    skipInvalid,
  });
}

for (const engine of ENGINES) {
  describe(`people and training on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const metrics = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return {
        training: report.metrics.find((m) => m.id === "training_compliance"),
        champions: report.metrics.find((m) => m.id === "security_champion_coverage"),
      };
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFixture(store, "people/fixtures/roster-2026-09.csv");
      await importFixture(store, "people/fixtures/roster-2026-10.csv", true);
      await importFixture(store, "training/fixtures/training.csv");
      await importFixture(store, "training/fixtures/knowbe4-enrollments.json");
    });
    afterAll(async () => dispose());

    it("judges each period's roster against every required course due by its end", async () => {
      expect((await metrics("2026-08")).training?.value).toBeNull();
      const september = await metrics("2026-09");
      expect(september.training).toMatchObject({
        value: 40,
        n: 5,
        details: { compliant: 2, late: 1, missing: 2 },
      });
      expect(september.champions).toMatchObject({
        value: 50,
        n: 4,
        details: { teams: 4, teams_without_champion: ["Payments", "Support"] },
      });
      const october = await metrics("2026-10");
      expect(october.training).toMatchObject({
        value: 25,
        n: 4,
        details: { compliant: 1, late: 1, missing: 2 },
      });
      expect(october.champions?.value).toBeCloseTo(200 / 3, 10);
      expect(october.champions?.details).toEqual({ teams: 3, teams_without_champion: ["Payments"] });
    });

    it("lists the people not compliant first, each with the course that breaks it", async () => {
      const { rows } = await drillDown(store, "training_compliance", "2026-09", config);
      expect(rows.map((r) => [r.id, r.fields.status, r.fields.course])).toEqual([
        ["P02", "late", "SEC-101"],
        ["P03", "missing", "SEC-101"],
        ["P07", "missing", "2026 Security Awareness Training"],
        ["P01", "compliant", null],
        ["P06", "compliant", null],
      ]);
    });

    it("lists the active people team by team, champions first", async () => {
      const { rows } = await drillDown(store, "security_champion_coverage", "2026-10", config);
      expect(
        rows.map((r) => [r.id, r.fields.team, r.fields.security_champion, r.fields.team_has_champion]),
      ).toEqual([
        ["P03", "Payments", false, false],
        ["P01", "Platform", true, true],
        ["P02", "Platform", false, true],
        ["P06", "Sales", true, true],
        ["P05", "Sales", false, true],
      ]);
    });
  });
}

/*
 * Hand-made near-misses (no public export names its reporters) against the
 * people fixtures' rosters, with Platform configured as the security team
 * (written "platform": teams match case-insensitively). By hand:
 *
 * 2026-09 (roster of 09-30): NM-1 P03 Payments → staff; NM-2 ALICE@example.com
 *   = P01 by e-mail, Platform → security team; NM-3 dan@example.com = P04,
 *   inactive; NM-4 P99 not on the roster; NM-5 no reporter; NM-6
 *   grace@example.com = P07 Support, active → staff. INC-1 is an incident,
 *   not a near-miss. → 2 (Payments 1, Support 1) of 6 near-misses.
 *   With the default security team ("Security", no such team) NM-2 counts
 *   too → 3.
 * 2026-10 (roster of 10-31): NM-7 by grace@example.com, who has left → 0 of 1.
 * 2026-08: no roster yet → no value.
 */
const EVENTS = [
  "id,title,kind,detected_at,reported_by",
  "NM-1,Payment key in a support ticket,near_miss,2026-09-02T09:00:00Z,P03",
  "NM-2,Public bucket caught by policy,near_miss,2026-09-05T09:00:00Z,ALICE@example.com",
  "NM-3,Expired certificate in staging,near_miss,2026-09-08T09:00:00Z,dan@example.com",
  "NM-4,Phishing mail forwarded,near_miss,2026-09-10T09:00:00Z,P99",
  "NM-5,Wrong role on a CI runner,near_miss,2026-09-12T09:00:00Z,",
  "NM-6,Laptop left unlocked in a café,near_miss,2026-09-20T09:00:00Z,grace@example.com",
  "INC-1,Credential stuffing,incident,2026-09-21T09:00:00Z,P03",
  "NM-7,Shared password in chat,near_miss,2026-10-05T09:00:00Z,grace@example.com",
].join("\n");

for (const engine of ENGINES) {
  describe(`near-misses reported by staff on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({ people: { security_teams: ["platform"] } });
    const reported = async (period: string, settings = config) =>
      (await computeKpis(store, period, { config: settings, now: NOW })).metrics.find(
        (m) => m.id === "near_misses_reported_by_staff",
      );

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFixture(store, "people/fixtures/roster-2026-09.csv");
      await importFixture(store, "people/fixtures/roster-2026-10.csv", true);
      await importFile(store, {
        source: bufferSource("events.csv", EVENTS),
        options: { timezone: "UTC" },
        now: NOW,
      });
    });
    afterAll(async () => dispose());

    it("counts the near-misses that active people outside the security teams reported", async () => {
      expect((await reported("2026-08"))?.value).toBeNull();
      expect(await reported("2026-09")).toMatchObject({
        value: 2,
        details: {
          near_misses: 6,
          staff: 2,
          security_team: 1,
          inactive: 1,
          not_on_roster: 1,
          no_reporter: 1,
          reporting_teams: { Payments: 1, Support: 1 },
        },
      });
      expect((await reported("2026-09", parseConfig({})))?.value).toBe(3);
      expect(await reported("2026-10")).toMatchObject({ value: 0, details: { near_misses: 1, inactive: 1 } });
    });

    it("reads a history's near-misses once, and nothing for the months before the first roster", async () => {
      const history = (await reported("2026-10"))?.history.map(({ period, value }) => [period, value]);
      expect(history?.slice(-3)).toEqual([
        ["2026-07", null],
        ["2026-08", null],
        ["2026-09", 2],
      ]);
      const reads: string[] = [];
      const counted: Store = Object.create(store);
      counted.records = (kind, query) => {
        reads.push(`${kind} from ${new Date(query.start).toISOString()}`);
        return store.records(kind, query);
      };
      counted.snapshot = (kind, end) => {
        reads.push(`${kind} before ${new Date(end).toISOString()}`);
        return store.snapshot(kind, end);
      };
      const month = (from: string, to: string) => ({ start: Date.parse(from), end: Date.parse(to) });
      const months = [
        month("2026-08-01T00:00:00Z", "2026-09-01T00:00:00Z"),
        month("2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z"),
        month("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z"),
      ];
      const series = await nearMissReportersOf(counted, months);
      // The roster's first snapshot is of 09-30: August has none, September and October do.
      expect(reads.sort()).toEqual([
        "incident from 2026-09-01T00:00:00.000Z",
        "person before 2026-10-01T00:00:00.000Z",
        "person before 2026-11-01T00:00:00.000Z",
      ]);
      expect(series.map(({ nearMisses, people }) => [nearMisses.length, people.length > 0])).toEqual([
        [0, false],
        [6, true],
        [1, true],
      ]);
      for (const [index, period] of months.entries())
        expect(series[index]).toEqual(await nearMissReporters(store, period));
    });

    it("lists each near-miss with its reporter's team and why it does not count", async () => {
      const { rows } = await drillDown(store, "near_misses_reported_by_staff", "2026-09", config);
      expect(rows.map((r) => [r.id, r.fields.team, r.counted, r.note])).toEqual([
        ["NM-1", "Payments", true, null],
        ["NM-2", "Platform", false, "reported by the security team"],
        ["NM-3", "Payments", false, "reporter not active on the roster"],
        ["NM-4", null, false, "reporter not on the roster"],
        ["NM-5", null, false, "no reported_by"],
        ["NM-6", "Support", true, null],
      ]);
    });
  });
}
