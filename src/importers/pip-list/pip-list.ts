import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import {
  LISTING_FAMILY,
  type ListedPackage,
  type ListingItem,
  listingItems,
} from "../shared/dependency-listing.ts";
import { isObject, str } from "../shared/fields.ts";
import { firstJsonRecord } from "../shared/json.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { jsonDocument } from "../shared/readers.ts";

const FEED = "pip-list";
const PIP_KEYS = new Set([
  "name",
  "version",
  "latest_version",
  "latest_filetype",
  "location",
  "installer",
  "editable_project_location",
]);

/**
 * `pip list --format=json` (`pip-list`): a JSON array of `name` and
 * `version`; with `--outdated`, only the packages behind, each with
 * `latest_version` and `latest_filetype`. The first is the installed
 * listing (the denominator), the second the outdated one; an empty array
 * is an outdated listing with nothing behind (`pip list` always lists pip
 * itself). pip cannot tell a direct dependency from what they pull in:
 * `pip list --not-required` lists only the packages nothing else
 * requires, the closest to the direct ones. The project is `--target`,
 * else `pypi`.
 */
function* parsePipList(document: unknown, ctx: ImportContext, text: string): Iterable<ListingItem> {
  if (!Array.isArray(document))
    throw new InvalidInputError(ctx.file, [{ line: 1, reason: "expected a JSON array of packages" }]);
  const lines = new LineFinder(text);
  const packages: ListedPackage[] = document.map((entry, index) => {
    const line = lines.next('"name"');
    const name = isObject(entry) ? str(entry, "name") : null;
    if (!isObject(entry) || name === null)
      throw new InvalidInputError(ctx.file, [
        { line, reason: `package ${index + 1}: expected name and version` },
      ]);
    return {
      line,
      package: name,
      current: str(entry, "version"),
      wanted: null,
      latest: str(entry, "latest_version"),
      direct: null,
      dependency_type: null,
      dependent: null,
    };
  });
  const outdated = packages.length === 0 || packages.some((p) => p.latest !== null);
  yield* listingItems(FEED, "pypi", outdated ? "outdated" : "installed", null, packages, ctx);
}

/** A JSON array whose first record has pip's keys only, name and version among them. */
export function detectPipList(sample: InputSample): boolean {
  const record = firstJsonRecord(sample.head);
  if (!isObject(record)) return false;
  const keys = Object.keys(record);
  return keys.includes("name") && keys.includes("version") && keys.every((key) => PIP_KEYS.has(key));
}

export const pipListImporter = defineImporter({
  ...LISTING_FAMILY,
  id: "pip-list",
  title: "pip list --format=json, and with --outdated",
  feed: FEED,
  detect: detectPipList,
  read: jsonDocument(parsePipList),
});
