import {
  daysLeft,
  EXPIRING_WITHIN_DAYS,
  exceptionState,
  isExpiringSoon,
} from "../domains/exceptions/compute.ts";
import {
  EXCEPTION,
  EXCEPTION_STATUSES,
  type ExceptionScope,
  type ExceptionStatus,
  type RiskException,
} from "../domains/exceptions/records.ts";
import { SecmetricsError } from "../model/errors.ts";
import type { Stored } from "../model/records.ts";
import type { Store } from "../store/store.ts";
import { DASHBOARD_FEED, type ExceptionChange } from "./exception-change.ts";

/** One exception of the register in force, as the page, the API and the CLI show it. Times are ISO 8601. */
export interface RegisterEntry {
  id: string;
  feed: string;
  title: string | null;
  type: string;
  status: ExceptionStatus;
  /** Its state now: `expiring` for an open one due within 30 days, else `exceptionState`. */
  state: string;
  decision: string | null;
  scope: ExceptionScope;
  owner: string | null;
  requested_by: string | null;
  approved_by: string | null;
  approved_at: string | null;
  expires_at: string | null;
  days_left: number | null;
  compensating_controls: string[];
  ticket: string | null;
  /** Where it comes from: the file (or the dashboard change) of its feed's latest snapshot. */
  source: { file_name: string; import_id: number; snapshot_at: string };
  /** Kept here (the dashboard's feed); the others come from imported files, their source of truth. */
  editable: boolean;
}

export interface RegisterFilter {
  status?: ExceptionStatus;
  /** Only those due for renewal: expiring within 30 days, or expired. */
  expiring?: boolean;
}

export interface ExceptionRegister {
  as_of: string;
  expiring_within_days: number;
  exceptions: RegisterEntry[];
}

/**
 * The register in force at `now`: each feed's latest snapshot (the
 * dashboard's own and every imported one), the soonest expiry first, none last.
 */
export async function exceptionRegister(
  store: Store,
  now: number,
  filter: RegisterFilter = {},
): Promise<ExceptionRegister> {
  // Up to and including `now`: a change made at this very instant is in force and shown.
  const end = now + 1;
  const inForce = await store.snapshot<RiskException>(EXCEPTION.kind, end);
  const entries = inForce
    .sort(
      (a, b) =>
        (a.expires_at ?? Number.POSITIVE_INFINITY) - (b.expires_at ?? Number.POSITIVE_INFINITY) ||
        a.external_id.localeCompare(b.external_id) ||
        a.feed.localeCompare(b.feed),
    )
    .map((entry) => registerEntry(entry, now))
    .filter((entry) => filter.status === undefined || entry.status === filter.status)
    .filter((entry) => !filter.expiring || entry.state === "expiring" || entry.state === "expired");
  return { as_of: iso(now), expiring_within_days: EXPIRING_WITHIN_DAYS, exceptions: entries };
}

/** `status` and `expiring` as given in a query string or CLI options; anything else is refused. */
export function parseRegisterFilter(input: { status?: string; expiring?: string | boolean }): RegisterFilter {
  const filter: RegisterFilter = {};
  if (input.status !== undefined && input.status !== "") {
    if (!(EXCEPTION_STATUSES as readonly string[]).includes(input.status))
      throw new SecmetricsError(
        "invalid_argument",
        `status must be one of ${EXCEPTION_STATUSES.join(", ")}, not "${input.status}"`,
      );
    filter.status = input.status as ExceptionStatus;
  }
  if (input.expiring === true || input.expiring === "true" || input.expiring === "1") filter.expiring = true;
  return filter;
}

/** The entry a change left in the register, as the register lists it (at the change's snapshot). */
export async function changedEntry(store: Store, change: ExceptionChange): Promise<RegisterEntry> {
  const inForce = await store.snapshot<RiskException>(EXCEPTION.kind, change.snapshot_at + 1);
  const entry = inForce.find((e) => e.feed === DASHBOARD_FEED && e.external_id === change.id);
  if (!entry) throw new Error(`${change.id} is missing from the snapshot its change wrote`);
  return registerEntry(entry, change.snapshot_at);
}

/** The entry as of `now`, its state judged just after it (a period end is exclusive; `now` is not). */
function registerEntry(entry: Stored<RiskException>, now: number): RegisterEntry {
  const end = now + 1;
  return {
    id: entry.external_id,
    feed: entry.feed,
    title: entry.title,
    type: entry.type,
    status: entry.status,
    state: isExpiringSoon(entry, end) ? "expiring" : exceptionState(entry, end).replace("_", " "),
    decision: entry.decision,
    scope: entry.scope,
    owner: entry.owner,
    requested_by: entry.requested_by,
    approved_by: entry.approved_by,
    approved_at: iso(entry.approved_at),
    expires_at: iso(entry.expires_at),
    days_left: daysLeft(entry, now),
    compensating_controls: entry.compensating_controls,
    ticket: entry.ticket,
    source: {
      file_name: entry.provenance.file_name,
      import_id: entry.provenance.import_id,
      snapshot_at: new Date(entry.snapshot_at).toISOString(),
    },
    editable: entry.feed === DASHBOARD_FEED,
  };
}

function iso(ms: number): string;
function iso(ms: number | null): string | null;
function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
