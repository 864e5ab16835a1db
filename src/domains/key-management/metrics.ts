import { DAY_SECONDS, defineMetrics } from "../../model/metric-definition.ts";

/** The key inventory's importers, and the Safe Transaction Service's that reconciles it with the chain. */
export const KEY_SOURCES = ["key-inventory-csv", "key-inventory-yaml", "safe-transaction-service"];

/** An inventory changes when a key does: a quarter without a new snapshot is stale. */
const QUARTER_SECONDS = 92 * DAY_SECONDS;

/** Web3 key management: whether each key of the inventory meets the policy, checked against the chain. */
export const KEY_MANAGEMENT_METRICS = defineMetrics("web3", [
  {
    id: "key_management_compliance",
    name: "Key management compliance",
    description:
      "% of the keys of the key inventory at period end that break no rule of `key_management`: a threshold at least the purpose's minimum M-of-N (the on-chain one when the key's Safe was imported), no hot custody for the purposes that forbid it, a Safe whose on-chain threshold and owner count equal the declared ones, a rotation (or creation) and a ceremony within the purpose's interval before period end.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 100 },
    sources: KEY_SOURCES,
    cadence_seconds: QUARTER_SECONDS,
  },
]);
