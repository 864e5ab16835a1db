import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import {
  LISTING_FAMILY,
  type ListedPackage,
  type ListingItem,
  listingItems,
} from "../shared/dependency-listing.ts";
import { isObject, type Json, str } from "../shared/fields.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { jsonDocument } from "../shared/readers.ts";
import { sampleText } from "../shared/scan-input.ts";

const FEED = "npm-outdated";

/**
 * `npm outdated --json` (`npm-outdated`): an object keyed by package name,
 * each `current` (absent when not installed), `wanted`, `latest`,
 * `dependent`, `location`, and with `--long` `type`; under workspaces a
 * package behind in several of them is an array of such objects. npm 6
 * writes the same keys without `dependent`. Only packages behind are
 * listed: the denominator comes from `npm ls --json` (`npm-ls`). The
 * project is `--target`, else the `dependent` when every entry names the
 * same one.
 */
function* parseNpmOutdated(document: unknown, ctx: ImportContext, text: string): Iterable<ListingItem> {
  if (!isObject(document))
    throw new InvalidInputError(ctx.file, [
      { line: 1, reason: "expected a JSON object keyed by package name" },
    ]);
  const lines = new LineFinder(text);
  const packages: ListedPackage[] = [];
  for (const [name, value] of Object.entries(document)) {
    const line = lines.next(`${JSON.stringify(name)}:`);
    const entries = Array.isArray(value) ? value : [value];
    for (const entry of entries) {
      if (!isObject(entry) || str(entry, "latest") === null)
        throw new InvalidInputError(ctx.file, [
          { line, reason: `${name}: expected current, wanted and latest` },
        ]);
      packages.push(listed(name, entry, line));
    }
  }
  const dependents = new Set(packages.map((p) => p.dependent));
  const named = dependents.size === 1 ? ([...dependents][0] ?? null) : null;
  yield* listingItems(FEED, "npm", "outdated", named, packages, ctx);
}

function listed(name: string, entry: Json, line: number): ListedPackage {
  return {
    line,
    package: name,
    current: str(entry, "current"),
    wanted: str(entry, "wanted"),
    latest: str(entry, "latest"),
    // Without --all npm lists the project's own dependencies only.
    direct: true,
    dependency_type: str(entry, "type"),
    dependent: str(entry, "dependent"),
  };
}

/** An object whose first entry is a package with `current` or `wanted`, and `latest` (or an array of them). */
export function detectNpmOutdated(sample: InputSample): boolean {
  const text = sampleText(sample);
  return /^\{\s*"[^"]+"\s*:\s*\[?\s*\{\s*"(?:current|wanted)"\s*:/.test(text) && /"latest"\s*:/.test(text);
}

export const npmOutdatedImporter = defineImporter({
  ...LISTING_FAMILY,
  id: "npm-outdated",
  title: "npm outdated --json (npm 6 and later, workspaces)",
  feed: FEED,
  detect: detectNpmOutdated,
  read: jsonDocument(parseNpmOutdated),
});
