import { z } from "zod";
import { EXCEPTION_DECISIONS, EXCEPTION_STATUSES, EXCEPTION_TYPES } from "../domains/exceptions/records.ts";

/** The exceptions register's request schemas: the handlers validate with them, the OpenAPI document shows them. */

export const exceptionsQuery = z.object({
  status: z.enum(EXCEPTION_STATUSES).optional().describe("Only the exceptions of this status"),
  expiring: z
    .enum(["true", "false"])
    .default("false")
    .describe("true: only those due for renewal (expiring within 30 days, or expired)"),
});

const exceptionId = z
  .string()
  .regex(/^[\w.:-]{1,100}$/)
  .describe("The exception's id in the dashboard's register, e.g. DASH-0001");

export const exceptionActionPath = z.object({
  id: exceptionId,
  action: z
    .enum(["approve", "reject", "revoke", "renew"])
    .describe("approve or reject a requested one; revoke or renew an approved one"),
});

const expiresAt = z
  .string()
  .max(64)
  .describe("ISO 8601 date or time; a date, or a time without offset, is in the configured time zone");
const ids = z.array(z.string().max(200)).max(500).optional();

export const exceptionRequestBody = z.object({
  type: z.enum(EXCEPTION_TYPES),
  title: z.string().min(1).max(200),
  decision: z.enum(EXCEPTION_DECISIONS).nullable().optional(),
  scope: z
    .object({ controls: ids, checks: ids, assets: ids, findings: ids })
    .describe("What it waives, by id; at least one"),
  owner: z.string().max(200).nullable().optional(),
  compensating_controls: z.array(z.string().max(1000)).max(100).optional(),
  expires_at: expiresAt.nullable().optional().describe("The expiry asked for; the approver may set another"),
  ticket: z.string().max(200).nullable().optional(),
  note: z.string().max(2000).nullable().optional().describe("Kept in the audit log"),
});

export const exceptionActionBody = z.object({
  expires_at: expiresAt
    .nullable()
    .optional()
    .describe("approve: the expiry (default: the one requested; one is required); renew: the new expiry"),
  note: z.string().max(2000).nullable().optional().describe("Kept in the audit log"),
});

const entry = z.object({
  id: z.string(),
  feed: z.string().describe("`dashboard` for those kept here; an imported register's feed otherwise"),
  title: z.string().nullable(),
  type: z.string(),
  status: z.enum(EXCEPTION_STATUSES),
  state: z.string().describe("open, expiring (within 30 days), expired, not started, or the status"),
  decision: z.string().nullable(),
  scope: z.object({
    controls: z.array(z.string()),
    checks: z.array(z.string()),
    assets: z.array(z.string()),
    findings: z.array(z.string()),
  }),
  owner: z.string().nullable(),
  requested_by: z.string().nullable(),
  approved_by: z.string().nullable(),
  approved_at: z.string().nullable(),
  expires_at: z.string().nullable(),
  days_left: z.number().int().nullable(),
  compensating_controls: z.array(z.string()),
  ticket: z.string().nullable(),
  source: z.object({ file_name: z.string(), import_id: z.number().int(), snapshot_at: z.string() }),
  editable: z.boolean().describe("false: imported from a file, which is its source of truth"),
});

export const exceptionRegisterResponse = z.object({
  as_of: z.string(),
  expiring_within_days: z.number().int(),
  exceptions: z.array(entry),
});

export const exceptionChangeResponse = z.object({
  action: z.enum(["request", "approve", "reject", "revoke", "renew"]),
  id: z.string(),
  snapshot_at: z.string().describe("The instant of the register's new snapshot"),
  import_id: z.number().int(),
  exception: entry,
});
