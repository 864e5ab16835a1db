import { describe, expect, it } from "vitest";
import { buildIterationReport } from "./build.ts";
import { INCIDENTS, REGISTRY, reportInput } from "./fixtures/reports.ts";
import { renderHtml } from "./html.ts";
import { CONTRACT_ROWS } from "./smart-contracts.ts";

const withRegistry = (registry: typeof REGISTRY | undefined) =>
  buildIterationReport(
    { ...reportInput(), ...(registry ? { registry } : { registry: undefined }) },
    INCIDENTS,
  );

describe("the iteration report's Smart Contracts section", () => {
  it("lists the period's new contracts and its collisions, not the notes", () => {
    const section = withRegistry(REGISTRY).smart_contracts;
    // REGISTRY by hand: Settlement and the receipt are new (both on Base); one indexed mismatch, one note.
    expect(section?.new_deployments.rows.map((row) => [row.chain_id, row.name, row.deployed_text])).toEqual([
      [8453, "Settlement", "2026-09-14 09:30 UTC"],
      [8453, "Receipt | <NFT>", "not recorded"],
    ]);
    expect(section?.collisions.rows.map((row) => [row.rule_label, row.key])).toEqual([
      ["indexed mismatch", "Transfer(address,address,uint256)"],
    ]);
    expect(section?.summary).toBe(
      "4 contracts on 2 chains at the period end; 2 new deployments in the period, 1 interface collision at its end",
    );
  });

  it("is left out without a registry before the period end", () => {
    expect(withRegistry(undefined).smart_contracts).toBeNull();
    expect(
      withRegistry({ ...REGISTRY, contracts: 0, new_deployments: 0, chains: [] }).smart_contracts,
    ).toBeNull();
  });

  it(`lists at most ${CONTRACT_ROWS} new contracts and says how many it left out`, () => {
    // A first registry of 53 contracts: every one new, 53 − 50 = 3 left out.
    const first = Array.from({ length: 53 }, (_, i) => ({
      ...(REGISTRY.chains[1]?.contracts[1] as (typeof REGISTRY.chains)[number]["contracts"][number]),
      address: `0x${i.toString(16).padStart(40, "0")}`,
      new: true,
    }));
    const section = withRegistry({
      ...REGISTRY,
      contracts: 53,
      new_deployments: 53,
      chains: [{ chain_id: 8453, contracts: first, removed: [] }],
    }).smart_contracts;
    expect([section?.new_deployments.rows.length, section?.new_deployments.total]).toEqual([50, 53]);
    expect(section?.new_deployments.omitted_text).toBe(
      "Showing the first 50 of 53 new deployments: the other 3 are on the dashboard's Smart contracts page.",
    );
  });

  it("renders in HTML with every name escaped", () => {
    const html = renderHtml(withRegistry(REGISTRY));
    expect(html).toContain("<h2>Smart Contracts</h2>");
    expect(html).toContain("Receipt | &lt;NFT&gt;");
    expect(html).not.toContain("<NFT>");
    expect(html).not.toContain("Swept(address)");
  });
});
