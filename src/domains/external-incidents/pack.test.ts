import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource } from "../../importers/file-source.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";

/*
 * DeFiHackLabs' 26 incidents of July and August 2026 against the hand-made
 * triage register (importers/external-triage/fixtures/triage.csv); 7 days to
 * triage; judged at the period's end.
 *
 * 2026-08, 11 incidents (08-20, 08-19, 08-15, 08-09, 08-07, 08-06 ×2, 08-05, 08-03, 08-02 ×2):
 *   on time: flashstakev2 (08-22 ≤ due 08-27), allbridgecctp (08-21 ≤ 08-26), usm (08-16T00:00 =
 *   its due instant), strongblock (08-06 ≤ 08-12); late: foxlpbondspool (08-25T10:00 > 08-22:
 *   3 d 10 h → "4 d"); untriaged, each due by 08-27 < 09-01: the other 6 → 4 / 11 = 36.36 %.
 *   applies 2 (allbridgecctp, strongblock), both with an action item.
 * 2026-07, 15 incidents, judged at 08-01: edel-xstock on time (07-03 ≤ 07-08); those of 07-30 ×2
 *   and 07-26 still pending (due 08-06 and 08-02); the other 11 untriaged → 1 / 12.
 */
const NOW = Date.parse("2026-09-15T00:00:00Z");

async function importFixture(store: Store, path: string) {
  const data = await readFile(new URL(`../../importers/${path}`, import.meta.url));
  return importFile(store, {
    source: bufferSource(path.split("/").pop() as string, data),
    options: { timezone: "UTC" },
    now: NOW,
  });
}

for (const engine of ENGINES) {
  describe(`external incidents on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const metric = async (period: string, settings = config) =>
      (await computeKpis(store, period, { config: settings, now: NOW })).metrics.find(
        (m) => m.id === "external_incidents_triaged",
      );

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFixture(store, "defihacklabs/fixtures/defihacklabs-readme-2026-07-08.md");
    });
    afterAll(async () => dispose());

    it("has no figure until the team keeps a triage register", async () => {
      expect((await metric("2026-08"))?.value).toBeNull();
      await importFixture(store, "external-triage/fixtures/triage.csv");
    });

    it("counts the relevant incidents triaged within 7 days of their date", async () => {
      const august = await metric("2026-08");
      expect(august?.value).toBeCloseTo(400 / 11, 10);
      expect(august?.details).toEqual({
        on_time: 4,
        late: 1,
        untriaged: 6,
        pending: 0,
        not_relevant: 0,
        applies: 2,
        action_items: 2,
        triage_days: 7,
      });
      const july = await metric("2026-07");
      expect(july?.value).toBeCloseTo(100 / 12, 10);
      expect(july?.details).toMatchObject({ on_time: 1, untriaged: 11, pending: 3 });
    });

    it("takes the days from the config", async () => {
      // 14 days: foxlpbondspool (due 08-29) is on time too → 5 / 11.
      const relaxed = parseConfig({ external_incidents: { triage_days: 14 } });
      expect((await metric("2026-08", relaxed))?.value).toBeCloseTo(500 / 11, 10);
    });

    it("lists the untriaged and the late ones in the drill-down", async () => {
      const rows = (await drillDown(store, "external_incidents_triaged", "2026-08", config)).rows;
      expect(rows.filter((r) => !r.counted).map((r) => [r.id, r.note])).toEqual([
        ["20260802-moke", "untriaged"],
        ["20260802-lpdfi-loopsdao", "untriaged"],
        ["20260803-aic", "untriaged"],
        ["20260806-unistreetlaunchpad", "untriaged"],
        ["20260806-pantherbase", "untriaged"],
        ["20260807-atomic", "untriaged"],
        ["20260815-foxlpbondspool", "late: triaged 4 d after its due date"],
      ]);
      expect(rows.find((r) => r.id === "20260819-allbridgecctp")?.fields).toMatchObject({
        applies: true,
        action_item: "AI-77",
        due_at: "2026-08-26T00:00:00.000Z",
      });
    });
  });
}
