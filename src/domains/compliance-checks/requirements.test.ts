import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../store/store.ts";
import {
  exampleCheckResults,
  OCTOBER_END,
  OCTOBER_REQUIREMENTS,
} from "../../test-support/compliance-status.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { buildImport } from "../../test-support/records.ts";
import { latestMappedResults } from "./queries.ts";
import { type MappedResult, requirementStates } from "./requirements.ts";

const day = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** The open findings and waivers of the worked example, as the report hands them over (closed and rejected left out). */
const FINDINGS = [
  { id: "AF-1", control: "CM-6", due_at: day("2026-11-15") },
  { id: "AF-2", control: "IA-5(1)", due_at: day("2026-12-01") },
  { id: "AF-3", control: "ia-5(1)", due_at: day("2026-10-20") },
  { id: "AF-4", control: "SC-28", due_at: null },
  { id: "AF-6", control: "PCI-DSS Req-8.2.3", due_at: day("2026-12-31") },
];
const WAIVERS = [
  { id: "EX-1", controls: ["AU-2"], expires_at: day("2026-12-31") },
  { id: "EX-2", controls: ["SC-28"], expires_at: day("2027-01-31") },
  { id: "EX-3", controls: ["NIST-800-53:AC-17(a)"], expires_at: day("2026-11-30") },
];

for (const engine of ENGINES) {
  describe(`framework requirements on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await store.importRecords(buildImport("x", "xccdf", OCTOBER_END), async (writer) => {
        for (const [n, record] of exampleCheckResults().entries()) await writer.write(record, n + 1);
        return { skipped: 0 };
      });
    });
    afterAll(async () => dispose());

    it("reads the latest result of each (asset, check) that names requirements", async () => {
      const latest = await store.read((q) => latestMappedResults(q, OCTOBER_END));
      // 12 results of 2026-10-10, less web-1 log (no controls); web-1 pw's latest (10-20) has none either.
      expect(
        latest.map((r) => `${r.asset} ${r.check_id} ${r.result}${r.suppressed ? " suppressed" : ""}`),
      ).toEqual([
        "db-1 audit pass",
        "db-1 gone notapplicable",
        "db-1 plan notchecked",
        "db-1 prelink pass",
        "db-1 pw fail",
        "db-1 ssh pass",
        "web-1 audit fail suppressed",
        "web-1 manual notchecked",
        "web-1 prelink pass",
        "web-1 ssh pass",
      ]);
      expect(latest[4]).toMatchObject({
        checked_at: day("2026-10-10") + 36_000_000,
        title: "Check pw",
        controls: { "NIST-800-53": ["IA-5(1)"], "PCI-DSS": ["Req-8.2.3"] },
      });
    });

    it("computes the worked example's table", async () => {
      const latest = await store.read((q) => latestMappedResults(q, OCTOBER_END));
      expect(requirementStates(latest, FINDINGS, WAIVERS)).toEqual(OCTOBER_REQUIREMENTS);
    });
  });
}

describe("requirementStates", () => {
  const result = (result: MappedResult["result"], suppressed = false): MappedResult => ({
    asset: "a",
    check_id: `c-${result}-${suppressed}`,
    result,
    checked_at: 0,
    profile: null,
    severity: null,
    title: null,
    suppressed,
    controls: { F: ["R-1"] },
  });

  it.each([
    ["met: passes only", [result("pass"), result("fixed")], "met"],
    ["met: notapplicable says nothing", [result("pass"), result("notapplicable")], "met"],
    ["not met: an error is a failure", [result("pass"), result("error")], "not_met"],
    ["not met: unknown is no evidence it holds", [result("unknown")], "not_met"],
    ["partial: a suppressed failure is not met either", [result("fail", true)], "partial"],
    ["partial: a manual check beside passes", [result("pass"), result("notchecked")], "partial"],
    ["not assessed: manual only", [result("notchecked"), result("informational")], "not_assessed"],
  ] as const)("%s", (_, results, status) => {
    expect(requirementStates(results, [], [])[0]?.status).toBe(status);
  });

  it("lists no requirement whose checks are all notapplicable or notselected", () => {
    expect(requirementStates([result("notapplicable"), result("notselected")], [], [])).toEqual([]);
  });

  it("matches a control to a part of a requirement, not to one that only starts alike", () => {
    const at = (id: string): MappedResult => ({ ...result("pass"), check_id: id, controls: { PCI: [id] } });
    const states = requirementStates(
      [at("1.1"), at("1.1.2"), at("1.10")],
      [{ id: "F", control: "1.1", due_at: null }],
      [],
    );
    expect(states.map((s) => [s.requirement, s.open_audit_findings])).toEqual([
      ["1.1", 1],
      ["1.1.2", 1],
      ["1.10", 0],
    ]);
  });
});
