import { AUDIT_SOURCES, AUDIT_STATUSES, type AuditFinding } from "../../domains/audit-findings/records.ts";
import { SEVERITIES } from "../../model/severity.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { csvTable, type Table, yamlTable } from "../shared/readers.ts";
import { snapshotTime } from "../shared/snapshot-time.ts";

const REGISTER_FIELDS = new Set([
  "id",
  "source",
  "control",
  "title",
  "severity",
  "opened_at",
  "due_at",
  "status",
  "closed_at",
  "owner",
  "snapshot_at",
]);

/**
 * secmetrics' audit findings register (`audit-findings-csv`,
 * `audit-findings-yaml`): `id`, `source`, `severity`, `status`, `opened_at`
 * required; `control`, `title`, `due_at`, `closed_at`, `owner`,
 * `snapshot_at`. Identity: `id` within the feed; each import is the whole
 * register at `snapshot_at`. A closed finding needs its `closed_at`, or the
 * time to close could not be measured.
 */
const REGISTER: Table<AuditFinding> = {
  required: ["id", "source", "severity", "status", "opened_at"],
  fields: REGISTER_FIELDS,
  recognizes: () => true,
  map(fields, ctx): AuditFinding {
    const opened_at = fields.requiredTimestamp("opened_at");
    const closed_at = fields.timestamp("closed_at");
    fields.order("opened_at", opened_at, "closed_at", closed_at);
    const record: AuditFinding = {
      kind: "audit_finding",
      feed: "audit-findings",
      external_id: fields.requiredText("id"),
      snapshot_at: snapshotTime(fields, ctx, "a register"),
      source: fields.requiredOneOf("source", AUDIT_SOURCES) ?? "external",
      control: fields.text("control"),
      title: fields.text("title"),
      severity: fields.requiredOneOf("severity", SEVERITIES) ?? "info",
      status: fields.requiredOneOf("status", AUDIT_STATUSES) ?? "open",
      opened_at,
      due_at: fields.timestamp("due_at"),
      closed_at,
      owner: fields.text("owner"),
      attributes: fields.attributes(REGISTER_FIELDS),
    };
    if (record.status === "closed" && fields.text("closed_at") === null)
      fields.problems.push("a closed finding needs closed_at");
    return record;
  },
};
const REGISTER_FAMILY = { feed: "audit-findings", kinds: ["audit_finding"] } as const;

export const auditFindingsCsv: Importer<RecordItem<AuditFinding>> = defineImporter({
  ...REGISTER_FAMILY,
  id: "audit-findings-csv",
  title: "Audit findings register (CSV with a header row)",
  read: csvTable(REGISTER),
});
export const auditFindingsYaml: Importer<RecordItem<AuditFinding>> = defineImporter({
  ...REGISTER_FAMILY,
  id: "audit-findings-yaml",
  title: "Audit findings register (YAML with an `audit_findings` list)",
  detect: (sample) => /\.ya?ml$/i.test(sample.name) && /^audit_findings:\s*(#.*)?$/m.test(sample.head),
  read: yamlTable(REGISTER, "audit_findings", ["snapshot_at"]),
});
