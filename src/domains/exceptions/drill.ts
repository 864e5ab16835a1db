import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import { daysLeft, EXPIRING_WITHIN_DAYS, exceptionState, isExpiringSoon, scopeText } from "./compute.ts";
import { unregisteredExceptionsAt } from "./coverage.ts";
import type { SuppressedResult } from "./queries.ts";
import { EXCEPTION, type RiskException } from "./records.ts";

/** Why an exception does not count toward `metricId` at `end`, or null when it does. */
function exclusion(metricId: string, exception: RiskException, end: number): string | null {
  const state = exceptionState(exception, end);
  if (metricId === "expired_exceptions") return state === "expired" ? null : state.replace("_", " ");
  if (state !== "open") return state.replace("_", " ");
  if (metricId === "exceptions_expiring_30d" && !isExpiringSoon(exception, end))
    return `expires more than ${EXPIRING_WITHIN_DAYS} days after the period end`;
  return null;
}

/**
 * Every exception of the registers' latest snapshots before the period end,
 * the soonest expiry first (none last), each with its state at the end
 * (`expiring` for an open one due within 30 days) and whether it counts.
 * `open_exceptions` then lists the unregistered ones its details name, not
 * counted, so its value, details and recommendation read the same records.
 */
export async function exceptionDrill(
  store: Store,
  metricId: string,
  { period }: DrillContext,
  limit: number,
) {
  const exceptions = await store.snapshot<RiskException>(EXCEPTION.kind, period.end);
  const byExpiry = [...exceptions].sort(
    (a, b) =>
      (a.expires_at ?? Number.POSITIVE_INFINITY) - (b.expires_at ?? Number.POSITIVE_INFINITY) ||
      a.external_id.localeCompare(b.external_id),
  );
  const registered = byExpiry.slice(0, limit + 1).map((exception) => {
    const note = exclusion(metricId, exception, period.end);
    return recordRow(
      exception,
      exception.snapshot_at,
      {
        title: exception.title,
        type: exception.type,
        status: exception.status,
        state: isExpiringSoon(exception, period.end) ? "expiring" : exceptionState(exception, period.end),
        scope: scopeText(exception.scope),
        owner: exception.owner,
        approved_by: exception.approved_by,
        expires_at: iso(exception.expires_at),
        days_left: daysLeft(exception, period.end),
      },
      note === null,
      note,
    );
  });
  if (metricId !== "open_exceptions" || registered.length > limit) return registered;
  const unregistered = await unregisteredExceptionsAt(store, exceptions, period.end);
  return [...registered, ...unregistered.slice(0, limit + 1 - registered.length).map(unregisteredRow)];
}

/** A suppressed check result no exception in force covers, with the fields of a register row. */
function unregisteredRow(result: SuppressedResult): DrillRow {
  return {
    kind: "check_result",
    id: `${result.asset} ${result.check_id}`,
    fields: {
      at: iso(result.checked_at),
      title: result.title,
      type: null,
      status: "suppressed",
      state: "unregistered",
      scope: `checks: ${result.check_id}; assets: ${result.asset}`,
      owner: null,
      approved_by: null,
      expires_at: null,
      days_left: null,
      result: result.result,
      severity: result.severity,
      feed: result.feed,
    },
    counted: false,
    note: `unregistered: set aside by ${result.feed} with no register entry`,
    provenance: result.provenance,
  };
}
