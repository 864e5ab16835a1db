import type { Person } from "../../domains/people/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import type { FieldReader } from "../shared/fields.ts";
import { csvTable, type Table } from "../shared/readers.ts";
import { snapshotTime } from "../shared/snapshot-time.ts";

const ROSTER_FIELDS = new Set([
  "person_id",
  "email",
  "team",
  "department",
  "active",
  "security_champion",
  "in_scope",
  "snapshot_at",
]);

/**
 * `people-csv`, the people roster: `person_id`, `active` required; `email`,
 * `team`, `department`, `security_champion` (default false), `in_scope`
 * (default true), `snapshot_at`. Identity: `person_id` within the feed;
 * each import is the whole roster at `snapshot_at` (or `--scanned-at`).
 * The `security_champion` column tells it from other CSVs with a person id.
 */
const ROSTER: Table<Person> = {
  required: ["person_id", "active"],
  fields: ROSTER_FIELDS,
  recognizes: (columns) => columns.includes("security_champion") || columns.includes("in_scope"),
  map: (fields, ctx): Person => ({
    kind: "person",
    feed: "people",
    external_id: fields.requiredText("person_id"),
    snapshot_at: snapshotTime(fields, ctx, "a roster"),
    email: fields.text("email")?.toLowerCase() ?? null,
    team: fields.text("team"),
    department: fields.text("department"),
    active: requiredBoolean(fields, "active"),
    security_champion: fields.boolean("security_champion") ?? false,
    in_scope: fields.boolean("in_scope") ?? true,
  }),
};

/** A yes/no column that must be filled: a roster that does not say whether someone is active cannot be counted. */
function requiredBoolean(fields: FieldReader, name: string): boolean {
  const value = fields.boolean(name);
  if (value === null && fields.text(name) === null) fields.problems.push(`${name} is required`);
  return value ?? false;
}

export const peopleCsv: Importer<RecordItem<Person>> = defineImporter({
  id: "people-csv",
  title: "People roster (CSV with a header row)",
  feed: "people",
  kinds: ["person"],
  read: csvTable(ROSTER),
});
