import { isIP } from "node:net";
import type { ManagedAsset } from "../../domains/assets/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import type { FieldReader } from "../shared/fields.ts";
import { csvTable, jsonTable, type Table } from "../shared/readers.ts";
import { snapshotTime } from "../shared/snapshot-time.ts";

const INVENTORY_FIELDS = new Set([
  "asset_id",
  "hostname",
  "ip",
  "ips",
  "aliases",
  "type",
  "owner",
  "tier",
  "environment",
  "snapshot_at",
]);

/** `ip` and `ips`, each one address or several (a JSON list, or `;`-separated in a CSV cell). */
function addressesOf(fields: FieldReader): string[] {
  const addresses = [...new Set([...fields.list("ip"), ...fields.list("ips")])];
  for (const address of addresses)
    if (isIP(address.replace(/^\[|\]$/g, "")) === 0)
      fields.problems.push(`"${address}" is not an IP address`);
  return addresses;
}

/**
 * secmetrics' managed inventory (`assets-csv`, `assets-json`): `asset_id`
 * required; `hostname`, `ip` (one or several), `aliases` (other names it is
 * known by), `type`, `owner`, `tier`, `environment`, `snapshot_at`; any
 * other column is kept as an attribute. Identity: `asset_id` within the
 * feed; each import is the whole inventory at `snapshot_at`.
 */
const INVENTORY: Table<ManagedAsset> = {
  required: ["asset_id"],
  fields: INVENTORY_FIELDS,
  recognizes: (columns) => columns.includes("hostname") || columns.includes("ip") || columns.includes("ips"),
  map(fields, ctx): ManagedAsset {
    return {
      kind: "managed_asset",
      feed: "assets",
      external_id: fields.requiredText("asset_id"),
      snapshot_at: snapshotTime(fields, ctx, "an inventory"),
      asset_id: fields.requiredText("asset_id"),
      hostname: fields.text("hostname"),
      ips: addressesOf(fields),
      aliases: fields.list("aliases"),
      asset_type: fields.text("type"),
      owner: fields.text("owner"),
      tier: fields.text("tier"),
      environment: fields.text("environment"),
      attributes: fields.attributes(INVENTORY_FIELDS),
    };
  },
};
const INVENTORY_FAMILY = { feed: "assets", kinds: ["managed_asset"] } as const;

export const assetsCsv: Importer<RecordItem<ManagedAsset>> = defineImporter({
  ...INVENTORY_FAMILY,
  id: "assets-csv",
  title: "Managed asset inventory (CSV with a header row)",
  read: csvTable(INVENTORY),
});
export const assetsJson: Importer<RecordItem<ManagedAsset>> = defineImporter({
  ...INVENTORY_FAMILY,
  id: "assets-json",
  title: "Managed asset inventory (JSON array or NDJSON)",
  read: jsonTable(INVENTORY),
});
