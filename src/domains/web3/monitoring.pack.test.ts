import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { directorySource } from "../../importers/file-source.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";

/*
 * ENS's hardhat-deploy mainnet folder (24 contracts on chain 1, src/importers/web3-deployments/fixtures/ens)
 * as the registry snapshot of 2026-10-15, and the hand-written OpenZeppelin Monitor folder watching
 * some of them (src/importers/oz-monitor/fixtures/ens) as the monitor snapshot of 2026-10-20.
 * Expected values, by hand:
 *
 * Active monitors watching chain 1: "ENS registry ownership changes" (ENSRegistry) and "ENS
 * registrations and wrapping" (ETHRegistrarController, NameWrapper); "ENS root TLD locks" (Root) is
 * paused; "Stellar pool swaps" watches no EVM chain. → 3 of 24 contracts: 12.5 %.
 * Events: jq '[.abi[]|select(.type=="event" and (.anonymous|not))|"\(.name)(\([.inputs[].type]|join(",")))"]
 *   |unique|length' per file, summed → 55. Watched: ENSRegistry NewOwner, Transfer(bytes32,address),
 *   NewResolver (3); ETHRegistrarController NameRegistered, NameRenewed (2; NameWrapped is not in its
 *   ABI); NameWrapper NameWrapped (1) → 6 / 55 = 10.909… %.
 * Functions not view or pure (nor constant), distinct per file, summed → 97. Watched by signature:
 *   ENSRegistry setOwner, setSubnodeOwner (2); ETHRegistrarController withdraw() (1); NameWrapper
 *   setFuses(bytes32,uint16) (1) → 4 / 97. No contract carries an event-emission analysis.
 * Lag: hardhat-deploy files carry no deploy time, so the first registry snapshot (Oct 15) stands for
 *   it; first watched Oct 20 → 5 days = 432 000 s for each of the 3; 21 contracts still unwatched
 *   (open), the oldest listed 17 days before Nov 1 = 1 468 800 s.
 * Unmonitored: the 21 unwatched, 17 days > 24 h → 21, all on chain 1.
 * November (nothing new imported): stale, the last snapshot being older than the cadence.
 */
const NOW = Date.parse("2026-12-02T12:00:00Z");
const fixture = (path: string) => fileURLToPath(new URL(`../../importers/${path}`, import.meta.url));
const METRICS = [
  "monitoring_address_coverage",
  "monitoring_event_coverage",
  "critical_function_coverage",
  "monitoring_lag",
  "unmonitored_deployments",
];

for (const engine of ENGINES) {
  describe(`web3 monitoring coverage on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const report = (period: string, on = config) => computeKpis(store, period, { config: on, now: NOW });
    const values = async (period: string, on = config) => {
      const { metrics } = await report(period, on);
      return METRICS.map((id) => metrics.find((m) => m.id === id)?.value ?? null);
    };
    const importFolder = (path: string, scannedAt: string) =>
      importFile(store, {
        source: directorySource(fixture(path)),
        options: { timezone: "UTC", scannedAt: Date.parse(scannedAt) },
        now: NOW,
      });

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFolder("web3-deployments/fixtures/ens", "2026-10-15T00:00:00Z");
      await importFolder("oz-monitor/fixtures/ens", "2026-10-20T00:00:00Z");
    });
    afterAll(() => dispose());

    it("computes coverage, lag and unmonitored contracts from the latest registry and monitor snapshots", async () => {
      expect(await values("2026-09")).toEqual([null, null, null, null, null]); // before any monitor config
      expect(await values("2026-10")).toEqual([12.5, (6 / 55) * 100, (4 / 97) * 100, 432_000, 21]);
      // November: the last snapshot (Oct 20) is 42 days before Dec 1, past the 28-day cadence.
      const november = await report("2026-11");
      expect(november.metrics.filter((m) => METRICS.includes(m.id)).map((m) => m.status)).toEqual(
        METRICS.map(() => "stale"),
      );
    });

    it("gives each metric's figures per chain, and the unwatched contracts as the lag's open items", async () => {
      const { metrics } = await report("2026-10");
      const metric = (id: string) => metrics.find((m) => m.id === id);
      expect(metric("monitoring_address_coverage")?.details).toEqual({
        active_monitors: 3,
        paused_monitors: 1,
        covered: 3,
        by_chain: { "1": { covered: 3, total: 24 } },
      });
      expect(metric("critical_function_coverage")?.details).toMatchObject({ directly: 4, through_events: 0 });
      expect(metric("monitoring_lag")).toMatchObject({ n: 3, open: 21, oldest_open_age: 1_468_800 });
      expect(metric("unmonitored_deployments")?.details).toEqual({
        within_sla: 0,
        sla_hours: 24,
        by_chain: { "1": 21 },
      });
    });

    it("counts a function tagged critical though it only reads, and leaves an excluded chain out", async () => {
      // ENSRegistry's owner(bytes32) is a view: tagged, it joins the 97, unwatched.
      const tagged = parseConfig({ web3: { critical_functions: ["owner(bytes32)"] } });
      expect((await values("2026-10", tagged))[2]).toBe((4 / 98) * 100);
      const noMainnet = parseConfig({ web3: { excluded_chains: [1] } });
      expect(await values("2026-10", noMainnet)).toEqual([null, null, null, null, 0]);
    });

    it("drills into contracts, events and functions, those watched first", async () => {
      const contracts = await drillDown(store, "monitoring_address_coverage", "2026-10", config);
      expect(
        contracts.rows.filter((r) => r.counted).map((r) => [r.fields.name, r.fields.monitored_by]),
      ).toEqual([
        ["ENSRegistry", "ENS registry ownership changes"],
        ["ETHRegistrarController", "ENS registrations and wrapping"],
        ["NameWrapper", "ENS registrations and wrapping"],
      ]);
      expect(contracts.rows.find((r) => r.fields.name === "Root")?.note).toBe("no active monitor watches it");
      const functions = await drillDown(store, "critical_function_coverage", "2026-10", config);
      expect(functions.rows.filter((r) => r.counted).map((r) => r.id)).toEqual([
        "1:0x00000000000c2e074ec69a0dfb2997ba6c7d2e1e setOwner(bytes32,address)",
        "1:0x00000000000c2e074ec69a0dfb2997ba6c7d2e1e setSubnodeOwner(bytes32,bytes32,address)",
        "1:0x253553366da8546fc250f225fe3d25d0c782303b withdraw()",
        "1:0xd4416b13d2b3a9abae7acd5d6c2bbdbe25686401 setFuses(bytes32,uint16)",
      ]);
      const unmonitored = await drillDown(store, "unmonitored_deployments", "2026-10", config);
      expect(unmonitored.rows.find((r) => r.fields.name === "Root")?.fields).toMatchObject({
        deployed_at: "2026-10-15T00:00:00.000Z",
        age_hours: 17 * 24,
      });
    });
  });
}
