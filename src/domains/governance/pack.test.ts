import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource } from "../../importers/file-source.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { withVoteTallies } from "./compute.ts";
import { voteTallies } from "./queries.ts";
import type { GovernanceProposal } from "./records.ts";

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

async function importFixture(store: Store, name: string, importer = "snapshot") {
  const data = await readFile(new URL(`../../importers/${importer}/fixtures/${name}`, import.meta.url));
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

/*
 * Compound's GovernorBravo export (importers/governor/fixtures), with COMP's total supply of
 * 10 000 000 and Bravo's quorumVotes of 400 000 COMP as the configuration's; the default
 * security words. Vote ends estimated from the export's block time (see the importer's test).
 *
 * 2021-12: 72 1 045 592.20 → 10.4559 %, 73 812 098.78 → 8.1210 %, 74 907 168.36 → 9.0717 %,
 *   75 3 531.64 → 0.0353 %, 76 1 373 336.37 → 13.7334 %, 77 175 159.17 → 1.7516 %.
 *   Median (8.1210 + 9.0717) / 2 = 8.5963, n 6; quorum met by 72, 73, 74, 76, missed by 75, 77.
 *   Security: 75 ("security"), 77 ("Security") short of the quorum; 76 ("Audit", "Security")
 *   queued and executed 2021-12-22T00:03:06Z, its vote ended (block 13831123, est.)
 *   2021-12-18T19:55:16Z → 274 070 s.
 * 2022-01: 78 1.9843 %, 79 4.3355 %, 80 3.7598 %, 81 4.6098 % → median (3.7598 + 4.3355) / 2
 *   = 4.0477, n 4; 82 pending. Security: 79 ("Timelock") canceled, 80 ("audit") short of the
 *   quorum: none passed.
 */
const GOVERNOR_SPACE = "ethereum:0xc0da02939e1441f497fd74f78ce7decb17b66529";
const compound = (proposal: number) => `${GOVERNOR_SPACE}:${proposal}`;
const NOW_2022 = Date.parse("2022-02-01T00:00:00Z");

for (const engine of ENGINES) {
  describe(`governance from a Governor's events on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({
      governance: { spaces: { [GOVERNOR_SPACE]: { total_voting_power: 10_000_000, quorum: 400_000 } } },
    });
    const metric = async (period: string, id: string) =>
      (await computeKpis(store, period, { config, now: NOW_2022 })).metrics.find((m) => m.id === id);

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFixture(store, "compound-bravo-etherscan-logs.json", "governor");
    });
    afterAll(async () => dispose());

    it("takes the median turnout against the token supply, the quorum from the configuration", async () => {
      const december = await metric("2021-12", "governance_participation");
      expect(december?.value).toBeCloseTo(8.5963, 4);
      expect(december?.details).toMatchObject({
        closed: 6,
        not_closed: 0,
        quorum: { met: 4, missed: 2, none: 0 },
      });
      const january = await metric("2022-01", "governance_participation");
      expect([january?.value, january?.n]).toEqual([expect.closeTo(4.0477, 4), 4]);
      expect(january?.details).toMatchObject({ not_closed: 1, quorum: { met: 2, missed: 2 } });
    });

    it("times the executed security proposal from the events alone", async () => {
      const december = await metric("2021-12", "security_proposal_time_to_execute");
      expect([december?.value, december?.n, december?.open]).toEqual([274_070, 1, 0]);
      const january = await metric("2022-01", "security_proposal_time_to_execute");
      expect([january?.value, january?.reason]).toEqual([null, "no security proposal passed in the period"]);
    });

    it("drills into each proposal with its outcome, queue, execution and cancellation", async () => {
      const security = await drillDown(store, "security_proposal_time_to_execute", "2021-12", config);
      expect(security.rows.map((r) => [r.id, r.counted, r.note, r.fields.executed_at])).toEqual([
        [compound(75), false, "not passed: no_quorum", null],
        [compound(76), true, null, "2021-12-22T00:03:06.000Z"],
        [compound(77), false, "not passed: no_quorum", null],
      ]);
      const january = await drillDown(store, "governance_participation", "2022-01", config);
      expect(
        january.rows.map((r) => [
          r.id,
          r.fields.outcome,
          r.fields.quorum,
          r.fields.queued_at,
          r.fields.canceled_at,
        ]),
      ).toEqual([
        [compound(78), "no_quorum", 400_000, null, null],
        [compound(79), "canceled", 400_000, "2022-01-09T02:08:06.000Z", "2022-01-11T17:29:49.000Z"],
        [compound(80), "no_quorum", 400_000, null, null],
        [compound(81), "approved", 400_000, "2022-01-16T06:13:54.000Z", null],
        [compound(82), "undecided", 400_000, null, null],
      ]);
    });

    it("imports the same export again as nothing new", async () => {
      const again = await importFixture(store, "compound-bravo-etherscan-logs.json", "governor");
      expect(again).toMatchObject({ status: "unchanged" });
    });
  });
}

/*
 * Snapshot's votes export beside its proposals: the documented yam.eth proposal has no scores
 * or votes; votes-array.json gives it three single-choice votes, 100 + 25 on Option 1 and 50 on
 * Option 2. With yam.eth's total voting power of 1 000: 175 / 1000 = 17.5 %, 3 voters, Option 1
 * chosen. 0x06's own export says 50 votes: its one exported vote does not replace that.
 * A later export where 0x2222… moved its 50 to Option 1: [175, 0, 0], still 3 voters.
 */
for (const engine of ENGINES) {
  describe(`Snapshot votes completing their proposals on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({
      governance: {
        spaces: { "yam.eth": { total_voting_power: 1000 }, "grants.northwind.eth": { eligible_voters: 200 } },
      },
    });
    const drill = async (period: string) =>
      (await drillDown(store, "governance_participation", period, config)).rows.map((r) => [
        r.id,
        r.fields.votes,
        r.fields.voting_power,
        r.fields.turnout,
        r.fields.outcome,
      ]);

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      for (const name of ["snapshot-docs-proposals.json", "proposals-array.json", "votes-array.json"])
        await importFixture(store, name);
    });
    afterAll(async () => dispose());

    it("counts the voters and voting power of a proposal whose export has none", async () => {
      const may = await computeKpis(store, "2021-05", { config, now: NOW });
      expect(may.metrics.find((m) => m.id === "governance_participation")?.value).toBe(17.5);
      expect(await drill("2021-05")).toEqual([
        ["QmWbpCtwdLzxuLKnMW4Vv4MPFd2pdPX71YBKPasfZxqLUS", 3, 175, 17.5, "chosen"],
      ]);
      expect((await drill("2026-09")).find((row) => row[0] === "0x06")).toEqual([
        "0x06",
        50,
        100,
        25,
        "approved",
      ]);
    });

    it("takes a voter's later vote in place of the earlier one", async () => {
      const revote = JSON.stringify([
        {
          voter: "0x2222222222222222222222222222222222222222",
          created: 1_620_790_000,
          proposal: { id: "QmWbpCtwdLzxuLKnMW4Vv4MPFd2pdPX71YBKPasfZxqLUS" },
          choice: 1,
          vp: 50,
        },
      ]);
      await importFile(store, {
        source: bufferSource("revote.json", revote),
        options: { timezone: "UTC" },
        now: NOW,
      });
      const [row] = (await drillDown(store, "governance_participation", "2021-05", config)).rows;
      expect([row?.fields.votes, row?.fields.voting_power]).toEqual([3, 175]);
      const stored = await store.records<GovernanceProposal>("governance_proposal", {
        start: Date.parse("2021-05-01T00:00:00Z"),
        end: Date.parse("2021-06-01T00:00:00Z"),
      });
      expect(
        withVoteTallies(stored, await voteTallies(store, [stored[0]?.external_id ?? ""]))[0]?.scores,
      ).toEqual([175, 0, 0]);
    });
  });
}
