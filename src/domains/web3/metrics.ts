import { defineMetrics } from "../../model/metric-definition.ts";

const SOURCES = ["web3-deployments"];
const MONITORING_SOURCES = ["web3-deployments", "oz-monitor"];
const SCOPE =
  "Contracts of the deployments registry at period end, one per (chain, address), chains in `web3.excluded_chains` (31337, 1337) left out; a monitor watches when it is not paused, in the latest monitor configuration snapshot";

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
  {
    id: "monitoring_address_coverage",
    name: "Contracts monitored",
    description: `% of the registry's contracts an active monitor watches: the contract's chain among the monitor's networks and its address among the monitor's addresses; an implementation is watched through the proxies in front of it. ${SCOPE}. Per chain in \`details.by_chain\`.`,
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 100 },
    sources: MONITORING_SOURCES,
  },
  {
    id: "monitoring_event_coverage",
    name: "Contract events monitored",
    description: `% of the non-anonymous events of the registry's contracts (each contract's, by signature) that an active monitor watching the contract matches by signature (\`match_conditions.events\`). ${SCOPE}. Per chain in \`details.by_chain\`.`,
    unit: "percent",
    direction: "up",
    chart: "p",
    sources: MONITORING_SOURCES,
  },
  {
    id: "critical_function_coverage",
    name: "Critical functions monitored",
    description: `% of the state-changing functions (not view or pure) of the registry's contracts, and those tagged in \`web3.critical_functions\`, that an active monitor watching the contract sees: by the function's signature (\`match_conditions.functions\`, which matches top-level calls only) or by an event the function emits, when the registry carries the contract's event-emission analysis. ${SCOPE}. Per chain in \`details.by_chain\`.`,
    unit: "percent",
    direction: "up",
    chart: "p",
    sources: MONITORING_SOURCES,
  },
  {
    id: "monitoring_lag",
    name: "Time to monitor a contract",
    description: `Mean of (first monitor configuration snapshot in which an active monitor watches the contract − its deployment) over the contracts first watched in the period, 0 when the monitor came first; the deployment is the deploying transaction's time when the registry has it, else the first registry snapshot listing the contract. Contracts still unwatched are the open items. ${SCOPE}.`,
    unit: "seconds",
    direction: "down",
    chart: "xmr",
    sources: MONITORING_SOURCES,
  },
  {
    id: "unmonitored_deployments",
    name: "Unmonitored contracts",
    description: `Contracts no active monitor watches, deployed (or first listed) longer than \`web3.monitoring_sla_hours\` (24 h) before the period end; those within it are \`details.within_sla\`. ${SCOPE}. Per chain in \`details.by_chain\`.`,
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: MONITORING_SOURCES,
  },
  {
    id: "monitor_alert_precision",
    name: "Monitor alert precision",
    description:
      "% of the triaged alerts raised by a monitor in the period that were true positives: an alert is a monitor's when its rule, else its source, is the name of a monitor of the latest monitor configuration. Per monitor in `details.by_monitor`: alerts, alerts per week, true positives, triaged.",
    unit: "percent",
    direction: "up",
    chart: "p",
    // The alerts are any alert feed's, already imported for detection and response: what this metric needs first is the monitors.
    sources: ["oz-monitor"],
  },
  {
    id: "smart_contract_audit_coverage",
    name: "Smart contract audit coverage",
    description:
      "% of the registry's contracts at period end (one per (chain, address), chains in `web3.excluded_chains` left out) that a smart contract audit completed by period end covers, in the assessments register's latest snapshot: its `contracts` scope names the contract or, for a proxy, its implementation (by contract name, source file, address or bytecode hash), and the deployed code is the audited one. Where the scope and the registry both carry a hash (the runtime bytecode's, or the source file's Keccak-256 from the compiler metadata), the hashes decide; named without one, an implementation deployed behind its proxy after the audit completed is not covered. Each contract's audit, or why not, in the drill-down.",
    unit: "percent",
    direction: "up",
    chart: "p",
    sources: ["web3-deployments", "assessments-yaml", "assessments-csv"],
  },
]);
