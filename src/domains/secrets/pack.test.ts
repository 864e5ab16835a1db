import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource } from "../../importers/file-source.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { storeText } from "../../test-support/store-text.ts";

/*
 * The hand-made listing of acme/api (acme-api-hand-made.json; GitHub's own
 * examples have no revocation, see the importer's SOURCES.md), each alert
 * with a secret that must never be kept:
 *   #7 opened 01-10, open.                     #1 opened 02-20, revoked 03-01 12:00.
 *   #2 opened 03-02, revoked 03-02 06:00, publicly leaked, validity inactive.
 *   #3 opened 03-05, revoked 03-06.           #4 opened 03-10, open, active, leaked, push protection bypassed.
 *   #5 opened 03-12, false positive 03-12 01:00.  #6 opened 03-15, won't fix 03-20.
 *   #8 opened 03-20, revoked 04-02.
 * March 2024 by hand: opened #2 #3 #4 #5 #6 #8, less the false positive #5 → 5 exposed; still open at
 *   04-01: #4 and #8 (revoked after) → 2; publicly leaked #2 #4 → 2; active #4; bypassed #4.
 *   Revoked in March: #1 02-20 → 03-01 12:00 = 10.5 d (2024 is a leap year) = 907200 s, #2 6 h =
 *   21600 s, #3 1 d = 86400 s → median 86400, p90 (rank ⌈0.9·3⌉ = 3) 907200. Open at 04-01: #4, #7,
 *   #8; the oldest #7, 01-10 → 04-01 = 22 + 29 + 31 d = 82 d = 7084800 s. Closed without revoking: #6.
 * February: opened #1 → 1 exposed, still open at 03-01; nothing revoked, open #1 and #7.
 */
const NOW = Date.parse("2024-04-15T00:00:00Z");
const REPO = "acme/api";
const SECRET = "ghp_000handMadeNeverStored0000000000000000";

type Alert = Record<string, unknown>;
const LISTING: Alert[] = JSON.parse(
  readFileSync(
    new URL("../../importers/github-secret-scanning/fixtures/acme-api-hand-made.json", import.meta.url),
    "utf8",
  ),
);
/** A hand-made alert beside the listing's. */
const alert = (number: number, created: string, fields: Alert = {}): Alert => ({
  ...(LISTING.find((a) => a.number === 7) as Alert),
  number,
  created_at: `2024-${created}Z`,
  secret: `${SECRET}${number}`,
  ...fields,
});

const importListing = (store: Store, listing: Alert[], name = "alerts.json") =>
  importFile(store, {
    source: bufferSource(name, Buffer.from(JSON.stringify(listing, null, 2))),
    format: "github-secret-scanning",
    options: { timezone: "UTC", target: REPO },
    now: NOW,
  });

for (const engine of ENGINES) {
  describe(`secret scanning alerts on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const metrics = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return Object.fromEntries(
        report.metrics.filter((m) => m.id.startsWith("secret")).map((m) => [m.id, m]),
      );
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      expect(await importListing(store, LISTING)).toMatchObject({ status: "imported" });
    });
    afterAll(async () => dispose());

    it("counts the secrets exposed in March and times their revocation", async () => {
      const march = await metrics("2024-03");
      expect(march.secrets_exposed).toMatchObject({
        value: 5,
        status: "missed",
        details: {
          still_open: 2,
          publicly_leaked: 2,
          still_active: 1,
          push_protection_bypassed: 1,
          no_live_secret: { false_positive: 1, used_in_tests: 0, pattern_edited: 0, pattern_deleted: 0 },
        },
      });
      expect(march.secret_time_to_revoke).toMatchObject({
        value: 86400,
        n: 3,
        median: 86400,
        p90: 907200,
        open: 3,
        oldest_open_age: 7084800,
        status: "met",
        details: { closed_without_revoking: 1 },
      });
      const february = await metrics("2024-02");
      expect(february.secrets_exposed).toMatchObject({ value: 1, details: { still_open: 1 } });
      expect(february.secret_time_to_revoke).toMatchObject({ value: null, n: 0, open: 2 });
    });

    it("lists the alerts behind each number, each saying why it counts or not", async () => {
      const exposed = await drillDown(store, "secrets_exposed", "2024-03", config);
      expect(exposed.rows.map((r) => [r.id, r.counted, r.note])).toEqual([
        ["acme/api|2", true, null],
        ["acme/api|3", true, null],
        ["acme/api|4", true, "still open at the period end"],
        ["acme/api|5", false, "resolved as false_positive: no live secret"],
        ["acme/api|6", true, null],
        ["acme/api|8", true, "still open at the period end"],
      ]);
      const revoke = await drillDown(store, "secret_time_to_revoke", "2024-03", config);
      expect(revoke.rows.map((r) => [r.id, r.counted, r.fields.seconds_to_resolve, r.note])).toEqual([
        ["acme/api|7", false, null, "still open at the period end"],
        ["acme/api|1", true, 907200, null],
        ["acme/api|2", true, 21600, null],
        ["acme/api|3", true, 86400, null],
        ["acme/api|4", false, null, "still open at the period end"],
        ["acme/api|6", false, 432000, "closed as wont_fix: never revoked"],
        ["acme/api|8", false, 1123200, "still open at the period end"],
      ]);
      expect(JSON.stringify([exposed, revoke])).not.toContain(SECRET);
    });

    it("keeps no secret anywhere in the store", async () => {
      const text = await storeText(store);
      expect(text).toContain("acme/api|4");
      expect(text).not.toContain(SECRET);
    });

    it("takes a later listing's state, changes nothing on the same one, and refuses a bad one whole", async () => {
      expect(await importListing(store, LISTING)).toMatchObject({ status: "unchanged" });
      const before = (await store.listImports()).length;
      const bad = [alert(9, "03-25T00:00:00"), alert(10, "03-26T00:00:00", { state: "dismissed" })];
      const refused = await importListing(store, bad, "bad.json").catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(InvalidInputError);
      expect((refused as Error).message).toMatch(
        /^bad\.json:\d+: alert 10: state: "dismissed" is not one of open, resolved/,
      );
      expect((refused as Error).message).not.toContain(SECRET);
      expect((await store.listImports()).length).toBe(before);
      // #4 revoked on 04-10: 31 d = 2678400 s, counted in April beside #8 (13 d = 1123200 s).
      const revokedLater = {
        state: "resolved",
        resolution: "revoked",
        resolved_at: "2024-04-10T00:00:00Z",
        updated_at: "2024-04-10T00:00:00Z",
      };
      await importListing(store, [alert(4, "03-10T00:00:00", revokedLater)], "later.json");
      const april = await metrics("2024-04");
      expect(april.secret_time_to_revoke).toMatchObject({ value: (1123200 + 2678400) / 2, n: 2, open: 1 });
      expect((await metrics("2024-03")).secrets_exposed?.details).toMatchObject({ still_open: 2 });
    });
  });
}
