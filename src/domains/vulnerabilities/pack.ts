import type { DomainPack } from "../domain-pack.ts";
import { exceptionCoversAt } from "../exceptions/coverage.ts";
import { scanDataEnd, vulnerabilityMetrics } from "./compute.ts";
import { otherDebtAt } from "./debt.ts";
import { findingDrill } from "./drill.ts";
import { APPLICATION_SECURITY_METRICS, VULNERABILITY_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { earliestScan, lastScanOfEachTarget, scanTargetsAt, vulnerabilityTally } from "./queries.ts";
import { retiredTargets } from "./targets.ts";

/**
 * Scanner reports: findings' lifecycles derived from successive scans of
 * each target (at import, by `ScanWriter`), counted in SQL per period.
 */
export const vulnerabilities: DomainPack = {
  id: "vulnerabilities",
  // Scans and findings are written by their own writer, not as records.
  recordKinds: [],
  migrations: MIGRATIONS,
  metrics: [...VULNERABILITY_METRICS, ...APPLICATION_SECURITY_METRICS],
  families: [
    {
      metrics: [
        "open_vulnerabilities",
        "open_critical_vulnerabilities",
        "open_high_vulnerabilities",
        "mttp",
        "vuln_sla_missed",
        "repeat_findings",
        "security_debt",
        "sast_findings_new",
        "dast_findings_new",
        "dependency_vulns_direct",
      ],
      // Scans, and findings a tool dates itself (first seen before any scan).
      kinds: ["scan"],
      dataStart: (store) => store.read(earliestScan),
      dataEnd: async (store) => scanDataEnd(await store.read(lastScanOfEachTarget)),
      async compute(store, { period, now, config }) {
        // A running period is judged now: "open at its end" cannot see the future.
        const asOf = Math.max(period.start, Math.min(period.end, now));
        const targets = await store.read((q) =>
          scanTargetsAt(q, { asOf, retireAfterMs: config.scans.retire_after * 1000 }),
        );
        const covers = await exceptionCoversAt(store, asOf);
        const tally = await store.read((q) =>
          vulnerabilityTally(q, { start: period.start, end: asOf }, retiredTargets(targets), covers),
        );
        const { overdueActions, expiredExceptions } = await otherDebtAt(store, asOf);
        const otherDebt = {
          overdue_actions: overdueActions.length,
          expired_exceptions: expiredExceptions.length,
        };
        return vulnerabilityMetrics(tally, { asOf, targets, otherDebt });
      },
      drill: findingDrill,
    },
  ],
};
