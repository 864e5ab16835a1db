import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import {
  LISTING_FAMILY,
  type ListedPackage,
  type ListingItem,
  listingItems,
} from "../shared/dependency-listing.ts";
import { bool, isObject, obj, str } from "../shared/fields.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { jsonDocument } from "../shared/readers.ts";
import { sampleText } from "../shared/scan-input.ts";

const FEED = "npm-ls";

/**
 * `npm ls --json` (`npm-ls`, best with `--depth=0`): the project's `name`
 * and its `dependencies`, each with the installed `version`. The top-level
 * dependencies are the direct ones, the denominator of patch compliance;
 * nested ones (without `--depth=0`) are left out. A dependency npm reports
 * `missing` is not installed and is listed without a version; when every
 * one is (npm ls run where `node_modules` is absent), the file is refused:
 * it says nothing of what runs. The project is `--target`, else `name`.
 */
function* parseNpmLs(document: unknown, ctx: ImportContext, text: string): Iterable<ListingItem> {
  const dependencies = isObject(document) ? obj(document, "dependencies") : undefined;
  if (!isObject(document) || ("dependencies" in document && !dependencies))
    throw new InvalidInputError(ctx.file, [
      { line: 1, reason: "expected npm ls --json output with dependencies" },
    ]);
  const lines = new LineFinder(text);
  lines.seek('"dependencies"');
  const packages: ListedPackage[] = Object.entries(dependencies ?? {}).map(([name, entry]) => ({
    line: lines.next(`${JSON.stringify(name)}:`),
    package: name,
    current: isObject(entry) && bool(entry, "missing") !== true ? str(entry, "version") : null,
    wanted: null,
    latest: null,
    direct: true,
    dependency_type: null,
    dependent: null,
  }));
  if (packages.length > 0 && packages.every((p) => p.current === null))
    throw new InvalidInputError(
      ctx.file,
      [
        {
          line: packages[0]?.line ?? 1,
          reason: `all ${packages.length} dependencies are missing: nothing is installed`,
        },
      ],
      "run npm ls after npm ci, or read the lockfile: npm ls --json --depth=0 --package-lock-only",
    );
  yield* listingItems(FEED, "npm", "installed", str(document, "name"), packages, ctx);
}

/** A top-level object whose `dependencies` hold objects (package.json's hold range strings), not a lockfile. */
export function detectNpmLs(sample: InputSample): boolean {
  const text = sampleText(sample);
  return (
    text.startsWith("{") &&
    !/"lockfileVersion"\s*:/.test(text) &&
    /"dependencies"\s*:\s*\{\s*"[^"]+"\s*:\s*\{\s*"(?:version|resolved|required|missing|overridden)"/.test(
      text,
    )
  );
}

export const npmLsImporter = defineImporter({
  ...LISTING_FAMILY,
  id: "npm-ls",
  title: "npm ls --json --depth=0 (the installed direct dependencies)",
  feed: FEED,
  detect: detectNpmLs,
  read: jsonDocument(parseNpmLs),
});
