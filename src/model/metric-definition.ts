/**
 * What a metric is: the catalog's entries are these, declared by the domain
 * that computes them. Ids, units and directions are stable API.
 */
export const CATEGORIES = [
  "detection_response",
  "prevention_controls",
  "identity_access",
  "vulnerability_management",
  "application_security",
  "operational_hygiene",
  "compliance",
  "program",
  "web3",
  "bug_bounty",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_NAMES: Record<Category, string> = {
  detection_response: "Detection & Response",
  prevention_controls: "Prevention & Controls",
  identity_access: "Identity & Access",
  vulnerability_management: "Vulnerability Management",
  application_security: "Application Security",
  operational_hygiene: "Operational Hygiene",
  compliance: "Compliance Signals",
  program: "Security Program",
  web3: "Smart Contracts",
  bug_bounty: "Bug Bounty",
};

/** `score` is a maturity score on SAMM's scale, 0 to 3. */
export type Unit = "seconds" | "percent" | "count" | "per_day" | "score";

/** Which way is better: `zero` wants none at all, `stable` no change, `tracked` has no better side. */
export type Direction = "down" | "up" | "zero" | "stable" | "tracked";

/**
 * The control chart a metric's trend is judged on, chosen by what its values
 * are: `p` a percentage of a known whole (each period's own denominator sets
 * its limits), `c` a count of events in the period (Poisson), `u` events per
 * unit of exposure (per day), `xmr` a measurement or a level carried from one
 * period to the next (limits from the moving ranges).
 */
export type ChartKind = "p" | "c" | "u" | "xmr";

/** The range a unit's values can take: no control limit is drawn outside it. */
export const UNIT_BOUNDS: Record<Unit, { floor: number; ceiling: number | null }> = {
  seconds: { floor: 0, ceiling: null },
  percent: { floor: 0, ceiling: 100 },
  count: { floor: 0, ceiling: null },
  per_day: { floor: 0, ceiling: null },
  score: { floor: 0, ceiling: 3 },
};

export interface Target {
  op: "<" | "<=" | "==" | ">=" | ">";
  value: number;
}

export interface MetricDefinition {
  id: string;
  name: string;
  category: Category;
  description: string;
  unit: Unit;
  direction: Direction;
  chart: ChartKind;
  target: Target | null;
  /** Import formats that feed the metric; empty while no importer exists. */
  sources: readonly string[];
  /** The longest its data may go without a record before the metric turns stale, in seconds. */
  cadence_seconds: number;
}

/** Seconds in a day: cadences are given in seconds. */
export const DAY_SECONDS = 86_400;

export type MetricSpec = Omit<MetricDefinition, "category" | "target" | "sources" | "cadence_seconds"> &
  Partial<Pick<MetricDefinition, "target" | "sources" | "cadence_seconds">>;

/**
 * Four weeks, the default cadence: shorter than any calendar month, so a
 * month in which a source recorded nothing at all, after its data ended, is
 * stale at its end rather than a row of zeros; a source may still go quiet
 * for weeks within its data.
 */
const DEFAULT_CADENCE_SECONDS = 28 * DAY_SECONDS;

/** Metrics of one category; unless said otherwise no target, no source yet, and the default cadence. */
export function defineMetrics(category: Category, specs: readonly MetricSpec[]): MetricDefinition[] {
  return specs.map((spec) => ({
    target: null,
    sources: [],
    cadence_seconds: DEFAULT_CADENCE_SECONDS,
    ...spec,
    category,
  }));
}
