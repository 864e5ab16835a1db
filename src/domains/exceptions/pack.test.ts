import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource } from "../../importers/file-source.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { buildReport } from "../../report/build-report.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";

/*
 * The hand-made register of src/importers/exceptions/fixtures and the OSCAL
 * POA&Ms of src/importers/oscal-poam/fixtures, imported and counted end to
 * end. Expected values, by hand from the fixtures (d = days):
 *
 * 2026-09 in UTC, ends 2026-10-01 00:00Z; latest snapshot register.yaml (2026-09-15):
 *   EX-001 expires 12-31 (91 d): open; EX-020 expires 10-20 (19 d): open, expiring;
 *   EX-003 expires 10-01 00:00, the end itself: expired; EX-021 requested.
 *   → open 2, expiring 1, expired 1.
 * 2026-10 in UTC, ends 2026-11-01 00:00Z; latest snapshot register.csv (2026-10-15), its 11 valid rows:
 *   open: EX-001 (60 d), EX-002 (11-20, 19 d, expiring), EX-005 (12-01 00:00Z, 30 d exactly, expiring),
 *   EX-006 (one second later: not expiring); expired: EX-003 (10-01), EX-004 (11-01, the end itself);
 *   EX-007 approved from 11-01 00:00Z: not started; EX-020 is no longer listed.
 *   → open 4, expiring 2, expired 2.
 * 2026-10 in Europe/Paris (CET from 25 October), ends 2026-10-31 23:00Z, dates read as Paris midnights:
 *   EX-004 expires 11-01 Paris = 10-31 23:00Z, the end itself: still expired; the window now ends
 *   11-30 23:00Z, an hour before EX-005 expires: only EX-002 is expiring.
 *   → open 4, expiring 1, expired 2.
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");
const fixture = (path: string) => readFile(new URL(`../../importers/${path}`, import.meta.url));

async function importFixture(
  store: Store,
  path: string,
  options: { timezone?: string; feed?: string; skipInvalid?: boolean } = {},
) {
  const { timezone = "UTC", ...rest } = options;
  return importFile(store, {
    source: bufferSource(path.split("/").at(-1) as string, await fixture(path)),
    options: { timezone },
    now: NOW,
    ...rest,
  });
}

const EXCEPTION_METRICS = ["open_exceptions", "exceptions_expiring_30d", "expired_exceptions"];

for (const engine of ENGINES) {
  describe(`exceptions register on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const values = async (period: string, on = config) => {
      const report = await computeKpis(store, period, { config: on, now: NOW });
      return EXCEPTION_METRICS.map((id) => report.metrics.find((m) => m.id === id)?.value ?? null);
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFixture(store, "exceptions/fixtures/register.yaml");
    });
    afterAll(async () => dispose());

    it("refuses the register with its invalid rows, naming file and line, and leaves the store unchanged", async () => {
      const refused = importFixture(store, "exceptions/fixtures/register.csv");
      await expect(refused).rejects.toThrow(InvalidInputError);
      await expect(refused).rejects.toThrow(/register\.csv:14: approved by its own requester \(BOB\)/);
      expect(await values("2026-09")).toEqual([2, 1, 1]);
      // October ends 47 days after the September snapshot, past the 28-day cadence: stale, no value.
      const october = await computeKpis(store, "2026-10", { config, now: NOW });
      expect(october.metrics.find((m) => m.id === "open_exceptions")).toMatchObject({
        value: null,
        status: "stale",
      });
    });

    it("counts each period from the latest snapshot before its end", async () => {
      const outcome = await importFixture(store, "exceptions/fixtures/register.csv", { skipInvalid: true });
      expect(outcome.skipped.total).toBe(4);
      expect(await values("2026-08")).toEqual([null, null, null]); // before the first snapshot: no data
      expect(await values("2026-09")).toEqual([2, 1, 1]);
      expect(await values("2026-10")).toEqual([4, 2, 2]);
    });

    it("lists the exceptions by expiry, each counted or told why not", async () => {
      const { rows } = await drillDown(store, "exceptions_expiring_30d", "2026-10", config);
      expect(rows.map((r) => [r.id, r.fields.days_left, r.counted, r.note])).toEqual([
        ["EX-010", -124, false, "closed"],
        ["EX-009", -61, false, "revoked"],
        ["EX-003", -31, false, "expired"],
        ["EX-004", 0, false, "expired"],
        ["EX-002", 19, true, null],
        ["EX-005", 30, true, null],
        ["EX-006", 30, false, "expires more than 30 days after the period end"],
        ["EX-001", 60, false, "expires more than 30 days after the period end"],
        ["EX-007", 181, false, "not started"],
        ["EX-008", null, false, "requested"],
        ["EX-011", null, false, "rejected"],
      ]);
      expect(rows[4]?.fields).toMatchObject({
        scope: "controls: SC-8; checks: tls-min-version; assets: gw-partner",
        owner: "bruno",
        approved_by: "ciso",
        expires_at: "2026-11-20T00:00:00.000Z",
      });
      expect(rows[4]?.provenance).toMatchObject({ line: 3 });
    });

    it("puts the exceptions in force or lapsed on the scorecard, the soonest expiry first", async () => {
      const scorecard = await buildReport(store, "scorecard", "2026-10", { config, now: NOW });
      if (scorecard.kind !== "scorecard") throw new Error("not a scorecard");
      expect(scorecard.exceptions.note).toBeNull();
      expect(scorecard.exceptions.items.map((item) => [item.id, item.state, item.owner])).toEqual([
        ["EX-003", "expired", "carla"],
        ["EX-004", "expired", "dan"],
        ["EX-002", "expiring", "bruno"],
        ["EX-005", "expiring", "erin"],
        ["EX-006", "active", "erin"],
        ["EX-001", "active", "alice"],
      ]);
    });
  });

  describe(`exceptions register in a time zone on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const paris = parseConfig({ timezone: "Europe/Paris" });

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFixture(store, "exceptions/fixtures/register.csv", {
        timezone: "Europe/Paris",
        skipInvalid: true,
      });
    });
    afterAll(async () => dispose());

    it("judges the period end and the register's dates in the configured zone", async () => {
      const report = await computeKpis(store, "2026-10", { config: paris, now: NOW });
      const value = (id: string) => report.metrics.find((m) => m.id === id)?.value;
      expect([
        value("open_exceptions"),
        value("exceptions_expiring_30d"),
        value("expired_exceptions"),
      ]).toEqual([4, 1, 2]);
    });
  });

  describe(`OSCAL POA&M deviations on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const values = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return EXCEPTION_METRICS.map((id) => report.metrics.find((m) => m.id === id)?.value ?? null);
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFixture(store, "oscal-poam/fixtures/ifa_plan-of-action-and-milestones.json");
      await importFixture(store, "oscal-poam/fixtures/FedRAMP-POAM-OSCAL-Template.json", {
        feed: "fedramp-template",
      });
    });
    afterAll(async () => dispose());

    it("counts an approved deviation past its deadline as expired, each plan from its own latest snapshot", async () => {
      // 2024-W05 ends 2024-02-05: NIST's plan (2024-02-01) holds RISK-1, deadline 2024-01-01: expired.
      expect(await values("2024-W05")).toEqual([0, 0, 1]);
      // 2024-W39 ends 2024-09-30: FedRAMP's template (2024-09-24) adds its operational requirement,
      // deadline 2023-05-31; NIST's plan is still its feed's latest.
      expect(await values("2024-W39")).toEqual([0, 0, 2]);
    });
  });
}
