import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import { bufferSource } from "../importers/file-source.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { computeKpis } from "./compute-kpis.ts";
import { importFile } from "./import-file.ts";

/*
 * A quiet team: one incident on 2026-09-10, then none. An export taken on
 * 2026-12-01 lists it alone; only the export can say that October and
 * November were quiet rather than unreported.
 *
 *   without --covers-until: the data ends 2026-09-10 12:00; 2026-11 ends 2026-12-01, 81.5 days
 *     later (> 28 d) → stale, "81 days"
 *   with --covers-until 2026-12-01T00:00:00Z: the data ends 2026-12-01 00:00, 0 days before
 *     2026-11's end → 0 incidents, met (sev1_incidents target == 0)
 */
const CSV = "id,title,severity,detected_at\nINC-1,Card API errors,critical,2026-09-10T12:00:00Z\n";
const NOW = Date.parse("2026-12-02T09:00:00Z");
const COVERS_UNTIL = Date.parse("2026-12-01T00:00:00Z");

for (const engine of ENGINES) {
  describe(`an export that covers a quiet stretch on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const sev1 = async () => {
      const report = await computeKpis(store, "2026-11", { config, now: NOW });
      return report.metrics.find((m) => m.id === "sev1_incidents");
    };
    const importExport = (name: string, coversUntil?: number) =>
      importFile(store, {
        source: bufferSource(name, Buffer.from(CSV)),
        format: "incidents-csv",
        coversUntil,
        options: { timezone: "UTC" },
        now: NOW,
      });

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
    });
    afterAll(async () => dispose());

    it("is stale after the last incident when the export says nothing of what it covers", async () => {
      await importExport("incidents-2026-12-01.csv");
      expect(await sev1()).toMatchObject({
        value: null,
        status: "stale",
        reason: "last incident: 2026-09-10 (81 days before the period's end; expected at least every 28 d)",
        data_end: Date.parse("2026-09-10T12:00:00Z"),
      });
    });

    it("counts the quiet months as 0 once an export vouches for them, and refuses the same file with it", async () => {
      await expect(importExport("incidents-2026-12-01.csv", COVERS_UNTIL)).rejects.toThrow(
        "already imported as import #1 with no options; this import gives --covers-until 2026-12-01T00:00:00.000Z",
      );
      // The next export (one more column: another file) says what it covers.
      const next =
        "id,title,severity,detected_at,summary\nINC-1,Card API errors,critical,2026-09-10T12:00:00Z,\n";
      await importFile(store, {
        source: bufferSource("incidents-2026-12-01b.csv", Buffer.from(next)),
        format: "incidents-csv",
        coversUntil: COVERS_UNTIL,
        options: { timezone: "UTC" },
        now: NOW,
      });
      expect(await sev1()).toMatchObject({
        value: 0,
        status: "met",
        reason: null,
        data_end: COVERS_UNTIL,
      });
    });
  });
}
