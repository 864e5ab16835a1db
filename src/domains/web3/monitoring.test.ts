import { describe, expect, it } from "vitest";
import { buildContractDeployment } from "../../test-support/records.ts";
import { deployTimes, firstWatched, monitoringCoverage } from "./monitoring.ts";
import {
  monitoringLag,
  unmonitoredDeployments,
  unwatchedContracts,
  watchLags,
} from "./monitoring-metrics.ts";
import type { ContractDeployment, MonitorConfig } from "./records.ts";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-10-01T00:00:00Z");
const OPTIONS = { excludedChains: [31337, 1337], criticalFunctions: [] };

function contract(address: string, fields: Partial<ContractDeployment> = {}): ContractDeployment {
  return buildContractDeployment({ address, snapshot_at: T0, ...fields });
}

function monitor(name: string, fields: Partial<MonitorConfig> = {}): MonitorConfig {
  return {
    kind: "monitor_config",
    feed: "oz-monitor",
    external_id: name,
    snapshot_at: T0,
    name,
    paused: false,
    networks: ["ethereum_mainnet"],
    chain_ids: [1],
    addresses: [],
    functions: [],
    events: [],
    transaction_conditions: 0,
    triggers: [],
    source_file: `monitors/${name}.json`,
    ...fields,
  };
}

const PAUSABLE_ABI = [
  { type: "function", name: "pause", inputs: [], stateMutability: "nonpayable" },
  { type: "function", name: "paused", inputs: [], stateMutability: "view" },
  { type: "event", name: "Paused", inputs: [{ type: "address" }], anonymous: false },
  { type: "event", name: "Log", inputs: [{ type: "bytes32", indexed: true }], anonymous: true },
];
const PROXY = "0x2222222222222222222222222222222222222222";
const IMPL = "0x3333333333333333333333333333333333333333";
const LOCAL = "0x4444444444444444444444444444444444444444";

describe("monitoringCoverage", () => {
  it("sees a function through an event it emits only when the registry carries the analysis", () => {
    const watching = monitor("pauses", { addresses: [PROXY], events: ["Paused(address)"] });
    const plain = contract(PROXY, { abi: PAUSABLE_ABI });
    const analysed = contract(PROXY, {
      abi: PAUSABLE_ABI,
      analysis: "ast",
      functions: [
        {
          signature: "pause()",
          // keccak256("pause()")[0..4]
          selector: "0x8456cb59",
          mutability: "nonpayable",
          emission: "emits",
          events: ["Paused(address)"],
          assembly_log: false,
        },
      ],
    });
    // pause() is the one state-changing function; paused() is a view; Log is anonymous.
    const [without] = monitoringCoverage([plain], [watching], OPTIONS);
    expect(without?.functions).toEqual([
      { signature: "pause()", mutability: "nonpayable", watched: null, via: null, monitors: [] },
    ]);
    expect(without?.events).toEqual([{ signature: "Paused(address)", monitors: ["pauses"] }]);
    const [withAnalysis] = monitoringCoverage([analysed], [watching], OPTIONS);
    expect(withAnalysis?.functions).toEqual([
      {
        signature: "pause()",
        mutability: "nonpayable",
        watched: "event",
        via: "Paused(address)",
        monitors: ["pauses"],
      },
    ]);
  });

  it("watches an implementation through its proxy, ignores paused monitors and local chains", () => {
    const coverages = monitoringCoverage(
      [
        contract(PROXY, { role: "proxy", implementation: IMPL }),
        contract(IMPL, { role: "implementation" }),
        contract(LOCAL, { chain_id: 31337 }),
        contract(LOCAL),
      ],
      [monitor("vault", { addresses: [PROXY] }), monitor("old", { addresses: [LOCAL], paused: true })],
      OPTIONS,
    );
    expect(coverages.map((c) => [c.contract.external_id, c.monitors])).toEqual([
      [`1:${PROXY}`, ["vault"]],
      [`1:${IMPL}`, ["vault"]],
      [`1:${LOCAL}`, []],
    ]);
  });
});

describe("lag and unmonitored contracts", () => {
  it("measures deploy → first watching snapshot, 0 when the monitor came first, and ages the unwatched", () => {
    const early = contract(PROXY, { deployed_at: T0 + 10 * HOUR });
    const late = contract(IMPL, { deployed_at: null, snapshot_at: T0 });
    const unwatched = contract(LOCAL, { snapshot_at: T0 + 100 * HOUR });
    const registry = [early, late, unwatched];
    const history = [
      monitor("a", { addresses: [PROXY], snapshot_at: T0 }),
      monitor("a", { addresses: [PROXY, IMPL], snapshot_at: T0 + 48 * HOUR }),
    ];
    const coverages = monitoringCoverage(registry, history.slice(1), OPTIONS);
    const deployed = deployTimes(registry);
    const period = { start: T0, end: T0 + 31 * 24 * HOUR };
    // PROXY: watched at T0, deployed 10 h later → 0. IMPL: first listed T0, watched T0 + 48 h → 172 800 s.
    const lags = watchLags(coverages, deployed, firstWatched(history), period);
    expect(lags.map((l) => l.seconds)).toEqual([0, 172_800]);
    // LOCAL: first listed T0 + 100 h, judged at the period end (744 h): 644 h old.
    const open = unwatchedContracts(coverages, deployed, period.end, 24);
    expect(monitoringLag(lags, open)).toMatchObject({
      value: 86_400,
      n: 2,
      open: 1,
      oldest_open_age: 644 * 3600,
    });
    expect(unmonitoredDeployments(open, 24).value).toBe(1);
    const lenient = unmonitoredDeployments(unwatchedContracts(coverages, deployed, period.end, 700), 700);
    expect([lenient.value, lenient.details.within_sla]).toEqual([0, 1]);
  });
});
