import { defineMetrics } from "../../model/metric-definition.ts";

const SOURCES = ["web3-deployments"];

/** The deployments registry: what was deployed in the period, and whether its interfaces can be told apart. */
export const WEB3_METRICS = defineMetrics("web3", [
  {
    id: "new_deployments",
    name: "New contract deployments",
    description:
      "Contracts (chain, address) in the deployments registry at period end that were not in it at period start: each one to add to monitoring. In the first period with a registry, every contract in it is new.",
    unit: "count",
    direction: "tracked",
    chart: "c",
    sources: SOURCES,
  },
  {
    id: "interface_collisions",
    name: "Interface collisions",
    description:
      "Collisions among the ABIs of the registry at period end: selectors or event topics shared by different signatures, events declared with different indexed parameters, event or error names meaning different things in different contracts (`web3.allowed_names` aside). Anonymous events are noted, not counted.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: SOURCES,
  },
]);
