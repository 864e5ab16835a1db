import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { computeKpis } from "../src/app/compute-kpis.ts";
import { importFile } from "../src/app/import-file.ts";
import { parseConfig } from "../src/config/load.ts";
import { bufferSource } from "../src/importers/file-source.ts";
import type { Store } from "../src/store/store.ts";
import { createTestStore, ENGINES } from "../src/test-support/engines.ts";
import { GOVERNANCE_CONFIG, governorLogsJson, snapshotProposalsJson } from "./demo-governance.ts";

/*
 * The demo's governance figures, by hand from the tables of scripts/demo-governance.ts
 * (Snapshot space and Governor: total voting power 5 000 000, quorum 1 000 000; the Governor's
 * blocks every 12 s, so its vote ends fall on the hours written there):
 *
 * governance_participation (median turnout of the proposals closed in the month)
 *   2026-07: NIP-1 1 550 000 → 31 %.
 *   2026-08: NIP-2 2 150 000 → 43 %, NIP-3 1 300 000 → 26 % → median 34.5.
 *   2026-09: NIP-4 2 100 000 → 42 %, NIP-5 1 000 000 → 20 %, Governor NIP-10 2 600 000 → 52 %
 *            → median 42.
 *   2026-10: NIP-6 1 800 000 → 36 %, NIP-7 2 500 000 → 50 %, NIP-8 800 000 → 16 % (quorum missed),
 *            Governor NIP-11 800 000 → 16 % (missed), NIP-12 2 000 000 → 40 % → median 36;
 *            NIP-9 ends in November.
 * security_proposal_time_to_execute (median end → execution of the passed security proposals)
 *   2026-08: NIP-2 ("Emergency", "audit", "pause") 08-06T18:00 → 08-07T06:00 = 43 200 s.
 *   2026-09: NIP-4 ("timelock") 09-10T18:00 → 09-14T18:00 = 345 600 s; Governor NIP-10
 *            ("guardian") 09-18T00:00 → ProposalExecuted 09-20T06:00 = 194 400 s → median 270 000.
 *   2026-10: NIP-6 ("bug bounty") 10-08T18:00 → 10-10T06:00 = 129 600 s; NIP-7 ("guardian") not
 *            executed, aged at NOW (11-01T00:00) 9 d 6 h = 799 200 s; Governor NIP-12
 *            ("Emergency", "pause") queued, not executed, aged 2 d = 172 800 s: open 2.
 */
const NOW = Date.parse("2026-11-01T00:00:00Z");

for (const engine of ENGINES) {
  describe(`the demo's governance on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig(parseYaml(GOVERNANCE_CONFIG));
    const value = async (period: string, id: string) =>
      (await computeKpis(store, period, { config, now: NOW })).metrics.find((m) => m.id === id);

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      for (const file of [snapshotProposalsJson(), governorLogsJson()]) {
        const outcome = await importFile(store, {
          source: bufferSource(file.name, file.text),
          options: { timezone: "UTC" },
          now: NOW,
        });
        expect(outcome.skipped.total).toBe(0);
      }
    });
    afterAll(async () => dispose());

    it("holds turnout around a third, a budget and a treasury cap short of their quorum", async () => {
      const series = await Promise.all(
        ["2026-07", "2026-08", "2026-09", "2026-10"].map(
          async (period) => (await value(period, "governance_participation"))?.value,
        ),
      );
      expect(series).toEqual([31, 34.5, 42, 36]);
      expect((await value("2026-10", "governance_participation"))?.details).toMatchObject({
        closed: 5,
        quorum: { met: 3, missed: 2, none: 0 },
      });
    });

    it("times the security proposals to execution, the guardian rotation and the pause still open", async () => {
      const times = await Promise.all(
        ["2026-08", "2026-09", "2026-10"].map(
          async (period) => (await value(period, "security_proposal_time_to_execute"))?.value,
        ),
      );
      expect(times).toEqual([43_200, 270_000, 129_600]);
      const october = await value("2026-10", "security_proposal_time_to_execute");
      expect([october?.open, october?.oldest_open_age]).toEqual([2, 799_200]);
    });
  });
}
