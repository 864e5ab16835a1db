import {
  EXCEPTION_DECISIONS,
  EXCEPTION_TYPES,
  type ExceptionDecision,
  type ExceptionScope,
  type ExceptionType,
  type RiskException,
} from "../domains/exceptions/records.ts";
import { SecmetricsError } from "../model/errors.ts";

/**
 * The rules of the exceptions register the dashboard and the CLI keep, in
 * one place: who may approve, what an approval needs, what each action may
 * follow. Pure: a register and an action in, the entry before and after out.
 */

/** What someone asks to waive, as typed in the form, the API body or the CLI options. */
export interface ExceptionRequest {
  type: string;
  title: string;
  decision?: string | null;
  scope: ExceptionScope;
  owner?: string | null;
  compensating_controls?: readonly string[];
  /** The expiry asked for; the approver may set another. */
  expires_at?: number | null;
  ticket?: string | null;
}

export type ExceptionAction =
  | { action: "request"; request: ExceptionRequest; note?: string | null }
  | { action: "approve"; id: string; expires_at?: number | null; note?: string | null }
  | { action: "reject"; id: string; note?: string | null }
  | { action: "revoke"; id: string; note?: string | null }
  | { action: "renew"; id: string; expires_at: number | null; note?: string | null };

export const EXCEPTION_ACTIONS = ["request", "approve", "reject", "revoke", "renew"] as const;
export type ExceptionActionName = (typeof EXCEPTION_ACTIONS)[number];

/** What an action changes: the entry before (none for a request) and after. */
export interface ExceptionDecisionResult {
  before: RiskException | null;
  after: RiskException;
}

/** The register's own ids: `DASH-0001`, `DASH-0002`, … never reused. */
export function nextExceptionId(register: readonly RiskException[], feed: string): string {
  const numbers = register
    .filter((entry) => entry.feed === feed)
    .map((entry) => /^DASH-(\d+)$/.exec(entry.external_id)?.[1])
    .map((digits) => (digits === undefined ? 0 : Number(digits)));
  return `DASH-${String(Math.max(0, ...numbers) + 1).padStart(4, "0")}`;
}

/**
 * Who acted, as one person: `cli:alice` (the CLI's default name for the OS
 * user alice) and `alice` (her dashboard login) are the same person, so
 * neither may approve what the other asked for.
 */
export function samePerson(a: string | null, b: string | null): boolean {
  const person = (name: string) => name.replace(/^cli:/, "").trim().toLowerCase();
  return a !== null && b !== null && person(a) === person(b);
}

/**
 * The entry `action` leaves in `register` (one feed's latest snapshot), or
 * an error saying why it may not happen: `forbidden` for approving or
 * renewing one's own request, `conflict` for an action the entry's status
 * does not allow, `invalid_argument` for a missing or past expiry.
 */
export function decideException(
  register: readonly RiskException[],
  action: ExceptionAction,
  context: { actor: string; now: number; feed: string; snapshotAt: number },
): ExceptionDecisionResult {
  const { actor, now, feed, snapshotAt } = context;
  if (action.action === "request") {
    const after = requested(action.request, { actor, now, feed, snapshotAt });
    return { before: null, after: { ...after, external_id: nextExceptionId(register, feed) } };
  }
  const before = register.find((entry) => entry.external_id === action.id);
  if (!before)
    throw new SecmetricsError(
      "not_found",
      `no exception "${action.id}" in the ${feed} register`,
      "the register lists them: GET /exceptions, or `secmetrics exceptions list`",
    );
  const next = { ...before, snapshot_at: snapshotAt };
  switch (action.action) {
    case "approve": {
      needStatus(before, "approve", ["requested"]);
      if (samePerson(actor, before.requested_by))
        throw new SecmetricsError(
          "forbidden",
          `${actor} requested ${before.external_id} and may not approve it: an exception needs a second person`,
          "ask another editor to approve it",
        );
      const expiresAt = futureExpiry(action.expires_at ?? before.expires_at, now, "an approval");
      return {
        before,
        after: { ...next, status: "approved", approved_by: actor, approved_at: now, expires_at: expiresAt },
      };
    }
    case "reject":
      needStatus(before, "reject", ["requested"]);
      return { before, after: { ...next, status: "rejected" } };
    case "revoke":
      needStatus(before, "revoke", ["approved"]);
      return { before, after: { ...next, status: "revoked" } };
    case "renew": {
      needStatus(before, "renew", ["approved"]);
      if (samePerson(actor, before.requested_by))
        throw new SecmetricsError(
          "forbidden",
          `${actor} requested ${before.external_id} and may not renew it: a renewal is a new approval, by someone else`,
          "ask another editor to renew it",
        );
      const expiresAt = futureExpiry(action.expires_at, now, "a renewal");
      if (before.expires_at !== null && expiresAt <= before.expires_at)
        throw new SecmetricsError(
          "invalid_argument",
          `a renewal must move the expiry later than ${new Date(before.expires_at).toISOString()}`,
        );
      return {
        before,
        after: {
          ...next,
          approved_by: actor,
          approved_at: now,
          expires_at: expiresAt,
          attributes: {
            ...before.attributes,
            ...(before.expires_at === null
              ? {}
              : { renewed_from: new Date(before.expires_at).toISOString() }),
          },
        },
      };
    }
  }
}

function requested(
  request: ExceptionRequest,
  context: { actor: string; now: number; feed: string; snapshotAt: number },
): RiskException {
  const title = request.title.trim();
  if (title === "" || title.length > 200)
    throw new SecmetricsError("invalid_argument", "an exception needs a title of 1 to 200 characters");
  const type = oneOf(request.type, EXCEPTION_TYPES, "type") as ExceptionType;
  const decision =
    request.decision === undefined || request.decision === null || request.decision === ""
      ? null
      : (oneOf(request.decision, EXCEPTION_DECISIONS, "decision") as ExceptionDecision);
  const scope = cleanScope(request.scope);
  if (Object.values(scope).every((ids) => ids.length === 0))
    throw new SecmetricsError(
      "invalid_argument",
      "an exception needs a scope: the controls, checks, assets or findings it waives",
    );
  const expiresAt =
    request.expires_at === undefined || request.expires_at === null
      ? null
      : futureExpiry(request.expires_at, context.now, "a requested expiry");
  return {
    kind: "exception",
    feed: context.feed,
    external_id: "",
    snapshot_at: context.snapshotAt,
    type,
    status: "requested",
    decision,
    title,
    scope,
    owner: blankToNull(request.owner),
    requested_by: context.actor,
    approved_by: null,
    approved_at: null,
    expires_at: expiresAt,
    compensating_controls: cleanList(request.compensating_controls ?? []),
    ticket: blankToNull(request.ticket),
    attributes: { requested_at: new Date(context.now).toISOString() },
  };
}

function needStatus(entry: RiskException, verb: string, allowed: readonly RiskException["status"][]): void {
  if (allowed.includes(entry.status)) return;
  throw new SecmetricsError(
    "conflict",
    `${entry.external_id} is ${entry.status}: only a ${allowed.join(" or ")} exception can be ${verb === "renew" ? "renewed" : `${verb}d`}`,
    entry.status === "revoked" || entry.status === "rejected" ? "request a new exception instead" : undefined,
  );
}

function futureExpiry(expiresAt: number | null | undefined, now: number, what: string): number {
  if (expiresAt === undefined || expiresAt === null || !Number.isFinite(expiresAt))
    throw new SecmetricsError(
      "invalid_argument",
      `${what} needs an expiry (expires_at): no exception is granted for ever`,
    );
  if (expiresAt <= now)
    throw new SecmetricsError(
      "invalid_argument",
      `${what} needs an expiry in the future, not ${new Date(expiresAt).toISOString()}`,
    );
  return expiresAt;
}

function oneOf(value: string, allowed: readonly string[], field: string): string {
  if (allowed.includes(value)) return value;
  throw new SecmetricsError(
    "invalid_argument",
    `${field} must be one of ${allowed.join(", ")}, not "${value}"`,
  );
}

function cleanScope(scope: ExceptionScope): ExceptionScope {
  return {
    controls: cleanList(scope.controls),
    checks: cleanList(scope.checks),
    assets: cleanList(scope.assets),
    findings: cleanList(scope.findings),
  };
}

function cleanList(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter((value) => value !== ""))];
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}
