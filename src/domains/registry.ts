import { actionItems } from "./action-items/pack.ts";
import { appsec } from "./appsec/pack.ts";
import { assessments } from "./assessments/pack.ts";
import { assets } from "./assets/pack.ts";
import { auditFindings } from "./audit-findings/pack.ts";
import { bugBounty } from "./bug-bounty/pack.ts";
import { complianceChecks } from "./compliance-checks/pack.ts";
import { detectionResponse } from "./detection-response/pack.ts";
import type { DomainPack, MetricFamily } from "./domain-pack.ts";
import { exceptions } from "./exceptions/pack.ts";
import { externalIncidents } from "./external-incidents/pack.ts";
import { governance } from "./governance/pack.ts";
import { hygiene } from "./hygiene/pack.ts";
import { identityAccess } from "./identity-access/pack.ts";
import { irReadiness } from "./ir-readiness/pack.ts";
import { keyManagement } from "./key-management/pack.ts";
import { maturity } from "./maturity/pack.ts";
import { monitorHealth } from "./monitor-health/pack.ts";
import { people } from "./people/pack.ts";
import { postmortems } from "./postmortems/pack.ts";
import { prevention } from "./prevention/pack.ts";
import { program } from "./program/pack.ts";
import { secrets } from "./secrets/pack.ts";
import { tabletops } from "./tabletops/pack.ts";
import { trust } from "./trust/pack.ts";
import { vulnerabilities } from "./vulnerabilities/pack.ts";
import { web3 } from "./web3/pack.ts";

/**
 * Every domain, one line each. The catalog lists their metrics by category,
 * in this order within a category.
 */
export const DOMAIN_PACKS: readonly DomainPack[] = [
  detectionResponse,
  identityAccess,
  prevention,
  vulnerabilities,
  hygiene,
  complianceChecks,
  auditFindings,
  assets,
  exceptions,
  program,
  people,
  actionItems,
  postmortems,
  web3,
  bugBounty,
  tabletops,
  assessments,
  maturity,
  trust,
  governance,
  externalIncidents,
  keyManagement,
  irReadiness,
  monitorHealth,
  appsec,
  secrets,
];

/** What the store is opened with: every pack's record kinds and migrations. */
export const STORE_SCHEMA = {
  recordKinds: DOMAIN_PACKS.flatMap((pack) => pack.recordKinds),
  migrations: DOMAIN_PACKS.flatMap((pack) => pack.migrations),
};

const FAMILY_OF = new Map<string, MetricFamily>();
for (const pack of DOMAIN_PACKS)
  for (const family of pack.families)
    for (const id of family.metrics) {
      if (FAMILY_OF.has(id)) throw new Error(`metric ${id} is computed by two families`);
      FAMILY_OF.set(id, family);
    }

/** The family that computes `metricId`, or undefined for a metric no pack computes yet. */
export function familyOf(metricId: string): MetricFamily | undefined {
  return FAMILY_OF.get(metricId);
}
