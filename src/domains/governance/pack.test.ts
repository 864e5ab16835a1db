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
 * The Snapshot fixtures imported end to end (importers/snapshot/fixtures), with
 * northwind.eth's total voting power 10 000 and grants.northwind.eth's 200
 * eligible voters; the default security words.
 *
 * 2026-09 (proposals whose vote ends in it): 0x01 closed, 1000 / 10000 = 10 %, quorum 500 met;
 *   0x02 closed, 2100 / 10000 = 21 %, met; 0x03 closed, 400 / 10000 = 4 %, missed; 0x06 closed,
 *   no voting power denominator → 50 votes / 200 voters = 25 %, no quorum; 0x04 still active.
 *   Median of [4, 10, 21, 25] = (10 + 21) / 2 = 15.5, n 4.
 *   Security: 0x02 ("Emergency pause", "audit") approved (For 2000), ended 09-20T00:00Z, executed
 *   09-22T20:00Z → 2 d 20 h = 244 800 s. 0x03 ("bug bounty") short of its quorum: not passed.
 *   → median 244 800, n 1, open 0.
 * 2026-08: 0x05 ("timelock") 950 / 10000 = 9.5 %; approved, ended 08-15T00:00Z, not executed:
 *   open 1, aged at NOW (08-25T00:00Z) 10 d = 864 000 s; no value.
 * 2021-05: the documented yam.eth proposal, closed, no denominator for yam.eth → no value.
 */
const NOW = Date.parse("2026-10-05T00:00:00Z");
const NOW_AUGUST = Date.parse("2026-08-25T00:00:00Z");

async function importFixture(store: Store, name: string) {
  const data = await readFile(new URL(`../../importers/snapshot/fixtures/${name}`, import.meta.url));
  return importFile(store, { source: bufferSource(name, data), options: { timezone: "UTC" }, now: NOW });
}

for (const engine of ENGINES) {
  describe(`governance proposals on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({
      governance: {
        spaces: {
          "northwind.eth": { total_voting_power: 10_000 },
          "grants.northwind.eth": { eligible_voters: 200 },
        },
        executions: { "0x02": "2026-09-22T20:00:00Z" },
      },
    });
    const metric = async (period: string, id: string, now = NOW) =>
      (await computeKpis(store, period, { config, now })).metrics.find((m) => m.id === id);

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFixture(store, "proposals-array.json");
      await importFixture(store, "snapshot-docs-proposals.json");
    });
    afterAll(async () => dispose());

    it("takes the median turnout of the proposals closed in the period", async () => {
      const september = await metric("2026-09", "governance_participation");
      expect(september?.value).toBe(15.5);
      expect(september?.n).toBe(4);
      expect(september?.details).toEqual({
        closed: 4,
        not_closed: 1,
        measured: 4,
        by_basis: { voting_power: 3, voters: 1 },
        quorum: { met: 2, missed: 1, none: 1 },
      });
      expect((await metric("2026-08", "governance_participation"))?.value).toBe(9.5);
      const yam = await metric("2021-05", "governance_participation");
      expect(yam?.value).toBeNull();
      expect(yam?.reason).toBe(
        "no turnout denominator for the spaces of the period's proposals (governance.spaces)",
      );
    });

    it("times passed security proposals from the vote's end to execution", async () => {
      const september = await metric("2026-09", "security_proposal_time_to_execute");
      expect([september?.value, september?.n, september?.open]).toEqual([244_800, 1, 0]);
      const august = await metric("2026-08", "security_proposal_time_to_execute", NOW_AUGUST);
      expect([august?.value, august?.open, august?.oldest_open_age]).toEqual([null, 1, 864_000]);
    });

    it("drills into each proposal with its turnout, quorum and outcome", async () => {
      const participation = await drillDown(store, "governance_participation", "2026-09", config);
      expect(
        participation.rows.map((r) => [
          r.id,
          r.counted,
          r.fields.turnout,
          r.fields.quorum_met,
          r.fields.outcome,
        ]),
      ).toEqual([
        ["0x01", true, 10, true, "approved"],
        ["0x06", true, 25, null, "approved"],
        ["0x02", true, 21, true, "approved"],
        ["0x03", true, 4, false, "no_quorum"],
        ["0x04", false, null, null, "undecided"],
      ]);
      const security = await drillDown(store, "security_proposal_time_to_execute", "2026-09", config);
      expect(security.rows.map((r) => [r.id, r.counted, r.note, r.fields.seconds_to_execute])).toEqual([
        ["0x02", true, null, 244_800],
        ["0x03", false, "not passed: no_quorum", null],
      ]);
    });

    it("tags proposals by hand and by the configured words", async () => {
      const tagged = parseConfig({
        governance: { security_keywords: ["oracle"], security_proposals: ["0x06"] },
      });
      const rows = (await drillDown(store, "security_proposal_time_to_execute", "2026-09", tagged)).rows;
      expect(rows.map((r) => [r.id, r.note])).toEqual([
        ["0x01", "not executed yet"],
        ["0x06", "not executed yet"],
      ]);
    });
  });
}
