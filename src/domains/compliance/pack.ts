import type { DomainPack } from "../domain-pack.ts";
import { COMPLIANCE_METRICS } from "./metrics.ts";

/** Compliance signals: defined in the catalog, with no record kinds yet, so they show "no data" and why. */
export const compliance: DomainPack = {
  id: "compliance",
  recordKinds: [],
  migrations: [],
  metrics: COMPLIANCE_METRICS,
  families: [],
};
