import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import {
  LISTING_FAMILY,
  type ListedPackage,
  type ListingItem,
  listingItems,
} from "../shared/dependency-listing.ts";
import { bool, isObject, type Json, obj, str } from "../shared/fields.ts";
import { readText } from "../shared/json.ts";
import { stream } from "../shared/readers.ts";
import { sampleText } from "../shared/scan-input.ts";

const FEED = "go-list-modules";

/**
 * `go list -m -u -json all` (`go-list-modules`): one JSON object per
 * module, one after the other (not an array). The `Main` module is the
 * project (its `Path`, unless `--target`); every other module is listed
 * with its `Version`, `Indirect` (true for a dependency only others
 * require) and, with `-u`, the newer `Update.Version`. A module replaced
 * by another version is judged by the replacement's version and update,
 * as Go builds with it. Without `-u` Go prints no updates and every module
 * would look current: run it with `-u`.
 */
async function* parseGoModules(
  input: AsyncIterable<Buffer | string>,
  ctx: ImportContext,
): AsyncIterable<ListingItem> {
  const text = await readText(input, ctx.file);
  let main: string | null = null;
  const packages: ListedPackage[] = [];
  for (const { line, value } of concatenatedObjects(text, ctx.file)) {
    const path = str(value, "Path");
    if (path === null) throw new InvalidInputError(ctx.file, [{ line, reason: "a module without Path" }]);
    if (bool(value, "Main") === true) {
      main ??= path;
      continue;
    }
    const replaced = obj(value, "Replace");
    const update = (replaced && obj(replaced, "Update")) ?? obj(value, "Update");
    packages.push({
      line,
      package: path,
      current: (replaced && str(replaced, "Version")) ?? str(value, "Version"),
      wanted: null,
      latest: update ? str(update, "Version") : null,
      direct: bool(value, "Indirect") !== true,
      dependency_type: null,
      dependent: null,
    });
  }
  yield* listingItems(FEED, "go", "complete", main, packages, ctx);
}

/** Each top-level JSON object of a stream of them, with the line it starts on. */
function* concatenatedObjects(text: string, file: string): Iterable<{ line: number; value: Json }> {
  let depth = 0;
  let inString = false;
  let start = -1;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") line++;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") {
      if (depth++ === 0) [start, startLine] = [i, line];
    } else if (c === "}" && --depth === 0) {
      const value = parseObject(text.slice(start, i + 1), file, startLine);
      yield { line: startLine, value };
    } else if (depth === 0 && c !== undefined && !/\s/.test(c))
      throw new InvalidInputError(file, [{ line, reason: `unexpected "${c}" between modules` }]);
  }
  if (depth !== 0)
    throw new InvalidInputError(file, [{ line: startLine, reason: "the last module is cut short" }]);
}

function parseObject(text: string, file: string, line: number): Json {
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return value;
  } catch (error) {
    throw new InvalidInputError(file, [{ line, reason: `not JSON: ${(error as Error).message}` }]);
  }
  throw new InvalidInputError(file, [{ line, reason: "expected a module object" }]);
}

/** A JSON object whose first key is Go's `Path`. */
export function detectGoModules(sample: InputSample): boolean {
  return /^\{\s*"Path"\s*:\s*"/.test(sampleText(sample));
}

export const goListModulesImporter = defineImporter({
  ...LISTING_FAMILY,
  id: "go-list-modules",
  title: "go list -m -u -json all (Go modules with their updates)",
  feed: FEED,
  detect: detectGoModules,
  read: stream(parseGoModules),
});
