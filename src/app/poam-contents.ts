import type { Config } from "../config/schema.ts";
import { isOpenAt } from "../domains/audit-findings/compute.ts";
import { AUDIT_FINDING, type AuditFinding } from "../domains/audit-findings/records.ts";
import { exceptionState } from "../domains/exceptions/compute.ts";
import { EXCEPTION, type RiskException } from "../domains/exceptions/records.ts";
import { SecmetricsError } from "../model/errors.ts";
import { type Period, parsePeriod } from "../model/period.ts";
import type { Store } from "../store/store.ts";

export interface PoamContents {
  period: Pick<Period, "id" | "start" | "end">;
  systemId: string;
  /** Approved exceptions in force at the period end. */
  exceptions: readonly RiskException[];
  /** Audit findings open at the period end. */
  findings: readonly AuditFinding[];
}

/**
 * What a plan of action and milestones for `periodId` holds, read as the
 * metrics read it: each register's latest snapshot before the period end,
 * the exceptions approved and not expired then (`open_exceptions`) and the
 * audit findings open then (`audit_findings`).
 */
export async function poamContents(
  store: Store,
  periodId: string,
  systemId: string,
  config: Config,
): Promise<PoamContents> {
  const period = parsePeriod(periodId, { timezone: config.timezone, iterations: config.iterations });
  const exceptions = (await store.snapshot<RiskException>(EXCEPTION.kind, period.end)).filter(
    (exception) => exceptionState(exception, period.end) === "open",
  );
  const findings = (await store.snapshot<AuditFinding>(AUDIT_FINDING.kind, period.end)).filter((finding) =>
    isOpenAt(finding, period.end),
  );
  if (exceptions.length + findings.length === 0)
    throw new SecmetricsError(
      "not_found",
      `no approved exception in force and no open audit finding at the end of ${period.id}: an OSCAL POA&M needs at least one item`,
      "import an exceptions or audit findings register (`secmetrics import`), or pick another --period",
    );
  return { period: { id: period.id, start: period.start, end: period.end }, systemId, exceptions, findings };
}
