import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { importFile } from "../../app/import-file.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { TEST_CONFIG } from "../../test-support/server.ts";
import { TRUST_FIXTURE } from "../../test-support/trust.ts";
import { bufferSource, fileSource } from "../file-source.ts";

const FIXTURE_TEXT = readFileSync(TRUST_FIXTURE, "utf8");
const CONFIG = { timezone: "UTC" } as const;

for (const engine of ENGINES) {
  describe(`trust-yaml on ${engine.name} (hand-written fixture trust.yaml)`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
    });
    afterAll(() => dispose());

    it("detects the file and stores its security.txt as a snapshot at the import's time; the same file again changes nothing", async () => {
      const at = Date.parse("2026-08-10T12:00:00Z");
      const first = await importFile(store, { source: fileSource(TRUST_FIXTURE), options: CONFIG, now: at });
      expect(first).toMatchObject({ status: "imported", format: "trust-yaml", import: { records: 1 } });
      const again = await importFile(store, {
        source: fileSource(TRUST_FIXTURE),
        options: CONFIG,
        now: at + 1000,
      });
      expect(again.status).toBe("unchanged");
      const [snapshot] = await store.snapshot("security_txt", Date.parse("2026-09-01T00:00:00Z"));
      expect(snapshot).toMatchObject({
        feed: "trust",
        external_id: "https://trust.example.com",
        snapshot_at: at,
        expires_at: Date.parse("2027-01-31T00:00:00Z"),
        canonical: "https://trust.example.com/.well-known/security.txt",
        contacts: ["mailto:security@example.com", "https://example.com/security/report"],
      });
    });

    it("computes security_txt_days_left from the file published at each period end", async () => {
      // A renewed file, imported in October: Expires moves to 2027-04-30.
      const renewed = FIXTURE_TEXT.replace("expires: 2027-01-31T00:00:00Z", "expires: 2027-04-30T00:00:00Z");
      await importFile(store, {
        source: bufferSource("trust.yaml", renewed),
        options: CONFIG,
        now: Date.parse("2026-10-20T00:00:00Z"),
      });
      const now = Date.parse("2026-12-02T00:00:00Z");
      const daysLeft = async (period: string) =>
        (await computeKpis(store, period, { config: TEST_CONFIG, now })).metrics.find(
          (m) => m.id === "security_txt_days_left",
        );
      // September ends 2026-10-01; the August file expires 2027-01-31: 31 (Oct) + 30 (Nov) + 31 (Dec) + 30 (Jan 1 to 31) = 122 days.
      expect(await daysLeft("2026-09")).toMatchObject({ value: 122, status: "met" });
      // October ends 2026-11-01; the October file expires 2027-04-30: 30 (Nov) + 31 + 31 + 28 + 31 + 29 (Apr 1 to 30) = 180 days.
      expect(await daysLeft("2026-10")).toMatchObject({ value: 180, status: "met" });
      // July ends before the first file: no data, not zero.
      expect(await daysLeft("2026-07")).toMatchObject({ value: null, status: "no_data" });
    });

    it("refuses a bad file with its line and reason, and stores nothing", async () => {
      const bad = FIXTURE_TEXT.replace("    status: in_progress", "    status: certified");
      const before = await store.snapshot("security_txt", Number.MAX_SAFE_INTEGER);
      const refused = importFile(store, {
        source: bufferSource("trust.yaml", bad),
        format: "trust-yaml",
        options: CONFIG,
        now: Date.parse("2026-11-01T00:00:00Z"),
      });
      await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
      await expect(refused).rejects.toThrow(/^trust\.yaml:21: certifications\.2\.status: /);
      expect(await store.snapshot("security_txt", Number.MAX_SAFE_INTEGER)).toEqual(before);
    });
  });
}
