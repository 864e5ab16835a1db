import { fileURLToPath } from "node:url";
import { findMetric } from "../catalog/metrics.ts";
import { findTrust, type LoadedTrust } from "../config/trust-load.ts";

/** The trust-yaml importer's fixture: a valid and an expired certification, public, NDA and private documents. */
export const TRUST_FIXTURE = fileURLToPath(
  new URL("../importers/trust-yaml/fixtures/trust.yaml", import.meta.url),
);

export function loadTestTrust(): LoadedTrust {
  const loaded = findTrust(TRUST_FIXTURE, undefined, (id) => findMetric(id) !== undefined);
  if (!loaded) throw new Error(`no ${TRUST_FIXTURE}`);
  return loaded;
}
