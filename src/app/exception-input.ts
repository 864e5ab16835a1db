import { SecmetricsError } from "../model/errors.ts";
import { parseTimestamp } from "../model/time.ts";
import { EXCEPTION_ACTIONS, type ExceptionAction, type ExceptionActionName } from "./exception-rules.ts";

/**
 * An action on the register as the form, the JSON API and the CLI give it:
 * text, or lists of text. Scope ids given as one text are separated by
 * commas, semicolons or new lines; compensating controls (prose, which may
 * hold commas) by semicolons or new lines.
 */
export interface ExceptionFields {
  type?: string;
  title?: string;
  decision?: string | null;
  controls?: string | readonly string[];
  checks?: string | readonly string[];
  assets?: string | readonly string[];
  findings?: string | readonly string[];
  owner?: string | null;
  compensating_controls?: string | readonly string[];
  /** ISO 8601; a date or a time without offset is in the configured time zone. */
  expires_at?: string | null;
  ticket?: string | null;
  note?: string | null;
}

export function exceptionAction(
  name: string,
  id: string | undefined,
  fields: ExceptionFields,
  timezone: string,
): ExceptionAction {
  if (!(EXCEPTION_ACTIONS as readonly string[]).includes(name))
    throw new SecmetricsError(
      "invalid_argument",
      `no exception action "${name}"; one of ${EXCEPTION_ACTIONS.join(", ")}`,
    );
  const action = name as ExceptionActionName;
  const note = text(fields.note);
  const expiresAt = expiry(fields.expires_at, timezone);
  if (action === "request")
    return {
      action,
      note,
      request: {
        type: text(fields.type) ?? "",
        title: text(fields.title) ?? "",
        decision: text(fields.decision),
        scope: {
          controls: list(fields.controls, /[,;\n]/),
          checks: list(fields.checks, /[,;\n]/),
          assets: list(fields.assets, /[,;\n]/),
          findings: list(fields.findings, /[,;\n]/),
        },
        owner: text(fields.owner),
        compensating_controls: list(fields.compensating_controls, /[;\n]/),
        expires_at: expiresAt,
        ticket: text(fields.ticket),
      },
    };
  if (!id) throw new SecmetricsError("invalid_argument", `${action} needs the exception's id`);
  if (action === "approve") return { action, id, note, expires_at: expiresAt };
  if (action === "renew") return { action, id, note, expires_at: expiresAt };
  return { action, id, note };
}

function expiry(value: string | null | undefined, timezone: string): number | null {
  const given = text(value);
  if (given === null) return null;
  const ms = parseTimestamp(given, timezone);
  if (ms === undefined)
    throw new SecmetricsError(
      "invalid_argument",
      `expires_at "${given}" is not a date or an ISO 8601 time`,
      "e.g. 2027-03-31, or 2027-03-31T18:00:00Z",
    );
  return ms;
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}

function list(value: string | readonly string[] | undefined, separators: RegExp): string[] {
  if (value === undefined) return [];
  // A list given as a list (JSON) is taken item by item; only text is split.
  const parts = typeof value === "string" ? value.split(separators) : value;
  return parts.map((part) => part.trim()).filter((part) => part !== "");
}
