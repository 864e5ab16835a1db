import { ASSET_SIGHTING, type AssetSighting } from "../../domains/assets/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { isObject, list, str } from "../shared/fields.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { jsonDocument } from "../shared/readers.ts";

const FEED = "driftctl";
/** What driftctl writes as `date` when it has none (Go's zero time). */
const ZERO_TIME = "0001-01-01T00:00:00Z";

/**
 * `driftctl scan --output json://…`: each entry of `unmanaged[]` (a cloud
 * resource no Terraform state manages) is a sighting of its `id`, its
 * `type` the asset type, at the scan's `date`, else `--scanned-at`.
 * Identity (feed, date|type|id). Managed, missing and drifted resources are
 * not sightings: Terraform knows them.
 */
export const driftctlImporter: Importer<RecordItem<AssetSighting>> = defineImporter({
  id: "driftctl",
  title: "driftctl scan JSON (driftctl scan --output json://)",
  feed: FEED,
  kinds: [ASSET_SIGHTING.kind],
  detect: (sample) =>
    /^\s*\{\s*"summary"\s*:\s*\{/.test(sample.head) && sample.head.includes('"total_unmanaged"'),
  read: jsonDocument(function* (scan, ctx, text) {
    if (!isObject(scan) || !isObject(scan.summary))
      throw new InvalidInputError(ctx.file, [{ line: 1, reason: "not a driftctl scan (no summary)" }]);
    const date = str(scan, "date");
    const stamp = date === null || date === ZERO_TIME ? undefined : parseTimestamp(date, "UTC");
    const at = stamp ?? ctx.scannedAt;
    if (at === undefined)
      throw new InvalidInputError(
        ctx.file,
        [{ line: 1, reason: "the scan has no date" }],
        "pass the time the scan ran (--scanned-at)",
      );
    const lines = new LineFinder(text);
    lines.seek('"unmanaged"');
    for (const resource of list(scan, "unmanaged")) {
      const id = str(resource, "id");
      const type = str(resource, "type");
      const line = lines.next(id === null ? '"id"' : JSON.stringify(id));
      if (id === null || type === null) {
        yield { line, problem: `an unmanaged resource without ${id === null ? "id" : "type"}` };
        continue;
      }
      yield {
        line,
        record: {
          kind: ASSET_SIGHTING.kind,
          feed: FEED,
          external_id: `${new Date(at).toISOString()}|${type}|${id}`,
          seen_at: at,
          asset: id,
          asset_type: type,
          hostnames: [],
          ips: [],
        },
      };
    }
  }),
});
