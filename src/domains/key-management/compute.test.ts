import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import { judgeInventory, judgeKey, keyManagementCompliance } from "./compute.ts";
import type { KeyRecord, SafeState } from "./records.ts";

const END = Date.parse("2026-11-01T00:00:00Z");
const DAY = 86_400_000;
const POLICY = parseConfig({}).key_management;
const SAFE = "0x00000000000000000000000000000000000000aa";

const key = (fields: Partial<KeyRecord>): KeyRecord => ({
  kind: "key",
  feed: "key-inventory",
  external_id: "k",
  snapshot_at: END - DAY,
  purpose: "other",
  custody: "hardware",
  threshold: 1,
  signers: 1,
  chain_id: null,
  address: null,
  owner: null,
  created_at: null,
  last_rotated_at: null,
  last_ceremony_at: null,
  attributes: {},
  ...fields,
});
const safe = (fields: Partial<SafeState>): SafeState => ({
  kind: "safe_state",
  feed: "safe-transaction-service",
  external_id: `1:${SAFE}`,
  snapshot_at: END - DAY,
  chain_id: 1,
  address: SAFE,
  threshold: 3,
  owners: ["a", "b", "c", "d", "e"],
  nonce: 0,
  version: "1.3.0",
  master_copy: null,
  modules: [],
  guard: null,
  ...fields,
});
const rules = (k: KeyRecord, safes: SafeState[] = []) =>
  judgeKey(k, safes, POLICY, END).violations.map((v) => v.rule);

describe("a key against the default policy at the period end", () => {
  it.each([
    [
      "an operator key rotated exactly 90 days before the end: due at the end itself, not overdue",
      key({ purpose: "operator", custody: "hot", last_rotated_at: END - 90 * DAY }),
      [],
    ],
    [
      "a millisecond earlier: overdue",
      key({ purpose: "operator", custody: "hot", last_rotated_at: END - 90 * DAY - 1 }),
      ["rotation_overdue"],
    ],
    [
      "an operator key with no date at all",
      key({ purpose: "operator", custody: "hot" }),
      ["rotation_overdue"],
    ],
    [
      "an MPC treasury of 3-of-5 with a recent ceremony",
      key({ purpose: "treasury", custody: "mpc", threshold: 3, signers: 5, last_ceremony_at: END - DAY }),
      [],
    ],
    [
      "a treasury on one hardware key: 1-of-1 is below 3-of-5",
      key({ purpose: "treasury", last_ceremony_at: END - DAY }),
      ["threshold_below_policy"],
    ],
    [
      "a hot upgrade key",
      key({ purpose: "upgrade", custody: "hot", last_ceremony_at: END - DAY }),
      ["hot_key_forbidden"],
    ],
    ["a hot guardian key: no rule for its purpose", key({ purpose: "guardian", custody: "hot" }), []],
  ] as const)("%s", (_case, k, expected) => {
    expect(rules(k)).toEqual(expected);
  });

  it("reconciles a multisig with its Safe on the same chain only, or any chain when the Safe's is unknown", () => {
    const treasury = key({
      purpose: "treasury",
      custody: "multisig",
      threshold: 3,
      signers: 5,
      chain_id: 1,
      address: SAFE,
      last_ceremony_at: END - DAY,
    });
    expect(rules(treasury, [safe({ threshold: 2 })])).toEqual([
      "threshold_below_policy",
      "onchain_threshold_mismatch",
    ]);
    expect(rules(treasury, [safe({ chain_id: 10, threshold: 2 })])).toEqual([]);
    const elsewhere = judgeInventory(
      [treasury],
      [safe({ chain_id: 10, external_id: `10:${SAFE}` })],
      POLICY,
      END,
    );
    expect(elsewhere.undeclared.map((s) => s.external_id)).toEqual([`10:${SAFE}`]);
    expect(rules(treasury, [safe({ chain_id: null, owners: ["a", "b", "c", "d", "e", "f"] })])).toEqual([
      "onchain_threshold_mismatch",
    ]);
  });

  it("lists the Safes no key names, and leaves out the reconciliation details when no Safe was imported", () => {
    const judged = judgeInventory(
      [key({ external_id: "b" }), key({ external_id: "a" })],
      [safe({})],
      POLICY,
      END,
    );
    expect(judged.judgements.map((j) => j.key.external_id)).toEqual(["a", "b"]);
    expect(keyManagementCompliance(judged, true).details).toMatchObject({ undeclared_safes: [`1:${SAFE}`] });
    expect(keyManagementCompliance(judged, false).details).not.toHaveProperty("undeclared_safes");
    expect(keyManagementCompliance(judgeInventory([], [], POLICY, END), false)).toMatchObject({
      value: null,
      n: 0,
    });
  });
});

describe("the key policy in the config", () => {
  it("reads M-of-N and durations, and refuses a threshold above its signers", () => {
    const policy = parseConfig({
      key_management: { min_threshold: { admin: "2/3" }, rotation: { oracle: "30d" } },
    }).key_management;
    expect(policy.min_threshold).toEqual({ admin: { threshold: 2, signers: 3 } });
    expect(policy.rotation).toEqual({ oracle: 30 * 86_400 });
    expect(() => parseConfig({ key_management: { min_threshold: { treasury: "5-of-3" } } })).toThrow(
      /5-of-3/,
    );
  });
});
