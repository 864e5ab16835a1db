import type { DomainPack } from "../domain-pack.ts";
import { PROGRAM_METRICS } from "./metrics.ts";

/** The security program: defined in the catalog, with no record kinds yet, so they show "no data" and why. */
export const program: DomainPack = {
  id: "program",
  recordKinds: [],
  migrations: [],
  metrics: PROGRAM_METRICS,
  families: [],
};
