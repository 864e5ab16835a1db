import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import { isRelevant, type TriageVerdict, triagePolicy, triageVerdict } from "./compute.ts";
import type { ExternalIncident, ExternalTriage } from "./records.ts";

const DAY = 86_400_000;
const incident = (chain: string | null): ExternalIncident => ({
  kind: "external_incident",
  feed: "defihacklabs",
  external_id: "20260801-x",
  date: 0,
  project: "X",
  attack_type: null,
  loss: null,
  loss_usd: null,
  chain,
  links: [],
});
const triaged = (at: number): ExternalTriage => ({
  kind: "external_triage",
  feed: "external-triage",
  external_id: "20260801-x",
  applies: false,
  triaged_at: at,
  triaged_by: null,
  action_item: null,
  notes: null,
});

describe("an external incident's triage, 7 days to triage", () => {
  const policy = triagePolicy(parseConfig({}));
  it.each<[string, ExternalTriage | undefined, number, TriageVerdict]>([
    ["triaged the same day", triaged(DAY / 2), 10 * DAY, "on_time"],
    ["triaged on the due instant", triaged(7 * DAY), 10 * DAY, "on_time"],
    ["triaged a second late", triaged(7 * DAY + 1000), 10 * DAY, "late"],
    ["not triaged, due passed", undefined, 7 * DAY, "untriaged"],
    ["not triaged, still due", undefined, 7 * DAY - 1, "pending"],
  ])("%s", (_case, triage, at, verdict) => {
    expect(triageVerdict(incident(null), triage, policy, at)).toBe(verdict);
  });
});

describe("which external incidents are relevant", () => {
  it.each<[string[], string | null, boolean]>([
    [[], "bsc", true],
    [["ethereum", "Base"], "base", true],
    [["ethereum"], "bsc", false],
    [["ethereum"], null, true],
  ])("chains %j, incident on %s: %s", (chains, chain, relevant) => {
    expect(isRelevant(incident(chain), triagePolicy(parseConfig({ external_incidents: { chains } })))).toBe(
      relevant,
    );
  });
});
