import { CONTROL_RISKS, SECURITY_CONTROL, type SecurityControl } from "../../domains/appsec/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { csvTable, type Table, yamlTable } from "../shared/readers.ts";
import { snapshotTime } from "../shared/snapshot-time.ts";

const REGISTER_FIELDS = new Set(["id", "title", "risk", "owner", "tests", "snapshot_at"]);

/**
 * secmetrics' security controls register (`security-controls-csv`,
 * `security-controls-yaml`): `id` and `risk` (high, medium, low) required;
 * `title`, `owner`, `tests` (the tests that verify the control: a YAML
 * list, or `;`-separated in a CSV cell), `snapshot_at`; any other column is
 * kept as an attribute. Identity: `id` within the feed; each import is the
 * whole register at `snapshot_at`.
 */
const REGISTER: Table<SecurityControl> = {
  required: ["id", "risk"],
  fields: REGISTER_FIELDS,
  recognizes: (columns) => columns.includes("tests"),
  map(fields, ctx): SecurityControl {
    return {
      kind: SECURITY_CONTROL.kind,
      feed: "security-controls",
      external_id: fields.requiredText("id"),
      snapshot_at: snapshotTime(fields, ctx, "a controls register"),
      control_id: fields.requiredText("id"),
      title: fields.text("title"),
      risk: fields.requiredOneOf("risk", CONTROL_RISKS) ?? "low",
      owner: fields.text("owner"),
      tests: [...new Set(fields.list("tests"))],
      attributes: fields.attributes(REGISTER_FIELDS),
    };
  },
};
const REGISTER_FAMILY = { feed: "security-controls", kinds: [SECURITY_CONTROL.kind] } as const;

export const securityControlsCsv: Importer<RecordItem<SecurityControl>> = defineImporter({
  ...REGISTER_FAMILY,
  id: "security-controls-csv",
  title: "Security controls register with their tests (CSV with a header row)",
  read: csvTable(REGISTER),
});
export const securityControlsYaml: Importer<RecordItem<SecurityControl>> = defineImporter({
  ...REGISTER_FAMILY,
  id: "security-controls-yaml",
  title: "Security controls register with their tests (YAML with a `controls` list)",
  detect: (sample) => /\.ya?ml$/i.test(sample.name) && /^controls:\s*(#.*)?$/m.test(sample.head),
  read: yamlTable(REGISTER, "controls", ["snapshot_at"]),
});
