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
  {
    id: "event_emission_coverage",
    name: "Event emission coverage",
    description:
      "Of the state-changing (payable or non-payable) external and public functions of the registry's contracts at period end whose compiler AST or source was imported, the share that emit an event, in their body, their modifiers or the internal, inherited and library functions they reach (an assembly log counts). A function that only calls other contracts does not count: its run leaves no log of the contract's own. Contracts without sources are named in the details, not counted.",
    unit: "percent",
    direction: "up",
    chart: "p",
    // A monitor sees a contract's state change through its logs: nearly every state change should leave one.
    target: { op: ">=", value: 90 },
    sources: SOURCES,
  },
]);
