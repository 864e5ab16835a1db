import {
  EXCEPTION_DECISIONS,
  EXCEPTION_STATUSES,
  EXCEPTION_TYPES,
  type ExceptionScope,
  type RiskException,
} from "../../domains/exceptions/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, Importer, RecordItem } from "../importer.ts";
import type { FieldReader } from "../shared/fields.ts";
import { csvTable, type Table, yamlTable } from "../shared/readers.ts";
import { snapshotTime } from "../shared/snapshot-time.ts";

const SCOPE_PARTS = ["controls", "checks", "assets", "findings"] as const;
const REGISTER_FIELDS = new Set([
  "id",
  "type",
  "status",
  "decision",
  "title",
  "scope",
  ...SCOPE_PARTS,
  "owner",
  "requested_by",
  "approved_by",
  "approved_at",
  "expires_at",
  "compensating_controls",
  "ticket",
  "snapshot_at",
]);

/** Scope ids: CSV columns `controls`, `checks`, … (`;`-separated), or a YAML `scope` mapping of lists. */
function scopeOf(fields: FieldReader): ExceptionScope {
  const part = (name: (typeof SCOPE_PARTS)[number]) => [
    ...new Set([...fields.list(name), ...fields.list(`scope.${name}`)]),
  ];
  return {
    controls: part("controls"),
    checks: part("checks"),
    assets: part("assets"),
    findings: part("findings"),
  };
}

/**
 * The rules a register's approved entries must keep, checked at import so a
 * bad entry never counts: an approval that never lapses is no exception but
 * a silent policy change, and one granted by its own requester is no review.
 */
function checkApproval(fields: FieldReader, record: RiskException): void {
  if (record.status !== "approved") return;
  if (record.expires_at === null) fields.problems.push("an approved exception needs expires_at");
  if (record.approved_by === null) fields.problems.push("an approved exception needs approved_by");
  else if (record.approved_by.toLowerCase() === record.requested_by?.toLowerCase())
    fields.problems.push(`approved by its own requester (${record.approved_by})`);
}

/**
 * secmetrics' exceptions register (`exceptions-csv`, `exceptions-yaml`):
 * `id`, `type`, `status` required; `decision`, `title`, the scope, `owner`,
 * `requested_by`, `approved_by`, `approved_at`, `expires_at`,
 * `compensating_controls`, `ticket`, `snapshot_at`. Identity: `id` within
 * the feed; each import is the whole register at `snapshot_at`.
 */
const REGISTER: Table<RiskException> = {
  required: ["id", "type", "status"],
  fields: REGISTER_FIELDS,
  recognizes: (columns) => columns.includes("expires_at") || columns.includes("approved_by"),
  map(fields, ctx): RiskException {
    const approved_at = fields.timestamp("approved_at");
    const expires_at = fields.timestamp("expires_at");
    fields.order("approved_at", approved_at, "expires_at", expires_at);
    const record: RiskException = {
      kind: "exception",
      feed: "exceptions",
      external_id: fields.requiredText("id"),
      snapshot_at: snapshotTime(fields, ctx, "a register"),
      type: fields.requiredOneOf("type", EXCEPTION_TYPES) ?? "risk",
      status: fields.requiredOneOf("status", EXCEPTION_STATUSES) ?? "requested",
      decision: fields.oneOf("decision", EXCEPTION_DECISIONS),
      title: fields.text("title"),
      scope: scopeOf(fields),
      owner: fields.text("owner"),
      requested_by: fields.text("requested_by"),
      approved_by: fields.text("approved_by"),
      approved_at,
      expires_at,
      compensating_controls: fields.list("compensating_controls"),
      ticket: fields.text("ticket"),
      attributes: fields.attributes(REGISTER_FIELDS),
    };
    checkApproval(fields, record);
    return record;
  },
};
const REGISTER_FAMILY = { feed: "exceptions", kinds: ["exception"] } as const;

export const exceptionsCsv: Importer<RecordItem<RiskException>> = defineImporter({
  ...REGISTER_FAMILY,
  id: "exceptions-csv",
  title: "Exceptions register (CSV with a header row)",
  read: csvTable(REGISTER),
});
export const exceptionsYaml: Importer<RecordItem<RiskException>> = defineImporter({
  ...REGISTER_FAMILY,
  id: "exceptions-yaml",
  title: "Exceptions register (YAML with an `exceptions` list)",
  detect: (sample) => /\.ya?ml$/i.test(sample.name) && /^exceptions:\s*(#.*)?$/m.test(sample.head),
  read: yamlTable(REGISTER, "exceptions", ["snapshot_at"]),
});
